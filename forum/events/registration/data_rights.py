"""A person's registrations in their data export, and their removal on erasure."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import force_locale
from sqlalchemy.orm import selectinload

from forum.dates import iso_or_none
from forum.events.registration.models import Question, Registration
from forum.events.registration.questions.answers import (
    decode,
    display_value,
    question_label,
)
from forum.events.registration.services import withdraw_everywhere
from forum.extensions import db
from forum.models import User


def export_for(user: User) -> dict[str, Any]:
    """Every registration with its answers, worded in the person's language."""
    locale = user.locale or "en"
    with force_locale(locale):
        return {"registrations": _registrations(user, locale)}


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
    registration and answer. `keep_posts` concerns exchanges only."""
    withdraw_everywhere(user)
