"""One digest: a member's followed topics over one period, as counts.

The unique (member, frequency, start of the period) makes building idempotent: a second
run for the same day or week finds the row and writes nothing. `counts` holds topic codes
and numbers only (`[["region", "africa", 3], …]`), never a title: the words are made when
the digest is read.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db
from forum.models import utcnow
from forum.notices.labels import EmailState


class Digest(db.Model):
    __tablename__ = "topic_digests"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "frequency", "period_start", name="uq_topic_digests_period"),
        sa.CheckConstraint("frequency IN ('daily', 'weekly')", name="known_frequency"),
        sa.CheckConstraint(
            "email_state IN ('none', 'pending', 'sending', 'sent')", name="known_email_state"
        ),
        sa.CheckConstraint("total >= 0", name="total_not_negative"),
        sa.Index("ix_topic_digests_email_state", "email_state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    frequency: Mapped[str] = mapped_column(sa.String(6))
    period_start: Mapped[datetime]
    period_end: Mapped[datetime]
    counts: Mapped[list] = mapped_column(sa.JSON, default=list)
    total: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    email_state: Mapped[str] = mapped_column(sa.String(10), default=EmailState.NONE.value)
    emailed_at: Mapped[datetime | None]
