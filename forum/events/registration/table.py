"""The team's registrations table: filters, search, sort and pages at a fixed query count.

Badge names and sensitive answers are encrypted at rest, so the database can neither
search nor sort them. The table therefore works in two steps, each a fixed number of
queries whatever the number of registrations:

1. `matching_ids` reads the ids of the event's registrations in the database's order
   (one query, ids only: the sort by date, status or check-in is the database's work),
   plus the answers to the one question a filter asks about and to the country question
   (one query each, only when needed); it decrypts badge names only to search or sort
   by them, and answers only for the questions filtered on; it returns the ids in order.
2. `page_of` slices those ids and reads one page of rows as plain columns (two
   queries): what the table shows and nothing more. No ORM objects, so no person's
   e-mail address or two-factor secret is decrypted to draw a row, and the only Fernet
   tokens opened are those of the badge names, notes and answers on the page.

The same `matching_ids` answers the bulk action's "all N matching", so what is acted on
is exactly what the table showed, recomputed on the server from the filters (never a
list of ids trusted from the page beyond the ticked ones).
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from forum.crypto import decrypt
from forum.events.registration.models import (
    CHOICE_KINDS,
    Answer,
    Question,
    QuestionKind,
    Registration,
    RegistrationStatus,
)
from forum.events.registration.questions.answers import (
    NO,
    YES,
    decode,
    display_value,
    question_label,
)
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
_raw_secret = sa.type_coerce(Answer.__table__.c.secret, sa.Text)


def _rows(stmt: sa.Select) -> Sequence[sa.Row]:
    """Run a select of plain columns on the session's connection: Core rows, without the
    ORM's work for each of them (there are 2,000 per view), fetched in one go."""
    return db.session.connection().execute(stmt).all()


def _answers_to(question_id: int, registration_ids: set[int]) -> dict[int, Any]:
    """Registration id -> decoded answer to one question, for one event (one query)."""
    rows = _rows(
        sa.select(Answer.registration_id, Answer.value, _raw_secret).where(
            Answer.question_id == question_id
        )
    )
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
    rows = _rows(
        sa.select(Registration.id, User.display_name, _raw_badge)
        .join(User, User.id == Registration.user_id)
        .where(Registration.event_id == event_id)
    )
    return {
        registration_id: ((decrypt(raw) if raw else "") or display_name, display_name)
        for registration_id, display_name, raw in rows
        if registration_id in ids
    }


def _order(filters: Filters) -> list[Any]:
    """The database's share of the table's order.

    For date, status and check-in it is the whole order. For name and country (which the
    database cannot read: encrypted, or in an answer) it is the order among equals:
    Python's sort is stable, also reversed, so sorting by name or country afterwards
    keeps it. Every order ends with the id, so no two rows are ever equal.
    """
    r = Registration
    sort = filters.sort
    if sort is Sort.NAME:
        keys: list[Any] = [r.id]
    elif sort is Sort.STATUS:
        keys = [
            sa.case(_STATUS_ORDER, value=r.status, else_=99),
            sa.func.coalesce(r.waitlist_position, 0),
            r.created_at,
            r.id,
        ]
    elif sort is Sort.CHECKED_IN:
        keys = [
            sa.case((r.checked_in_at.is_(None), 1), else_=0),
            sa.func.coalesce(r.checked_in_at, r.created_at),
            r.id,
        ]
    elif sort is Sort.REGISTERED and filters.status == RegistrationStatus.WAITLISTED.value:
        keys = [sa.func.coalesce(r.waitlist_position, 0), r.id]  # the queue, in its order
    else:
        keys = [r.created_at, r.id]  # in request order
    return [key.desc() for key in keys] if filters.descending else [key.asc() for key in keys]


def matching_ids(event_id: int, filters: Filters, questions: Sequence[Question]) -> list[int]:
    """Ids of the event's registrations that pass `filters`, in the table's order.

    One query for the ids, already ordered; one more for each of: the answers filtered
    on, the country answers (to filter or sort by country), the badge names (to search
    or sort by name). The number of registrations changes none of these.
    """
    stmt = sa.select(Registration.id).where(Registration.event_id == event_id)
    if filters.status:
        stmt = stmt.where(Registration.status == filters.status)
    if filters.checked_in is not None:
        checked = Registration.checked_in_at.is_not(None)
        stmt = stmt.where(checked if filters.checked_in else sa.not_(checked))
    ids: list[int] = [row[0] for row in _rows(stmt.order_by(*_order(filters)))]
    if filters.question_id is not None and filters.answer is not None:
        answers = _answers_to(filters.question_id, set(ids))
        ids = [i for i in ids if _matches_answer(answers.get(i), filters.answer)]
    countries: dict[int, str] = {}
    country_q = country_question(questions)
    if country_q is not None and (filters.country or filters.sort is Sort.COUNTRY):
        for registration_id, value in _answers_to(country_q.id, set(ids)).items():
            if isinstance(value, str) and is_country(value):
                countries[registration_id] = value
    if filters.country:
        ids = [i for i in ids if countries.get(i) == filters.country]
    names: dict[int, tuple[str, str]] = {}
    if filters.search or filters.sort is Sort.NAME:
        names = _badge_names(event_id, set(ids))
    if filters.search:
        needle = _fold(filters.search)
        ids = [i for i in ids if _found(needle, names.get(i))]
    if filters.sort is Sort.NAME:
        ids.sort(key=lambda i: _fold(names.get(i, ("", ""))[0]), reverse=filters.descending)
    elif filters.sort is Sort.COUNTRY:
        ids.sort(
            key=lambda i: (i not in countries, countries.get(i, "")), reverse=filters.descending
        )
    return ids


def _found(needle: str, names: tuple[str, str] | None) -> bool:
    return names is not None and (needle in _fold(names[0]) or needle in _fold(names[1]))


# --- step 2: one page of rows ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    """One registration as the table shows it: plain values, decrypted only where shown
    (badge name, note, answers)."""

    id: int
    user_id: int
    display_name: str
    status: str
    badge_name: str | None
    locale: str
    listing: str
    waitlist_position: int | None
    created_at: datetime
    decided_at: datetime | None
    checked_in_at: datetime | None
    decision_note: str | None
    #: Question id -> the stored answer (JSON text), decrypted.
    answers: dict[int, str | None] = field(default_factory=dict)


_ROW_COLUMNS = (
    Registration.id,
    Registration.user_id,
    User.display_name,
    Registration.status,
    Registration.badge_name,
    Registration.locale,
    Registration.listing,
    Registration.waitlist_position,
    Registration.created_at,
    Registration.decided_at,
    Registration.checked_in_at,
    Registration.decision_note,
)


@dataclass(frozen=True)
class TablePage:
    """One page of the table, shaped like Flask-SQLAlchemy's pagination for the macros."""

    items: list[Row]
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
    """One page of `ids` as rows with their answers, in their order (two queries)."""
    chosen = list(ids[(page - 1) * per_page : page * per_page])
    if not chosen:
        return TablePage([], page, per_page, len(ids))
    answers: dict[int, dict[int, str | None]] = {i: {} for i in chosen}
    for registration_id, question_id, value, secret in _rows(
        sa.select(Answer.registration_id, Answer.question_id, Answer.value, Answer.secret).where(
            Answer.registration_id.in_(chosen)
        )
    ):
        answers[registration_id][question_id] = secret if secret is not None else value
    loaded = {
        row[0]: Row(*row, answers=answers[row[0]])
        for row in _rows(
            sa.select(*_ROW_COLUMNS)
            .join(User, User.id == Registration.user_id)
            .where(Registration.id.in_(chosen))
        )
    }
    return TablePage([loaded[i] for i in chosen if i in loaded], page, per_page, len(ids))


def countries_of(rows: Iterable[Row], question: Question | None) -> dict[int, str]:
    """Registration id -> the country answered on the form (from the rows' answers)."""
    if question is None:
        return {}
    countries = {}
    for row in rows:
        value = decode(row.answers.get(question.id))
        if isinstance(value, str) and is_country(value):
            countries[row.id] = value
    return countries


@dataclass(frozen=True, slots=True)
class ShownAnswer:
    label: str
    text: str
    archived: bool
    sensitive: bool


class AnswerTexts:
    """The answers of one page as people read them, in the order of the questions
    (archived ones last): each question's label is looked up once per page, and each
    distinct answer is decoded and worded once (many people give the same one)."""

    def __init__(self, questions: Iterable[Question], locale: str) -> None:
        ordered = sorted(questions, key=lambda q: (q.archived_at is not None, q.position, q.id))
        self._questions = [(q, question_label(q, locale)) for q in ordered]
        self._locale = locale
        self._worded: dict[tuple[int, str | None], ShownAnswer] = {}

    def of(self, row: Row) -> list[ShownAnswer]:
        shown = []
        for question, label in self._questions:
            if question.id not in row.answers:
                continue
            key = (question.id, row.answers[question.id])
            worded = self._worded.get(key)
            if worded is None:
                text = display_value(question, decode(key[1]), self._locale)
                worded = ShownAnswer(
                    label, text, question.archived_at is not None, question.sensitive
                )
                self._worded[key] = worded
            shown.append(worded)
        return shown
