"""Workshop sign-up: the list with seats, signing up and leaving, the facilitator's list
of who signed up, and the organizer's sign-up settings for a session."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from forum.dates import Clock
from forum.events import queries as event_queries
from forum.events.loader import load_event
from forum.events.models import Event, Session
from forum.events.workshops import queries, services
from forum.events.workshops.forms import WorkshopForm
from forum.events.workshops.services import WorkshopError
from forum.extensions import db
from forum.forms import ActionForm, form_status
from forum.i18n import select_timezone
from forum.security import can, require

bp = Blueprint("workshops", __name__)


def _session(event: Event, session_id: int) -> Session:
    session = event_queries.session_of(event, session_id)
    if session is None:
        abort(404)
    return session


def _clock(event: Event) -> Clock:
    return Clock(event.timezone, select_timezone(), str(get_locale()))


@bp.get("/events/<slug>/workshops")
def index(slug: str):
    event = load_event(slug)
    viewer = current_user if current_user.is_authenticated else None
    return render_template(
        "workshops/index.html",
        event=event,
        text=event.text_for(str(get_locale())),
        rows=queries.workshops_of(event, viewer),
        clock=_clock(event),
        may_sign_up=can(current_user, "workshop.sign_up", event),
        action=ActionForm(),
    )


def _back(event: Event, session_id: int):
    return redirect(url_for("workshops.index", slug=event.slug, _anchor=f"w-{session_id}"), 303)


@bp.post("/events/<slug>/workshops/<int:session_id>/sign-up")
def sign_up(slug: str, session_id: int):
    event = load_event(slug, "workshop.sign_up")
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.sign_up(current_user, event, session_id)
    except WorkshopError as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
        return _back(event, session_id)
    db.session.commit()
    flash(_("You have a seat. The session is in your personal calendar feed."))
    return _back(event, session_id)


@bp.post("/events/<slug>/workshops/<int:session_id>/leave")
def leave(slug: str, session_id: int):
    event = load_event(slug, "workshop.sign_up")
    if not ActionForm().validate_on_submit():
        abort(400)
    if services.leave(current_user, event, session_id):
        db.session.commit()
        flash(_("Your seat is given back."))
    else:
        db.session.rollback()
        flash(_("You had no seat in this session."), "error")
    return _back(event, session_id)


@bp.get("/events/<slug>/workshops/<int:session_id>/people")
def attendees(slug: str, session_id: int):
    event = load_event(slug)
    session = _session(event, session_id)
    settings = services.settings_of(session.id)
    if settings is None:
        abort(404)
    require("workshop.attendees", (event, settings))
    is_open = services.list_is_open(session)
    people = services.attendees(current_user, session) if is_open else None
    if people is not None:
        db.session.commit()  # the audit entry
    return render_template(
        "workshops/attendees.html",
        event=event,
        session=session,
        title=session.text_for(str(get_locale()), event.default_locale),
        taken=services.seats_taken(session.id),
        capacity=settings.capacity,
        people=people,
        clock=_clock(event),
        margin=int(services.LIST_MARGIN.total_seconds() // 60),
    )


def _form_for(settings) -> WorkshopForm:  # noqa: ANN001
    form = WorkshopForm(formdata=None)
    if settings is not None:
        form.capacity.data = settings.capacity
        form.facilitators.data = ", ".join(person.username for person in settings.facilitators)
    return form


@bp.route("/events/<slug>/manage/sessions/<int:session_id>/workshop", methods=["GET", "POST"])
def configure(slug: str, session_id: int):
    event = load_event(slug, "workshop.configure")
    session = _session(event, session_id)
    settings = services.settings_of(session.id)
    form = WorkshopForm() if request.method == "POST" else _form_for(settings)
    if request.method == "POST" and form.validate_on_submit():
        names = form.usernames()
        found = queries.users_named(names)
        unknown = [name for name in names if name not in found]
        if unknown:
            form.facilitators.errors = [
                *form.facilitators.errors,
                _("No account has the user name %(names)s.", names=", ".join(unknown)),
            ]
        else:
            try:
                services.configure(session, form.capacity.data, [found[n] for n in names])
            except WorkshopError as refusal:
                db.session.rollback()
                form.capacity.errors = [*form.capacity.errors, str(refusal)]
            else:
                db.session.commit()
                flash(_("The sign-up settings are saved."))
                return redirect(
                    url_for("events_manage.overview", slug=event.slug, _anchor="agenda"), 303
                )
    return render_template(
        "workshops/configure.html",
        event=event,
        session=session,
        title=session.text_for(str(get_locale()), event.default_locale),
        form=form,
        taken=services.seats_taken(session.id) if settings is not None else 0,
    ), form_status(form)
