"""Display names of the workspace's enumerations, marked for translation.

Templates translate them where they are shown: ``{{ _(labels.origin[client.origin]) }}``.
"""

from __future__ import annotations

from rapport.domain.model import (
    ClientKind,
    CommitmentSize,
    CommitmentStatus,
    InteractionKind,
    Origin,
    ProjectStatus,
)
from rapport.texts import N_

origin = {
    Origin.COLD: N_("Cold contact"),
    Origin.REFERRAL: N_("Referral"),
    Origin.FRIEND: N_("Friend"),
    Origin.FRIEND_OF_FRIEND: N_("Friend of a friend"),
    Origin.EXISTING_NETWORK: N_("Existing network"),
}
client_kind = {
    ClientKind.ORGANISATION: N_("Organisation"),
    ClientKind.PERSON: N_("Person"),
}
interaction_kind = {
    InteractionKind.IN_PERSON: N_("In-person meeting"),
    InteractionKind.VIDEO: N_("Video call"),
    InteractionKind.CALL: N_("Phone call"),
    InteractionKind.EMAIL: N_("Email"),
    InteractionKind.MESSAGE: N_("Message"),
}
commitment_status = {
    CommitmentStatus.OPEN: N_("Open"),
    CommitmentStatus.DONE: N_("Kept"),
    CommitmentStatus.MISSED: N_("Missed"),
    CommitmentStatus.RENEGOTIATED: N_("Renegotiated"),
}
commitment_size = {
    CommitmentSize.SMALL: N_("Small"),
    CommitmentSize.LARGE: N_("Large"),
}
project_status = {
    ProjectStatus.PROPOSED: N_("Proposed"),
    ProjectStatus.ACTIVE: N_("Active"),
    ProjectStatus.DONE: N_("Finished"),
    ProjectStatus.CANCELLED: N_("Cancelled"),
}
checklist_step = {
    "scope_written": N_("Written scope"),
    "estimate_given": N_("Estimate"),
    "agreement_signed": N_("Signed agreement"),
    "schedule_set": N_("Schedule"),
    "payment_terms_set": N_("Payment terms"),
    "signed_off": N_("Sign-off"),
}

trust_component = {
    "credibility": N_("Credibility"),
    "reliability": N_("Reliability"),
    "intimacy": N_("Intimacy"),
    "self_orientation": N_("Self-orientation"),
}
TRUST_ORDER = ("credibility", "reliability", "intimacy", "self_orientation")

imported = {
    "client": N_("Clients"),
    "contact": N_("Contacts"),
    "interaction": N_("Interactions"),
    "commitment": N_("Promises"),
    "revenue": N_("Revenue entries"),
    "project": N_("Projects"),
    "note": N_("Notes"),
}
