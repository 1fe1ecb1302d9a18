"""Account rules: creating users, checking passwords, changing settings and roles.

Functions here flush but never commit; the calling view or command commits once.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Flask, current_app
from flask_babel import gettext

from forum.auth.models import UserSession
from forum.auth.passwords import hash_password, needs_rehash, verify_password
from forum.extensions import db
from forum.models import Role, User, UserRole, utcnow
from forum.names import name_key, normalise
from forum.security import audit

# Verifying against this when the account does not exist (or is locked) keeps the
# response time the same, so timing does not reveal which usernames are registered. It
# is made at start-up (`make_dummy_hash`), so the first unknown name is not slower.
DUMMY_HASH_KEY = "forum_dummy_password_hash"


# A session's "last seen" is written only every few minutes (forum.auth.sessions).
SEEN_GRACE = timedelta(minutes=5)


class AccountError(ValueError):
    """A rule about accounts was broken; the message is shown to the person."""


def normalise_username(username: str) -> str:
    return username.strip().casefold()


def find_user(username: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.username == normalise_username(username)))


def username_taken(username: str) -> bool:
    return find_user(username) is not None


def display_name_taken(display_name: str, *, except_user_id: int | None = None) -> bool:
    """True when another account's name looks the same (one skeleton, forum.names):
    nobody can pass for another member, or for a moderator or an organizer."""
    stmt = sa.select(User.id).where(User.display_name_key == name_key(display_name))
    if except_user_id is not None:
        stmt = stmt.where(User.id != except_user_id)
    return db.session.scalar(stmt.limit(1)) is not None


def create_user(
    username: str,
    display_name: str,
    password: str,
    *,
    email: str | None = None,
    locale: str | None = None,
    timezone: str = "UTC",
    roles: tuple[Role, ...] = (),
) -> User:
    user = User(
        username=normalise_username(username),
        display_name=normalise(display_name),
        password_hash=hash_password(password),
        email=email or None,
        locale=locale,
        timezone=timezone,
    )
    user.roles = [UserRole(role=role.value) for role in roles]
    db.session.add(user)
    db.session.flush()
    return user


def make_dummy_hash(app: Flask) -> None:
    """Hash a throwaway password with the app's settings, once, at start-up."""
    with app.app_context():
        app.extensions[DUMMY_HASH_KEY] = hash_password(secrets.token_hex(16))


def check_password(user: User | None, password: str) -> User | None:
    """`user` if it is active and `password` is right; as slow when there is no user
    (or the caller passes None because the account is locked)."""
    if user is None:
        verify_password(current_app.extensions[DUMMY_HASH_KEY], password)
        return None
    if not verify_password(user.password_hash, password) or not user.is_active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def change_password(user: User, new_password: str) -> None:
    """Set a new password and sign out every other session of the account."""
    user.password_hash = hash_password(new_password)
    end_all_sessions(user)


def end_all_sessions(user: User) -> None:
    """ "Log out everywhere": every session of the account ends, on the server too."""
    user.session_version += 1
    db.session.execute(sa.delete(UserSession).where(UserSession.user_id == user.id))
    db.session.flush()


def active_sessions(user: User) -> list[UserSession]:
    """The account's signed-in browsers, the most recently seen first."""
    config = current_app.config
    now = utcnow()
    return list(
        db.session.scalars(
            sa.select(UserSession)
            .where(
                UserSession.user_id == user.id,
                UserSession.created_at > now - config["FORUM_SESSION_MAX_AGE"],
                UserSession.last_seen_at > now - config["FORUM_SESSION_IDLE"] - SEEN_GRACE,
            )
            .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
        )
    )


def purge_ended_sessions(now: datetime) -> int:
    """Delete sessions past their absolute lifetime or idle time (the daily purge)."""
    config = current_app.config
    result = db.session.execute(
        sa.delete(UserSession).where(
            sa.or_(
                UserSession.created_at <= now - config["FORUM_SESSION_MAX_AGE"],
                UserSession.last_seen_at <= now - config["FORUM_SESSION_IDLE"] - SEEN_GRACE,
            )
        )
    )
    return result.rowcount or 0


def end_one_session(user: User, session_id: int) -> bool:
    """Sign out one of the account's sessions; False when it is not one of theirs."""
    result = db.session.execute(
        sa.delete(UserSession).where(UserSession.id == session_id, UserSession.user_id == user.id)
    )
    db.session.flush()
    return bool(result.rowcount)


def update_settings(
    user: User,
    *,
    display_name: str,
    locale: str,
    timezone: str,
    email: str | None,
    notice_emails: bool = False,
    digest: str | None = None,
    digest_emails: bool = False,
) -> None:
    user.display_name = normalise(display_name)
    user.locale = locale
    user.timezone = timezone
    user.email = email or None
    user.notice_emails = bool(notice_emails and user.email)
    if digest is not None:
        user.digest = digest
    user.digest_emails = bool(digest_emails and user.email and user.digest != "off")
    db.session.flush()


def grant_role(actor: User, user: User, role: Role) -> bool:
    """Give `user` a role; returns False when they already had it."""
    if role.value in user.role_names:
        return False
    user.roles.append(UserRole(role=role.value))
    audit(actor, "role.grant", target_type="user", target_id=user.id, detail=role.value)
    db.session.flush()
    return True


def revoke_role(actor: User, user: User, role: Role) -> bool:
    """Take a role away; refuses to remove the last administrator."""
    if role.value not in user.role_names:
        return False
    if role is Role.ADMIN and count_admins() <= 1:
        raise AccountError(gettext("The last administrator cannot lose the role."))
    user.roles = [grant for grant in user.roles if grant.role != role.value]
    audit(actor, "role.revoke", target_type="user", target_id=user.id, detail=role.value)
    db.session.flush()
    return True


def count_admins() -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(UserRole)
            .where(UserRole.role == Role.ADMIN.value)
        )
        or 0
    )
