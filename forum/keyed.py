"""Keyed hashes for the secrets we must recognise but never keep: recovery codes,
reset-link tokens and rate-limit keys.

HMAC-SHA256 with a key derived from `SECRET_KEY` (one derived key per purpose). The key
never enters the database, so a stolen dump holds nothing that can be replayed or
guessed against offline; the values hashed are long random strings, so a slow hash
(argon2) would add cost on every check and nothing against guessing.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app


def _purpose_key(purpose: str) -> bytes:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"convene:{purpose}".encode(), hashlib.sha256).digest()


def keyed_digest(purpose: str, value: str) -> str:
    """Hex HMAC-SHA256 of `value` under the key for `purpose`."""
    return hmac.new(_purpose_key(purpose), value.encode(), hashlib.sha256).hexdigest()
