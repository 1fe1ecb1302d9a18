"""Organizers define, change, reorder and remove an event's questions. Functions flush only.

Changing a question must never make an answer already given unreadable or less
protected: choices keep their keys (a removed choice is only marked removed), a question
with answers is archived instead of deleted, its kind cannot change, and it can become
sensitive (existing answers are then encrypted) but never stop being sensitive.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from forum.events.models import Event
from forum.events.registration.models import CHOICE_KINDS, Answer, Question
from forum.events.registration.questions.answers import (
    QUESTIONS_MAX,
    new_choice_key,
)
from forum.extensions import db
from forum.models import utcnow


class QuestionError(ValueError):
    """A rule about questions was broken; the message is translated."""


@dataclass
class ChoiceInput:
    key: str | None
    labels: dict[str, str]
    removed: bool = False


@dataclass
class QuestionInput:
    kind: str
    purpose: str
    required: bool
    sensitive: bool
    labels: dict[str, str]
    choices: list[ChoiceInput] = field(default_factory=list)


def event_questions(event_id: int, *, archived: bool = False) -> list[Question]:
    condition = Question.archived_at.is_not(None) if archived else Question.archived_at.is_(None)
    return list(
        db.session.scalars(
            sa.select(Question)
            .where(Question.event_id == event_id, condition)
            .order_by(Question.position, Question.id)
        )
    )


def answer_count(question: Question) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Answer).where(Answer.question_id == question.id)
        )
        or 0
    )


def create_question(event: Event, data: QuestionInput) -> Question:
    current = event_questions(event.id)
    if len(current) >= QUESTIONS_MAX:
        raise QuestionError(_("An event can have at most %(max)d questions.", max=QUESTIONS_MAX))
    question = Question(event=event, kind=data.kind, position=len(current))
    _apply(question, data)
    db.session.add(question)
    db.session.flush()
    return question


def update_question(question: Question, data: QuestionInput) -> None:
    answered = answer_count(question) > 0
    if answered and data.kind != question.kind:
        raise QuestionError(
            _(
                "People have answered this question, so its kind cannot change. "
                "Add a new question instead."
            )
        )
    if answered and question.sensitive and not data.sensitive:
        raise QuestionError(
            _(
                "People answered this question on the understanding that their answers are "
                "stored encrypted, so it must stay sensitive. Add a new question instead."
            )
        )
    becomes_sensitive = data.sensitive and not question.sensitive
    question.kind = data.kind
    _apply(question, data)
    if becomes_sensitive and answered:
        _encrypt_answers(question)
    db.session.flush()


def _apply(question: Question, data: QuestionInput) -> None:
    question.purpose = data.purpose
    question.required = data.required
    question.sensitive = data.sensitive
    question.labels = {locale: text for locale, text in data.labels.items() if text}
    if data.kind in CHOICE_KINDS:
        question.choices = _merge_choices(question, data.choices)
        if not any(not choice.get("removed") for choice in question.choices):
            raise QuestionError(_("Give at least one choice."))
    else:  # a kind can only change before anyone answered, so no answer needs these
        question.choices = []


def _merge_choices(question: Question, submitted: list[ChoiceInput]) -> list[dict]:
    """Existing choices keep their keys (and stay listed when removed); new ones get keys."""
    merged = [dict(choice) for choice in question.choices or []]
    by_key = {choice["key"]: choice for choice in merged}
    for item in submitted:
        labels = {locale: text for locale, text in item.labels.items() if text}
        if item.key and item.key in by_key:
            choice = by_key[item.key]
            if labels:
                choice["labels"] = labels
            choice["removed"] = bool(item.removed)
        elif labels and not item.removed:
            merged.append({"key": new_choice_key(merged), "labels": labels, "removed": False})
    return merged


def _encrypt_answers(question: Question) -> None:
    for answer in db.session.scalars(sa.select(Answer).where(Answer.question_id == question.id)):
        if answer.value is not None:
            answer.secret, answer.value = answer.value, None


def move_question(question: Question, offset: int) -> None:
    """Move up (-1) or down (+1) among the event's current questions."""
    ordered = event_questions(question.event_id)
    index = ordered.index(question)
    target = index + offset
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, item in enumerate(ordered):
        item.position = position
    db.session.flush()


def remove_question(question: Question) -> bool:
    """Delete an unanswered question; archive an answered one. True when archived."""
    if answer_count(question) > 0:
        question.archived_at = utcnow()
        db.session.flush()
        _renumber(question.event_id)
        return True
    event_id = question.event_id
    db.session.delete(question)
    db.session.flush()
    _renumber(event_id)
    return False


def restore_question(question: Question) -> None:
    current = event_questions(question.event_id)
    if len(current) >= QUESTIONS_MAX:
        raise QuestionError(_("An event can have at most %(max)d questions.", max=QUESTIONS_MAX))
    question.archived_at = None
    question.position = len(current)
    db.session.flush()


def _renumber(event_id: int) -> None:
    for position, item in enumerate(event_questions(event_id)):
        item.position = position
    db.session.flush()
