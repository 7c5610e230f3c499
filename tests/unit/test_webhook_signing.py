"""Signing outgoing webhooks (rapport.crypto.webhook_signing) and the retry schedule:
any body and secret verify; any change to the body, the secret, the time or the signature
fails."""

from __future__ import annotations

import hashlib
import hmac

from hypothesis import given
from hypothesis import strategies as st

from rapport.crypto.webhook_signing import header, signature, verify
from rapport.services.webhooks import next_wait, parse_schedule

T = 1_796_400_000
secrets_ = st.text(min_size=1, max_size=80)
bodies = st.binary(max_size=2000)


def test_the_signature_is_hmac_sha256_of_time_dot_body() -> None:
    body = b'{"id":"evt_1","type":"ping"}'
    expected = hmac.new(b"whsec_x", b"1796400000." + body, hashlib.sha256).hexdigest()
    assert signature("whsec_x", body, T) == expected
    assert header("whsec_x", body, T) == f"t={T},v1={expected}"


@given(secret=secrets_, body=bodies)
def test_any_body_and_secret_verify(secret: str, body: bytes) -> None:
    assert verify(secret, body, header(secret, body, T), now=T + 10)


@given(secret=secrets_, body=bodies, extra=st.binary(min_size=1, max_size=20))
def test_a_changed_body_fails(secret: str, body: bytes, extra: bytes) -> None:
    signed = header(secret, body, T)
    assert not verify(secret, body + extra, signed, now=T)
    if body:
        flipped = bytes([body[0] ^ 1]) + body[1:]
        assert not verify(secret, flipped, signed, now=T)


@given(secret=secrets_, other=secrets_, body=bodies)
def test_another_secret_fails(secret: str, other: str, body: bytes) -> None:
    if other != secret:
        assert not verify(other, body, header(secret, body, T), now=T)


@given(secret=secrets_, body=bodies, shift=st.integers(min_value=1, max_value=10**6))
def test_a_changed_time_or_signature_fails(secret: str, body: bytes, shift: int) -> None:
    sig = signature(secret, body, T)
    assert not verify(secret, body, f"t={T + shift},v1={sig}", now=T + shift)
    tampered = sig[:-1] + ("0" if sig[-1] != "0" else "1")
    assert not verify(secret, body, f"t={T},v1={tampered}", now=T)


def test_old_signatures_and_broken_headers_are_refused() -> None:
    body = b"{}"
    signed = header("s", body, T)
    assert verify("s", body, signed, now=T + 300)
    assert not verify("s", body, signed, now=T + 301)
    assert verify("s", body, signed, now=T + 10**6, tolerance_s=None)
    for broken in ("", "v1=abc", f"t={T}", "t=x,v1=00", f"t={T},t={T},v1=00"):
        assert not verify("s", body, broken, now=T)
    # a second v1 (a secret being changed) may be the one that matches
    assert verify("s", body, f"t={T},v1={'0' * 64},v1={signature('s', body, T)}", now=T)


def test_the_back_off_schedule() -> None:
    schedule = parse_schedule("60,300,1800,7200,43200")
    assert [next_wait(schedule, n) for n in range(1, 7)] == [60, 300, 1800, 7200, 43200, None]
    assert next_wait(parse_schedule(""), 1) is None
    assert parse_schedule(" 1, 2 ,") == (1, 2)
