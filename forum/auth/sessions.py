"""Signed-in sessions: loading the user, idle and absolute time-outs, signing out.

A session cookie names the account *and* its session version, so bumping the version
(password change, "log out everywhere") ends every session of that account at once.

Between the password and the two-factor code, the session holds only a *pending*
sign-in (account, session version, start time): nobody is signed in until the code is
checked, and the pending state expires after `PENDING_SECONDS`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Flask, current_app, flash, request, session
from flask_babel import gettext
from flask_login import current_user, login_user, logout_user
from sqlalchemy.orm import joinedload

from forum.extensions import db, login_manager
from forum.models import User
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


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    user_id, _, version = session_id.partition(".")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    # One query with the roles joined: this runs on every signed-in request, and the
    # roles (read by every permission check) would otherwise cost a second one.
    user = (
        db.session.scalars(
            sa.select(User).where(User.id == int(user_id)).options(joinedload(User.roles))
        )
        .unique()
        .one_or_none()
    )
    if user is None or user.session_version != int(version) or not user.is_active:
        return None
    return user


def start_session(user: User) -> None:
    """Sign in with a fresh session so nothing from before survives."""
    # Unwrap `current_user`: storing the proxy itself would make it refer to itself.
    user = getattr(user, "_get_current_object", lambda: user)()
    session.clear()
    login_user(user)
    session.permanent = True
    now = int(time.time())
    session["login_at"] = now
    session["seen_at"] = now


def end_session() -> None:
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
        flash(gettext(SIGNED_OUT_IDLE), "info")
        return
    if now - seen >= 30:  # avoid rewriting the cookie on every request
        session["seen_at"] = now


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = N_("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.localize_callback = gettext
    login_manager.session_protection = "strong"
    app.before_request(enforce_session_limits)
