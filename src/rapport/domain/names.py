"""Names: when two ways of writing a name mean the same client or person.

:func:`name_key` is how client names are compared everywhere (unique regardless of case and
Unicode form, looked up the same way). For people's names as transcripts write them
(titles, "LAST, First", name particles), a speaker is kept as the transcript names them
("Dr. Jane Smith", "SMITH, Jane"); :func:`name_words` only decides when two ways of writing
a name mean the same person.
"""

from __future__ import annotations

import re
import unicodedata


def name_key(name: str) -> str:
    """The form two client names are compared in: Unicode NFKC, case folded, spaces
    collapsed. ``"ACME  AS"``, ``"acme as"`` and ``"ＡＣＭＥ AS"`` (full-width) share one key;
    so do ``"Straße"`` and ``"STRASSE"``. The database keeps it in ``clients.name_key`` with
    a unique index, so two clients can never share a key."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return " ".join(folded.split())


TITLES = frozenset(
    {
        "mr", "mrs", "ms", "mx", "miss", "dr", "prof", "sir", "dame", "rev", "fr", "hr",
        "fru", "frk", "herr", "st", "capt", "col", "gen", "lt", "sgt", "hon", "atty", "mag",
        "ing", "dipl", "mme", "mlle", "sra", "srta", "dra", "jr", "sr", "ts", "ths", "pgs",
    }
)  # fmt: skip
"""Titles and honorifics written before (or, for Jr./Sr., after) a name, lower case,
without the dot: English, Norwegian (hr., fru, frk.), a few European ones, and
Vietnamese academic titles (TS., ThS., PGS.)."""

PARTICLES = frozenset(
    {
        "van", "von", "der", "den", "de", "da", "di", "du", "del", "della", "la", "le",
        "bin", "binti", "al", "el", "y", "dos", "das", "ten", "ter", "af", "zu", "och",
    }
)  # fmt: skip
"""Lower-case name particles ("Jan van der Berg", "Ana de la Cruz")."""

_ASIDE = re.compile(r"\s*\([^()]*\)\s*$")


def name_words(name: str) -> list[str]:
    """The words that identify a person, in "First Last" order and lower case, without
    titles or a trailing aside: ``"Dr. Jane Smith"``, ``"SMITH, Jane"`` and
    ``"Jane Smith (she/her)"`` all give ``["jane", "smith"]``."""
    plain = _ASIDE.sub("", name).strip()
    if plain.count(",") == 1:
        last, first = (part.strip() for part in plain.split(","))
        if last and first:
            plain = f"{first} {last}"
    words = [w.strip(".,").casefold() for w in plain.split()]
    kept = [w for w in words if w and w not in TITLES]
    return kept or [w for w in words if w]
