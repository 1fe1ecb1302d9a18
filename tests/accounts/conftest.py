"""Fixtures for account-security tests: codes at a chosen time step, a real SMTP server."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pyotp
import pytest

from forum.auth import two_factor
from forum.extensions import db
from forum.models import User
from tests.conftest import TOTP_SECRET


def code_at(offset: int = 0, secret: str = TOTP_SECRET) -> str:
    """The code for the time step `offset` steps from now."""
    return pyotp.TOTP(secret).generate_otp(two_factor.current_step() + offset)


def wrong_code(secret: str = TOTP_SECRET) -> str:
    """Six digits that match none of the steps accepted now."""
    valid = {code_at(offset, secret) for offset in (-1, 0, 1)}
    candidate = 123456
    while f"{candidate:06d}" in valid:
        candidate += 1
    return f"{candidate:06d}"


@pytest.fixture
def recovery_codes() -> Callable[[User], list[str]]:
    """Fresh recovery codes for a user who has two-factor sign-in."""

    def make(user: User) -> list[str]:
        codes = two_factor.replace_recovery_codes(user)
        db.session.commit()
        return codes

    return make


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class SmtpServer:
    host: str
    port: int
    received: list[dict[str, Any]] = field(default_factory=list)

    def messages(self) -> list[EmailMessage]:
        return [
            message_from_bytes(item["data"], policy=policy.default)  # type: ignore[misc]
            for item in self.received
        ]


class _Collect:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        self.server.received.append(
            {"from": envelope.mail_from, "to": list(envelope.rcpt_tos), "data": envelope.content}
        )
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) on a free loopback port, collecting what it gets."""
    from aiosmtpd.controller import Controller

    server = SmtpServer("127.0.0.1", free_port())
    controller = Controller(_Collect(server), hostname=server.host, port=server.port)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()
