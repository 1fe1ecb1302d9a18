"""Reading a person's notices: one query for the page, one for the count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from forum.events.models import Event
from forum.extensions import db
from forum.models import User
from forum.notices.models import Notice

#: The notices page shows this many, newest first.
SHOWN = 50


@dataclass
class NoticeRow:
    notice: Notice
    event: Event

    @property
    def unread(self) -> bool:
        return self.notice.read_at is None

    @property
    def created_at(self) -> datetime:
        return self.notice.created_at


def notices_of(user: User) -> list[NoticeRow]:
    rows = db.session.execute(
        sa.select(Notice, Event)
        .join(Event, Event.id == Notice.event_id)
        .where(Notice.user_id == user.id)
        .options(selectinload(Event.texts))
        .order_by(Notice.created_at.desc(), Notice.id.desc())
        .limit(SHOWN)
    ).all()
    return [NoticeRow(notice, event) for notice, event in rows]


def unread_count(user: User) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Notice)
            .where(Notice.user_id == user.id, Notice.read_at.is_(None))
        )
        or 0
    )
