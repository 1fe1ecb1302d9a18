"""An event's logistics in numbers, for its team.

Registrations by status, where people come from, check-ins so far, and interpretation,
dietary and accessibility needs (from questions marked with that purpose). Every count is
published through `forum.statistics`, like the insights: 1-4 shows as "<5", the rest is
slightly adjusted, and a status count is the same figure in the status table and as the
country table's column total (same people, same figure), so nothing can be subtracted.

Who sees exact figures: the event's **organizers**, for the needs only. They are the ones
who must act on them (the kitchen needs the exact number of halal meals, the interpreters'
booth the exact number of listeners), and they may read each answer on the registrations
page anyway; the page never says who asked. Staff and administrators, who see the page
to help, get the published figures like everyone else. Every view of the page is written
to the audit log, and a view with exact figures says so (`logistics.view_exact`).

Answers to sensitive questions are encrypted, so the database cannot group them: this
event's encrypted answers to the few purpose-marked questions are read and tallied here,
each with its registration's record key.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
from forum.profiles.models import Profile, Visibility
from forum.security import audit, can
from forum.statistics.display import DisplayCell, Formatter
from forum.statistics.figures import Tally, publish
from forum.statistics.keys import key_sum
from forum.statistics.tables import publish_series, publish_table
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
    figure: DisplayCell


@dataclass
class NeedQuestion:
    purpose: str
    label: str
    answered: DisplayCell
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
    exact_needs: bool
    checked_in: DisplayCell
    approved: DisplayCell
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


def event_logistics(viewer: Any, event: Event, locale: str) -> Logistics:
    """The page's figures; audits the view (the caller commits)."""
    exact = bool(can(viewer, "event.logistics_exact", event))
    audit(
        viewer,
        "logistics.view_exact" if exact else "logistics.view",
        target_type="event",
        target_id=event.id,
        event_id=event.id,
    )
    by_status: dict[str, Tally] = {
        status: Tally(int(count), int(keys))
        for status, count, keys in db.session.execute(
            sa.select(Registration.status, sa.func.count(), key_sum(Registration.stat_key))
            .where(Registration.event_id == event.id)
            .group_by(Registration.status)
        )
    }
    people = (
        sa.select(
            Registration.status,
            Registration.stat_key,
            _country_expression().label("country"),
        )
        .where(Registration.event_id == event.id, Registration.status.in_(ACTIVE))
        .subquery()
    )
    by_country: dict[tuple[str, str], Tally] = {
        (country, status): Tally(int(count), int(keys))
        for status, country, count, keys in db.session.execute(
            sa.select(
                people.c.status, people.c.country, sa.func.count(), key_sum(people.c.stat_key)
            ).group_by(people.c.status, people.c.country)
        )
    }
    countries = sorted(
        {c for c, _ in by_country}, key=lambda c: (c == "", country_name(c, locale) if c else "")
    ) or [""]
    status_table = publish_series(by_status, STATUSES)
    country_table = publish_table(by_country, countries, ACTIVE)
    checked_in = db.session.execute(
        sa.select(sa.func.count(), key_sum(Registration.stat_key)).where(
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.APPROVED.value,
            Registration.checked_in_at.is_not(None),
        )
    ).one()
    unknown = _("Not given")
    fmt = Formatter()
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
        needs=_needs(event, locale, _exact_cell(fmt) if exact else _published_cell(fmt)),
        exact_needs=exact,
        checked_in=fmt.cell(publish(Tally(int(checked_in[0]), int(checked_in[1])))),
        approved=fmt.cell(status_table.cell("all", RegistrationStatus.APPROVED.value)),
        offered_languages=list(event.interpretation_languages or []),
    )


Show = Callable[[Tally], DisplayCell]


def _published_cell(fmt: Formatter) -> Show:
    return lambda tally: fmt.cell(publish(tally))


def _exact_cell(fmt: Formatter) -> Show:
    """The true count, for the organizers who act on needs (see the module notes)."""
    return lambda tally: DisplayCell(fmt.number(tally.count), "count-exact")


def _needs(event: Event, locale: str, show: Show) -> list[NeedQuestion]:
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
        sa.select(Answer.question_id, Answer.value, Answer.secret, Registration.stat_key)
        .join(Registration, Registration.id == Answer.registration_id)
        .where(
            Answer.question_id.in_([q.id for q in questions]),
            Registration.status.in_(ACTIVE),
        )
    ).all()
    answered: dict[int, list[int]] = defaultdict(list)
    chosen: dict[int, dict[str, list[int]]] = {q.id: defaultdict(list) for q in questions}
    for question_id, value, secret, key in answers:
        decoded = decode(secret if secret is not None else value)
        if is_empty(decoded):
            continue
        answered[question_id].append(key)
        picked = decoded if isinstance(decoded, list) else [decoded]
        for choice in dict.fromkeys(p for p in picked if isinstance(p, str)):
            chosen[question_id][choice].append(key)
    order = {purpose: n for n, purpose in enumerate(NEED_PURPOSES)}
    found = []
    for question in sorted(questions, key=lambda q: order[q.purpose]):
        choices = []
        if question.kind in CHOICE_KINDS:
            tallies = {key: Tally.of(keys) for key, keys in chosen[question.id].items()}
            # In the question's order, never by count: an order would rank hidden counts.
            position = {c["key"]: n for n, c in enumerate(question.choices or [])}
            ordered = sorted(tallies, key=lambda key: (position.get(key, len(position)), key))
            choices = [
                NeedCount(choice_label(question, key, locale), show(tallies[key]))
                for key in ordered
            ]
        found.append(
            NeedQuestion(
                question.purpose,
                question_label(question, locale),
                show(Tally.of(answered[question.id])),
                choices,
            )
        )
    return found
