"""What events hold about a person: the events they organize (or created).

Export lists them; erasure takes the person off every organizing team and forgets who
created an event. The events themselves stay: they belong to their other organizers and
to the people registered for them.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from forum.events.models import Event, EventText, event_organizers
from forum.extensions import db
from forum.models import User


def export_for(user: User) -> dict[str, Any]:
    organized = db.session.execute(
        sa.select(Event.slug, Event.status, Event.default_locale, Event.id)
        .join(event_organizers, event_organizers.c.event_id == Event.id)
        .where(event_organizers.c.user_id == user.id)
        .order_by(Event.starts_at, Event.id)
    ).all()
    titles = {
        (text.event_id, text.locale): text.title
        for text in db.session.scalars(
            sa.select(EventText).where(EventText.event_id.in_([row.id for row in organized]))
        )
    }
    return {
        "events_organized": [
            {
                "event": row.slug,
                "title": titles.get((row.id, row.default_locale), ""),
                "status": row.status,
            }
            for row in organized
        ]
    }


def erase_for(user: User, *, keep_posts: bool) -> None:
    """Rows that point at the account go explicitly, so a reused id never inherits an
    organizer seat."""
    db.session.execute(sa.delete(event_organizers).where(event_organizers.c.user_id == user.id))
    db.session.execute(
        sa.update(Event).where(Event.created_by_id == user.id).values(created_by_id=None)
    )
