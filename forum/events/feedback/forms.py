"""Survey forms: the organizer's question form is the registration one (without purpose
and sensitivity: survey answers are anonymous, and free text is always encrypted); the
answer form is built from the survey's questions with the registration form's fields."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SubmitField
from wtforms.validators import ValidationError

from forum.events.feedback.models import RATING_MAX, RATING_MIN
from forum.events.feedback.services import SURVEY_KINDS
from forum.events.registration.forms import answer_field
from forum.events.registration.questions.forms import QuestionForm
from forum.events.registration.questions.labels import KIND_LABELS
from forum.forms import select_choices

SURVEY_KIND_LABELS = {kind: KIND_LABELS[kind] for kind in SURVEY_KINDS}


class SurveyQuestionForm(QuestionForm):
    kind = SelectField(
        _l("Kind of answer"),
        choices=select_choices(SURVEY_KIND_LABELS.items()),
        validate_choice=False,
    )
    purpose = None
    sensitive = None

    def validate_kind(self, field: SelectField) -> None:
        if field.data not in SURVEY_KIND_LABELS:
            raise ValidationError(_l("Choose one of the kinds offered."))


class NewSurveyForm(FlaskForm):
    about = SelectField(_l("About"), validate_choice=False)
    submit = SubmitField(_l("Create the survey"))

    def validate_about(self, field: SelectField) -> None:
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Choose the event or one of its sessions."))

    def session_id(self) -> int | None:
        return None if self.about.data == "event" else int(self.about.data)


class OpenForm(FlaskForm):
    state = SelectField(
        choices=select_choices([("open", "open"), ("closed", "closed")]), validate_choice=False
    )

    def validate_state(self, field: SelectField) -> None:
        if field.data not in ("open", "closed"):
            raise ValidationError(_l("The request is not valid. Please try again."))


class RatingField(RadioField):
    def pre_validate(self, form: Any) -> None:
        if self.data not in (None, "", *map(str, range(RATING_MIN, RATING_MAX + 1))):
            raise ValidationError(_l("Choose a rating from 1 to 5."))


class SurveyAnswerForm(FlaskForm):
    rating = RatingField(
        _l("Overall, how useful was it for you?"),
        choices=select_choices(
            [
                ("5", _l("5 – very useful")),
                ("4", "4"),
                ("3", "3"),
                ("2", "2"),
                ("1", _l("1 – not useful")),
            ]
        ),
        validate_choice=False,
    )
    submit = SubmitField(_l("Send my answers"))

    question_fields: list[tuple[Any, str]]

    def rating_value(self) -> int | None:
        return int(self.rating.data) if self.rating.data else None

    def answers(self) -> dict[int, Any]:
        return {question.id: self[name].data for question, name in self.question_fields}


def survey_answer_form(questions: list[Any], ui_locale: str, **kwargs: Any) -> SurveyAnswerForm:
    class OneSurveyForm(SurveyAnswerForm):
        pass

    names = []
    for question in questions:
        name = f"q_{question.id}"
        setattr(OneSurveyForm, name, answer_field(question, ui_locale))
        names.append((question, name))
    form = OneSurveyForm(**kwargs)
    form.question_fields = names
    return form
