"""Public event pages: the list, an event, its agenda."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.blueprints import BlueprintSetupState
from flask_babel import get_locale
from flask_login import current_user

from forum.dates import Clock
from forum.events import queries
from forum.events.display import agenda_days, event_cards, fallback_language
from forum.events.forms import EventFilterForm
from forum.events.labels import EVENT_KINDS, EVENT_STATUSES, SESSION_KINDS
from forum.events.languages import language_name
from forum.events.loader import load_event
from forum.events.location import location_for
from forum.events.registration.queries import panel_state, registration_of
from forum.i18n import LOCALES, select_timezone
from forum.related import related_panels
from forum.security.events import prime_approved_participation

bp = Blueprint("events", __name__, url_prefix="/events")


@bp.record_once
def _template_globals(state: BlueprintSetupState) -> None:
    """Vocabulary the event macros need; globals, so imported macros see them too."""
    state.app.jinja_env.globals.update(
        event_kinds=EVENT_KINDS,
        event_statuses=EVENT_STATUSES,
        session_kinds=SESSION_KINDS,
        language_name=language_name,
    )


@bp.get("/")
def index():
    form = EventFilterForm(request.args)
    locale = str(get_locale())
    if not form.validate():
        # Bad filters get the page with the problem marked, and no results.
        return render_template("events/list.html", form=form, page=None, cards=[]), 400
    filters = queries.EventFilters(
        when=form.when.data or "upcoming",
        kind=form.kind.data or None,
        region=form.region.data or None,
        country=form.country.data or None,
        language=form.language.data or None,
        month_start=form.month_start(),
    )
    page = queries.list_events(current_user, filters, page=form.page.data or 1)
    prime_approved_participation(current_user, [event.id for event in page.items])
    cards = event_cards(page.items, current_user, locale, select_timezone())
    return render_template("events/list.html", form=form, page=page, cards=cards)


@bp.get("/<slug>/")
def detail(slug: str):
    event = load_event(slug)
    locale = str(get_locale())
    text = event.text_for(locale)
    my_registration = registration_of(current_user, event.id)
    return render_template(
        "events/detail.html",
        event=event,
        related=related_panels("event", event),
        text=text,
        fallback_language=fallback_language(text.locale if text else None, locale),
        location=location_for(event, current_user),
        clock=Clock(event.timezone, select_timezone(), locale),
        written_in=[code for code in LOCALES if any(t.locale == code for t in event.texts)],
        my_registration=my_registration,
        registration_state=panel_state(event, my_registration),
    )


@bp.get("/<slug>/agenda")
def agenda(slug: str):
    event = load_event(slug)
    locale = str(get_locale())
    text = event.text_for(locale)
    clock = Clock(event.timezone, select_timezone(), locale)
    return render_template(
        "events/agenda.html",
        event=event,
        related=related_panels("event", event),
        text=text,
        fallback_language=fallback_language(text.locale if text else None, locale),
        location=location_for(event, current_user, with_venue=False),
        clock=clock,
        days=agenda_days(queries.public_agenda(event), event, clock),
    )
