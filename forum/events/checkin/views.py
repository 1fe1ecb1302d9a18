"""The check-in desk for an event's staff and organizers: a page that works with a USB or
phone barcode scanner (or typing) and without JavaScript, and a JSON endpoint for the
same, which the page's script uses so the scan box never loses focus."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Response, abort, jsonify, make_response, render_template, request
from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _
from flask_login import current_user

from forum.dates import Clock
from forum.events.checkin import services
from forum.events.checkin.forms import NameSearchForm, ScanForm
from forum.events.checkin.services import Arrival, Outcome
from forum.events.loader import load_event
from forum.events.models import Event
from forum.events.registration import services as registration_services
from forum.events.registration.forms import WalkInForm
from forum.events.registration.labels import EVENT_ROLE_LABELS, STATUS_LABELS
from forum.events.registration.services import RegistrationError
from forum.extensions import db
from forum.forms import takes_json
from forum.headers import CAMERA_PERMISSIONS_POLICY
from forum.i18n import as_utc, select_timezone
from forum.models import User
from forum.security import audit
from forum.urls import is_row_id

bp = Blueprint("checkin", __name__)


def _message(arrival: Arrival, clock: Clock) -> str:
    """One sentence for the desk, the same on the page and in the JSON answer."""
    registration = arrival.registration
    if arrival.outcome is Outcome.CHECKED_IN:
        return _("Checked in. Welcome!")
    if arrival.outcome is Outcome.ALREADY_CHECKED_IN:
        return _(
            "Already checked in, at %(moment)s. This badge may have been used twice.",
            moment=clock.datetime(arrival.checked_in_at),
        )
    if arrival.outcome is Outcome.NOT_APPROVED and registration is not None:
        return _(
            "Not approved: this registration is “%(status)s”. Ask an organizer before "
            "letting them in.",
            status=STATUS_LABELS.get(registration.status, registration.status),
        )
    if arrival.outcome is Outcome.OTHER_EVENT:
        return _("This badge is for another event.")
    return _("Unknown badge: no registration has this code. Check it and scan again.")


def _arrivals_text(counts: services.Arrivals) -> str:
    """The live count's sentence, numbers written the reader's way ("1 234" in French):
    the page shows it, and the desk's script puts the same words in when it refreshes."""
    return _(
        "%(arrived)s of %(expected)s approved people have arrived.",
        arrived=format_decimal(counts.arrived),
        expected=format_decimal(counts.expected),
    )


def _person(arrival: Arrival, clock: Clock) -> dict[str, Any] | None:
    registration = arrival.registration
    if registration is None:
        return None
    checked_in_at = registration.checked_in_at
    return {
        "registration_id": registration.id,
        "badge_name": services.shown_name(registration),
        "status": registration.status,
        "status_label": str(STATUS_LABELS.get(registration.status, registration.status)),
        "role": registration.role,
        "role_label": str(EVENT_ROLE_LABELS.get(registration.role, registration.role)),
        "checked_in_at": as_utc(checked_in_at).isoformat() if checked_in_at else None,
        "checked_in_at_label": clock.datetime(checked_in_at) if checked_in_at else None,
    }


def _clock(event: Event) -> Clock:
    return Clock(event.timezone, select_timezone(), str(get_locale()))


def _render(
    event: Event,
    form: ScanForm,
    arrival: Arrival | None = None,
    status: int = 200,
    walk_in: WalkInForm | None = None,
    walk_in_message: str | None = None,
) -> Response:
    search = NameSearchForm(request.args)
    query = search.q.data or "" if search.validate() else ""
    if query:
        # A name search shows registrants: recorded first (the words are not: a name typed
        # there would outlive the person's erasure in the log).
        audit(
            current_user,
            "checkin.search",
            target_type="event",
            target_id=event.id,
            event_id=event.id,
            detail="search",
        )
        db.session.commit()
    clock = _clock(event)
    text = event.text_for(str(get_locale()))
    page = render_template(
        "checkin/desk.html",
        event=event,
        text=text,
        form=form,
        search=search,
        query=query,
        results=services.search_by_name(event, query) if query else [],
        arrival=arrival,
        message=_message(arrival, clock) if arrival else None,
        person=_person(arrival, clock) if arrival else None,
        clock=clock,
        arrivals=_arrivals_text(services.arrivals(event)),
        walk_in=walk_in or WalkInForm(formdata=None),
        walk_in_message=walk_in_message,
    )
    response = make_response(page, status)
    response.headers["Permissions-Policy"] = CAMERA_PERMISSIONS_POLICY
    return response


@bp.get("/events/<slug>/manage/check-in")
def desk(slug: str):
    event = load_event(slug, "registration.check_in")
    return _render(event, ScanForm(formdata=None))


@bp.post("/events/<slug>/manage/check-in")
def scan(slug: str):
    event = load_event(slug, "registration.check_in")
    form = ScanForm()
    if not form.validate_on_submit():
        return _render(event, form, status=422)
    if form.registration_id.data:
        arrival = services.check_in_registration(
            event, int(form.registration_id.data), actor=current_user
        )
    else:
        arrival = services.check_in_token(event, form.token.data, actor=current_user)
    db.session.commit()
    # An empty box, focused, ready for the next badge.
    return _render(event, ScanForm(formdata=None), arrival, arrival.status_code)


@bp.post("/events/<slug>/manage/check-in.json")
@takes_json
def scan_json(slug: str):
    """`{"token": "..."}` or `{"registration_id": 12}`; answers with the outcome, a
    message in the desk's language, and who it is (for this event's people only)."""
    event = load_event(slug, "registration.check_in")
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort(400)
    token, registration_id = data.get("token"), data.get("registration_id")
    if isinstance(token, str) and token.strip():
        arrival = services.check_in_token(event, token, actor=current_user)
    elif isinstance(registration_id, int) and is_row_id(registration_id):  # not "12"
        arrival = services.check_in_registration(event, registration_id, actor=current_user)
    else:
        abort(400)
    db.session.commit()
    clock = _clock(event)
    body = {
        "outcome": arrival.outcome.value,
        "ok": arrival.ok,
        "message": _message(arrival, clock),
        "person": _person(arrival, clock),
    }
    return jsonify(body), arrival.status_code


@bp.get("/events/<slug>/manage/check-in/arrivals.json")
def arrivals_json(slug: str):
    """The desk's live count, polled by its script: arrived of approved."""
    event = load_event(slug, "registration.check_in")
    counts = services.arrivals(event)
    return jsonify(
        {"arrived": counts.arrived, "expected": counts.expected, "text": _arrivals_text(counts)}
    )


@bp.post("/events/<slug>/manage/check-in/walk-in")
def walk_in(slug: str):
    """Register a person at the door and check them in, within the event's capacity."""
    event = load_event(slug, "registration.walk_in")
    form = WalkInForm()
    if not form.validate_on_submit():
        return _render(event, ScanForm(formdata=None), status=422, walk_in=form)
    person = db.session.scalar(
        sa.select(User).where(
            User.username == (form.username.data or "").casefold(),
            User.disabled_at.is_(None),
        )
    )
    if person is None:
        db.session.rollback()
        form.username.errors = [
            _("No member has this username. Check the spelling with the person.")
        ]
        return _render(event, ScanForm(formdata=None), status=422, walk_in=form)
    try:
        registration = registration_services.walk_in(
            event.id, person, actor=current_user, badge_name=form.badge_name.data or ""
        )
    except RegistrationError as failure:
        db.session.rollback()
        form.username.errors = [str(failure)]
        return _render(event, ScanForm(formdata=None), status=409, walk_in=form)
    arrival = Arrival(Outcome.CHECKED_IN, registration, registration.checked_in_at)
    db.session.commit()
    return _render(
        event,
        ScanForm(formdata=None),
        arrival,
        walk_in_message=_("Registered and checked in. Welcome!"),
    )
