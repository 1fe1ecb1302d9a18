"""Fixtures for export tests: badge factories and PDF reading helpers."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from forum.events.exports.badges.sheets import Badge, BadgeEvent


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


# --- staff exports: an event with its team, approved people and profiles ---------------

from tests.events.conftest import make_event, make_session, organizer  # noqa: E402, F401


@pytest.fixture
def manual_jobs(app):
    """Background exports stay queued until the test runs them (`run_badge_job`)."""
    app.config["FORUM_QUEUE"] = "manual"
    return app


@pytest.fixture
def approve(db):
    """`approve(event, user, badge_name=..., role="speaker", profile={...})`: an approved
    registration, made through the service, with an optional profile."""
    from forum.events.registration import services
    from forum.profiles.services import save_profile
    from tests.registration.factories import enrol_user

    def make(event, user, *, role: str = "participant", profile=None, **fields):
        if profile:
            save_profile(user, profile)
            db.session.commit()
        registration = enrol_user(event, user, **fields)
        if registration.status != services.APPROVED:
            services.decide(
                event.id, [registration.id], services.Decision.APPROVE, actor=event.organizers[0]
            )
        registration.role = role
        db.session.commit()
        return registration

    return make
