"""Signed-in sessions: loading the user, idle and absolute time-outs, signing out.

A session cookie names the account *and* its session version, so bumping the version
(password change, "log out everywhere") ends every session of that account at once.
"""

from __future__ import annotations

import time

from flask import Flask, current_app, flash, request, session
from flask_babel import gettext
from flask_login import current_user, login_user, logout_user

from forum.extensions import db, login_manager
from forum.models import User


def N_(message: str) -> str:  # noqa: N802 - the conventional name for a deferred message
    """Mark a message for extraction; it is translated where it is shown."""
    return message


SIGNED_OUT_IDLE = N_("You were signed out after a period of inactivity.")


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    user_id, _, version = session_id.partition(".")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
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
