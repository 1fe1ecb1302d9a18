"""Building digests: who is due, what each followed topic had, one row per period.

A day is the UTC calendar day; a week runs from Monday 00:00 UTC. A digest covers the
last *finished* period, so building at 00:05 or at 23:55 gives the same digest, and
building twice gives one: the member is due only while no digest row exists for the
period, and the unique constraint stops a race between two workers. A period with
nothing new still gets its (empty) row, which marks it done; it is neither shown nor
emailed.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from forum.exchanges import queries as exchanges
from forum.exchanges.models import Thread
from forum.extensions import db
from forum.models import User, utcnow
from forum.notices.labels import EmailState
from forum.notices.mail import mail_enabled
from forum.security.exchanges import readable_threads_clause
from forum.topics.digests.labels import Frequency
from forum.topics.digests.models import Digest
from forum.topics.models import Follow
from forum.topics.queries import topic_for


def period_of(frequency: str, now: datetime) -> tuple[datetime, datetime]:
    """The last finished day or week before `now` (naive UTC)."""
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if frequency == Frequency.DAILY.value:
        return today - timedelta(days=1), today
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(days=7), monday


def _due(frequency: str, start: datetime) -> list[User]:
    done = sa.select(Digest.id).where(
        Digest.user_id == User.id, Digest.frequency == frequency, Digest.period_start == start
    )
    follows = sa.select(Follow.id).where(Follow.user_id == User.id)
    return list(
        db.session.scalars(
            sa.select(User)
            .where(
                User.digest == frequency,
                User.disabled_at.is_(None),
                sa.exists(follows),
                ~sa.exists(done),
            )
            .order_by(User.id)
        )
    )


def counts_for(user: Any, start: datetime, end: datetime) -> list[list[Any]]:
    """`[kind, code, new exchanges]` for each followed topic, in one UNION ALL query."""
    follows = [
        (follow, topic)
        for follow in db.session.scalars(
            sa.select(Follow).where(Follow.user_id == user.id).order_by(Follow.kind, Follow.code)
        )
        if (topic := topic_for(follow.kind, follow.code)) is not None
    ]
    if not follows:
        return []
    listable = sa.and_(
        readable_threads_clause(user),
        Thread.hidden_at.is_(None),
        Thread.deleted_at.is_(None),
        Thread.created_at >= start,
        Thread.created_at < end,
    )
    filters = {
        follow.id: exchanges.Filters(
            regions=[topic.code] if topic.kind == "region" else [],
            countries=[topic.code] if topic.kind == "country" else [],
            risks=[topic.code] if topic.kind == "risk" else [],
            groups=[topic.code] if topic.kind == "group" else [],
        )
        for follow, topic in follows
    }
    query = sa.union_all(
        *(
            sa.select(sa.literal(follow.id).label("follow_id"), sa.func.count(Thread.id)).where(
                listable, *filters[follow.id].conditions()
            )
            for follow, _ in follows
        )
    )
    found = dict(db.session.execute(query).all())
    return [[topic.kind, topic.code, int(found.get(follow.id, 0))] for follow, topic in follows]


def build_digests(now: datetime | None = None) -> list[int]:
    """Every digest due at `now`; the ids of those to email (the caller commits, then the
    queue sends them: `jobs.build_and_send`)."""
    now = now or utcnow()
    emails = mail_enabled()
    to_email: list[int] = []
    for frequency in (Frequency.DAILY.value, Frequency.WEEKLY.value):
        start, end = period_of(frequency, now)
        for user in _due(frequency, start):
            counts = counts_for(user, start, end)
            total = sum(count for _, _, count in counts)
            wants_email = bool(emails and total and user.email and user.digest_emails)
            digest = Digest(
                user_id=user.id,
                frequency=frequency,
                period_start=start,
                period_end=end,
                counts=[row for row in counts if row[2]],
                total=total,
                email_state=EmailState.PENDING.value if wants_email else EmailState.NONE.value,
            )
            try:
                with db.session.begin_nested():
                    db.session.add(digest)
            except IntegrityError:  # another worker built this one first
                continue
            if wants_email:
                to_email.append(digest.id)
    db.session.flush()
    return to_email


def mark_read(user: Any) -> None:
    db.session.execute(
        sa.update(Digest)
        .where(Digest.user_id == user.id, Digest.read_at.is_(None))
        .values(read_at=utcnow())
    )
