"""Secrets: the instance secret key, candidate PINs, session tokens."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import os
import secrets
import tempfile

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app

TOKEN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
SECRET_FILE = "secret_key"


def load_or_create_secret(instance_path: str) -> str:
    """Return the instance's secret key, generating it once.

    The file is created exclusively (written aside, then hard-linked into place), so workers
    that race at first start all end up with the same key.
    """
    os.makedirs(instance_path, exist_ok=True)
    path = os.path.join(instance_path, SECRET_FILE)
    if not os.path.exists(path):
        fd, tmp = tempfile.mkstemp(dir=instance_path, prefix=".secret-")
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
            os.chmod(tmp, 0o600)
            with contextlib.suppress(FileExistsError):  # another worker won: use its key
                os.link(tmp, path)
        finally:
            os.unlink(tmp)
    with open(path) as handle:
        return handle.read().strip()


def derive_key(secret: str, purpose: bytes) -> bytes:
    """Return a key for one purpose only, derived from the instance secret (HMAC-SHA256)."""
    return hmac.new(secret.encode(), purpose, hashlib.sha256).digest()


_derive = derive_key


class PinVault:
    """Check PINs cheaply (keyed HMAC) and keep them recoverable for reprinting cards."""

    def __init__(self, secret: str):
        self._mac_key = _derive(secret, b"candidate-pin-mac")
        self._fernet = Fernet(base64.urlsafe_b64encode(_derive(secret, b"candidate-pin-seal")))

    def mac(self, nip: str, pin: str) -> str:
        """Return the HMAC that identifies this NIP's PIN."""
        message = f"{nip}:{pin}".encode()
        return hmac.new(self._mac_key, message, hashlib.sha256).hexdigest()

    def verify(self, nip: str, pin: str, stored_mac: str) -> bool:
        """Return True when the PIN matches, comparing in constant time."""
        return hmac.compare_digest(self.mac(nip, pin), stored_mac)

    def seal(self, pin: str) -> str:
        """Encrypt a PIN so that the server can print it again."""
        return self._fernet.encrypt(pin.encode()).decode()

    def unseal(self, sealed: str) -> str:
        """Decrypt a sealed PIN; raise ValueError if the secret key changed."""
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken as exc:
            raise ValueError("PIN tidak dapat dibuka: SECRET_KEY berubah sejak impor") from exc


def pin_vault() -> PinVault:
    """Return the PIN vault keyed by the app's secret."""
    return PinVault(current_app.config["SECRET_KEY"])


def generate_pin(length: int = 6) -> str:
    """Return a random numeric PIN (leading zeros allowed)."""
    return "".join(secrets.choice("0123456789") for _ in range(length))


def generate_token(length: int = 6) -> str:
    """Return a session token from an alphabet without look-alike characters."""
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(length))


def tokens_equal(given: str, expected: str) -> bool:
    """Compare a typed token with the real one, case-insensitively, in constant time."""
    return hmac.compare_digest(given.strip().upper().encode(), expected.upper().encode())
