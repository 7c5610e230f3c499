"""Display names of every stable identifier a screen shows (the ``terms`` domain).

JSON output and the database keep the identifiers (``call``, ``self_orientation``,
``login-failed``); text output and web pages show these names, translated with the
``terms`` catalog (:func:`rapport.services.rendering.label`). ``ALL_VALUES`` lists every
identifier, so a test can check that none reaches a screen raw.
"""

from __future__ import annotations

from rapport.domain.agenda import ItemKind
from rapport.domain.model import (
    ClientKind,
    CommitmentSize,
    CommitmentStatus,
    InteractionKind,
    Origin,
    ProjectStatus,
    RevenueKind,
    Tier,
)
from rapport.domain.practices import Context
from rapport.domain.triage import ChangeReason, Decision, MeetingFormat, Organizer
from rapport.domain.trust import Component, Outcome
from rapport.texts import N_, ngettext

LABELS: dict[str, dict[str, str]] = {
    "decision": {
        Decision.ACCEPT: N_("Accept as asked"),
        Decision.SHORTEN: N_("Shorten the meeting"),
        Decision.CALL: N_("Hold it as a phone call"),
        Decision.EMAIL: N_("Answer by email"),
        Decision.DELEGATE: N_("Send a colleague"),
        Decision.RESCHEDULE: N_("Reschedule"),
    },
    "change_reason": {
        ChangeReason.NONE: N_("No reason given"),
        ChangeReason.OVERLOAD: N_("Overload"),
        ChangeReason.CONFLICT: N_("Schedule conflict"),
        ChangeReason.REPETITIVE: N_("Repetitive meetings"),
        ChangeReason.ILLNESS: N_("Illness"),
        ChangeReason.EMERGENCY: N_("Emergency"),
        ChangeReason.DISLIKE: N_("Dislike of meetings"),
    },
    "meeting_format": {
        MeetingFormat.IN_PERSON: N_("In-person meeting"),
        MeetingFormat.VIDEO: N_("Video call"),
        MeetingFormat.CALL: N_("Phone call"),
    },
    "organizer": {
        Organizer.CLIENT: N_("The client"),
        Organizer.ME: N_("You"),
        Organizer.COLLEAGUE: N_("A colleague"),
    },
    "agenda_item": {
        ItemKind.OPENING: N_("Opening"),
        ItemKind.BUSINESS: N_("Business"),
        ItemKind.PERSONAL: N_("Personal talk"),
        ItemKind.CLOSING: N_("Wrap-up"),
    },
    "component": {
        Component.CREDIBILITY: N_("Credibility"),
        Component.RELIABILITY: N_("Reliability"),
        Component.INTIMACY: N_("Intimacy"),
        Component.SELF_ORIENTATION: N_("Self-orientation"),
    },
    "component_short": {
        Component.CREDIBILITY: N_("Cred."),
        Component.RELIABILITY: N_("Rel."),
        Component.INTIMACY: N_("Int."),
        Component.SELF_ORIENTATION: N_("Self-or."),
    },
    "outcome": {
        Outcome.KEPT: N_("Kept on time"),
        Outcome.ANNOUNCED: N_("Client told early"),
        Outcome.LATE_NOTICE: N_("Client told late"),
        Outcome.SILENT: N_("Missed without notice"),
    },
    "practice_context": {
        Context.ANY: N_("Any meeting"),
        Context.VIRTUAL: N_("Virtual meetings"),
        Context.CRISIS: N_("In a crisis"),
        Context.TEAM: N_("With a team"),
        Context.CHATTY: N_("With a chatty client"),
    },
    "tier": {
        Tier.A: N_("Tier A"),
        Tier.B: N_("Tier B"),
        Tier.C: N_("Tier C"),
    },
    "client_kind": {
        ClientKind.ORGANISATION: N_("Organisation"),
        ClientKind.PERSON: N_("Person"),
    },
    "origin": {
        Origin.COLD: N_("Cold contact"),
        Origin.REFERRAL: N_("Referral"),
        Origin.FRIEND: N_("Friend"),
        Origin.FRIEND_OF_FRIEND: N_("Friend of a friend"),
        Origin.EXISTING_NETWORK: N_("Existing network"),
    },
    "interaction_kind": {
        InteractionKind.IN_PERSON: N_("In-person meeting"),
        InteractionKind.VIDEO: N_("Video call"),
        InteractionKind.CALL: N_("Phone call"),
        InteractionKind.EMAIL: N_("Email"),
        InteractionKind.MESSAGE: N_("Message"),
    },
    "commitment_status": {
        CommitmentStatus.OPEN: N_("Open"),
        CommitmentStatus.DONE: N_("Kept"),
        CommitmentStatus.MISSED: N_("Missed"),
        CommitmentStatus.RENEGOTIATED: N_("Renegotiated"),
    },
    "commitment_size": {
        CommitmentSize.SMALL: N_("Small"),
        CommitmentSize.LARGE: N_("Large"),
    },
    "revenue_kind": {
        RevenueKind.PROJECT: N_("Project"),
        RevenueKind.RETAINER: N_("Retainer"),
        RevenueKind.FOLLOW_ON: N_("Follow-on work"),
        RevenueKind.REFERRAL_FEE: N_("Referral fee"),
        RevenueKind.OTHER: N_("Other"),
    },
    "project_status": {
        ProjectStatus.PROPOSED: N_("Proposed"),
        ProjectStatus.ACTIVE: N_("Active"),
        ProjectStatus.DONE: N_("Finished"),
        ProjectStatus.CANCELLED: N_("Cancelled"),
    },
    "role": {
        "owner": N_("Owner"),
        "member": N_("Member"),
        "read-only": N_("Read-only"),
    },
    "audit_action": {
        "create": N_("Created"),
        "update": N_("Changed"),
        "delete": N_("Deleted"),
        "login": N_("Signed in"),
        "login-failed": N_("Failed sign-in"),
        "login-paused": N_("Sign-in paused"),
        "logout": N_("Signed out"),
        "import": N_("Import"),
        "restore": N_("Restore from backup"),
        "demo": N_("Demo data"),
    },
    "audit_entity": {
        "client": N_("Client"),
        "commitment": N_("Promise"),
        "revenue": N_("Revenue"),
        "share": N_("Sharing"),
        "ownership": N_("Ownership"),
        "user": N_("Account"),
        "token": N_("API token"),
        "login": N_("Sign-in"),
        "workspace": N_("Workspace"),
        "contact": N_("Contact"),
        "interaction": N_("Meeting or message"),
        "note": N_("Note"),
        "project": N_("Project"),
        "transcript": N_("Analysed transcript"),
        "label-correction": N_("Label correction"),
        "agenda": N_("Saved agenda"),
        "triage-decision": N_("Triage decision"),
        "boundary-reset": N_("Boundary reset"),
        "assessment": N_("Self-assessment"),
        "profile-setting": N_("Setting"),
    },
    "bool": {
        "true": N_("Yes"),
        "false": N_("No"),
    },
    "job_status": {
        "queued": N_("Queued"),
        "running": N_("Running"),
        "retrying": N_("Retrying"),
        "succeeded": N_("Done"),
        "failed": N_("Failed"),
    },
    "job_kind": {
        "import": N_("Import"),
        "analyze": N_("Transcript analysis"),
        "backup": N_("Backup"),
    },
    "account_status": {
        "active": N_("Active"),
        "disabled": N_("Switched off"),
    },
    "checklist_step": {
        "scope_written": N_("Written scope"),
        "estimate_given": N_("Estimate"),
        "agreement_signed": N_("Signed agreement"),
        "schedule_set": N_("Schedule"),
        "payment_terms_set": N_("Payment terms"),
        "signed_off": N_("Sign-off"),
    },
    "client_field": {
        "id": N_("ID"),
        "name": N_("Name"),
        "kind": N_("Kind"),
        "language": N_("Language"),
        "timezone": N_("Time zone"),
        "origin": N_("How it started"),
        "referred_by_client_id": N_("Referred by (client)"),
        "referred_by_contact_id": N_("Referred by (contact)"),
        "cadence_days": N_("Touch-point every (days)"),
        "personal_budget": N_("Personal talk budget"),
        "monthly_meeting_hours_cap": N_("Meeting hours per month, at most"),
        "tier_override": N_("Tier set by hand"),
        "notes": N_("Notes"),
        "email": N_("Email"),
        "owner_colleague": N_("Colleague in charge"),
        "created_at": N_("Added"),
    },
}
"""group -> identifier -> English display name (the msgid)."""


def key(value: object) -> str:
    """The identifier of ``value`` as the tables above spell it (enums by value, booleans
    as ``true``/``false``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(getattr(value, "value", value))


def english(group: str, value: object) -> str:
    """The English display name of ``value`` in ``group`` (the identifier itself when the
    group does not know it: free text stays as typed)."""
    return LABELS[group].get(key(value), key(value))


ALL_VALUES: frozenset[str] = frozenset(
    k
    for group, names in LABELS.items()
    if group not in ("bool", "tier", "client_field", "account_status")
    for k in names
) | frozenset({"True", "False"})
"""Every identifier some screen could show raw (tier letters and booleans' keys aside)."""


DUE_TODAY = N_("due today")
DUE_EARLIER_TODAY = N_("was due earlier today")
DUE_TOMORROW = N_("due tomorrow")
DUE_IN_DAYS = ngettext("due in {count} day", "due in {count} days", "count")
DAYS_OVERDUE = ngettext("{count} day overdue", "{count} days overdue", "count")
DAYS_AHEAD = ngettext("{count} day ahead", "{count} days ahead", "count")
"""How far away a date is, in whole calendar days (``rendering.due_phrase``)."""
