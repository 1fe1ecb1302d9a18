"""Factories for registration tests: events, questions and registration form data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from forum.events.models import Event, EventStatus, EventText
from forum.events.registration import question_services
from forum.events.registration.models import Question
from forum.events.registration.question_services import ChoiceInput, QuestionInput
from forum.models import Role, User, utcnow


@pytest.fixture
def make_event(db, make_user) -> Callable[..., Event]:
    """A published event a month ahead with an English text and an organizer:
    `make_event(capacity=10, requires_approval=True, organizers=[lucia])`."""
    counter = {"n": 0}

    def make(**overrides: Any) -> Event:
        counter["n"] += 1
        organizers: list[User] | None = overrides.pop("organizers", None)
        if organizers is None:
            organizers = [
                make_user(
                    f"organizer{counter['n']}",
                    roles=[Role.ORGANIZER],
                    display_name=f"Organizer {counter['n']}",
                )
            ]
        title = overrides.pop("title", f"Protection seminar {counter['n']}")
        starts_at = overrides.pop("starts_at", utcnow() + timedelta(days=30))
        fields: dict[str, Any] = {
            "slug": f"seminar-{counter['n']}",
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

    return make


@pytest.fixture
def make_question(db) -> Callable[..., Question]:
    """`make_question(event, "single_choice", choices=["Vegetarian", "Vegan"], sensitive=True)`;
    labels default to English only; choices are English labels (or dicts per locale)."""

    def make(
        event: Event,
        kind: str = "short_text",
        *,
        label: str | dict[str, str] = "Anything we should know?",
        choices: list[str | dict[str, str]] = (),
        required: bool = False,
        sensitive: bool = False,
        purpose: str = "other",
    ) -> Question:
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

    return make


def form_data(answers: dict[Question, Any] | None = None, **overrides: Any) -> dict[str, Any]:
    """What the registration form posts: consent given, listed to nobody, in English."""
    data: dict[str, Any] = {
        "locale": "en",
        "badge_name": "",
        "listing": "nobody",
        "consent": "y",
    }
    for question, value in (answers or {}).items():
        data[f"q_{question.id}"] = value
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def register(client) -> Callable[..., Any]:
    """Post the registration form as the signed-in client."""

    def post(event: Event, answers: dict[Question, Any] | None = None, **overrides: Any):
        return client.post(f"/events/{event.slug}/register", data=form_data(answers, **overrides))

    return post


def choice_key(question: Question, label: str) -> str:
    for choice in question.choices:
        if label in choice["labels"].values():
            return choice["key"]
    raise KeyError(label)


@pytest.fixture
def enrol(db) -> Callable[..., Any]:
    """Register a user through the service (no HTTP), committed: `enrol(event, user)`."""
    from forum.events.registration import services

    def run(event: Event, user: User, answers: dict[int, Any] | None = None, **fields: Any):
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

    return run
