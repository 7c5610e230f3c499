"""Your profile and settings, stored in the workspace (``rapport settings``, /settings).

Everyone may read them (drafts are signed with the name); only an owner (and the local
command line) may change them. Layering: built-in defaults < stored settings < ``RAPPORT_*``
environment variables; :meth:`ProfileService.effective` says where each value comes from.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapport.config import Settings
from rapport.domain import profile
from rapport.errors import InvalidInputError
from rapport.policy.access import LOCAL, Actor
from rapport.storage.repositories import Repositories
from rapport.storage.unit_of_work import Database
from rapport.texts import N_

NAME_UNSET = N_(
    "your name is not set: drafts are signed without it "
    '(run `rapport settings set name "Your Name"`)'
)


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    value: str
    source: str
    """default, stored or environment."""
    help: str


class ProfileService:
    def __init__(self, db: Database, settings: Settings, actor: Actor = LOCAL) -> None:
        self.db = db
        self.settings = settings
        self.actor = actor

    def stored(self) -> dict[str, str]:
        with self.db.reading() as s:
            rows = Repositories(s, self.actor).profile.values()
        return {k: v for k, v in rows.items() if k in profile.KEYS}

    def refresh(self) -> Settings:
        """Apply the stored settings onto the Settings object the services read."""
        self.settings.apply_stored(self.stored())
        return self.settings

    def view(self) -> list[Setting]:
        """The settings page: owners only (and everyone in single-user mode)."""
        self.actor.check_owner()
        return self.effective()

    @staticmethod
    def check(key: str, value: str) -> tuple[str, str]:
        """``(key, value to store)``, or InvalidInputError saying what is wrong."""
        try:
            spec = profile.key(key)
            return spec.name, profile.check(spec.name, value)
        except profile.ProfileValueError as exc:
            raise InvalidInputError(exc.template, **exc.params) from None

    def set(self, key: str, value: str) -> Setting:
        self.actor.check_owner()
        name, _ = self.check(key, value)
        self.update({name: value})
        return self._setting(profile.KEYS[name], self.stored())

    def update(self, changes: dict[str, str | None]) -> None:
        """Store several settings in one transaction (None: remove the stored value); each
        value is checked first, so a bad one stores nothing."""
        self.actor.check_owner()
        clean: dict[str, str | None] = {}
        for key, value in changes.items():
            if value is None:
                clean[_spec(key).name] = None
            else:
                name, stored = self.check(key, value)
                clean[name] = stored
        with self.db.transaction() as s:
            settings = Repositories(s, self.actor).profile
            for name, value in clean.items():
                row = settings.by_key(name)
                if value is None:
                    if row is not None:
                        settings.delete(row)
                elif row is None:
                    settings.add(name, value)
                else:
                    row.value = value
        self.refresh()

    def unset(self, key: str) -> Setting:
        spec = _spec(key)
        self.update({spec.name: None})
        return self._setting(spec, self.stored())

    def effective(self) -> list[Setting]:
        """Every key with the value in force and where it comes from."""
        stored = self.stored()
        self.settings.apply_stored(stored)
        return [self._setting(spec, stored) for spec in profile.KEYS.values()]

    def _setting(self, spec: profile.Key, stored: dict[str, str]) -> Setting:
        value = getattr(self.settings, spec.field)
        if self.settings.from_environment(spec.field):
            source = "environment"
        elif spec.name in stored:
            source = "stored"
        else:
            source = "default"
        return Setting(spec.name, "" if value is None else _text(value), source, spec.help)

    def name_is_set(self) -> bool:
        return bool(self.settings.me.strip())


def _spec(key: str) -> profile.Key:
    try:
        return profile.key(key)
    except profile.ProfileValueError as exc:
        raise InvalidInputError(exc.template, **exc.params) from None


def _text(value: object) -> str:
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)
