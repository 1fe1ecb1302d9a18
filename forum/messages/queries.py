"""Reads: who a message goes to, the messages an event sent, the ones a member received."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from forum.events.models import Event
from forum.events.registration.models import (
    ACTIVE_STATUSES,
    Answer,
    Question,
    QuestionKind,
    Registration,
)
from forum.events.registration.questions.answers import (
    active_choices,
    choice_label,
    encode,
    question_label,
)
from forum.extensions import db
from forum.messages.models import Message
from forum.models import User
from forum.notices.labels import NoticeKind
from forum.notices.models import Notice

#: Questions whose answers can choose recipients: fixed answers, stored in plain. Answers
#: to sensitive questions are encrypted and stay out of any query.
CHOOSABLE_KINDS = (
    QuestionKind.SINGLE_CHOICE.value,
    QuestionKind.MULTIPLE_CHOICE.value,
    QuestionKind.YES_NO.value,
)
#: An event's page lists this many of the messages its reader received, newest first.
SHOWN = 20


@dataclass(frozen=True)
class Recipients:
    """The rule choosing a message's recipients: codes and ids only."""

    status: str | None = None  # None: everyone still coming (pending, approved, waiting)
    checked_in: str | None = None  # "yes", "no" or None (either)
    question_id: int | None = None
    answer: str | None = None  # a choice key, "yes" or "no"

    @property
    def only_approved(self) -> bool:
        return self.status == "approved"


def choosable_questions(event_id: int) -> list[Question]:
    return list(
        db.session.scalars(
            sa.select(Question)
            .where(
                Question.event_id == event_id,
                Question.archived_at.is_(None),
                Question.sensitive.is_(False),
                Question.kind.in_(CHOOSABLE_KINDS),
            )
            .order_by(Question.position, Question.id)
        )
    )


def answer_options(questions: list[Question], locale: str) -> list[tuple[str, str]]:
    """`"<question id>:<answer>"` and "Question: answer" for each answer one may choose."""
    options = []
    for question in questions:
        label = question_label(question, locale)
        if question.kind == QuestionKind.YES_NO.value:
            keys = ["yes", "no"]
        else:
            keys = [choice["key"] for choice in active_choices(question)]
        for key in keys:
            shown = (
                (_("Yes") if key == "yes" else _("No"))
                if question.kind == QuestionKind.YES_NO.value
                else choice_label(question, key, locale)
            )
            options.append((f"{question.id}:{key}", f"{label}: {shown}"))
    return options


def _recipients_query(event_id: int, rule: Recipients) -> sa.Select:
    query = sa.select(Registration.user_id).where(Registration.event_id == event_id)
    if rule.status:
        query = query.where(Registration.status == rule.status)
    else:
        query = query.where(Registration.status.in_(sorted(ACTIVE_STATUSES)))
    if rule.checked_in == "yes":
        query = query.where(Registration.checked_in_at.is_not(None))
    elif rule.checked_in == "no":
        query = query.where(Registration.checked_in_at.is_(None))
    if rule.question_id is not None and rule.answer is not None:
        question = db.session.get(Question, rule.question_id)
        stored = encode(rule.answer)
        matches = (
            Answer.value.contains(stored, autoescape=True)  # a list of keys, each quoted
            if question is not None and question.kind == QuestionKind.MULTIPLE_CHOICE.value
            else Answer.value == stored
        )
        query = query.where(
            sa.exists().where(
                Answer.registration_id == Registration.id,
                Answer.question_id == rule.question_id,
                matches,
            )
        )
    return query


def recipients_query(event_id: int, rule: Recipients) -> sa.Select:
    """The recipients' ids as a query (`user_id`), for INSERT … SELECT."""
    return _recipients_query(event_id, rule)


def recipient_ids(event_id: int, rule: Recipients) -> list[int]:
    return list(
        db.session.scalars(_recipients_query(event_id, rule).order_by(Registration.user_id))
    )


def recipient_count(event_id: int, rule: Recipients) -> int:
    subquery = _recipients_query(event_id, rule).subquery()
    return db.session.scalar(sa.select(sa.func.count()).select_from(subquery)) or 0


def sent_by_event(event: Event, limit: int = 100) -> list[Message]:
    return list(
        db.session.scalars(
            sa.select(Message)
            .where(Message.event_id == event.id)
            .options(selectinload(Message.texts))
            .order_by(Message.created_at.desc(), Message.id.desc())
            .limit(limit)
        )
    )


def senders_of(messages: list[Message]) -> dict[int, str]:
    ids = {message.sender_id for message in messages if message.sender_id is not None}
    if not ids:
        return {}
    rows = db.session.execute(sa.select(User.id, User.display_name).where(User.id.in_(ids)))
    return {user_id: name for user_id, name in rows}


def received_by(user: Any, event_id: int | None = None, limit: int = SHOWN) -> list[Message]:
    """The messages `user` was sent (at `event_id`, or anywhere): through their notices,
    so nobody reads a message they were not among the recipients of."""
    if not getattr(user, "is_authenticated", False):
        return []
    query = (
        sa.select(Message)
        .join(Notice, Notice.message_id == Message.id)
        .where(Notice.user_id == user.id, Notice.kind == NoticeKind.MESSAGE.value)
        .options(selectinload(Message.texts))
        .order_by(Message.created_at.desc(), Message.id.desc())
        .limit(limit)
    )
    if event_id is not None:
        query = query.where(Message.event_id == event_id)
    return list(db.session.scalars(query))
