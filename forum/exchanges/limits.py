"""Rate limits for writing in exchanges, keyed on the account.

Anonymous posts are limited exactly like signed ones: the key is the account, and it is
a keyed hash held only by the limiter's storage (memory or Redis), never in the
database, so it cannot tie a post to anyone.
"""

from __future__ import annotations

from flask_login import current_user

from forum.keyed import limiter_key

THREAD_LIMIT = "5 per hour;20 per day"
REPLY_LIMIT = "6 per minute;60 per hour"
FLAG_LIMIT = "20 per hour"
ENDORSE_LIMIT = "60 per hour"


def member_key() -> str:
    identity = str(current_user.id) if current_user.is_authenticated else "nobody"
    return limiter_key("member", identity)
