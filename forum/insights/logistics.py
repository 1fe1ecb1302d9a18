"""An event's logistics in numbers, for its organizers and staff.

Registrations by status, where people come from (suppressed: a country with 1-4 people
shows "<5", and the status counts on the same page are suppressed with it so that no
country can be worked out by subtraction), interpretation languages and dietary and
accessibility needs (from questions marked with that purpose), and check-ins so far.

Needs are counted exactly: caterers and interpreters need the real numbers, and the
people reading them may read each answer on the registrations page anyway. Answers to
sensitive questions are encrypted, so the database cannot group them: for those, this
event's encrypted answers to the few purpose-marked questions are read and counted here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from forum.events.models import Event
from forum.events.registration.models import (
    ACTIVE_STATUSES,
    Answer,
    Question,
    QuestionKind,
    QuestionPurpose,
    Registration,
    RegistrationStatus,
)
from forum.events.registration.questions.answers import (
    CHOICE_KINDS,
    choice_label,
    decode,
    is_empty,
    question_label,
)
from forum.extensions import db
from forum.insights.publishing import TableSpec, publish_together
from forum.insights.services import DisplayCell, Formatter
from forum.profiles.models import Profile, Visibility
from forum.taxonomy import country_name

STATUSES = tuple(status.value for status in RegistrationStatus)
ACTIVE = tuple(s for s in STATUSES if s in ACTIVE_STATUSES)
NEED_PURPOSES = (
    QuestionPurpose.INTERPRETATION.value,
    QuestionPurpose.DIETARY.value,
    QuestionPurpose.ACCESSIBILITY.value,
)


@dataclass
class NeedCount:
    label: str
    count: int


@dataclass
class NeedQuestion:
    purpose: str
    label: str
    answered: int
    choices: list[NeedCount]


@dataclass
class Logistics:
    statuses: list[tuple[str, DisplayCell]]
    status_total: DisplayCell
    countries: list[tuple[str, list[DisplayCell], DisplayCell]]
    country_totals: list[DisplayCell]
    country_grand: DisplayCell
    active: list[str]
    needs: list[NeedQuestion]
    checked_in: int
    approved: int
    offered_languages: list[str]


def _country_expression() -> sa.ColumnElement[str]:
    """The country a person gave: a (non-sensitive) country answer, else a shared profile."""
    answered = (
        sa.select(sa.func.substr(Answer.value, 2, 2))
        .join(Question, Question.id == Answer.question_id)
        .where(
            Answer.registration_id == Registration.id,
            Question.kind == QuestionKind.COUNTRY.value,
            Answer.value.is_not(None),
        )
        .order_by(Question.position)
        .limit(1)
        .scalar_subquery()
    )
    shared = (
        sa.select(Profile.country)
        .where(
            Profile.user_id == Registration.user_id,
            Profile.country_visibility != Visibility.ME.value,
        )
        .scalar_subquery()
    )
    return sa.func.coalesce(answered, shared, "")


def event_logistics(event: Event, locale: str) -> Logistics:
    by_status = dict(
        db.session.execute(
            sa.select(Registration.status, sa.func.count())
            .where(Registration.event_id == event.id)
            .group_by(Registration.status)
        ).all()
    )
    people = (
        sa.select(Registration.status, _country_expression().label("country"))
        .where(Registration.event_id == event.id, Registration.status.in_(ACTIVE))
        .subquery()
    )
    by_country: dict[tuple[str, str], int] = {
        (country, status): count
        for status, country, count in db.session.execute(
            sa.select(people.c.status, people.c.country, sa.func.count()).group_by(
                people.c.status, people.c.country
            )
        )
    }
    countries = sorted(
        {c for c, _ in by_country}, key=lambda c: (c == "", country_name(c, locale) if c else "")
    )
    if not countries:
        countries = [""]
    status_spec = TableSpec(
        [[int(by_status.get(s, 0)) for s in STATUSES]],
        [None],
        [("status", s) if s in ACTIVE else None for s in STATUSES],
        None,
    )
    country_spec = TableSpec(
        [[by_country.get((c, s), 0) for s in ACTIVE] for c in countries],
        [None] * len(countries),
        [("status", s) for s in ACTIVE],
        None,
    )
    status_table, country_table = publish_together([status_spec, country_spec])
    unknown = _("Not given")
    fmt = Formatter()
    checked_in = db.session.scalar(
        sa.select(sa.func.count()).where(
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.APPROVED.value,
            Registration.checked_in_at.is_not(None),
        )
    )
    return Logistics(
        statuses=[(s, fmt.cell(c)) for s, c in zip(STATUSES, status_table.cells[0], strict=True)],
        status_total=fmt.cell(status_table.grand_total),
        countries=[
            (
                country_name(c, locale) if c else unknown,
                [fmt.cell(x) for x in row],
                fmt.cell(total),
            )
            for c, row, total in zip(
                countries, country_table.cells, country_table.row_totals, strict=True
            )
        ],
        country_totals=[fmt.cell(c) for c in country_table.col_totals],
        country_grand=fmt.cell(country_table.grand_total),
        active=list(ACTIVE),
        needs=_needs(event, locale),
        checked_in=int(checked_in or 0),
        approved=int(by_status.get(RegistrationStatus.APPROVED.value, 0)),
        offered_languages=list(event.interpretation_languages or []),
    )


def _needs(event: Event, locale: str) -> list[NeedQuestion]:
    """Answers to interpretation, dietary and accessibility questions of active people."""
    questions = db.session.scalars(
        sa.select(Question)
        .where(
            Question.event_id == event.id,
            Question.purpose.in_(NEED_PURPOSES),
            Question.archived_at.is_(None),
        )
        .order_by(Question.position, Question.id)
    ).all()
    if not questions:
        return []
    answers = db.session.execute(
        sa.select(Answer.question_id, Answer.value, Answer.secret)
        .join(Registration, Registration.id == Answer.registration_id)
        .where(
            Answer.question_id.in_([q.id for q in questions]),
            Registration.status.in_(ACTIVE),
        )
    ).all()
    answered: Counter[int] = Counter()
    chosen: dict[int, Counter[str]] = {q.id: Counter() for q in questions}
    for question_id, value, secret in answers:
        decoded = decode(secret if secret is not None else value)
        if is_empty(decoded):
            continue
        answered[question_id] += 1
        if isinstance(decoded, list):
            chosen[question_id].update(decoded)
        elif isinstance(decoded, str):
            chosen[question_id][decoded] += 1
    order = {purpose: n for n, purpose in enumerate(NEED_PURPOSES)}
    found = []
    for question in sorted(questions, key=lambda q: order[q.purpose]):
        choices = []
        if question.kind in CHOICE_KINDS:
            choices = [
                NeedCount(choice_label(question, key, locale), count)
                for key, count in chosen[question.id].most_common()
            ]
        found.append(
            NeedQuestion(
                question.purpose,
                question_label(question, locale),
                answered[question.id],
                choices,
            )
        )
    return found
