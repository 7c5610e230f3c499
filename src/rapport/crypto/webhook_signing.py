"""Signing outgoing webhooks: ``Rapport-Signature: t=<unix time>,v1=<hex HMAC-SHA256>``.

The HMAC's key is the webhook's secret and its message is the timestamp, a full stop and
the request body exactly as sent (``f"{t}.{body}"``), as Stripe and others do: the
timestamp is signed too, so a receiver can refuse old (replayed) requests. Pure functions,
no framework: docs/webhooks.md shows the same check in a few lines for receivers.
"""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_HEADER = "Rapport-Signature"
TOLERANCE_S = 300
"""How old a signature :func:`verify` accepts by default (five minutes)."""


def signature(secret: str, body: bytes, timestamp: int) -> str:
    """The hex HMAC-SHA256 of ``"<timestamp>.<body>"`` keyed with ``secret``."""
    message = str(timestamp).encode("ascii") + b"." + body
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def header(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The ``Rapport-Signature`` header's value for ``body`` sent now (or at ``timestamp``)."""
    t = int(time.time()) if timestamp is None else timestamp
    return f"t={t},v1={signature(secret, body, t)}"


def verify(
    secret: str,
    body: bytes,
    value: str,
    *,
    tolerance_s: int | None = TOLERANCE_S,
    now: float | None = None,
) -> bool:
    """Whether ``value`` (a ``Rapport-Signature`` header) signs ``body`` with ``secret``, made
    no more than ``tolerance_s`` seconds from ``now`` (None: any age). Any ``v1`` in the
    header may match (a receiver may see several during a change of secret)."""
    parts: dict[str, list[str]] = {}
    for item in value.split(","):
        key, sep, val = item.strip().partition("=")
        if sep:
            parts.setdefault(key, []).append(val)
    stamps = parts.get("t", [])
    if len(stamps) != 1 or not stamps[0].isdigit():
        return False
    t = int(stamps[0])
    if tolerance_s is not None:
        current = time.time() if now is None else now
        if abs(current - t) > tolerance_s:
            return False
    expected = signature(secret, body, t)
    return any(hmac.compare_digest(expected, v) for v in parts.get("v1", []))
