"""Sending notice emails from the worker, each once.

The notice row is the outbox: written in the same transaction as the change it tells
about, with `email_state = pending`. The task claims it (`sending`), hands the email to
the SMTP server, and marks it `sent`. When the SMTP server is down the claim is given
back and the queue tries again later, backing off up to an hour; the sweep sends again
what stays pending or was left `sending` by a worker that died. The one window for a
second copy is a worker dying between the SMTP server's "accepted" and the commit; the
Message-ID is the notice's own, so a receiving server can recognise the copy.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import sqlalchemy as sa

from forum.auth.mail import smtp_connection
from forum.extensions import db
from forum.models import User, utcnow
from forum.notices.delivery import send_claimed
from forum.notices.labels import EmailState
from forum.notices.mail import notice_email
from forum.notices.models import Notice
from forum.queue.tasks import sweep, task

log = logging.getLogger(__name__)

#: A notice still pending, or sending, after this long lost its task or its worker.
RESEND_AFTER = timedelta(minutes=10)
#: Older than this, an unsent email is dropped (the notice stays in-app).
GIVE_UP_AFTER = timedelta(days=2)


@task(
    "notices.email",
    max_retries=10,
    min_backoff=timedelta(seconds=30),
    max_backoff=timedelta(hours=1),
    time_limit=timedelta(minutes=2),
    queue="mail",
)
def email_notice(notice_id: int) -> None:
    send_claimed(
        Notice,
        notice_id,
        lambda user: user.notice_emails,
        lambda user, row: notice_email(user, row.id),
    )


#: Notices emailed by one `notices.email_range` task, over one SMTP session.
BATCH = 100


@task(
    "notices.email_range",
    max_retries=10,
    min_backoff=timedelta(seconds=30),
    max_backoff=timedelta(hours=1),
    time_limit=timedelta(minutes=10),
    queue="mail",
)
def email_range(first_id: int, last_id: int) -> None:
    """The pending notice emails with ids from `first_id` to `last_id`, one SMTP session.

    All are claimed in one statement (a second copy of the task finds none); each is
    marked sent as soon as the server accepts it, so a failure half-way gives back only
    the rest, which the queue's retry sends.
    """
    now = utcnow()
    db.session.execute(
        sa.update(Notice)
        .where(
            Notice.id.between(first_id, last_id),
            Notice.email_state == EmailState.PENDING.value,
        )
        .values(email_state=EmailState.SENDING.value, emailed_at=now)
    )
    db.session.commit()
    rows = db.session.execute(
        sa.select(Notice.id, User)
        .join(User, User.id == Notice.user_id)
        .where(
            Notice.id.between(first_id, last_id),
            Notice.email_state == EmailState.SENDING.value,
            Notice.emailed_at == now,
        )
        .order_by(Notice.id)
    ).all()
    if not rows:
        return
    left = [notice_id for notice_id, _ in rows]
    try:
        with smtp_connection() as smtp:
            for notice_id, user in rows:
                if user.email and user.notice_emails:
                    smtp.send_message(notice_email(user, notice_id))
                    state = EmailState.SENT.value
                else:
                    state = EmailState.NONE.value
                db.session.execute(
                    sa.update(Notice)
                    .where(Notice.id == notice_id)
                    .values(email_state=state, emailed_at=utcnow())
                )
                db.session.commit()
                left.remove(notice_id)
    except Exception:
        db.session.rollback()
        db.session.execute(
            sa.update(Notice)
            .where(Notice.id.in_(left), Notice.email_state == EmailState.SENDING.value)
            .values(email_state=EmailState.PENDING.value)
        )
        db.session.commit()
        raise


@sweep
def resend_unsent_emails() -> int:
    now = utcnow()
    stale = sa.or_(
        sa.and_(
            Notice.email_state == EmailState.PENDING.value,
            sa.func.coalesce(Notice.emailed_at, Notice.created_at) < now - RESEND_AFTER,
        ),
        sa.and_(
            Notice.email_state == EmailState.SENDING.value,
            Notice.emailed_at < now - RESEND_AFTER,
        ),
    )
    db.session.execute(
        sa.update(Notice)
        .where(stale, Notice.created_at < now - GIVE_UP_AFTER)
        .values(email_state=EmailState.NONE.value)
    )
    ids = list(db.session.scalars(sa.select(Notice.id).where(stale)))
    if ids:
        db.session.execute(
            sa.update(Notice)
            .where(Notice.id.in_(ids))
            .values(email_state=EmailState.PENDING.value, emailed_at=now)
        )
    db.session.commit()
    for notice_id in ids:
        email_notice.send(notice_id)
    return len(ids)
