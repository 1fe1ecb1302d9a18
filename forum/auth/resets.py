"""One-time password-reset links: issued by an administrator, or emailed on request.

A link holds a 256-bit random token; the database keeps only its keyed hash. A link
works once, for `RESET_LIFETIME`; issuing a new one voids the older ones. Using it sets
the new password, signs out every session of the account and clears its lockout.
Both issuing and using are written to the audit log. Functions flush, never commit.
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

import sqlalchemy as sa

from forum.auth import lockout, services, two_factor
from forum.auth.models import PasswordReset
from forum.extensions import db
from forum.keyed import keyed_digest
from forum.models import User, utcnow
from forum.security import audit

RESET_LIFETIME = timedelta(hours=24)
# secrets.token_urlsafe(32): 43 characters of the URL-safe base64 alphabet.
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")


def _digest(token: str) -> str:
    return keyed_digest("password-reset", token)


def issue(user: User, *, issued_by: User | None, clears_two_factor: bool = False) -> str:
    """Create a link for `user`; returns the token, which is never stored."""
    db.session.execute(
        sa.delete(PasswordReset).where(
            PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None)
        )
    )
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(
        PasswordReset(
            user_id=user.id,
            token_hash=_digest(token),
            issued_by_id=issued_by.id if issued_by is not None else None,
            clears_two_factor=clears_two_factor and issued_by is not None,
            created_at=now,
            expires_at=now + RESET_LIFETIME,
        )
    )
    audit(
        issued_by,
        "password_reset.issue" if issued_by is not None else "password_reset.email",
        target_type="user",
        target_id=user.id,
        detail="with two-factor removal" if clears_two_factor and issued_by else None,
    )
    db.session.flush()
    return token


def find_usable(token: str) -> PasswordReset | None:
    """The unused, unexpired link for `token` of an active account, or None."""
    if not TOKEN_PATTERN.match(token):
        return None
    reset = db.session.scalar(
        sa.select(PasswordReset).where(PasswordReset.token_hash == _digest(token))
    )
    if reset is None or reset.used_at is not None or reset.expires_at <= utcnow():
        return None
    if not reset.user.is_active:
        return None
    return reset


def use(reset: PasswordReset, new_password: str) -> bool:
    """Set the new password if the link is still unused (claimed in one UPDATE)."""
    now = utcnow()
    claimed = db.session.execute(
        sa.update(PasswordReset)
        .where(
            PasswordReset.id == reset.id,
            PasswordReset.used_at.is_(None),
            PasswordReset.expires_at > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return False
    user = reset.user
    services.change_password(user, new_password)
    lockout.clear(user)
    if reset.clears_two_factor:
        two_factor.turn_off(user)
    audit(
        user,
        "password_reset.use",
        target_type="user",
        target_id=user.id,
        detail="two-factor removed" if reset.clears_two_factor else None,
    )
    db.session.flush()
    return True
