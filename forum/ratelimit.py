"""Rate-limit keys that never store an address or an account name in clear.

Defenders often share Tor exit addresses, so sign-in and sign-up are limited per
account name as well as per address. Both keys are keyed hashes
(`forum.keyed.limiter_key`), so the limiter's storage — memory or Redis — holds no IP
address.
"""

from flask import request

from forum.keyed import limiter_key


def address_key() -> str:
    """Limiter key for the client's address, hashed."""
    return limiter_key("addr", request.remote_addr or "unknown")


def account_key() -> str:
    """Limiter key for the account name typed into a sign-in or sign-up form."""
    name = (request.form.get("username") or "").strip().casefold()
    return limiter_key("acct", name[:200])
