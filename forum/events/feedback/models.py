"""Feedback surveys after an event (or one of its sessions), answered anonymously.

A survey reuses the registration questions' shape (kind, wording per language, choices
with stable keys, required) and their answer rules (`registration.questions.answers`);
it adds a built-in 1–5 rating.

What a response keeps, and what it does not:

* no person id and no registration id: `SurveyResponse` has no column that joins to a
  person;
* `token`: HMAC of the registration and the survey under a key kept outside the database
  (`feedback.tokens`). Unique per survey, so a registration answers once, even when two
  answers race; a dump without the key cannot tell whose token it is, nor link two
  surveys answered by the same person (the survey id is in the message);
* `id`: random, not a sequence, so the order of answers cannot be lined up with
  anything else recorded in the same order;
* `answered_on`: the day only;
* free-text answers encrypted at rest (`secret`): they are read by organizers only, and
  what people write may identify them.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.crypto import EncryptedText
from forum.events.models import Event, Session
from forum.extensions import db
from forum.models import utcnow
from forum.statistics.keys import record_key_column

RATING_MIN, RATING_MAX = 1, 5
TOKEN_LENGTH = 64  # hex HMAC-SHA256


def new_response_id() -> str:
    return secrets.token_hex(16)


class Survey(db.Model):
    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    # None: about the whole event; else about one session.
    session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    is_open: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    event: Mapped[Event] = relationship()
    session: Mapped[Session | None] = relationship()
    questions: Mapped[list[SurveyQuestion]] = relationship(
        back_populates="survey",
        cascade="all, delete-orphan",
        order_by="(SurveyQuestion.position, SurveyQuestion.id)",
    )


class SurveyQuestion(db.Model):
    """Same fields and meaning as `registration.models.Question`, for one survey."""

    __tablename__ = "survey_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(
        sa.ForeignKey("surveys.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(20))
    labels: Mapped[dict[str, str]] = mapped_column(sa.JSON, default=dict)
    choices: Mapped[list[dict]] = mapped_column(sa.JSON, default=list)
    required: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)

    survey: Mapped[Survey] = relationship(back_populates="questions")

    # What the shared answer rules read from a question.
    sensitive = False

    @property
    def event(self) -> Event:
        return self.survey.event


class SurveyResponse(db.Model):
    __tablename__ = "survey_responses"
    __table_args__ = (
        sa.UniqueConstraint("survey_id", "token", name="uq_survey_responses_survey_token"),
        sa.CheckConstraint(
            f"rating IS NULL OR (rating >= {RATING_MIN} AND rating <= {RATING_MAX})",
            name="rating_in_range",
        ),
    )

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=new_response_id)
    survey_id: Mapped[int] = mapped_column(
        sa.ForeignKey("surveys.id", ondelete="CASCADE"), index=True
    )
    token: Mapped[str] = mapped_column(sa.String(TOKEN_LENGTH))
    rating: Mapped[int | None] = mapped_column(sa.SmallInteger)
    answered_on: Mapped[date]
    stat_key: Mapped[int] = record_key_column()

    answers: Mapped[list[SurveyAnswer]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )


class SurveyAnswer(db.Model):
    """One answer; choices and yes/no in `value` (counted), free text only in `secret`."""

    __tablename__ = "survey_answers"
    __table_args__ = (sa.CheckConstraint("value IS NULL OR secret IS NULL", name="one_storage"),)

    # No sequence of its own: answers are keyed by their (random) response.
    response_id: Mapped[str] = mapped_column(
        sa.ForeignKey("survey_responses.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("survey_questions.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    value: Mapped[str | None] = mapped_column(sa.Text)
    secret: Mapped[str | None] = mapped_column(EncryptedText)

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")
    question: Mapped[SurveyQuestion] = relationship()

    @property
    def stored(self) -> str | None:
        return self.secret if self.secret is not None else self.value
