"""Factories for events and agenda sessions, made through the services as organizers would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest

from forum.events import agenda, services
from forum.events.models import Event, EventStatus, Session
from forum.events.services import EventData, EventTextData, SessionData, SessionTextData
from forum.models import Role, User, utcnow

VENUE = "Casa Semilla de Paz"
ADDRESS = "Calle 45 # 12-30, Teusaquillo"
ONLINE = "https://meet.example.org/secret-room-4471"


def in_days(days: float, hour: int = 9) -> datetime:
    """A naive UTC moment `days` from now, at a round hour."""
    moment = utcnow() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
def organizer(make_user) -> User:
    return make_user("lucia", roles=[Role.ORGANIZER], display_name="Lucía Organiza")


@pytest.fixture
def make_event(db, organizer) -> Callable[..., Event]:
    """`make_event(title=..., status="published", confidential=True, ...)`."""

    def make(
        title: str = "Collective protection in practice",
        *,
        by: User | None = None,
        status: str = EventStatus.PUBLISHED.value,
        texts: dict[str, str] | None = None,
        default_locale: str = "en",
        starts_at: datetime | None = None,
        hours: float = 32,
        timezone: str = "America/Bogota",
        venue_name: str | None = VENUE,
        venue_address: str | None = ADDRESS,
        city: str | None = "Bogotá",
        country: str | None = "CO",
        online_url: str | None = None,
        confidential: bool = False,
        co_organizers: tuple[str, ...] = (),
        commit: bool = True,
        **fields: Any,
    ) -> Event:
        starts_at = starts_at or in_days(30)
        given = texts or {default_locale: title}
        data = EventData(
            kind=fields.pop("kind", "seminar"),
            default_locale=default_locale,
            texts={
                code: EventTextData(title=text, summary=f"Summary: {text}", description="")
                for code, text in given.items()
            },
            timezone=timezone,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=hours),
            venue_name=venue_name,
            venue_address=venue_address,
            city=city,
            country=country,
            online_url=online_url,
            location_confidential=confidential,
            add_organizer_usernames=list(co_organizers),
            **fields,
        )
        event = services.create_event(by or organizer, data)
        if status != EventStatus.DRAFT.value:
            services.publish_event(event)
        if status == EventStatus.CANCELLED.value:
            services.cancel_event(by or organizer, event)
        if commit:
            db.session.commit()
        return event

    return make


@pytest.fixture
def make_session(db) -> Callable[..., Session]:
    """`make_session(event, "Title", start_hours=1, hours=1, room="Sala 1")`."""

    def make(
        event: Event,
        title: str = "Risk analysis with communities",
        *,
        start_hours: float = 0,
        hours: float = 1,
        room: str = "",
        texts: dict[str, str] | None = None,
        commit: bool = True,
        **fields: Any,
    ) -> Session:
        starts_at = event.starts_at + timedelta(hours=start_hours)
        data = SessionData(
            texts={
                code: SessionTextData(title=text)
                for code, text in (texts or {event.default_locale: title}).items()
            },
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=hours),
            room=room,
            **fields,
        )
        session = agenda.add_session(event, data)
        if commit:
            db.session.commit()
        return session

    return make


def event_form(**overrides: Any) -> dict[str, Any]:
    """A valid new-event form as a browser posts it: a bilingual seminar in Bogotá."""
    data: dict[str, Any] = {
        "kind": "seminar",
        "default_locale": "en",
        "text_en-title": "Collective protection in rural Colombia",
        "text_en-summary": "Two days on community early-warning networks.",
        "text_en-description": "## Programme\n\nWith **community guards** from Cauca.",
        "text_es-title": "Protección colectiva en la Colombia rural",
        "text_es-summary": "Dos días sobre redes comunitarias de alerta temprana.",
        "text_es-description": "## Programa\n\nCon **guardias comunitarias** del Cauca.",
        "slug": "",
        "timezone": "America/Bogota",
        "starts_at": "2027-03-10T09:00",
        "ends_at": "2027-03-11T17:30",
        "venue_name": VENUE,
        "venue_address": ADDRESS,
        "city": "Bogotá",
        "country": "CO",
        "online_url": "",
        "capacity": "60",
        "registration_opens_at": "2027-01-10T09:00",
        "registration_closes_at": "2027-03-01T23:59",
        "interpretation_languages": ["en", "es"],
        "co_organizers": "",
        "purge_after_days": "30",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def edit_form(event: Event, **overrides: Any) -> dict[str, Any]:
    """`event_form` as the edit page posts it: same address, every organizer still ticked."""
    keep = [str(user.id) for user in event.organizers]
    return event_form(**{"slug": event.slug, "keep_organizers": keep, **overrides})


def session_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "text_en-title": "Mapping risks with the community",
        "text_es-title": "Mapa de riesgos con la comunidad",
        "starts_at": "2027-03-10T10:00",
        "ends_at": "2027-03-10T11:30",
        "kind": "workshop",
        "room": "Sala Magdalena",
        "track": "",
        "speakers": "Doña Rosa\nJ. P.",
        "languages": ["es"],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
