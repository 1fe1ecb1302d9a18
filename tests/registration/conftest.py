"""Fixtures for registration tests: events, questions, registrations and form data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from forum.events.models import Event
from forum.events.registration.models import Question
from forum.models import Role, User
from tests.registration.factories import create_event, create_question, enrol_user


@pytest.fixture
def make_event(db, make_user) -> Callable[..., Event]:
    """A published event a month ahead with an English text and an organizer:
    `make_event(capacity=10, requires_approval=True, organizers=[lucia])`."""
    counter = {"n": 0}

    def make(**overrides: Any) -> Event:
        counter["n"] += 1
        number = counter["n"]
        organizers: list[User] | None = overrides.pop("organizers", None)
        if organizers is None:
            organizers = [
                make_user(
                    f"organizer{number}", roles=[Role.ORGANIZER], display_name=f"Organizer {number}"
                )
            ]
        return create_event(number, organizers, **overrides)

    return make


@pytest.fixture
def make_question(db) -> Callable[..., Question]:
    """`make_question(event, "single_choice", choices=["Vegetarian", "Vegan"], sensitive=True)`."""
    return create_question


@pytest.fixture
def enrol(db) -> Callable[..., Any]:
    """Register a user through the service (no HTTP), committed: `enrol(event, user)`."""
    return enrol_user


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
