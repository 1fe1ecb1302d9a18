"""Reading, checking and storing answers to an event's questions.

One place knows how each kind of question is answered, so the registration form, the
service that saves answers and the pages that show them agree. Answers are stored as JSON
text; choices by their stable key, never by their label.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from forum.events.registration.models import (
    CHOICE_KINDS,
    Answer,
    Question,
    QuestionKind,
)
from forum.i18n import join_list
from forum.taxonomy import country_name, is_country

SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 2000
LABEL_MAX = 300
CHOICE_LABEL_MAX = 120
CHOICES_MAX = 30
QUESTIONS_MAX = 40
YES, NO = "yes", "no"


def _in_locale(labels: dict[str, str], locale: str, fallback: str) -> str:
    return labels.get(locale) or labels.get(fallback) or next(iter(labels.values()), "")


def question_label(question: Question, locale: str) -> str:
    """The question in `locale`, else in the event's language, else any written."""
    return _in_locale(question.labels or {}, locale, question.event.default_locale)


def active_choices(question: Question) -> list[dict]:
    return [choice for choice in question.choices or [] if not choice.get("removed")]


def choice_label(question: Question, key: str, locale: str) -> str:
    """A choice's label, also for a choice removed after people picked it."""
    for choice in question.choices or []:
        if choice["key"] == key:
            return _in_locale(choice["labels"], locale, question.event.default_locale)
    return key


def choice_options(question: Question, locale: str) -> list[tuple[str, str]]:
    return [
        (choice["key"], _in_locale(choice["labels"], locale, question.event.default_locale))
        for choice in active_choices(question)
    ]


def new_choice_key(choices: list[dict]) -> str:
    """The next unused key (c1, c2, …); keys of removed choices are never reused."""
    used = {choice["key"] for choice in choices}
    number = len(used) + 1
    while f"c{number}" in used:
        number += 1
    return f"c{number}"


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def check_answer(question: Question, value: Any) -> str | None:
    """The translated problem with `value` as an answer to `question`, or None if fine.

    `value` is what the form produced: a string, or a list of keys for multiple choice.
    """
    if is_empty(value):
        return _("This question needs an answer.") if question.required else None
    kind = question.kind
    if kind in (QuestionKind.SHORT_TEXT.value, QuestionKind.LONG_TEXT.value):
        limit = SHORT_TEXT_MAX if kind == QuestionKind.SHORT_TEXT.value else LONG_TEXT_MAX
        if not isinstance(value, str):
            return _("Write your answer as text.")
        if len(value) > limit:
            return _("Use at most %(max)d characters.", max=limit)
        return None
    if kind == QuestionKind.YES_NO.value:
        return None if value in (YES, NO) else _("Choose yes or no.")
    if kind == QuestionKind.COUNTRY.value:
        return (
            None
            if isinstance(value, str) and is_country(value)
            else _("Choose a country from the list.")
        )
    known = {choice["key"] for choice in active_choices(question)}
    picked = value if isinstance(value, list) else [value]
    if kind == QuestionKind.SINGLE_CHOICE.value and len(picked) != 1:
        return _("Choose one of the options offered.")
    if any(not isinstance(key, str) or key not in known for key in picked):
        return _("Choose one of the options offered.")
    if len(set(picked)) != len(picked):
        return _("Choose each option at most once.")
    return None


def encode(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def decode(stored: str | None) -> Any:
    if stored is None:
        return None
    return json.loads(stored)


def store_answer(answer: Answer, question: Question, value: Any) -> None:
    """Put the value in the encrypted column for sensitive questions, else in plain."""
    text = encode(value)
    if question.sensitive:
        answer.secret, answer.value = text, None
    else:
        answer.value, answer.secret = text, None


def display_value(question: Question, value: Any, locale: str) -> str:
    """An answer as a person reads it, in `locale`."""
    if is_empty(value):
        return ""
    kind = question.kind
    if kind == QuestionKind.YES_NO.value:
        return _("Yes") if value == YES else _("No")
    if kind == QuestionKind.COUNTRY.value:
        return country_name(value, locale)
    if kind in CHOICE_KINDS:
        keys = value if isinstance(value, list) else [value]
        return join_list(choice_label(question, key, locale) for key in keys)
    return str(value)


@dataclass(frozen=True)
class ShownAnswer:
    question: Question
    label: str
    text: str
    value: Any


def shown_answers(
    answers: Iterable[Answer], questions: Iterable[Question], locale: str
) -> list[ShownAnswer]:
    """Answers in the order of the questions (archived ones last), ready to display."""
    by_question = {answer.question_id: answer for answer in answers}
    ordered = sorted(questions, key=lambda q: (q.archived_at is not None, q.position, q.id))
    shown = []
    for question in ordered:
        answer = by_question.get(question.id)
        if answer is None:
            continue
        value = decode(answer.stored)
        shown.append(
            ShownAnswer(
                question,
                question_label(question, locale),
                display_value(question, value, locale),
                value,
            )
        )
    return shown
