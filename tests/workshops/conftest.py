"""Fixtures for workshop sign-up and feedback surveys: an event with a workshop."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from forum.events import agenda
from forum.events.models import Event, Session
from forum.events.services import SessionData, SessionTextData
from forum.events.workshops import services as workshop_services
from forum.extensions import db as _db
from forum.models import User
from tests.registration.conftest import enrol, make_event  # noqa: F401


def add_workshop(
    event: Event,
    *,
    title: str = "Digital security clinic",
    capacity: int | None = 3,
    hours_in: int = 2,
    facilitators: list[User] | None = None,
) -> Session:
    """A session of `event`, with sign-up for `capacity` seats unless None. Committed."""
    starts = event.starts_at + timedelta(hours=hours_in)
    session = agenda.add_session(
        event,
        SessionData(
            texts={"en": SessionTextData(title=title)},
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            kind="workshop",
        ),
    )
    if capacity is not None:
        workshop_services.configure(session, capacity, facilitators or [])
    _db.session.commit()
    return session


@pytest.fixture
def make_workshop(db) -> Callable[..., Session]:
    return add_workshop


@pytest.fixture
def approved(make_user, enrol) -> Callable[..., User]:  # noqa: F811
    """A member with an approved registration for the event: `approved(event, "ines")`."""

    def make(event: Event, username: str, **fields: Any) -> User:
        user = make_user(username)
        registration = enrol(event, user, **fields)
        assert registration.status == "approved"
        return user

    return make
