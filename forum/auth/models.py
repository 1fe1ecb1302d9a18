"""Account-security records: one-time recovery codes and password-reset links.

Neither table holds a usable secret: codes and link tokens are stored only as keyed
hashes (HMAC-SHA256 with a key derived from `SECRET_KEY`, which never enters the
database), so a stolen dump can neither sign anyone in nor be guessed against offline.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models import User, utcnow

HASH_LENGTH = 64  # hex SHA-256


class RecoveryCode(db.Model):
    """One unused recovery code; a used code is deleted."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(HASH_LENGTH), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PasswordReset(db.Model):
    """A one-time link to set a new password, issued by an administrator or by email."""

    __tablename__ = "password_resets"
    __table_args__ = (sa.CheckConstraint("expires_at > created_at", name="expires_after_creation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(HASH_LENGTH), unique=True)
    # The administrator who issued it; NULL when the member asked for it by email.
    issued_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # Only an administrator's link may also turn two-factor sign-in off (a lost phone);
    # an emailed link never does, so a stolen mailbox does not get past the second factor.
    clears_two_factor: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    # One way only: the account does not list its links. The database deletes them with
    # the account (ON DELETE CASCADE, enforced on SQLite too: forum.dbschema).
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class UserSession(db.Model):
    """One signed-in browser: what lets sign-out end a session on the server.

    The cookie carries a random session id; this table holds only its keyed hash, so a
    database dump cannot be turned into a cookie. A session exists while its row does:
    signing out (here or from another device on /account/) deletes the row, and a copy
    of the cookie taken before opens nothing afterwards. The device label is coarse (a
    browser family and a system family from the User-Agent); no address is kept.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(HASH_LENGTH), unique=True)
    browser: Mapped[str] = mapped_column(sa.String(20), default="other")
    system: Mapped[str] = mapped_column(sa.String(20), default="other")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Written at most every few minutes (see forum.auth.sessions.SEEN_EVERY).
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class NameLockout(db.Model):
    """Failed sign-ins for a username that has no account, counted like an account's.

    Without it, a locked real account answers "too many attempts" while a made-up name
    never does, so the lock itself would confirm which usernames exist. The name is kept
    only as a keyed hash; rows are deleted by `flask forum purge` a day after their
    last failure.
    """

    __tablename__ = "name_lockouts"

    name_hash: Mapped[str] = mapped_column(sa.String(HASH_LENGTH), primary_key=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
