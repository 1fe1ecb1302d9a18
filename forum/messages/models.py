"""An organizers' message to an event's registrants, and its versions per language.

Who received it is not stored here: each recipient holds a notice (`forum.notices`,
kind `message`) pointing at it, so "the messages sent to me" is one join and erasing a
person removes their notices and with them every trace that they were written to. The
message keeps how many it went to and by which rule they were chosen, not a list of names.
The text may hold practical details (bring your passport, the room moved): it is
encrypted at rest, like other things people write for a small group.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.crypto import EncryptedText
from forum.extensions import db
from forum.models import utcnow

SUBJECT_MAX = 150
BODY_MAX = 5000
ANSWER_MAX = 40


class Message(db.Model):
    __tablename__ = "event_messages"
    __table_args__ = (
        sa.CheckConstraint("recipient_count >= 0", name="recipient_count_not_negative"),
        sa.CheckConstraint(
            "to_checked_in IS NULL OR to_checked_in IN ('yes', 'no')", name="known_checked_in"
        ),
        sa.Index("ix_event_messages_event_created", "event_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    # Kept when the sender's account is erased: the message still belongs to the event.
    sender_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    default_locale: Mapped[str] = mapped_column(sa.String(5))
    # The rule that chose the recipients (codes and ids, never names).
    to_status: Mapped[str | None] = mapped_column(sa.String(20))  # None: everyone still coming
    to_checked_in: Mapped[str | None] = mapped_column(sa.String(3))
    to_question_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("questions.id", ondelete="SET NULL")
    )
    to_answer: Mapped[str | None] = mapped_column(sa.String(ANSWER_MAX))
    recipient_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    texts: Mapped[list[MessageText]] = relationship(
        back_populates="message", cascade="all, delete-orphan", order_by="MessageText.locale"
    )

    def text_for(self, locale: str) -> MessageText | None:
        """The reader's language, else the message's main one (the page says so)."""
        by_locale = {text.locale: text for text in self.texts}
        return by_locale.get(locale) or by_locale.get(self.default_locale)

    def __repr__(self) -> str:
        return f"<Message {self.id} event={self.event_id} to={self.recipient_count}>"


class MessageText(db.Model):
    __tablename__ = "event_message_texts"
    __table_args__ = (sa.UniqueConstraint("message_id", "locale", name="uq_event_message_texts"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(sa.ForeignKey("event_messages.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(sa.String(5))
    subject: Mapped[str] = mapped_column(EncryptedText)
    body: Mapped[str] = mapped_column(EncryptedText)

    message: Mapped[Message] = relationship(back_populates="texts")
