"""The team's registrations table: filters, search, sort and pages at a fixed query count.

Badge names and sensitive answers are encrypted at rest, so the database can neither
search nor sort them. The table therefore works in two steps, each a fixed number of
queries whatever the number of registrations:

1. `matching_ids` reads light columns of the event's registrations (one query), plus
   the answers to the one question a filter asks about and to the country question
   (one query each, only when needed); it decrypts badge names only to search or sort
   by them, and answers only for the questions filtered on; it returns the ids in order.
2. `page_of` slices those ids and loads one page of full rows (people and answers).

The same `matching_ids` answers the bulk action's "all N matching", so what is acted on
is exactly what the table showed, recomputed on the server from the filters (never a
list of ids trusted from the page beyond the ticked ones).
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from forum.crypto import decrypt
from forum.events.registration.models import (
    CHOICE_KINDS,
    Answer,
    Question,
    QuestionKind,
    Registration,
    RegistrationStatus,
)
from forum.events.registration.questions.answers import NO, YES, decode
from forum.extensions import db
from forum.models import User
from forum.taxonomy import is_country

PER_PAGE = 50
SEARCH_MAX = 100
#: Questions whose answers can be filtered on: a fixed set of values to pick from.
FILTERABLE_KINDS = frozenset({*CHOICE_KINDS, QuestionKind.YES_NO.value, QuestionKind.COUNTRY.value})
_STATUSES = frozenset(status.value for status in RegistrationStatus)
_STATUS_ORDER = {
    status.value: index
    for index, status in enumerate(
        [
            RegistrationStatus.PENDING,
            RegistrationStatus.APPROVED,
            RegistrationStatus.WAITLISTED,
            RegistrationStatus.DECLINED,
            RegistrationStatus.CANCELLED,
        ]
    )
}


class Sort(enum.StrEnum):
    REGISTERED = "registered"
    NAME = "name"
    STATUS = "status"
    COUNTRY = "country"
    CHECKED_IN = "checked_in"


class BadFilter(ValueError):
    """A filter that cannot be applied (unknown status, question or value)."""


@dataclass(frozen=True)
class Filters:
    """What the table is limited to; every field optional. Built by `parse_filters`."""

    status: str | None = None
    country: str | None = None
    checked_in: bool | None = None
    search: str = ""
    question_id: int | None = None
    answer: str | None = None
    sort: Sort = Sort.REGISTERED
    descending: bool = False

    def args(self, *, with_sort: bool = True) -> dict[str, str]:
        """The filters as query-string arguments (for links, pages and the bulk form)."""
        args: dict[str, str] = {}
        if self.status:
            args["status"] = self.status
        if self.country:
            args["country"] = self.country
        if self.checked_in is not None:
            args["checked_in"] = "yes" if self.checked_in else "no"
        if self.search:
            args["q"] = self.search
        if self.question_id is not None and self.answer is not None:
            args["answer"] = f"{self.question_id}:{self.answer}"
        if with_sort and self.sort is not Sort.REGISTERED:
            args["sort"] = self.sort.value
        if with_sort and self.descending:
            args["order"] = "desc"
        return args

    @property
    def narrowed(self) -> bool:
        """Whether anything beyond the status limits the table."""
        return bool(self.args(with_sort=False).keys() - {"status"})


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def filterable_questions(questions: Sequence[Question]) -> list[Question]:
    return [question for question in questions if question.kind in FILTERABLE_KINDS]


def country_question(questions: Sequence[Question]) -> Question | None:
    """The event's country question (the first, current ones before archived)."""
    for question in questions:
        if question.kind == QuestionKind.COUNTRY.value:
            return question
    return None


def answer_values(question: Question) -> list[str]:
    """The stored values an answer filter may ask for (choice keys, yes/no)."""
    if question.kind in CHOICE_KINDS:
        return [choice["key"] for choice in question.choices or []]
    if question.kind == QuestionKind.YES_NO.value:
        return [YES, NO]
    return []


def parse_filters(args: Any, questions: Sequence[Question]) -> Filters:
    """Filters from a query string or a form; raises `BadFilter` on anything unknown."""

    def one(name: str) -> str:
        value = args.get(name) or ""
        if not isinstance(value, str) or len(value) > 200:
            raise BadFilter(name)
        return value.strip()

    status = one("status") or None
    if status is not None and status not in _STATUSES:
        raise BadFilter("status")
    country = one("country").upper() or None
    if country is not None and not is_country(country):
        raise BadFilter("country")
    checked = one("checked_in")
    if checked not in ("", "yes", "no"):
        raise BadFilter("checked_in")
    search = " ".join(one("q").split())
    if len(search) > SEARCH_MAX or any(ord(c) < 32 for c in search):
        raise BadFilter("q")
    question_id, answer = _parse_answer(one("answer"), questions)
    sort_name = one("sort") or Sort.REGISTERED.value
    if sort_name not in {s.value for s in Sort}:
        raise BadFilter("sort")
    order = one("order")
    if order not in ("", "asc", "desc"):
        raise BadFilter("order")
    return Filters(
        status=status,
        country=country,
        checked_in=None if not checked else checked == "yes",
        search=search,
        question_id=question_id,
        answer=answer,
        sort=Sort(sort_name),
        descending=order == "desc",
    )


def _parse_answer(raw: str, questions: Sequence[Question]) -> tuple[int | None, str | None]:
    if not raw:
        return None, None
    number, _, value = raw.partition(":")
    if not (number.isascii() and number.isdigit() and value):
        raise BadFilter("answer")
    question = next((q for q in questions if q.id == int(number)), None)
    if question is None or question.kind not in FILTERABLE_KINDS:
        raise BadFilter("answer")
    if question.kind == QuestionKind.COUNTRY.value:
        value = value.upper()
        if not is_country(value):
            raise BadFilter("answer")
    elif value not in answer_values(question):
        raise BadFilter("answer")
    return question.id, value


# --- step 1: which registrations, in which order --------------------------------------

#: The raw (still encrypted) badge name: decrypted only when a search or sort needs it.
_raw_badge = sa.type_coerce(Registration.__table__.c.badge_name, sa.Text)

# Positions in the light rows `matching_ids` reads (plain tuples: 2,000 of them per view).
_ID, _STATUS, _CREATED, _POSITION, _CHECKED_IN = range(5)


def _answers_to(question_id: int, registration_ids: set[int]) -> dict[int, Any]:
    """Registration id -> decoded answer to one question, for one event (one query)."""
    raw_secret = sa.type_coerce(Answer.__table__.c.secret, sa.Text)
    rows = db.session.execute(
        sa.select(Answer.registration_id, Answer.value, raw_secret).where(
            Answer.question_id == question_id
        )
    ).all()
    answers = {}
    for registration_id, value, secret in rows:
        if registration_id in registration_ids:
            answers[registration_id] = decode(decrypt(secret) if secret is not None else value)
    return answers


def _matches_answer(stored: Any, wanted: str) -> bool:
    if isinstance(stored, list):
        return wanted in stored
    return stored == wanted


def _badge_names(event_id: int, ids: set[int]) -> dict[int, tuple[str, str]]:
    """Registration id -> (the name on the badge, else the display name; the display
    name), the badge name decrypted."""
    rows = db.session.execute(
        sa.select(Registration.id, User.display_name, _raw_badge)
        .join(User, User.id == Registration.user_id)
        .where(Registration.event_id == event_id)
    )
    return {
        registration_id: ((decrypt(raw) if raw else "") or display_name, display_name)
        for registration_id, display_name, raw in rows
        if registration_id in ids
    }


def matching_ids(event_id: int, filters: Filters, questions: Sequence[Question]) -> list[int]:
    """Ids of the event's registrations that pass `filters`, in the table's order.

    One query for the light columns; one more for each of: the answers filtered on, the
    country answers (to filter or sort by country), the badge names (to search or sort by
    name). The number of registrations changes none of these.
    """
    stmt = sa.select(
        Registration.id,
        Registration.status,
        Registration.created_at,
        Registration.waitlist_position,
        Registration.checked_in_at,
    ).where(Registration.event_id == event_id)
    if filters.status:
        stmt = stmt.where(Registration.status == filters.status)
    if filters.checked_in is not None:
        checked = Registration.checked_in_at.is_not(None)
        stmt = stmt.where(checked if filters.checked_in else sa.not_(checked))
    rows = db.session.execute(stmt).all()
    if filters.question_id is not None and filters.answer is not None:
        answers = _answers_to(filters.question_id, {row[_ID] for row in rows})
        rows = [r for r in rows if _matches_answer(answers.get(r[_ID]), filters.answer)]
    countries: dict[int, str] = {}
    country_q = country_question(questions)
    if country_q is not None and (filters.country or filters.sort is Sort.COUNTRY):
        for registration_id, value in _answers_to(country_q.id, {r[_ID] for r in rows}).items():
            if isinstance(value, str) and is_country(value):
                countries[registration_id] = value
    if filters.country:
        rows = [row for row in rows if countries.get(row[_ID]) == filters.country]
    names: dict[int, tuple[str, str]] = {}
    if filters.search or filters.sort is Sort.NAME:
        names = _badge_names(event_id, {row[_ID] for row in rows})
    if filters.search:
        needle = _fold(filters.search)
        rows = [row for row in rows if _found(needle, names.get(row[_ID]))]
    rows.sort(key=_sort_key(filters, names, countries), reverse=filters.descending)
    return [row[_ID] for row in rows]


def _found(needle: str, names: tuple[str, str] | None) -> bool:
    return names is not None and (needle in _fold(names[0]) or needle in _fold(names[1]))


def _sort_key(
    filters: Filters, names: dict[int, tuple[str, str]], countries: dict[int, str]
) -> Any:
    sort = filters.sort
    if sort is Sort.NAME:
        return lambda row: (_fold(names.get(row[_ID], ("", ""))[0]), row[_ID])
    if sort is Sort.STATUS:
        return lambda row: (
            _STATUS_ORDER.get(row[_STATUS], 99),
            row[_POSITION] or 0,
            row[_CREATED],
            row[_ID],
        )
    if sort is Sort.COUNTRY:
        return lambda row: (
            row[_ID] not in countries,
            countries.get(row[_ID], ""),
            row[_CREATED],
            row[_ID],
        )
    if sort is Sort.CHECKED_IN:
        return lambda row: (
            row[_CHECKED_IN] is None,
            row[_CHECKED_IN] or row[_CREATED],
            row[_ID],
        )
    if filters.status == RegistrationStatus.WAITLISTED.value:
        return lambda row: (row[_POSITION] or 0, row[_ID])  # the queue, in its order
    return lambda row: (row[_CREATED], row[_ID])  # in request order


# --- step 2: one page of full rows ----------------------------------------------------


@dataclass(frozen=True)
class TablePage:
    """One page of the table, shaped like Flask-SQLAlchemy's pagination for the macros."""

    items: list[Registration]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(math.ceil(self.total / self.per_page), 1)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def page_of(ids: Sequence[int], page: int, per_page: int = PER_PAGE) -> TablePage:
    """Full registrations (person, answers) for one page of `ids`, in their order."""
    chosen = list(ids[(page - 1) * per_page : page * per_page])
    if not chosen:
        return TablePage([], page, per_page, len(ids))
    loaded = {
        registration.id: registration
        for registration in db.session.scalars(
            sa.select(Registration)
            .where(Registration.id.in_(chosen))
            .options(
                joinedload(Registration.user),
                # Each answer's question is in the list of the event's questions already.
                selectinload(Registration.answers).lazyload(Answer.question),
            )
        ).unique()
    }
    return TablePage([loaded[i] for i in chosen if i in loaded], page, per_page, len(ids))


def countries_of(
    registrations: Sequence[Registration], question: Question | None
) -> dict[int, str]:
    """Registration id -> the country answered on the form (from loaded answers)."""
    if question is None:
        return {}
    countries = {}
    for registration in registrations:
        for answer in registration.answers:
            if answer.question_id == question.id:
                value = decode(answer.stored)
                if isinstance(value, str) and is_country(value):
                    countries[registration.id] = value
    return countries
