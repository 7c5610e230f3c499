"""One Settings object, read from the environment (prefix ``RAPPORT_``) when asked for.

Nothing is read at import time: call :func:`load_settings` (the composition root does).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("rapport", appauthor=False))


class Settings(BaseSettings):
    """Every setting Rapport reads. Each is documented in docs/settings.md."""

    model_config = SettingsConfigDict(env_prefix="RAPPORT_", extra="ignore")

    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL. Default: SQLite file rapport.db in the data directory.",
    )
    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Where the default SQLite database and backups live.",
    )
    me: str = Field(
        default="",
        description="Your name: drafts are signed with it, transcripts name you by it "
        "(setting `name`; unset: drafts warn, transcripts say Me).",
    )
    title: str = Field(default="", description="Your job title (setting `title`).")
    company: str = Field(default="", description="Your company (setting `company`).")
    signature_en: str = Field(default="", description="Signature lines in English drafts.")
    signature_ja: str = Field(default="", description="Signature lines in Japanese drafts.")
    signature_vi: str = Field(default="", description="Signature lines in Vietnamese drafts.")
    signature_zh_hans: str = Field(default="", description="Signature lines in Chinese drafts.")
    signature_nb: str = Field(default="", description="Signature lines in Norwegian drafts.")
    working_hours: str = Field(default="09:00-17:00", description="Your working hours.")
    language: str = Field(default="en", description="Your own language (en, ja, vi, zh-Hans, nb).")
    timezone: str = Field(default="UTC", description="Your time zone (IANA name).")
    weekly_meeting_hours_cap: float = Field(
        default=15.0, description="Hours of meetings per week you are willing to hold."
    )
    concentration_threshold: float = Field(
        default=0.25, description="Warn when one client exceeds this share of revenue."
    )
    at_risk_days: int = Field(
        default=3, description="Promises and touch-points due within this many days are at risk."
    )
    # --- reminders and the daily digest (docs/integrations.md)
    digest_time: str = Field(default="07:30", description="When the daily digest is sent.")
    quiet_hours: str = Field(
        default="22:00-07:00", description="Nothing is sent or notified in these hours."
    )
    reminder_lead_hours: int = Field(
        default=24, description="Hours before a promise is due that its reminder comes."
    )
    meeting_reminder_minutes: int = Field(
        default=15, description="Minutes before a meeting that its reminder comes."
    )
    notify_digest: str = Field(default="on", description="The daily digest by e-mail (on/off).")
    notify_promises: str = Field(default="on", description="Promises: digest and reminders.")
    notify_touchpoints: str = Field(default="on", description="Touch-points in the digest.")
    notify_meetings: str = Field(default="on", description="Meetings: digest and reminders.")
    notify_trust: str = Field(default="on", description="Slipping trust in the digest.")
    notices_check_seconds: int = Field(
        default=60,
        ge=0,
        le=3600,
        description="How often `rapport serve` checks whether the digest or a reminder is "
        "due (0: never; `rapport digest send` still sends).",
    )
    facts_refresh_seconds: int = Field(
        default=60,
        ge=0,
        description="How often `rapport serve` refreshes stale per-client facts in the "
        "background (0: never; requests then compute them).",
    )
    trust_slipping_threshold: float = Field(
        default=2.0, description="Trust under this, with recent setbacks, counts as slipping."
    )
    my_email: str | None = Field(default=None, description="Your email (From of .eml drafts).")
    meeting_slack_ratio: float = Field(default=1.5, description="Slot/agenda ratio that is slack.")
    meeting_slack_min: int = Field(default=15, description="Minutes of slack worth a warning.")
    triage_round_to_min: int = Field(default=5, description="Round agenda needs up to this.")
    triage_min_saving_min: int = Field(default=15, description="Least time a change must free.")
    triage_email_max_agenda_min: int = Field(default=20, description="Agenda that fits an email.")
    triage_unproductive_business_share: float = Field(default=0.6, description="Below: idle.")
    triage_recent_meetings: int = Field(default=3, description="Meetings read for productivity.")
    boundary_recent_meetings: int = Field(default=3, description="Meetings read for chit-chat.")
    host: str = Field(default="127.0.0.1", description="Address `rapport serve` binds to.")
    port: int = Field(default=8000, description="Port `rapport serve` listens on.")
    sync_interval_minutes: int = Field(
        default=15,
        ge=0,
        le=7 * 24 * 60,
        description="How often `rapport serve` syncs the calendars (`rapport calendars "
        "add`) in the background, in minutes (0: never; `rapport sync` still does).",
    )
    booking_calendar: str | None = Field(
        default=None,
        description="The CalDAV calendar (its number in `rapport calendars list`, or its "
        "address) that bookings are written into, unless `rapport booking calendar` chose "
        "one.",
    )
    # --- accounts and access (docs/security.md) ---
    mode: Literal["single", "team"] = Field(
        default="single", description="single (one person, local) or team (accounts, roles)."
    )
    secret_key: str | None = Field(
        default=None, description="Key for token and session digests; required in team mode."
    )
    session_cookie_secure: bool | None = Field(
        default=None, description="Secure session cookie; unset: only when served over HTTPS."
    )
    session_days: int = Field(default=14, description="Days a login stays valid.")
    audit_retention_days: int = Field(
        default=730,
        ge=0,
        description="Days audit log entries are kept (0: forever); older ones are pruned "
        "on write, at most once an hour.",
    )
    login_max_failures: int = Field(default=5, description="Failed logins before a pause.")
    login_max_failures_per_address: int = Field(
        default=20, ge=1, description="Failed logins of any names from one address before a pause."
    )
    login_max_failures_per_account: int = Field(
        default=50, ge=1, description="Failed logins of one name from any addresses before a pause."
    )
    login_window_min: int = Field(default=15, description="Minutes failed logins are counted.")
    max_upload_mb: int = Field(
        default=51,
        ge=1,
        le=4096,
        description="Largest multipart upload (a file and its form) in MiB; larger: 413.",
    )
    max_body_kb: int = Field(
        default=1024,
        ge=1,
        le=1024 * 1024,
        description="Largest other request body (JSON, plain forms) in KiB; larger: 413.",
    )
    job_max_attempts: int = Field(default=3, ge=1, description="Tries per background job.")
    job_retry_seconds: int = Field(default=10, ge=0, description="Wait before a retry.")
    webhook_retry_schedule: str = Field(
        default="60,300,1800,7200,43200",
        description="Seconds to wait before each retry of a failed webhook delivery "
        "(comma list; after the last, the delivery has failed).",
    )
    webhook_timeout_s: float = Field(
        default=10, gt=0, le=120, description="Seconds a webhook's address has to answer."
    )
    job_modules: str = Field(default="", description="Modules adding job kinds (comma list).")
    transcript_max_mb: float = Field(
        default=20, gt=0, le=1024, description="Largest transcript upload, in MiB."
    )
    analysis_time_limit_s: float = Field(
        default=120, gt=0, le=86400, description="Seconds one transcript analysis may take."
    )

    @property
    def speaker_name(self) -> str:
        """How transcripts name you: your name, or "Me" while it is unset."""
        return self.me or "Me"

    def signature(self, lang: str) -> str:
        return str(getattr(self, f"signature_{lang.lower().replace('-', '_')}", ""))

    def apply_stored(self, stored: dict[str, str]) -> None:
        """Fill the fields the environment did not set from the stored settings
        (``{settings key: value}``, see rapport.domain.profile): defaults < stored < env."""
        from rapport.domain.profile import ProfileValueError, check

        for name, field_name in self.stored_fields().items():
            if field_name in self.model_fields_set:
                continue
            value = stored.get(name)
            if value is not None:
                try:  # an imported workspace may carry a value this version refuses
                    value = check(name, value)
                except ProfileValueError:
                    value = None
            default = type(self).model_fields[field_name].get_default(call_default_factory=True)
            new = default if value is None else _coerce(type(default), value)
            # object.__setattr__: a stored value must not count as set by the environment
            object.__setattr__(self, field_name, new)

    def from_environment(self, field_name: str) -> bool:
        """Whether the environment (or a command-line flag) set this field."""
        return field_name in self.model_fields_set

    @staticmethod
    def stored_fields() -> dict[str, str]:
        from rapport.domain.profile import KEYS

        return {k.name: k.field for k in KEYS.values()}

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'rapport.db'}"


def _coerce(kind: type, value: str) -> object:
    if kind is float:
        return float(value)
    if kind is int:
        return int(value)
    return value


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment; explicit overrides (e.g. CLI flags) win."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**clean)  # type: ignore[arg-type]
