"""A person's registrations in their data export, and their removal on erasure."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import force_locale
from sqlalchemy.orm import selectinload

from forum.dates import iso_or_none
from forum.events.models import Event
from forum.events.registration.labels import AUDIT_ACTION_LABELS
from forum.events.registration.models import Question, Registration
from forum.events.registration.questions.answers import (
    decode,
    display_value,
    question_label,
)
from forum.events.registration.services import withdraw_everywhere
from forum.extensions import db
from forum.models import AuditEntry, Role, User
from forum.profiles.data_rights import entries_about


def export_for(user: User) -> dict[str, Any]:
    """Every registration with its answers, and what others did with the person's data,
    worded in the person's language."""
    locale = user.locale or "en"
    with force_locale(locale):
        return {
            "registrations": _registrations(user, locale),
            "done_with_my_data": _done_with(user, locale),
        }


# The function an actor is shown by in someone's export, never their name: the person learns
# what was done and by whom in the organisation; staff are not exposed one by one.
_BY_ROLE = (Role.ADMIN, Role.STAFF, Role.MODERATOR, Role.ORGANIZER, Role.DOCUMENTER)


def _done_with(user: User, locale: str) -> list[dict[str, Any]]:
    """Decisions, check-ins, role changes, reset links, and every export or list that
    included the person (`AuditSubject`), oldest first; not what they did themselves."""
    entries = db.session.scalars(
        sa.select(AuditEntry)
        .where(
            entries_about(user.id),
            sa.or_(AuditEntry.actor_id.is_(None), AuditEntry.actor_id != user.id),
        )
        .order_by(AuditEntry.created_at, AuditEntry.id)
    ).all()
    event_ids = {entry.event_id for entry in entries if entry.event_id is not None}
    events = {
        event.id: event
        for event in db.session.scalars(
            sa.select(Event).where(Event.id.in_(event_ids)).options(selectinload(Event.texts))
        )
    }
    done = []
    for entry in entries:
        roles = entry.actor.role_names if entry.actor is not None else set()
        by = next((role.value for role in _BY_ROLE if role.value in roles), None)
        event = events.get(entry.event_id or 0)
        text = event.text_for(locale) if event is not None else None
        label = AUDIT_ACTION_LABELS.get(entry.action)
        done.append(
            {
                "what": str(label) if label is not None else entry.action,
                "action": entry.action,
                "event": (
                    {"slug": event.slug, "title": text.title if text else event.slug}
                    if event is not None
                    else None
                ),
                "by": by or ("member" if entry.actor is not None else None),
                "at": iso_or_none(entry.created_at),
            }
        )
    return done


def _registrations(user: User, locale: str) -> list[dict[str, Any]]:
    registrations = db.session.scalars(
        sa.select(Registration)
        .where(Registration.user_id == user.id)
        .options(selectinload(Registration.answers), selectinload(Registration.event))
        .order_by(Registration.created_at, Registration.id)
    ).all()
    exported = []
    for registration in registrations:
        event = registration.event
        text = event.text_for(locale)
        answers = []
        for answer in registration.answers:
            question: Question = answer.question
            value = decode(answer.stored)
            answers.append(
                {
                    "question": question_label(question, locale),
                    "answer": display_value(question, value, locale),
                    "stored_value": value,
                    "sensitive": question.sensitive,
                }
            )
        exported.append(
            {
                "event": {"slug": event.slug, "title": text.title if text else event.slug},
                "status": registration.status,
                "waitlist_position": registration.waitlist_position,
                "role": registration.role,
                "badge_name": registration.badge_name,
                "listing": registration.listing,
                "locale": registration.locale,
                "consented_at": iso_or_none(registration.consented_at),
                "registered_at": iso_or_none(registration.created_at),
                "decided_at": iso_or_none(registration.decided_at),
                "decision_note": registration.decision_note,
                "checked_in_at": iso_or_none(registration.checked_in_at),
                "answers": answers,
            }
        )
    return exported


def erase_for(user: User, *, keep_posts: bool) -> None:
    """Free the person's seats (promoting the waiting lists), then delete every
    registration and answer. `keep_posts` concerns exchanges only.

    Audit entries about those registrations (decisions, check-ins) stay, as the log must
    show what the team did, but no longer name them: an id may be used again."""
    mine = list(
        db.session.scalars(sa.select(Registration.id).where(Registration.user_id == user.id))
    )
    withdraw_everywhere(user)  # takes the event locks: before any write
    if mine:
        db.session.execute(
            sa.update(AuditEntry)
            .where(AuditEntry.target_type == "registration", AuditEntry.target_id.in_(mine))
            .values(target_id=None, detail=None)
            .execution_options(synchronize_session=False)
        )
