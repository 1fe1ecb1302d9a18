"""Rate-limit keys that never store an address or an account name in clear.

Defenders often share Tor exit addresses, so sign-in and sign-up are limited per
account name as well as per address. Both keys are keyed hashes (HMAC with the
app's secret), so the limiter's storage — memory or Redis — holds no IP address.
"""

import hashlib
import hmac

from flask import current_app, request


def _keyed_hash(kind: str, value: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
    return f"{kind}:{digest[:32]}"


def address_key() -> str:
    """Limiter key for the client's address, hashed."""
    return _keyed_hash("addr", request.remote_addr or "unknown")


def account_key() -> str:
    """Limiter key for the account name typed into a sign-in or sign-up form."""
    name = (request.form.get("username") or "").strip().casefold()
    return _keyed_hash("acct", name[:200])
