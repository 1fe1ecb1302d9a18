"""Keyed hashes (HMAC-SHA256): the one way Convene recognises a secret or an identity
without keeping it — recovery codes, reset-link tokens, rate-limit keys, the author of an
anonymous post.

The key never enters the database, so a stolen dump holds nothing that can be replayed
or guessed against offline. The values hashed are long random strings or are only kept
briefly (rate-limit counters), so a slow hash (argon2) would add cost on every check and
nothing against guessing. Each purpose gets its own key, derived from `SECRET_KEY`, so a
digest made for one purpose means nothing for another.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app


def hmac_hex(key: bytes, message: str) -> str:
    """Hex HMAC-SHA256 of `message` under `key`: the primitive every helper here uses."""
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def _purpose_key(purpose: str) -> bytes:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"convene:{purpose}".encode(), hashlib.sha256).digest()


def keyed_digest(purpose: str, value: str) -> str:
    """Hex HMAC-SHA256 of `value` under the key for `purpose`."""
    return hmac_hex(_purpose_key(purpose), value)


def anon_digest(message: str) -> str:
    """Hex HMAC-SHA256 of `message` under `FORUM_ANON_KEY`, the key kept out of the
    database *and its backups*: proofs of anonymous authorship and one-answer tokens, which
    a dump must not be able to recompute even with `SECRET_KEY`. Callers put their purpose
    in the message ("post:…", "attack:…")."""
    return hmac_hex(current_app.config["FORUM_ANON_KEY"].encode(), message)


def limiter_key(kind: str, value: str) -> str:
    """A rate-limit counter's name: the kind in clear, the value (an address, an account
    name or id, a feed token) only as a keyed hash, so the limiter's storage (memory or
    Redis) holds none of them."""
    return f"{kind}:{keyed_digest('rate-limit:' + kind, value)[:32]}"


def same_digest(expected: str, given: str) -> bool:
    """Compare two digests in constant time."""
    return hmac.compare_digest(expected, given)
