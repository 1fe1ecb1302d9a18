"""The personal calendar feed in "my data": exported (whether it is on, since when) and
erased with the account (see `forum.profiles.data_rights`)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from forum.events.calendar.models import CalendarFeed
from forum.events.calendar.services import feed_of
from forum.extensions import db
from forum.models import User


def export_for(user: User) -> dict[str, Any]:
    """The feed's state, not its address: an export file travels further than the account
    page, and the address alone would open the agenda (venues included)."""
    feed = feed_of(user)
    return {
        "calendar_feed": {
            "on": feed is not None,
            "created_at": feed.created_at.isoformat() + "Z" if feed is not None else None,
        }
    }


def erase_for(user: User, *, keep_posts: bool) -> None:
    """Delete the feed explicitly: the address must die with the account on every engine."""
    db.session.execute(sa.delete(CalendarFeed).where(CalendarFeed.user_id == user.id))
