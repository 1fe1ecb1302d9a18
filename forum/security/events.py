"""Rules for events, their registrations and their exports.

Organizers of an event and administrators edit it and decide about registrations; staff
see everything about every event but edit nothing; a confidential venue is for approved
participants and the team. The `event.view` rule also exists as SQL for lists
(`visible_events_clause`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from flask import g, has_request_context

from forum.events.models import Event, EventStatus, event_organizers
from forum.events.registration.models import Registration, RegistrationStatus
from forum.extensions import db
from forum.models import Role
from forum.security.core import has_role, is_member, rule, uses_privileges

_APPROVED = RegistrationStatus.APPROVED.value


def is_event_organizer(user: Any, event: Event) -> bool:
    """One of the event's organizers, with two-factor sign-in (like every privilege)."""
    return uses_privileges(user) and any(org.id == user.id for org in event.organizers)


def organizes_event(user: Any, event_id: int) -> bool:
    """Whether the member is listed as an organizer of the event with this id."""
    return (
        db.session.scalar(
            sa.select(event_organizers.c.event_id).where(
                event_organizers.c.event_id == event_id, event_organizers.c.user_id == user.id
            )
        )
        is not None
    )


def is_approved_participant(user: Any, event: Event | int | None) -> bool:
    """Whether the user holds an approved registration for `event` (an Event or its id)."""
    if not is_member(user) or event is None:
        return False
    event_id = event if isinstance(event, int) else event.id
    primed = _primed_participation().get((user.id, event_id))
    if primed is not None:
        return primed
    return (
        db.session.scalar(
            sa.select(Registration.id).where(
                Registration.event_id == event_id,
                Registration.user_id == user.id,
                Registration.status == _APPROVED,
            )
        )
        is not None
    )


def _primed_participation() -> dict[tuple[int, int], bool]:
    return g.setdefault("_approved_participation", {}) if has_request_context() else {}


def prime_approved_participation(user: Any, event_ids: Iterable[int]) -> None:
    """Answer `is_approved_participant` for many events with one query.

    A list of events asks for each one whether the viewer may see its location; without
    this, that would be one query per confidential event on the page. The answers live
    for the current request only.
    """
    ids = set(event_ids)
    if not is_member(user) or not ids or not has_request_context():
        return
    approved = set(
        db.session.scalars(
            sa.select(Registration.event_id).where(
                Registration.event_id.in_(ids),
                Registration.user_id == user.id,
                Registration.status == _APPROVED,
            )
        )
    )
    cache = _primed_participation()
    for event_id in ids:
        cache[(user.id, event_id)] = event_id in approved


def remember_participation(user: Any, event_id: int, registration: Any) -> None:
    """Answer `is_approved_participant` from a registration the page has loaded anyway."""
    if is_member(user) and has_request_context():
        approved = registration is not None and registration.status == _APPROVED
        _primed_participation()[(user.id, event_id)] = approved


def visible_events_clause(user: Any) -> sa.ColumnElement[bool]:
    """The `event.view` rule as SQL, for lists: drafts only for the people who run them."""
    if has_role(user, Role.ADMIN) or has_role(user, Role.STAFF):
        return sa.true()
    not_draft = Event.status != EventStatus.DRAFT.value
    if not is_member(user):
        return not_draft
    organized = sa.select(event_organizers.c.event_id).where(event_organizers.c.user_id == user.id)
    return sa.or_(not_draft, Event.id.in_(organized))


def sees_all_of_event(user: Any, event: Event) -> bool:
    """Organizers of the event, staff and admins see everything about it: its team."""
    return (
        has_role(user, Role.ADMIN) or has_role(user, Role.STAFF) or is_event_organizer(user, event)
    )


def runs_event(user: Any, event: Event) -> bool:
    """Organizers of this event and administrators: those who decide about it."""
    return has_role(user, Role.ADMIN) or is_event_organizer(user, event)


# --- the event itself --------------------------------------------------------------------


@rule("event.create")
def _create_event(user: Any, _: Any) -> bool:
    return has_role(user, Role.ORGANIZER) or has_role(user, Role.ADMIN)


@rule("event.edit")
def _edit_event(user: Any, event: Event) -> bool:
    return runs_event(user, event)


@rule("event.view")
def _view_event(user: Any, event: Event) -> bool:
    """Drafts are invisible except to those who run the event."""
    return event.status != EventStatus.DRAFT.value or sees_all_of_event(user, event)


@rule("event.manage")
def _see_event_management(user: Any, event: Event) -> bool:
    return sees_all_of_event(user, event)


@rule("event.see_location")
def _see_confidential_location(user: Any, event: Event) -> bool:
    """A confidential venue or link is shown only to approved participants and the team."""
    if not event.location_confidential:
        return True
    return sees_all_of_event(user, event) or is_approved_participant(user, event)


# --- registrations -----------------------------------------------------------------------
# Organizers of an event (and admins) write its questions and vet requests; staff and
# organizers see its registrations and check people in; admins and the event's organizers
# read its audit log. The participant list is for approved participants and the team.


@rule("registration.register")
def _register(user: Any, _: Any) -> bool:
    return is_member(user)


@rule("registration.questions")
def _edit_questions(user: Any, event: Event) -> bool:
    return runs_event(user, event)


@rule("registration.list")
def _see_registrations(user: Any, event: Event) -> bool:
    return sees_all_of_event(user, event)


@rule("registration.vet")
def _vet_registrations(user: Any, event: Event) -> bool:
    return runs_event(user, event)


@rule("registration.check_in")
def _check_in(user: Any, event: Event) -> bool:
    return sees_all_of_event(user, event)


@rule("registration.walk_in")
def _register_walk_in(user: Any, event: Event) -> bool:
    """Registering someone at the door approves them: those who vet requests do it."""
    return runs_event(user, event)


@rule("event.participants")
def _see_participant_list(user: Any, event: Event) -> bool:
    return sees_all_of_event(user, event) or is_approved_participant(user, event)


@rule("event.audit")
def _read_event_audit_log(user: Any, event: Event) -> bool:
    return runs_event(user, event)


# --- exports -----------------------------------------------------------------------------
# Badges and the attendee list hold personal data: the event's team only (organizers of
# it, staff, admins), like the registrations page. A background export's file is fetched
# only by the person who asked for it, while they are still on the team.


@rule("event.badges")
def _print_badges(user: Any, event: Event) -> bool:
    return sees_all_of_event(user, event)


@rule("event.attendees")
def _see_attendee_list(user: Any, event: Event) -> bool:
    return sees_all_of_event(user, event)


@rule("event.attendees_sensitive")
def _export_sensitive_answers(user: Any, event: Event) -> bool:
    """Answers to sensitive questions leave the server in a file only for the event's own
    organizers (with two-factor sign-in), as exact needs do: a copy travels, and nobody
    else acts on them. Staff and admins export the other columns."""
    return is_member(user) and is_event_organizer(user, event)


@rule("export_job.fetch")
def _fetch_export(user: Any, job_and_event: Any) -> bool:
    job, event = job_and_event
    return (
        is_member(user)
        and job.event_id == event.id
        and job.requested_by_id == user.id
        and sees_all_of_event(user, event)
    )


@rule("event.logistics")
def _see_event_logistics(user: Any, event: Event) -> bool:
    return sees_all_of_event(user, event)


@rule("event.logistics_exact")
def _see_exact_needs(user: Any, event: Event) -> bool:
    """Exact counts of needs (meals, interpretation, access) are for those who act on them:
    the event's organizers. Staff and admins see the published figures (forum.statistics)."""
    return is_member(user) and is_event_organizer(user, event)
