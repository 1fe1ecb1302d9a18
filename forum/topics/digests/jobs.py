"""Building digests and emailing them, from the worker.

`build` runs from the worker's sweep every minute (and from `flask forum send-digests`):
it finds nothing to do except just after a day or a week ends. Each email is claimed,
sent and marked like a notice email (`forum.notices.jobs`).
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from forum.extensions import db
from forum.models import utcnow
from forum.notices.delivery import send_claimed
from forum.notices.labels import EmailState
from forum.queue.tasks import sweep, task
from forum.topics.digests.mail import digest_email
from forum.topics.digests.models import Digest
from forum.topics.digests.services import build_digests

RESEND_AFTER = timedelta(minutes=10)
GIVE_UP_AFTER = timedelta(days=2)


@task(
    "digests.email",
    max_retries=10,
    min_backoff=timedelta(seconds=30),
    max_backoff=timedelta(hours=1),
    time_limit=timedelta(minutes=2),
    queue="mail",
)
def email_digest(digest_id: int) -> None:
    send_claimed(
        Digest,
        digest_id,
        lambda user: user.digest_emails,
        lambda user, row: digest_email(user, row),
    )


def build_and_send() -> int:
    """Build what is due, commit, queue the emails; how many digests were emailed."""
    ids = build_digests()
    db.session.commit()
    for digest_id in ids:
        email_digest.send(digest_id)
    return len(ids)


@sweep
def build_due_digests() -> int:
    return build_and_send()


@sweep
def resend_unsent_digests() -> int:
    now = utcnow()
    stale = sa.or_(
        sa.and_(
            Digest.email_state == EmailState.PENDING.value,
            sa.func.coalesce(Digest.emailed_at, Digest.created_at) < now - RESEND_AFTER,
        ),
        sa.and_(
            Digest.email_state == EmailState.SENDING.value,
            Digest.emailed_at < now - RESEND_AFTER,
        ),
    )
    db.session.execute(
        sa.update(Digest)
        .where(stale, Digest.created_at < now - GIVE_UP_AFTER)
        .values(email_state=EmailState.NONE.value)
    )
    ids = list(db.session.scalars(sa.select(Digest.id).where(stale)))
    if ids:
        db.session.execute(
            sa.update(Digest)
            .where(Digest.id.in_(ids))
            .values(email_state=EmailState.PENDING.value, emailed_at=now)
        )
    db.session.commit()
    for digest_id in ids:
        email_digest.send(digest_id)
    return len(ids)
