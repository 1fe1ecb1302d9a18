"""Rate-limit keys for account pages. Like `forum.ratelimit`, they hold no address and no
account name in clear: each is a keyed hash, so Redis (or memory) stores nothing personal.
"""

from __future__ import annotations

from flask import request, session
from flask_login import current_user

from forum.auth import services
from forum.auth.lockout import known_device_ids
from forum.auth.sessions import PENDING_KEY
from forum.keyed import limiter_key
from forum.ratelimit import account_key

# The second step of sign-in: six digits give a million codes, three of them valid at a
# time; 20 tries an hour give a guesser about one chance in 17,000 a day.
CODE_LIMIT = "5 per minute;20 per hour"
# Forms that ask for the password or a code again while signed in (a stolen session
# must not become a way to guess the password).
CONFIRM_LIMIT = "10 per minute;30 per hour"


def login_account_key() -> str:
    """The account named in the sign-in form — or, from a device that account signed in
    from before, a budget of its own that a guesser elsewhere cannot use up."""
    known = known_device_ids()
    if known:
        user = services.find_user(request.form.get("username") or "")
        if user is not None and user.id in known:
            return limiter_key("acct-device", str(user.id))
    return account_key()


def pending_account_key() -> str:
    """The account waiting at the code step of sign-in."""
    pending = session.get(PENDING_KEY)
    user_id = pending.get("user") if isinstance(pending, dict) else None
    return limiter_key("acct-code", str(user_id))


def user_key() -> str:
    """The signed-in account."""
    user_id = current_user.id if current_user.is_authenticated else None
    return limiter_key("acct-user", str(user_id))
