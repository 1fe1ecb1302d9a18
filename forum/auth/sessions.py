"""Signed-in sessions: loading the user, idle and absolute time-outs, signing out.

A session cookie names the account, its session version and a random session id. The
session lives on the server too (`UserSession`, keyed by a hash of the id): signing out
deletes that row, so a copy of the cookie taken before (a seized laptop, a synced browser
profile) opens nothing afterwards. Bumping the version or deleting every row (password
change, "log out everywhere") ends every session of the account at once.

Between the password and the two-factor code, the session holds only a *pending*
sign-in (account, session version, start time): nobody is signed in until the code is
checked, and the pending state expires after `PENDING_SECONDS`.
"""

from __future__ import annotations

import functools
import secrets
import time
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import Flask, current_app, flash, g, request, session
from flask_babel import gettext
from flask_login import current_user, login_user, logout_user
from sqlalchemy.orm import joinedload

from forum.auth import devices
from forum.auth.models import UserSession
from forum.auth.services import SEEN_GRACE
from forum.extensions import db, login_manager
from forum.keyed import keyed_digest
from forum.models import User, utcnow
from forum.urls import safe_next_url


def N_(message: str) -> str:  # noqa: N802 - the conventional name for a deferred message
    """Mark a message for extraction; it is translated where it is shown."""
    return message


SIGNED_OUT_IDLE = N_("You were signed out after a period of inactivity.")
PENDING_KEY = "pending_sign_in"
PENDING_SECONDS = 300
# Wrong codes before the password must be typed again (the rate limit, kept outside
# the cookie, is what stops a guesser who replays an old cookie).
PENDING_MAX_FAILURES = 3
SESSION_ID_KEY = "sid"
# How often a session's "last seen" time is written: often enough to list sessions
# usefully and to end idle ones on the server, rarely enough not to write on every page.
SEEN_EVERY = SEEN_GRACE


def session_digest(session_id: str) -> str:
    """The keyed hash the server keeps of a session id (the id itself is only in the cookie)."""
    return keyed_digest("user-session", session_id)


@dataclass(frozen=True)
class CurrentSession:
    id: int
    last_seen_at: datetime


@functools.cache
def _session_user_statement() -> sa.Select:
    """One query for the account, its roles (read by every permission check) and its live
    server-side session. It runs on every signed-in request, so it is built once: the
    account, the session's hash and the time limits are parameters."""
    return (
        sa.select(User, UserSession.id, UserSession.last_seen_at)
        .join(UserSession, UserSession.user_id == User.id)
        .where(
            User.id == sa.bindparam("user_id"),
            UserSession.token_hash == sa.bindparam("token_hash"),
            UserSession.created_at > sa.bindparam("created_after"),
            UserSession.last_seen_at > sa.bindparam("seen_after"),
        )
        .options(joinedload(User.roles))
    )


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    user_id, _, version = session_id.partition(".")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    session_id = session.get(SESSION_ID_KEY)
    if not isinstance(session_id, str) or not session_id:
        return None
    config = current_app.config
    now = utcnow()
    row = (
        db.session.execute(
            _session_user_statement(),
            {
                "user_id": int(user_id),
                "token_hash": session_digest(session_id),
                "created_after": now - config["FORUM_SESSION_MAX_AGE"],
                "seen_after": now - config["FORUM_SESSION_IDLE"] - SEEN_EVERY,
            },
        )
        .unique()
        .first()
    )
    if row is None:
        return None
    user, row_id, last_seen_at = row
    if user.session_version != int(version) or not user.is_active:
        return None
    g.forum_session = CurrentSession(row_id, last_seen_at)
    return user


def current_session_id() -> int | None:
    """The id of the signed-in browser's server-side session (to mark it on the list)."""
    current = g.get("forum_session")
    return current.id if current is not None else None


def start_session(user: User) -> None:
    """Sign in with a fresh session so nothing from before survives.

    Adds the server-side session (flushed); the calling view commits.
    """
    # Unwrap `current_user`: storing the proxy itself would make it refer to itself.
    user = getattr(user, "_get_current_object", lambda: user)()
    _delete_this_session()
    session.clear()
    session_id = secrets.token_urlsafe(32)
    browser, system = devices.describe(request.headers.get("User-Agent"))
    db.session.add(
        UserSession(
            user_id=user.id,
            token_hash=session_digest(session_id),
            browser=browser,
            system=system,
        )
    )
    db.session.flush()
    login_user(user)
    session.permanent = True
    session[SESSION_ID_KEY] = session_id
    now = int(time.time())
    session["login_at"] = now
    session["seen_at"] = now


def _delete_this_session() -> None:
    session_id = session.get(SESSION_ID_KEY)
    if isinstance(session_id, str) and session_id:
        db.session.execute(
            sa.delete(UserSession).where(UserSession.token_hash == session_digest(session_id))
        )


def end_session() -> None:
    """Sign out: the server forgets the session (the view commits); the cookie is emptied."""
    _delete_this_session()
    logout_user()
    session.clear()


@dataclass(frozen=True)
class PendingSignIn:
    user: User
    next_url: str
    failures: int


def begin_pending_sign_in(user: User, next_url: str) -> None:
    """Remember that the password was right; the code step must follow."""
    session.clear()
    session[PENDING_KEY] = {
        "user": user.id,
        "version": user.session_version,
        "at": int(time.time()),
        "next": next_url,
        "failures": 0,
    }


def has_pending_sign_in() -> bool:
    """Whether the session holds a pending sign-in, valid or not (to word the message)."""
    return PENDING_KEY in session


def pending_sign_in() -> PendingSignIn | None:
    """The pending sign-in, or None when there is none or it expired or became void."""
    state = session.get(PENDING_KEY)
    if not isinstance(state, dict):
        return None
    started = state.get("at")
    user_id = state.get("user")
    if not isinstance(started, int) or not isinstance(user_id, int):
        return None
    if not 0 <= time.time() - started <= PENDING_SECONDS:
        return None
    user = db.session.get(User, user_id)
    if (
        user is None
        or not user.is_active
        or not user.two_factor_enabled
        or user.session_version != state.get("version")
    ):
        return None
    failures = state.get("failures")
    return PendingSignIn(
        user=user,
        next_url=safe_next_url(str(state.get("next") or ""), "/"),
        failures=failures if isinstance(failures, int) else PENDING_MAX_FAILURES,
    )


def count_pending_failure() -> int:
    state = dict(session.get(PENDING_KEY) or {})
    state["failures"] = int(state.get("failures") or 0) + 1
    session[PENDING_KEY] = state
    return state["failures"]


def drop_pending_sign_in() -> None:
    session.pop(PENDING_KEY, None)


def enforce_session_limits() -> None:
    """End sessions idle too long or older than the absolute lifetime."""
    if request.endpoint == "static" or not current_user.is_authenticated:
        return
    now = int(time.time())
    idle = current_app.config["FORUM_SESSION_IDLE"].total_seconds()
    max_age = current_app.config["FORUM_SESSION_MAX_AGE"].total_seconds()
    seen = session.get("seen_at")
    started = session.get("login_at")
    if not isinstance(seen, int) or not isinstance(started, int):
        end_session()
        return
    if now - seen > idle or now - started > max_age:
        end_session()
        db.session.commit()
        flash(gettext(SIGNED_OUT_IDLE), "info")
        return
    if now - seen >= 30:  # avoid rewriting the cookie on every request
        session["seen_at"] = now
    current = g.get("forum_session")
    if current is not None and utcnow() - current.last_seen_at >= SEEN_EVERY:
        db.session.execute(
            sa.update(UserSession).where(UserSession.id == current.id).values(last_seen_at=utcnow())
        )
        db.session.commit()


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = N_("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.localize_callback = gettext
    login_manager.session_protection = "strong"
    app.before_request(enforce_session_limits)
