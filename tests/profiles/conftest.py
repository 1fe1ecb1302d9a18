"""Profile factory: `make_profile(user, legal_name=("Ana Pérez", "organizers"), …)`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from forum.models import User
from forum.profiles.models import Profile
from forum.profiles.services import save_profile

# Profiles are seen through registrations: reuse the registration factories here.
from tests.registration.conftest import enrol, make_event, make_question  # noqa: F401


@pytest.fixture
def make_profile(db) -> Callable[..., Profile]:
    def make(user: User, **fields: tuple[Any, str]) -> Profile:
        values: dict[str, Any] = {}
        for name, (value, visibility) in fields.items():
            values[name] = value
            values[f"{name}_visibility"] = visibility
        profile = save_profile(user, values)
        db.session.commit()
        return profile

    return make
