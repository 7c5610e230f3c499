"""Account roles: a light module, so the command line can name them without loading the
database layer."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    OWNER = "owner"
    MEMBER = "member"
    READ_ONLY = "read-only"
