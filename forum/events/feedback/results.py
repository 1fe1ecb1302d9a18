"""Survey results, published only through `forum.statistics`.

Every figure shown (responses, ratings, choices) is a `Figure` from a `Tally` of the
responses' record keys: a count from 1 to 4 shows as "<5" and the same responses always
give the same figure. Free-text answers are not counted; they are read, in a fixed order
that says nothing about when each was given, by those who run the event only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from forum.events.feedback.models import (
    RATING_MAX,
    RATING_MIN,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from forum.events.feedback.services import FREE_TEXT_KINDS
from forum.events.registration.questions.answers import (
    NO,
    YES,
    active_choices,
    choice_label,
    decode,
    display_value,
    question_label,
)
from forum.extensions import db
from forum.statistics.display import DisplayCell, Formatter
from forum.statistics.figures import Tally
from forum.statistics.keys import key_sum
from forum.statistics.tables import publish_one, publish_series

RATINGS = tuple(range(RATING_MAX, RATING_MIN - 1, -1))


@dataclass(frozen=True)
class Line:
    label: str
    cell: DisplayCell


@dataclass(frozen=True)
class QuestionResult:
    label: str
    lines: list[Line]
    total: DisplayCell | None
    texts: list[str] | None


@dataclass(frozen=True)
class SurveyResults:
    responses: DisplayCell
    # Free text is held back while the number of responses is hidden ("<5"): with one or
    # two answers, the team could tell who wrote what.
    texts_held_back: bool
    ratings: list[Line]
    rated: DisplayCell
    questions: list[QuestionResult]


def _rating_tallies(survey_ids: Iterable[int]) -> dict[tuple[int, int], Tally]:
    ids = list(survey_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(
            SurveyResponse.survey_id,
            SurveyResponse.rating,
            sa.func.count(),
            key_sum(SurveyResponse.stat_key),
        )
        .where(SurveyResponse.survey_id.in_(ids), SurveyResponse.rating.is_not(None))
        .group_by(SurveyResponse.survey_id, SurveyResponse.rating)
    ).all()
    return {(survey_id, rating): Tally(count, keys) for survey_id, rating, count, keys in rows}


def _response_tally(survey_id: int) -> Tally:
    count, keys = db.session.execute(
        sa.select(sa.func.count(), key_sum(SurveyResponse.stat_key)).where(
            SurveyResponse.survey_id == survey_id
        )
    ).one()
    return Tally(count, keys)


def _rating_lines(
    tallies: dict[tuple[int, int], Tally], survey_id: int, fmt: Formatter
) -> tuple[list[Line], DisplayCell]:
    mine = {rating: tallies[(sid, rating)] for (sid, rating) in tallies if sid == survey_id}
    table = publish_series(mine, list(RATINGS))
    lines = [
        Line("★" * rating, fmt.cell(figure))
        for rating, figure in zip(RATINGS, table.cells[0], strict=True)
    ]
    return lines, fmt.cell(table.grand_total)


def _answers(question: SurveyQuestion) -> list[tuple[int, object]]:
    rows = db.session.execute(
        sa.select(SurveyResponse.stat_key, SurveyAnswer)
        .join(SurveyAnswer, SurveyAnswer.response_id == SurveyResponse.id)
        .where(SurveyAnswer.question_id == question.id)
    ).all()
    return [(key, decode(item.stored)) for key, item in rows]


def _counted(question: SurveyQuestion, locale: str, fmt: Formatter) -> QuestionResult:
    if question.kind == "yes_no":
        options = [
            (YES, display_value(question, YES, locale)),
            (NO, display_value(question, NO, locale)),
        ]
    else:
        keys = [choice["key"] for choice in active_choices(question)]
        options = [(key, choice_label(question, key, locale)) for key in keys]
    keys_by_option: dict[str, list[int]] = {key: [] for key, _ in options}
    answered: list[int] = []
    for record_key, value in _answers(question):
        answered.append(record_key)
        for picked in value if isinstance(value, list) else [value]:
            if picked in keys_by_option:
                keys_by_option[picked].append(record_key)
    tallies = {key: Tally.of(found) for key, found in keys_by_option.items()}
    table = publish_series(tallies, [key for key, _ in options], total=Tally.of(answered))
    lines = [
        Line(label, fmt.cell(figure))
        for (_, label), figure in zip(options, table.cells[0], strict=True)
    ]
    return QuestionResult(
        question_label(question, locale), lines, fmt.cell(table.grand_total), None
    )


def survey_results(survey: Survey, locale: str, *, with_text: bool) -> SurveyResults:
    fmt = Formatter()
    responses = publish_one(_response_tally(survey.id))
    held_back = with_text and not (responses.is_shown and responses.value)
    with_text = with_text and not held_back
    ratings, rated = _rating_lines(_rating_tallies([survey.id]), survey.id, fmt)
    questions = []
    for question in survey.questions:
        if question.kind in FREE_TEXT_KINDS:
            texts = sorted(str(value) for _, value in _answers(question)) if with_text else None
            questions.append(QuestionResult(question_label(question, locale), [], None, texts))
        else:
            questions.append(_counted(question, locale, fmt))
    return SurveyResults(
        responses=fmt.cell(responses),
        texts_held_back=held_back,
        ratings=ratings,
        rated=rated,
        questions=questions,
    )


def session_ratings(event_id: int) -> dict[int, list[Line]]:
    """For the organizers' agenda: each surveyed session's published rating figures."""
    surveys = dict(
        db.session.execute(
            sa.select(Survey.id, Survey.session_id).where(
                Survey.event_id == event_id, Survey.session_id.is_not(None)
            )
        ).all()
    )
    if not surveys:
        return {}
    fmt = Formatter()
    tallies = _rating_tallies(surveys)
    return {
        session_id: _rating_lines(tallies, survey_id, fmt)[0]
        for survey_id, session_id in surveys.items()
    }
