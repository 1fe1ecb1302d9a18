"""A person's notices in "my data"; erased with the account (the rows go with it)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from forum.dates import iso_or_none
from forum.extensions import db
from forum.models import User
from forum.notices.models import Notice


def export_for(user: User) -> dict[str, Any]:
    notices = db.session.scalars(
        sa.select(Notice).where(Notice.user_id == user.id).order_by(Notice.id)
    ).all()
    return {
        "notices": [
            {
                "kind": notice.kind,
                "event_id": notice.event_id,
                "waiting_list_position": notice.position,
                "session_id": notice.session_id,
                "message_id": notice.message_id,
                "created_at": iso_or_none(notice.created_at),
                "read_at": iso_or_none(notice.read_at),
                "email": notice.email_state,
            }
            for notice in notices
        ],
        "notice_emails": bool(user.notice_emails),
    }


def erase_for(user: User, *, keep_posts: bool) -> None:
    db.session.execute(sa.delete(Notice).where(Notice.user_id == user.id))
    user.notice_emails = False
    db.session.flush()
