"""Drafts of new exchanges and replies.

One draft per author and place ("slot"): the new-exchange form, the reply box of a
thread, or the reply to one post. What was written is stored as one encrypted JSON
document (`forum.crypto.EncryptedText`): a database dump shows that someone keeps a
draft, never what it says. Drafts go when posted, when discarded, with the account, and
after `LIFETIME` (the daily `flask forum purge`).

`held_at` is set by the quick exit: the draft stays, but no page of that session shows it
again; the author gets it back in the next session they sign in to, so a device left
signed in does not open on it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from forum.crypto import EncryptedText
from forum.extensions import db
from forum.models import utcnow

LIFETIME = timedelta(days=30)
SLOT_MAX = 40


class Draft(db.Model):
    __tablename__ = "exchange_drafts"
    __table_args__ = (sa.UniqueConstraint("author_id", "slot", name="uq_exchange_drafts_slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    # "new", "reply:<thread id>" or "reply:<thread id>:<post id>".
    slot: Mapped[str] = mapped_column(sa.String(SLOT_MAX))
    # A reply's thread: the draft goes if the whole thread is removed.
    thread_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("exchange_threads.id", ondelete="CASCADE"), index=True
    )
    content: Mapped[str] = mapped_column(EncryptedText)
    held_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<Draft {self.id}>"
