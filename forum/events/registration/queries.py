"""Read-only questions about registrations, shared by the event pages and exports."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from forum.events.registration.models import Registration
from forum.extensions import db


def registration_of(user: Any, event_id: int) -> Registration | None:
    """The viewer's own registration for an event, if they are signed in and have one."""
    if user is None or not user.is_authenticated:
        return None
    return db.session.scalar(
        sa.select(Registration).where(
            Registration.event_id == event_id, Registration.user_id == user.id
        )
    )
