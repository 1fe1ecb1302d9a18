"""Surveys: organizers build and open them, participants answer once. Functions flush.

The question rules are those of registration questions (`registration.questions`): the
same kinds (except the country, which in an anonymous survey narrows down who answered),
wording per language, choices with stable keys, and the same answer check. Questions can
be added or removed only until the first answer arrives, so every answer reads the way
it was given.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from forum.events.feedback.models import (
    RATING_MAX,
    RATING_MIN,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from forum.events.feedback.tokens import response_token
from forum.events.models import Event, Session
from forum.events.registration.models import (
    CHOICE_KINDS,
    QuestionKind,
    Registration,
    RegistrationStatus,
)
from forum.events.registration.questions.answers import (
    QUESTIONS_MAX,
    check_answer,
    encode,
    is_empty,
    new_choice_key,
)
from forum.events.registration.questions.services import QuestionInput
from forum.events.workshops.models import WorkshopSettings, WorkshopSignup
from forum.extensions import db
from forum.models import User, utcnow

SURVEY_KINDS = (
    QuestionKind.SHORT_TEXT.value,
    QuestionKind.LONG_TEXT.value,
    QuestionKind.SINGLE_CHOICE.value,
    QuestionKind.MULTIPLE_CHOICE.value,
    QuestionKind.YES_NO.value,
)
FREE_TEXT_KINDS = frozenset({QuestionKind.SHORT_TEXT.value, QuestionKind.LONG_TEXT.value})


class SurveyError(ValueError):
    """A survey rule was broken; the message is translated."""


def surveys_of(event_id: int) -> list[Survey]:
    return list(
        db.session.scalars(
            sa.select(Survey)
            .where(Survey.event_id == event_id)
            .order_by(Survey.session_id.is_not(None), Survey.id)
        )
    )


def survey_of(event: Event, survey_id: int) -> Survey | None:
    return db.session.scalar(
        sa.select(Survey).where(Survey.id == survey_id, Survey.event_id == event.id)
    )


def has_responses(survey: Survey) -> bool:
    """Whether anyone answered (may the questions still change?); no count is read."""
    return bool(
        db.session.scalar(sa.select(sa.exists().where(SurveyResponse.survey_id == survey.id)))
    )


def create_survey(event: Event, session_id: int | None) -> Survey:
    if session_id is not None:
        session = db.session.get(Session, session_id)
        if session is None or session.event_id != event.id:
            raise SurveyError(_("Choose a session of this event."))
    exists = db.session.scalar(
        sa.select(Survey.id).where(
            Survey.event_id == event.id,
            Survey.session_id.is_(None) if session_id is None else Survey.session_id == session_id,
        )
    )
    if exists is not None:
        raise SurveyError(
            _("There is a survey about this already.")
            if session_id is None
            else _("This session has a survey already.")
        )
    survey = Survey(event_id=event.id, session_id=session_id)
    db.session.add(survey)
    db.session.flush()
    return survey


def _refuse_after_answers(survey: Survey) -> None:
    if has_responses(survey):
        raise SurveyError(_("People have answered this survey: its questions cannot change."))


def add_question(survey: Survey, data: QuestionInput) -> SurveyQuestion:
    _refuse_after_answers(survey)
    if data.kind not in SURVEY_KINDS:
        raise SurveyError(_("Choose one of the kinds offered."))
    if len(survey.questions) >= QUESTIONS_MAX:
        raise SurveyError(_("A survey can have at most %(max)d questions.", max=QUESTIONS_MAX))
    labels = {locale: text for locale, text in data.labels.items() if text}
    if not labels:
        raise SurveyError(_("Write the question in at least one language."))
    choices: list[dict] = []
    if data.kind in CHOICE_KINDS:
        for item in data.choices:
            wording = {locale: text for locale, text in item.labels.items() if text}
            if wording and not item.removed:
                choices.append({"key": new_choice_key(choices), "labels": wording})
        if not choices:
            raise SurveyError(_("Give at least one choice."))
    question = SurveyQuestion(
        survey=survey,
        kind=data.kind,
        labels=labels,
        choices=choices,
        required=data.required,
        position=len(survey.questions),
    )
    db.session.add(question)
    db.session.flush()
    return question


def remove_question(survey: Survey, question: SurveyQuestion) -> None:
    _refuse_after_answers(survey)
    survey.questions.remove(question)
    for position, item in enumerate(survey.questions):
        item.position = position
    db.session.flush()


def set_open(survey: Survey, is_open: bool) -> None:
    survey.is_open = is_open
    db.session.flush()


# --- answering ---------------------------------------------------------------------------


def _starts_at(survey: Survey) -> Any:
    return survey.session.starts_at if survey.session is not None else survey.event.starts_at


def _registration(user: User, event_id: int) -> Registration | None:
    return db.session.scalar(
        sa.select(Registration).where(
            Registration.event_id == event_id,
            Registration.user_id == user.id,
            Registration.status == RegistrationStatus.APPROVED.value,
        )
    )


def can_answer_now(survey: Survey) -> str | None:
    """Why the survey takes no answers now (translated), or None."""
    if not survey.is_open:
        return _("This survey is not open.")
    if survey.session is not None and survey.session.cancelled_at is not None:
        return _("This session is cancelled.")
    if _starts_at(survey) > utcnow():
        return _("The survey opens once the session has started.")
    return None


def _attended(survey: Survey, registration: Registration) -> bool:
    """For a workshop with sign-up, only those who held a seat rate it."""
    if survey.session_id is None or db.session.get(WorkshopSettings, survey.session_id) is None:
        return True
    seat = db.session.scalar(
        sa.select(WorkshopSignup.id).where(
            WorkshopSignup.session_id == survey.session_id,
            WorkshopSignup.registration_id == registration.id,
        )
    )
    return seat is not None


def has_answered(user: User, survey: Survey) -> bool:
    registration = _registration(user, survey.event_id)
    if registration is None:
        return False
    token = response_token(survey.id, registration.id)
    return (
        db.session.scalar(
            sa.select(SurveyResponse.id).where(
                SurveyResponse.survey_id == survey.id, SurveyResponse.token == token
            )
        )
        is not None
    )


def answer(user: User, survey: Survey, rating: int | None, values: dict[int, Any]) -> None:
    """Store one anonymous response, or SurveyError. The caller commits.

    Nothing in the rows written names the person: see `feedback.models`.
    """
    problem = can_answer_now(survey)
    if problem:
        raise SurveyError(problem)
    registration = _registration(user, survey.event_id)
    if registration is None:
        raise SurveyError(_("Only people whose registration for the event is approved can answer."))
    if not _attended(survey, registration):
        raise SurveyError(_("Only people who had a seat in this workshop can answer."))
    if rating is not None and not RATING_MIN <= rating <= RATING_MAX:
        raise SurveyError(_("Choose a rating from 1 to 5."))
    for question in survey.questions:
        trouble = check_answer(question, values.get(question.id))  # type: ignore[arg-type]
        if trouble:
            raise SurveyError(trouble)
    if has_answered(user, survey):
        raise SurveyError(_("You have already answered this survey."))
    response = SurveyResponse(
        survey_id=survey.id,
        token=response_token(survey.id, registration.id),
        rating=rating,
        answered_on=utcnow().date(),
    )
    for question in survey.questions:
        value = values.get(question.id)
        if is_empty(value):
            continue
        item = SurveyAnswer(question_id=question.id)
        if question.kind in FREE_TEXT_KINDS:
            item.secret = encode(value)
        else:
            item.value = encode(value)
        response.answers.append(item)
    try:
        with db.session.begin_nested():
            db.session.add(response)
            db.session.flush()
    except IntegrityError:
        raise SurveyError(_("You have already answered this survey.")) from None
