"""Plain factory functions behind the registration fixtures, for tests that cannot use
those fixtures by name (the browser tests). Each commits what it makes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from forum.events.models import Event, EventStatus, EventText
from forum.events.registration import services
from forum.events.registration.models import Question, Registration
from forum.events.registration.questions import services as question_services
from forum.events.registration.questions.services import ChoiceInput, QuestionInput
from forum.extensions import db
from forum.models import User, utcnow


def create_event(number: int, organizers: list[User], **overrides: Any) -> Event:
    """A published event a month ahead, with an English text (or `default_locale`'s)."""
    title = overrides.pop("title", f"Protection seminar {number}")
    starts_at = overrides.pop("starts_at", utcnow() + timedelta(days=30))
    fields: dict[str, Any] = {
        "slug": f"seminar-{number}",
        "kind": "seminar",
        "status": EventStatus.PUBLISHED.value,
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(days=2),
        "timezone": "UTC",
        "default_locale": "en",
        "published_at": utcnow(),
    }
    fields.update(overrides)
    event = Event(**fields)
    event.texts = [EventText(locale=fields["default_locale"], title=title, summary="")]
    event.organizers = organizers
    db.session.add(event)
    db.session.commit()
    return event


def create_question(
    event: Event,
    kind: str = "short_text",
    *,
    label: str | dict[str, str] = "Anything we should know?",
    choices: list[str | dict[str, str]] | tuple = (),
    required: bool = False,
    sensitive: bool = False,
    purpose: str = "other",
) -> Question:
    """Labels default to English only; choices are English labels or dicts per locale."""
    labels = label if isinstance(label, dict) else {"en": label}
    question = question_services.create_question(
        event,
        QuestionInput(
            kind=kind,
            purpose=purpose,
            required=required,
            sensitive=sensitive,
            labels=labels,
            choices=[
                ChoiceInput(key=None, labels=c if isinstance(c, dict) else {"en": c})
                for c in choices
            ],
        ),
    )
    db.session.commit()
    return question


def enrol_user(
    event: Event, user: User, answers: dict[int, Any] | None = None, **fields: Any
) -> Registration:
    """Register through the service (no HTTP): consent given, listed to nobody."""
    request = services.RegistrationRequest(
        badge_name=fields.pop("badge_name", ""),
        locale=fields.pop("locale", "en"),
        listing=fields.pop("listing", "nobody"),
        consent=fields.pop("consent", True),
        answers=answers or {},
    )
    registration = services.register(event.id, user, request, **fields)
    db.session.commit()
    return registration


def shift_event(event: Event, delta: timedelta) -> None:
    """Move the event and its sessions by `delta` (negative: into the past). Committed."""
    event.starts_at += delta
    event.ends_at += delta
    for session in event.sessions:
        session.starts_at += delta
        session.ends_at += delta
    db.session.commit()
