"""iCalendar downloads (`/events/<slug>/….ics`), the personal feed (`/calendar/<token>.ics`)
and the account page's buttons that create, replace or turn off the feed address."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.events.calendar import services
from forum.events.calendar.forms import FeedIssueForm, FeedOffForm
from forum.events.calendar.services import CalendarFile
from forum.events.loader import load_event
from forum.extensions import db, limiter
from forum.keyed import limiter_key
from forum.security import require

bp = Blueprint("calendar", __name__)

# Calendar apps poll every 15 minutes to a few hours, from several devices; guessing a
# 256-bit token is hopeless anyway, so the limits only stop a runaway client or a flood.
FEED_ADDRESS_LIMIT = "120 per minute"
PER_FEED_LIMIT = "60 per hour"


def _token_key() -> str:
    """Limiter key for one feed address: a keyed hash, so the limiter never stores it."""
    return limiter_key("feed", (request.view_args or {}).get("token", ""))


def _send(calendar: CalendarFile, *, disposition: str = "attachment") -> Response:
    response = Response(calendar.body, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{calendar.filename}"'
    # A copy with a confidential venue, or a personal feed, must stay with its reader:
    # no shared cache (nor our own page cache) may hand it to someone else.
    response.headers["Cache-Control"] = "private, no-store" if calendar.private else "no-cache"
    response.vary.add("Cookie")
    return response


@bp.get("/events/<slug>/agenda.ics")
def agenda(slug: str) -> Response:
    event = load_event(slug)
    locale = services.chosen_locale(request.args.get("lang"))
    return _send(services.agenda_calendar(event, current_user, locale))


@bp.get("/events/<slug>/sessions/<int:session_id>.ics")
def session(slug: str, session_id: int) -> Response:
    event = load_event(slug)
    locale = services.chosen_locale(request.args.get("lang"))
    calendar = services.session_calendar(event, session_id, current_user, locale)
    if calendar is None:
        abort(404)
    return _send(calendar)


@bp.get("/events/<slug>/event.ics")
def event(slug: str) -> Response:
    found = load_event(slug)
    locale = services.chosen_locale(request.args.get("lang"))
    return _send(services.event_calendar(found, current_user, locale))


@bp.get("/calendar/<token>.ics")
@limiter.limit(FEED_ADDRESS_LIMIT)
@limiter.limit(PER_FEED_LIMIT, key_func=_token_key)
def feed(token: str) -> Response:
    """No sign-in: the token is the key. Unknown, revoked and malformed tokens all get
    the same plain 404, so an answer tells a guesser nothing."""
    owner = services.feed_owner(token)
    if owner is None:
        abort(404)
    locale = services.chosen_locale(request.args.get("lang"), owner.locale)
    return _send(services.personal_calendar(owner, locale), disposition="inline")


@bp.post("/account/calendar-feed")
def issue_feed() -> Response:
    require("account.manage")
    if not FeedIssueForm(prefix="feed").validate_on_submit():
        abort(400)
    replaced = services.feed_of(current_user) is not None
    services.issue_feed(current_user)
    db.session.commit()
    flash(
        _("Your calendar has a new address. The old one no longer works: subscribe again.")
        if replaced
        else _("Your calendar address is ready. Add it to your calendar app.")
    )
    return redirect(url_for("account.index", _anchor="calendar-title"), 303)


@bp.post("/account/calendar-feed/off")
def turn_off_feed() -> Response:
    require("account.manage")
    if not FeedOffForm(prefix="feed-off").validate_on_submit():
        abort(400)
    if services.turn_off_feed(current_user):
        db.session.commit()
        flash(_("Your calendar feed is off. Its address no longer works."))
    return redirect(url_for("account.index", _anchor="calendar-title"), 303)
