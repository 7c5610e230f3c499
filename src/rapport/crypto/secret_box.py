"""Secrets Rapport must read back (a calendar's password), encrypted at rest with Fernet
(AES-128-CBC with HMAC-SHA256, from ``cryptography``).

The key comes from the server key: with ``RAPPORT_SECRET_KEY`` set (required in team
mode), it is derived from it with HKDF-SHA256, so a copy of the database alone does not
reveal the passwords. In single-user mode without a secret key, a random key is generated
once into ``<data dir>/secret-box.key`` (readable by its owner only). Changing the secret
key, or losing that file, makes the stored passwords unreadable: add the calendars again.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import TYPE_CHECKING

from rapport.errors import InvalidInputError

if TYPE_CHECKING:
    from cryptography.fernet import Fernet

    from rapport.config import Settings

KEY_FILE = "secret-box.key"
INFO = b"rapport calendar secrets v1"


def key_file(settings: Settings) -> Path:
    return Path(settings.data_dir) / KEY_FILE


def _derived(secret_key: str) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(
        secret_key.encode()
    )
    return base64.urlsafe_b64encode(raw)


def _file_key(path: Path) -> bytes:
    from cryptography.fernet import Fernet

    if path.exists():
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(key + b"\n")
    return key


def _fernet(settings: Settings) -> Fernet:
    from cryptography.fernet import Fernet

    if settings.secret_key:
        return Fernet(_derived(settings.secret_key))
    return Fernet(_file_key(key_file(settings)))


def seal(settings: Settings, secret: str) -> str:
    return _fernet(settings).encrypt(secret.encode()).decode("ascii")


def unseal(settings: Settings, sealed: str) -> str:
    from cryptography.fernet import InvalidToken

    try:
        return _fernet(settings).decrypt(sealed.encode("ascii")).decode()
    except (InvalidToken, ValueError):
        raise InvalidInputError(
            "the stored password cannot be decrypted (the secret key or "
            f"{KEY_FILE} changed): remove the calendar and add it again"
        ) from None
