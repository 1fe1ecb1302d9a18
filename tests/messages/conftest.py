"""Fixtures of the messages tests: events, people, a real SMTP server (as for notices)."""

from __future__ import annotations

from tests.events.conftest import make_event, make_session, organizer  # noqa: F401
from tests.exchanges.conftest import make_thread  # noqa: F401, E402
from tests.notices.conftest import smtp  # noqa: F401
