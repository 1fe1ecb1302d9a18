"""Fixtures for export tests: badge factories and PDF reading helpers."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from forum.events.exports.badges import Badge, BadgeEvent


@pytest.fixture
def event() -> BadgeEvent:
    return BadgeEvent(title="Regional Protection Forum 2025", dates="12–14 May 2025 · Bogotá")


@pytest.fixture
def make_badge() -> Callable[..., Badge]:
    """Factory: ``make_badge(name="…", pronouns=None)``; each call gets a new token."""
    counter = iter(range(1, 10_000))

    def make(**overrides: object) -> Badge:
        number = next(counter)
        fields: dict[str, object] = {
            "name": f"Person {number}",
            "pronouns": "they/them",
            "organisation": "Defensoras del Territorio",
            "country": "Colombia",
            "role": "Participant",
            "token": f"tok-{number:04d}-Xk3p9Qm2ZrT8",
        }
        fields.update(overrides)
        return Badge(**fields)  # type: ignore[arg-type]

    return make


@pytest.fixture
def make_badges(make_badge: Callable[..., Badge]) -> Callable[[int], list[Badge]]:
    return lambda count: [make_badge() for _ in range(count)]
