"""Messages in "my data": those sent to me (through my notices) in full, and, for an
organizer, the messages I sent (what, when, to how many). Erasure removes my notices, and
with them that I was written to; messages I sent stay with the event, without my name."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from forum.dates import iso_or_none
from forum.extensions import db
from forum.messages.models import Message
from forum.models import User
from forum.notices.labels import NoticeKind
from forum.notices.models import Notice


def _texts(message: Message) -> dict[str, dict[str, str]]:
    return {text.locale: {"subject": text.subject, "body": text.body} for text in message.texts}


def export_for(user: User) -> dict[str, Any]:
    received = db.session.scalars(
        sa.select(Message)
        .join(Notice, Notice.message_id == Message.id)
        .where(Notice.user_id == user.id, Notice.kind == NoticeKind.MESSAGE.value)
        .options(selectinload(Message.texts))
        .order_by(Message.id)
    ).all()
    sent = db.session.scalars(
        sa.select(Message)
        .where(Message.sender_id == user.id)
        .options(selectinload(Message.texts))
        .order_by(Message.id)
    ).all()
    return {
        "messages_received": [
            {
                "event_id": message.event_id,
                "sent_at": iso_or_none(message.created_at),
                "texts": _texts(message),
            }
            for message in received
        ],
        "messages_sent": [
            {
                "event_id": message.event_id,
                "sent_at": iso_or_none(message.created_at),
                "recipients": message.recipient_count,
                "texts": _texts(message),
            }
            for message in sent
        ],
    }


def erase_for(user: User, *, keep_posts: bool) -> None:
    db.session.execute(
        sa.delete(Notice).where(Notice.user_id == user.id, Notice.kind == NoticeKind.MESSAGE.value)
    )
    db.session.execute(
        sa.update(Message).where(Message.sender_id == user.id).values(sender_id=None)
    )
    db.session.flush()
