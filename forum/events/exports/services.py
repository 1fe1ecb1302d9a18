"""Staff exports: the attendee list and the printed agenda, for one viewer.

The pure renderers (:mod:`.agenda_pdf`, :mod:`.attendees`) take finished data; this
module decides what goes into it: who may appear, which profile fields each person
allows, whether the venue may be printed, and which language. Every export of personal
data (and every copy of a confidential venue) is written to the audit log with ids only.
Functions flush and never commit. Badges have their own sub-package (:mod:`.badges`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from forum.dates import Clock
from forum.events.display import agenda_days, fallback_language
from forum.events.exports.agenda_pdf import AgendaDocument, agenda_to_pdf
from forum.events.exports.attendees import AttendeeRow, attendees_to_csv
from forum.events.exports.pdf import isolate
from forum.events.location import location_for
from forum.events.models import Event
from forum.events.queries import public_agenda
from forum.events.registration.labels import EVENT_ROLE_LABELS
from forum.events.registration.models import Registration, RegistrationStatus
from forum.events.registration.queries import profiles_of
from forum.extensions import db
from forum.i18n import LOCALES, join_list, list_separator, text_direction
from forum.models import User
from forum.profiles.languages import language_name
from forum.security import audit
from forum.security.profiles import profile_reach, visible_profile
from forum.taxonomy import country_name

logger = logging.getLogger(__name__)


APPROVED = RegistrationStatus.APPROVED.value


class ExportError(ValueError):
    """A request that cannot be exported; the message is translated, shown as it is."""


# --- badges ----------------------------------------------------------------------------


def badge_name(registration: Registration) -> str:
    """What the badge says: the name chosen for it, else the display name (a pseudonym)."""
    return (registration.badge_name or "").strip() or registration.user.display_name


def by_badge_name(registration: Registration) -> tuple[str, int]:
    return (badge_name(registration).casefold(), registration.id)


def approved_registrations(event_id: int) -> list[Registration]:
    """The event's approved registrations with their people, in badge-name order.

    Badge names are encrypted, so sorting and searching happen here, not in SQL.
    """
    rows = db.session.scalars(
        sa.select(Registration)
        .where(Registration.event_id == event_id, Registration.status == APPROVED)
        .options(joinedload(Registration.user))
    )
    return sorted(rows, key=by_badge_name)


# --- the attendee list -----------------------------------------------------------------

#: Profile fields the attendee list may show (when the person shows them to organizers).
ATTENDEE_PROFILE_FIELDS = (
    "legal_name",
    "organisation",
    "country",
    "languages",
    "pronouns",
    "contact",
)


def attendee_rows(event: Event, viewer: Any, locale: str) -> list[AttendeeRow]:
    """Approved attendees as the viewer may see them: what the registrations page shows.

    Profile fields come from `visible_profile` (the person's own choice of audience);
    answers to the registration questions are left out: they stay on the registrations
    page, where each reading is audited with its context.
    """
    registrations = approved_registrations(event.id)
    profiles = profiles_of(registration.user_id for registration in registrations)
    reach = profile_reach(viewer, profiles)
    roles = {code: str(label) for code, label in EVENT_ROLE_LABELS.items()}
    clock = Clock(event.timezone, event.timezone, locale)
    rows = []
    for registration in registrations:
        shown = visible_profile(
            viewer, profiles.get(registration.user_id), reach.get(registration.user_id)
        )
        profile = {}
        for name in ATTENDEE_PROFILE_FIELDS:
            value = shown.get(name)
            if value in (None, "", []):
                continue
            if name == "country":
                value = country_name(value, locale)
            elif name == "languages":
                value = join_list(language_name(code, locale) for code in value)
            profile[name] = str(value)
        rows.append(
            AttendeeRow(
                registration_id=registration.id,
                display_name=registration.user.display_name,
                badge_name=badge_name(registration),
                role=roles.get(registration.role, registration.role),
                language=LOCALES.get(registration.locale, registration.locale),
                checked_in=clock.datetime(registration.checked_in_at)
                if registration.checked_in_at
                else "",
                profile=profile,
            )
        )
    return rows


def attendee_columns() -> list[tuple[str, str]]:
    """(key, translated heading) for the screen and the CSV, in order."""
    from forum.profiles.labels import FIELD_LABELS

    return [
        ("registration_id", _("Registration number")),
        ("display_name", _("Display name")),
        ("badge_name", _("Name on the badge")),
        ("role", _("Role at the event")),
        ("language", _("Language")),
        ("checked_in", _("Checked in")),
        *((name, str(FIELD_LABELS[name])) for name in ATTENDEE_PROFILE_FIELDS),
    ]


def record_attendee_view(
    event: Event, actor: User, *, csv: bool, registration_ids: list[int]
) -> None:
    """Recorded with everyone the list showed: each of them finds it in their data export."""
    people = db.session.scalars(
        sa.select(Registration.user_id).where(Registration.id.in_(registration_ids))
    )
    audit(
        actor,
        "attendees.export" if csv else "attendees.view",
        target_type="event",
        target_id=event.id,
        event_id=event.id,
        detail=f"count={len(registration_ids)}",
        subjects=list(people),
    )


def attendees_csv(rows: Iterable[AttendeeRow]) -> bytes:
    return attendees_to_csv(attendee_columns(), rows)


# --- the printed agenda ----------------------------------------------------------------


def agenda_labels() -> dict[str, str]:
    """Words the printed agenda repeats, in the current language."""
    return {
        "agenda": _("Agenda"),
        "cancelled": _("Session cancelled"),
        "event_cancelled": _("This event is cancelled."),
        "speakers": _("Speakers"),
        "room": _("Room"),
        "venue": _("Venue"),
        "online": _("Online"),
        "empty": _("The agenda is not published yet."),
        "separator": list_separator(),
    }


@dataclass(frozen=True)
class PrintedAgenda:
    pdf: bytes
    #: Whether this copy shows a confidential venue or link (never cache or share it).
    confidential: bool


def agenda_document(event: Event, viewer: Any, locale: str) -> tuple[AgendaDocument, bool]:
    """The agenda as `viewer` may read it, in `locale` (call under `force_locale`).

    Times are the event's own: a printed page travels, and the room clock is what counts.
    The venue is printed only if `location_for` reveals it to this viewer.
    """
    text = event.text_for(locale)
    clock = Clock(event.timezone, event.timezone, locale)
    location = location_for(event, viewer)
    shows_secret = location.confidential and location.revealed
    title = text.title if text else event.slug
    fallback = fallback_language(text.locale if text else None, locale)
    doc = AgendaDocument(
        title=title,
        title_locale=text.locale if text else None,
        title_direction=text_direction(text.locale) if text else text_direction(locale),
        lang=locale,
        direction=text_direction(locale),
        dates=clock.span(event.starts_at, event.ends_at),
        zone=_("Times are in %(zone)s.", zone=isolate(clock.zone_label(event.starts_at))),
        place=location.place(locale),
        days=agenda_days(public_agenda(event), event, clock),
        labels=agenda_labels(),
        cancelled=event.cancelled_at is not None,
        venue_name=location.venue_name,
        venue_address=location.venue_address,
        online_url=location.online_url,
        confidential_note=_("Confidential: do not share this copy; it shows where we meet.")
        if shows_secret
        else location.notice,
        fallback_note=_(
            "Shown in %(language)s: there is no text in your language yet.", language=fallback
        )
        if fallback
        else None,
    )
    return doc, shows_secret


def printed_agenda(event: Event, viewer: Any, locale: str) -> PrintedAgenda:
    """Render the agenda PDF for `viewer`; a copy with a confidential venue is audited."""
    with force_locale(locale):
        doc, confidential = agenda_document(event, viewer, locale)
        pdf = agenda_to_pdf(doc)
    if confidential:
        audit(
            viewer if getattr(viewer, "is_authenticated", False) else None,
            "agenda.confidential_pdf",
            target_type="event",
            target_id=event.id,
            event_id=event.id,
            detail=f"lang={locale}",
        )
    return PrintedAgenda(pdf, confidential)
