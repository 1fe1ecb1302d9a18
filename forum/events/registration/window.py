"""Whether an event takes registrations right now: a pure function of the event and a time."""

from __future__ import annotations

import enum
from datetime import datetime

from forum.events.models import Event, EventStatus


class Window(enum.StrEnum):
    OPEN = "open"
    DRAFT = "draft"
    CANCELLED = "cancelled"
    NOT_YET_OPEN = "not_yet_open"
    CLOSED = "closed"
    OVER = "over"


def registration_window(event: Event, now: datetime) -> Window:
    """Open between the registration dates, and never once the event has ended.

    `now` is naive UTC, like every stored time.
    """
    if event.status == EventStatus.DRAFT.value:
        return Window.DRAFT
    if event.status == EventStatus.CANCELLED.value:
        return Window.CANCELLED
    if now >= event.ends_at:
        return Window.OVER
    if event.registration_opens_at is not None and now < event.registration_opens_at:
        return Window.NOT_YET_OPEN
    if event.registration_closes_at is not None and now >= event.registration_closes_at:
        return Window.CLOSED
    return Window.OPEN
