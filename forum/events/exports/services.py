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
from forum.events.registration.models import Answer, Question, Registration, RegistrationStatus
from forum.events.registration.queries import all_questions, profiles_of
from forum.events.registration.questions.answers import decode, display_value, question_label
from forum.extensions import db
from forum.i18n import LOCALES, join_list, list_separator, text_direction
from forum.models import User
from forum.profiles.languages import language_name
from forum.security import audit, can
from forum.security.profiles import profile_reach, visible_profile
from forum.taxonomy import country_name
from forum.urls import is_row_id

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


def exportable_questions(event: Event, viewer: Any) -> list[Question]:
    """The questions whose answers this viewer may take in the attendee file: all of the
    event's questions, sensitive ones only under `event.attendees_sensitive`."""
    sensitive_ok = can(viewer, "event.attendees_sensitive", event)
    return [
        question for question in all_questions(event.id) if sensitive_ok or not question.sensitive
    ]


def chosen_questions(event: Event, viewer: Any, raw_ids: list[str]) -> list[Question]:
    """The questions asked for by `?question=` ids, in the form's order.

    Raises `ExportError` (translated) for an id that is not a question of this event the
    viewer may export, so a hand-made address never takes more than the page offers.
    """
    allowed = {question.id: question for question in exportable_questions(event, viewer)}
    wanted: list[int] = []
    for raw in raw_ids:
        if not is_row_id(raw) or int(raw) not in allowed:
            raise ExportError(_("One of the questions asked for cannot be exported."))
        if int(raw) not in wanted:
            wanted.append(int(raw))
    return [question for question in allowed.values() if question.id in wanted]


def _answers_by_registration(
    registrations: list[Registration], questions: list[Question], locale: str
) -> dict[int, dict[str, str]]:
    """Registration id -> {"q<id>": answer as read}, one query for all of them."""
    if not questions or not registrations:
        return {}
    by_id = {question.id: question for question in questions}
    ids = [registration.id for registration in registrations]
    shown: dict[int, dict[str, str]] = {}
    for answer in db.session.scalars(
        sa.select(Answer).where(
            Answer.question_id.in_(list(by_id)), Answer.registration_id.in_(ids)
        )
    ):
        question = by_id[answer.question_id]
        text = display_value(question, decode(answer.stored), locale)
        shown.setdefault(answer.registration_id, {})[f"q{question.id}"] = text
    return shown


def attendee_rows(
    event: Event, viewer: Any, locale: str, questions: list[Question] | None = None
) -> list[AttendeeRow]:
    """Approved attendees as the viewer may see them: what the registrations page shows.

    Profile fields come from `visible_profile` (the person's own choice of audience).
    Answers are added only for the `questions` asked for (see `chosen_questions`), and
    each such export is audited with the questions taken (`record_attendee_view`).
    """
    registrations = approved_registrations(event.id)
    answers = _answers_by_registration(registrations, questions or [], locale)
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
                answers=answers.get(registration.id, {}),
            )
        )
    return rows


def attendee_columns(
    questions: list[Question] | None = None, locale: str = "en"
) -> list[tuple[str, str]]:
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
        *((f"q{question.id}", question_label(question, locale)) for question in questions or []),
    ]


def record_attendee_view(
    event: Event,
    actor: User,
    *,
    csv: bool,
    registration_ids: list[int],
    questions: list[Question] | None = None,
) -> None:
    """Audited with ids only: how many people, and which questions' answers were taken
    (sensitive ones listed apart, so a reader of the log sees them at a glance). Recorded
    with everyone the list showed: each of them finds it in their data export."""
    people = db.session.scalars(
        sa.select(Registration.user_id).where(Registration.id.in_(registration_ids))
    )
    detail = f"count={len(registration_ids)}"
    if questions:
        detail += " questions=" + ",".join(str(q.id) for q in questions)
        sensitive = [str(q.id) for q in questions if q.sensitive]
        if sensitive:
            detail += " sensitive=" + ",".join(sensitive)
    audit(
        actor,
        "attendees.export" if csv else "attendees.view",
        target_type="event",
        target_id=event.id,
        event_id=event.id,
        detail=detail,
        subjects=list(people),
    )


def attendees_csv(
    rows: Iterable[AttendeeRow], questions: list[Question] | None = None, locale: str = "en"
) -> bytes:
    return attendees_to_csv(attendee_columns(questions, locale), rows)


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
