"""A busy agenda for the benchmarks: the same sessions wherever an event page, its PDF or
its calendar is measured, so their figures compare."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

LOCALES = ("en", "es", "fr", "pt", "ar")
ROOMS = ("Sala 1", "Sala 2", "Sala 3", "Sala 4", "Sala 5")


def add_sessions(event: Any, count: int) -> None:
    """`count` half-hour workshops over the event's first three days, five rooms in
    parallel, titled in every language (the caller commits)."""
    from forum.events import agenda
    from forum.events.services import SessionData, SessionTextData

    per_day = count // 3
    for number in range(count):
        day, slot = divmod(number, per_day)
        start = event.starts_at + timedelta(days=day, minutes=30 * (slot // 5))
        agenda.add_session(
            event,
            SessionData(
                texts={
                    code: SessionTextData(title=f"Session {number}: protection tactics")
                    for code in LOCALES
                },
                starts_at=start,
                ends_at=start + timedelta(minutes=30),
                kind="workshop",
                room=ROOMS[number % len(ROOMS)],
                speakers=["Doña Rosa", "J. P."],
                languages=["es", "en"],
            ),
        )
