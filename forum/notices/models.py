"""A notice to one person about their own registration.

It holds codes and ids only (kind, event, waiting-list position): the words are made
when the notice is read, in the reader's language of that moment. No venue is ever part
of it; the event page decides what the reader may see there.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db
from forum.models import utcnow
from forum.notices.labels import EmailState, NoticeKind


def _values(kind: type) -> tuple[str, ...]:
    return tuple(member.value for member in kind)


class Notice(db.Model):
    __tablename__ = "notices"
    __table_args__ = (
        sa.CheckConstraint(sa.column("kind").in_(_values(NoticeKind)), name="known_kind"),
        sa.CheckConstraint(
            sa.column("email_state").in_(_values(EmailState)), name="known_email_state"
        ),
        sa.Index("ix_notices_user_created", "user_id", "created_at"),
        sa.Index("ix_notices_email_state", "email_state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(20))
    position: Mapped[int | None]
    # What the notice is about inside the event: the session that moved or was cancelled,
    # the organizers' message (`forum.messages`). Ids only, like the rest.
    session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sessions.id", ondelete="SET NULL")
    )
    message_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("event_messages.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    email_state: Mapped[str] = mapped_column(sa.String(10), default=EmailState.NONE.value)
    # When the email was handed over (state sent), or taken by a worker (state sending).
    emailed_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<Notice {self.id} {self.kind} user={self.user_id}>"
