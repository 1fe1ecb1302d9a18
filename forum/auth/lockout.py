"""Per-account lockout with back-off, and the "known device" cookie that gets around it.

After `LOCK_AFTER` failed sign-ins in a row, browsers this account has not signed in
from before must wait: one minute, then twice as long after each further failure, at
most `LONGEST_LOCK`. While the lock lasts, their attempts are refused without even
checking the password, so a guesser learns nothing and gets a handful of guesses an hour.

An attacker must not be able to lock the owner out by failing on purpose. So, following
OWASP's "device cookies", a browser that completed a sign-in for the account gets an
encrypted cookie naming it; that browser ignores the lock (and has its own rate-limit
budget, see `forum.auth.limits`). The owner signs in as usual from their own devices;
on a new device they wait at most `LONGEST_LOCK`. Nothing records an address.

The lock must not tell which usernames exist: a name with no account is counted and
locked the same way (`NameLockout`, a keyed hash of the name), and a locked sign-in
still verifies a password hash (the dummy one, made at start-up) before refusing, so
its answer and its time are those of any other refusal.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import sqlalchemy as sa
import sqlalchemy.dialects.postgresql
import sqlalchemy.dialects.sqlite
from cryptography.fernet import InvalidToken
from flask import Response, current_app, request
from sqlalchemy.orm.attributes import set_committed_value

from forum import crypto
from forum.auth.models import NameLockout
from forum.extensions import db
from forum.keyed import keyed_digest
from forum.models import User, utcnow

LOCK_AFTER = 5
FIRST_LOCK = timedelta(minutes=1)
LONGEST_LOCK = timedelta(minutes=15)

DEVICE_COOKIE = "forum_device"
DEVICE_LIFETIME = timedelta(days=180)
# A shared office computer may be used by a few people; remember the latest ones.
DEVICE_ACCOUNTS = 5
_DEVICE_PURPOSE = "known-device"


def lock_duration(failures: int) -> timedelta:
    """How long unknown devices wait after `failures` failures in a row."""
    if failures < LOCK_AFTER:
        return timedelta(0)
    doublings = min(failures - LOCK_AFTER, 10)
    return min(FIRST_LOCK * (2**doublings), LONGEST_LOCK)


def locked_for(user: User, now: datetime | None = None) -> timedelta | None:
    """Time left on the account's lock, or None when it is not locked."""
    now = now or utcnow()
    if user.locked_until is None or user.locked_until <= now:
        return None
    return user.locked_until - now


def record_failure(user: User) -> timedelta | None:
    """Count a failed sign-in (atomically: guesses may arrive in parallel); returns the lock."""
    failures = db.session.scalar(
        sa.update(User)
        .where(User.id == user.id)
        .values(failed_logins=User.failed_logins + 1)
        .returning(User.failed_logins)
        .execution_options(synchronize_session=False)
    )
    failures = int(failures or 0)
    set_committed_value(user, "failed_logins", failures)
    duration = lock_duration(failures)
    if duration:
        user.locked_until = utcnow() + duration
    db.session.flush()
    return duration or None


def _name_digest(username: str) -> str:
    return keyed_digest("name-lockout", username)


def _name_lockout(username: str) -> NameLockout | None:
    return db.session.get(NameLockout, _name_digest(username))


def locked_for_name(user: User | None, username: str, now: datetime | None = None):
    """Time left on the lock of an account, or of a name with no account."""
    if user is not None:
        return locked_for(user, now)
    state = _name_lockout(username)
    if state is None or state.locked_until is None:
        return None
    now = now or utcnow()
    return state.locked_until - now if state.locked_until > now else None


def record_name_failure(user: User | None, username: str) -> timedelta | None:
    """Count a failed sign-in for an account, or for a name with no account."""
    if user is not None:
        return record_failure(user)
    digest = _name_digest(username)
    now = utcnow()
    # Insert-or-increment in one statement on either engine (parallel guesses).
    insert = (
        sa.dialects.postgresql.insert
        if db.engine.dialect.name == "postgresql"
        else sa.dialects.sqlite.insert
    )
    statement = insert(NameLockout).values(name_hash=digest, failed_logins=1, updated_at=now)
    statement = statement.on_conflict_do_update(
        index_elements=[NameLockout.name_hash],
        set_={"failed_logins": NameLockout.failed_logins + 1, "updated_at": now},
    ).returning(NameLockout.failed_logins)
    failures = int(db.session.scalar(statement) or 0)
    duration = lock_duration(failures)
    if duration:
        db.session.execute(
            sa.update(NameLockout)
            .where(NameLockout.name_hash == digest)
            .values(locked_until=now + duration)
        )
    db.session.flush()
    return duration or None


def purge_name_lockouts(older_than: timedelta = timedelta(days=1)) -> int:
    """Forget failures on names with no account a day after the last one."""
    result = db.session.execute(
        sa.delete(NameLockout).where(NameLockout.updated_at < utcnow() - older_than)
    )
    return result.rowcount or 0


def clear(user: User) -> None:
    user.failed_logins = 0
    user.locked_until = None
    db.session.flush()


def known_device_ids() -> list[int]:
    """Accounts that completed a sign-in in this browser (from the encrypted cookie)."""
    token = request.cookies.get(DEVICE_COOKIE)
    if not token or len(token) > 2000:
        return []
    try:
        raw = crypto.keyring().decrypt(token.encode(), ttl=int(DEVICE_LIFETIME.total_seconds()))
        payload = json.loads(raw)
    except (InvalidToken, ValueError):
        return []
    if not isinstance(payload, dict) or payload.get("purpose") != _DEVICE_PURPOSE:
        return []
    ids = payload.get("accounts")
    if not isinstance(ids, list):
        return []
    return [i for i in ids if isinstance(i, int) and not isinstance(i, bool)]


def is_known_device(user: User) -> bool:
    return user.id in known_device_ids()


def remember_device(response: Response, user: User) -> None:
    """Mark this browser as one the account signs in from (after a complete sign-in)."""
    ids = [user.id, *(i for i in known_device_ids() if i != user.id)][:DEVICE_ACCOUNTS]
    payload = json.dumps({"purpose": _DEVICE_PURPOSE, "accounts": ids})
    response.set_cookie(
        DEVICE_COOKIE,
        crypto.keyring().encrypt(payload.encode()).decode(),
        max_age=int(DEVICE_LIFETIME.total_seconds()),
        path="/auth/",
        httponly=True,
        secure=current_app.config["FORUM_HTTPS"],
        samesite="Lax",
    )
