"""Fixtures for calls for proposals: an event run by an organizer, with an open call."""

from __future__ import annotations

import pytest

from forum.events.models import Event
from forum.models import Role, User
from forum.proposals.models import ProposalCall
from tests.proposals.factories import open_call
from tests.registration.factories import create_event


@pytest.fixture
def organizer(make_user) -> User:
    return make_user("lucia", roles=[Role.ORGANIZER], display_name="Lucía Organiza")


@pytest.fixture
def event(db, organizer) -> Event:
    return create_event(1, [organizer], title="Protection seminar")


@pytest.fixture
def call(event) -> ProposalCall:
    return open_call(event)
