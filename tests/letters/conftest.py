"""Fixtures for letter tests: an event, a registrant, the letter issuer."""

from __future__ import annotations

from typing import Any

import pytest

from forum.events.models import Event
from forum.models import Role
from tests.registration.factories import create_event, enrol_user


@pytest.fixture
def scene(db, make_user) -> dict[str, Any]:
    organizer = make_user("lucia", roles=[Role.ORGANIZER])
    event: Event = create_event(1, [organizer], city="Nairobi", country="KE")
    amaru = make_user("amaru", display_name="Amaru")
    registration = enrol_user(event, amaru)
    issuer = make_user("ines", roles=[Role.LETTER_ISSUER], display_name="Inés")
    admin = make_user("ada", roles=[Role.ADMIN])
    return {
        "event": event,
        "organizer": organizer,
        "amaru": amaru,
        "registration": registration,
        "issuer": issuer,
        "admin": admin,
    }
