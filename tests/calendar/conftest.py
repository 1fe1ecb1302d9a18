"""Fixtures for iCalendar and check-in tests: the event factories of tests/events, and
registrations in any status, written directly (the registration rules are tested in
tests/registration)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from icalendar import Calendar

from forum.events.models import Event
from forum.events.registration.models import Registration
from forum.models import User
from tests.events.conftest import make_event, make_session, organizer  # noqa: F401


@pytest.fixture
def make_registration(db) -> Callable[..., Registration]:
    """`make_registration(event, user, "pending", badge_name="Amina", role="speaker")`."""
    positions = {"n": 0}

    def make(event: Event, user: User, status: str = "approved", **fields: Any) -> Registration:
        if status == "waitlisted":
            positions["n"] += 1
            fields.setdefault("waitlist_position", positions["n"])
        registration = Registration(event_id=event.id, user_id=user.id, status=status, **fields)
        db.session.add(registration)
        db.session.commit()
        return registration

    return make


def parse(data: bytes) -> tuple[Calendar, list, list]:
    calendar = Calendar.from_ical(data)
    return calendar, list(calendar.walk("VEVENT")), list(calendar.walk("VTIMEZONE"))
