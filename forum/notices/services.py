"""Writing notices (services flush; the view commits, then the email task is sent)."""

from __future__ import annotations

import sqlalchemy as sa

from forum.events.registration.models import ACTIVE_STATUSES, Registration
from forum.extensions import db
from forum.models import User, utcnow
from forum.notices import mail
from forum.notices.jobs import BATCH, email_notice, email_range
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


def notify_many(
    user_ids: list[int],
    event_id: int,
    kind: NoticeKind,
    *,
    session_id: int | None = None,
    message_id: int | None = None,
) -> int:
    """One notice for each person, written in one statement; their emails go in batches
    of `BATCH` per task, so telling 1,000 people queues ten tasks, not a thousand."""
    if not user_ids:
        return 0
    wanting = set()
    if mail.mail_enabled():
        wanting = set(
            db.session.scalars(
                sa.select(User.id).where(
                    User.id.in_(user_ids), User.notice_emails.is_(True), User.email.is_not(None)
                )
            )
        )
    now = utcnow()
    # Core insert on the table: the ORM's per-row bookkeeping would cost a third more.
    db.session.execute(
        Notice.__table__.insert(),
        [
            {
                "user_id": user_id,
                "event_id": event_id,
                "kind": kind.value,
                "session_id": session_id,
                "message_id": message_id,
                "created_at": now,
                "email_state": (
                    EmailState.PENDING.value if user_id in wanting else EmailState.NONE.value
                ),
            }
            for user_id in user_ids
        ],
    )
    pending = list(
        db.session.scalars(
            sa.select(Notice.id)
            .where(
                Notice.event_id == event_id,
                Notice.created_at == now,
                Notice.email_state == EmailState.PENDING.value,
            )
            .order_by(Notice.id)
        )
    )
    for start in range(0, len(pending), BATCH):
        chunk = pending[start : start + BATCH]
        email_range.send_after_commit(chunk[0], chunk[-1])
    return len(user_ids)


def notify_selected(
    user_ids: sa.Select,
    event_id: int,
    kind: NoticeKind,
    *,
    session_id: int | None = None,
    message_id: int | None = None,
) -> int:
    """One notice for each person `user_ids` (a query of one column, `user_id`) finds,
    written by the database itself: INSERT … SELECT, whatever their number one statement
    with no parameter per person, returning the ids of those to email; one queue task per
    `BATCH` of them. How many were told."""
    chosen = user_ids.subquery()
    table = Notice.__table__
    wants = (
        sa.and_(User.notice_emails.is_(True), User.email.is_not(None))
        if mail.mail_enabled()
        else sa.false()
    )
    now = utcnow()
    source = sa.select(
        User.id,
        sa.literal(event_id, sa.Integer),
        sa.literal(kind.value, sa.String),
        sa.literal(session_id, sa.Integer),
        sa.literal(message_id, sa.Integer),
        sa.literal(now, sa.DateTime),
        sa.case((wants, EmailState.PENDING.value), else_=EmailState.NONE.value),
    ).join(chosen, chosen.c.user_id == User.id)
    columns = ["user_id", "event_id", "kind", "session_id", "message_id", "created_at"]
    written = db.session.execute(
        table.insert()
        .from_select([*columns, "email_state"], source)
        .returning(table.c.id, table.c.email_state)
    ).all()
    pending = sorted(notice_id for notice_id, state in written if state == EmailState.PENDING.value)
    for start in range(0, len(pending), BATCH):
        chunk = pending[start : start + BATCH]
        email_range.send_after_commit(chunk[0], chunk[-1])
    return len(written)


def notify_registrants(event_id: int, kind: NoticeKind, *, session_id: int | None = None) -> int:
    """Tell everyone still coming (pending, approved, waiting) about a change to the event:
    one query for who, one statement for the notices, emails in batches on the queue."""
    still_coming = sa.select(Registration.user_id).where(
        Registration.event_id == event_id,
        Registration.status.in_(sorted(ACTIVE_STATUSES)),
    )
    return notify_selected(still_coming, event_id, kind, session_id=session_id)


def mark_read(user: User) -> int:
    result = db.session.execute(
        sa.update(Notice)
        .where(Notice.user_id == user.id, Notice.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return result.rowcount or 0


def stop_emails(user: User) -> None:
    """One-click unsubscribe: no more emails (notices, digests); those not yet sent are
    dropped (a digest still pending is sent by nobody: its task finds the choice off)."""
    user.notice_emails = False
    user.digest_emails = False
    db.session.execute(
        sa.update(Notice)
        .where(Notice.user_id == user.id, Notice.email_state == EmailState.PENDING.value)
        .values(email_state=EmailState.NONE.value)
    )
    db.session.flush()
