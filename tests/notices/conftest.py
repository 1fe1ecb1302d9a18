"""Fixtures of the notice tests: an event, people, and a real SMTP server to switch off."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.accounts.conftest import SmtpServer, _Collect, free_port
from tests.events.conftest import make_event, organizer  # noqa: F401

BASE = "https://forum.example.org"


class Switchable:
    """A real SMTP server (aiosmtpd) that a test can stop and start again (an outage)."""

    def __init__(self) -> None:
        self.server = SmtpServer("127.0.0.1", free_port())
        self.controller = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.controller = Controller(
            _Collect(self.server), hostname=self.server.host, port=self.server.port
        )
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def messages(self):  # noqa: ANN201
        return self.server.messages()


@pytest.fixture
def smtp(app) -> Iterator[Switchable]:
    switchable = Switchable()
    switchable.start()
    app.config.update(
        FORUM_MAIL_SERVER="127.0.0.1",
        FORUM_MAIL_PORT=switchable.server.port,
        FORUM_MAIL_SENDER="no-reply@forum.example.org",
        FORUM_MAIL_BASE_URL=BASE,
        FORUM_MAIL_STARTTLS=False,
        FORUM_QUEUE="manual",
    )
    try:
        yield switchable
    finally:
        switchable.stop()
