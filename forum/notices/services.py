"""Writing notices (services flush; the view commits, then the email task is sent)."""

from __future__ import annotations

import sqlalchemy as sa

from forum.extensions import db
from forum.models import User, utcnow
from forum.notices import mail
from forum.notices.jobs import email_notice
from forum.notices.labels import EmailState, NoticeKind
from forum.notices.models import Notice


def notify(user_id: int, event_id: int, kind: NoticeKind, position: int | None = None) -> Notice:
    """A notice for the person, and its email (after commit) where they asked for one."""
    user = db.session.get(User, user_id)
    wants_email = bool(
        user is not None and user.email and user.notice_emails and mail.mail_enabled()
    )
    notice = Notice(
        user_id=user_id,
        event_id=event_id,
        kind=kind.value,
        position=position if kind is NoticeKind.WAITLISTED else None,
        email_state=EmailState.PENDING.value if wants_email else EmailState.NONE.value,
    )
    db.session.add(notice)
    db.session.flush()
    if wants_email:
        email_notice.send_after_commit(notice.id)
    return notice


def mark_read(user: User) -> int:
    result = db.session.execute(
        sa.update(Notice)
        .where(Notice.user_id == user.id, Notice.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return result.rowcount or 0


def stop_emails(user: User) -> None:
    """One-click unsubscribe: no more notice emails; those not yet sent are dropped."""
    user.notice_emails = False
    db.session.execute(
        sa.update(Notice)
        .where(Notice.user_id == user.id, Notice.email_state == EmailState.PENDING.value)
        .values(email_state=EmailState.NONE.value)
    )
    db.session.flush()
