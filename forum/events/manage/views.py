"""Organizer pages: create, edit, publish, cancel and delete events; build the agenda.

Organizers of the event and administrators change things; staff may open every page
here but see no buttons and are refused any change (`event.manage` vs `event.edit`).
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from forum.dates import Clock
from forum.events import agenda as agenda_rules
from forum.events import queries, services
from forum.events.display import agenda_days
from forum.events.feedback.results import session_ratings
from forum.events.loader import load_event
from forum.events.location import location_for
from forum.events.manage.forms import EventForm, MoveForm, SessionForm
from forum.events.models import Event, Session
from forum.events.services import EventRuleError
from forum.events.workshops.queries import seats_by_session
from forum.extensions import db
from forum.forms import ActionForm, form_status
from forum.i18n import select_timezone
from forum.security import can, require

bp = Blueprint("events_manage", __name__, url_prefix="/events")


def _session(event: Event, session_id: int) -> Session:
    session = queries.session_of(event, session_id)
    if session is None:
        abort(404)
    return session


def _mark(form: FlaskForm, error: EventRuleError) -> None:
    """Show a service's refusal on the form field it concerns."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def _refused(error: EventRuleError, slug: str) -> Response:
    flash(error.message, "error")
    return redirect(url_for("events_manage.overview", slug=slug), 303)


@bp.route("/new", methods=["GET", "POST"])
def new():
    require("event.create")
    form = EventForm()
    if not form.is_submitted():
        form.default_locale.data = str(get_locale())
        form.timezone.data = select_timezone()
    if form.validate_on_submit():
        try:
            event = services.create_event(current_user, form.to_data())
        except EventRuleError as error:
            _mark(form, error)
        else:
            db.session.commit()
            flash(_("The event is saved as a draft. Add its agenda, then publish it."))
            return redirect(url_for("events_manage.overview", slug=event.slug), 303)
    page = render_template("events/manage/event_form.html", form=form, event=None)
    return page, form_status(form)


@bp.get("/<slug>/manage/")
def overview(slug: str):
    event = load_event(slug, "event.manage")
    locale = str(get_locale())
    clock = Clock(event.timezone, select_timezone(), locale)
    sessions = queries.agenda_of(event)
    return render_template(
        "events/manage/overview.html",
        event=event,
        text=event.text_for(locale),
        clock=clock,
        location=location_for(event, current_user),
        days=agenda_days(sessions, event, clock),
        movable=_movable(sessions),
        action=ActionForm(),
        manage=True,
        can_edit=can(current_user, "event.edit", event),
        ratings=session_ratings(event.id) if can(current_user, "survey.manage", event) else {},
        seats=seats_by_session(event.id),
    )


def _movable(sessions: list[Session]) -> dict[int, tuple[bool, bool]]:
    """For each session: whether it can move up / down among those starting with it."""
    groups: dict[datetime, list[Session]] = {}
    for session in sessions:
        groups.setdefault(session.starts_at, []).append(session)
    result = {}
    for group in groups.values():
        for index, session in enumerate(group):
            result[session.id] = (index > 0, index < len(group) - 1)
    return result


@bp.route("/<slug>/manage/edit", methods=["GET", "POST"])
def edit(slug: str):
    event = load_event(slug, "event.edit")
    form = EventForm(event=event) if request.method == "POST" else EventForm.for_event(event)
    if form.validate_on_submit():
        try:
            event = services.update_event(current_user, event, form.to_data())
        except EventRuleError as error:
            _mark(form, error)
        else:
            db.session.commit()
            flash(_("Your changes are saved."))
            if not can(current_user, "event.manage", event):
                # They removed themselves from the team.
                return redirect(url_for("events.index"), 303)
            return redirect(url_for("events_manage.overview", slug=event.slug), 303)
    return render_template("events/manage/event_form.html", form=form, event=event), form_status(
        form
    )


@bp.post("/<slug>/manage/publish")
def publish(slug: str):
    event = load_event(slug, "event.edit")
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.publish_event(event)
    except EventRuleError as error:
        return _refused(error, slug)
    db.session.commit()
    flash(_("The event is published: everyone can now see it."))
    return redirect(url_for("events_manage.overview", slug=slug), 303)


@bp.post("/<slug>/manage/cancel")
def cancel(slug: str):
    event = load_event(slug, "event.edit")
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.cancel_event(current_user, event)
    except EventRuleError as error:
        return _refused(error, slug)
    db.session.commit()
    flash(_("The event is cancelled. Its page stays up, marked as cancelled."))
    return redirect(url_for("events_manage.overview", slug=slug), 303)


@bp.post("/<slug>/manage/delete")
def delete(slug: str):
    event = load_event(slug, "event.edit")
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.delete_event(current_user, event)
    except EventRuleError as error:
        return _refused(error, slug)
    db.session.commit()
    flash(_("The draft is deleted."))
    return redirect(url_for("events.index"), 303)


# --- agenda ----------------------------------------------------------------------------


def _zone_label(event: Event) -> str:
    return Clock(event.timezone, event.timezone, str(get_locale())).zone_label(event.starts_at)


@bp.route("/<slug>/manage/sessions/new", methods=["GET", "POST"])
def new_session(slug: str):
    event = load_event(slug, "event.edit")
    form = SessionForm(event=event)
    if form.validate_on_submit():
        try:
            agenda_rules.add_session(event, form.to_data())
        except EventRuleError as error:
            _mark(form, error)
        else:
            db.session.commit()
            flash(_("The session is added to the agenda."))
            return redirect(url_for("events_manage.overview", slug=slug, _anchor="agenda"), 303)
    return render_template(
        "events/manage/session_form.html",
        form=form,
        event=event,
        session=None,
        zone_label=_zone_label(event),
    ), form_status(form)


@bp.route("/<slug>/manage/sessions/<int:session_id>/edit", methods=["GET", "POST"])
def edit_session(slug: str, session_id: int):
    event = load_event(slug, "event.edit")
    session = _session(event, session_id)
    form = (
        SessionForm(event=event)
        if request.method == "POST"
        else SessionForm.for_session(event, session)
    )
    if form.validate_on_submit():
        try:
            agenda_rules.update_session(session, form.to_data())
        except EventRuleError as error:
            _mark(form, error)
        else:
            db.session.commit()
            flash(_("The session is saved."))
            return redirect(url_for("events_manage.overview", slug=slug, _anchor="agenda"), 303)
    return render_template(
        "events/manage/session_form.html",
        form=form,
        event=event,
        session=session,
        zone_label=_zone_label(event),
    ), form_status(form)


@bp.post("/<slug>/manage/sessions/<int:session_id>/move")
def move_session(slug: str, session_id: int):
    event = load_event(slug, "event.edit")
    session = _session(event, session_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    if agenda_rules.move_session(session, form.direction.data):
        db.session.commit()
        flash(_("The agenda order is changed."))
    else:
        flash(_("This session cannot move further that way."), "error")
    return redirect(url_for("events_manage.overview", slug=slug, _anchor="agenda"), 303)


@bp.post("/<slug>/manage/sessions/<int:session_id>/cancel")
def cancel_session(slug: str, session_id: int):
    event = load_event(slug, "event.edit")
    session = _session(event, session_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        agenda_rules.cancel_session(session)
    except EventRuleError as error:
        return _refused(error, slug)
    db.session.commit()
    flash(_("The session is cancelled. It stays on the agenda, marked as cancelled."))
    return redirect(url_for("events_manage.overview", slug=slug, _anchor="agenda"), 303)


@bp.post("/<slug>/manage/sessions/<int:session_id>/restore")
def restore_session(slug: str, session_id: int):
    event = load_event(slug, "event.edit")
    session = _session(event, session_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        agenda_rules.restore_session(session)
    except EventRuleError as error:
        return _refused(error, slug)
    db.session.commit()
    flash(_("The session is back on the agenda."))
    return redirect(url_for("events_manage.overview", slug=slug, _anchor="agenda"), 303)
