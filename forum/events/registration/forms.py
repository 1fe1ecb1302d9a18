"""Registration, vetting and question forms. Every validator carries a translated message."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from forum.events.registration.labels import LISTING_LABELS
from forum.events.registration.models import (
    ListingConsent,
    Question,
    QuestionKind,
)
from forum.events.registration.questions.answers import (
    NO,
    YES,
    check_answer,
    choice_options,
    question_label,
)
from forum.events.registration.services import NOTE_MAX
from forum.forms import MultiCheckboxField, required, select_choices, strip_text
from forum.i18n import LOCALES
from forum.models import DISPLAY_NAME_MAX
from forum.taxonomy import country_choices
from forum.urls import is_row_id


def _strip_or_none(value: Any) -> Any:
    if isinstance(value, str):
        return strip_text(value) or None
    return value


class ListingField(RadioField):
    def __init__(self, label: Any = None, **kwargs: Any) -> None:
        super().__init__(
            label,
            choices=select_choices(LISTING_LABELS.items()),
            default=ListingConsent.NOBODY.value,
            validate_choice=False,
            **kwargs,
        )

    def pre_validate(self, form: Any) -> None:
        if self.data not in LISTING_LABELS:
            raise ValidationError(_l("Choose who may see you in the participant list."))


class _AnswerCheck:
    """Runs the one answer check shared with the service (`questions.check_answer`)."""

    field_flags = {"required": False}

    def __init__(self, question: Question) -> None:
        self.question = question

    def __call__(self, form: Any, field: Field) -> None:
        problem = check_answer(self.question, field.data)
        if problem:
            raise ValidationError(problem)


class RegistrationForm(FlaskForm):
    """The fixed part; `registration_form(questions, …)` adds one field per question."""

    locale = SelectField(
        _l("Language for this event"),
        choices=select_choices(LOCALES.items()),
        validate_choice=False,
        description=_l("The language the organizers should use with you."),
    )
    badge_name = StringField(
        _l("Name on your badge"),
        validators=[
            Optional(),
            Length(
                max=DISPLAY_NAME_MAX,
                message=_l("Use at most %(max)d characters.", max=DISPLAY_NAME_MAX),
            ),
        ],
        filters=[strip_text],
        description=_l("Your display name unless you choose otherwise. A pseudonym is fine."),
    )
    listing = ListingField(_l("Who may see you in the participant list?"))
    consent = BooleanField(
        _l("I have read the privacy notice above and agree to it."),
        validators=[DataRequired(message=_l("Please agree to the privacy notice to register."))],
    )
    submit = SubmitField(_l("Register"))

    question_fields: list[tuple[Question, str]]

    def validate_locale(self, field: SelectField) -> None:
        if field.data not in LOCALES:
            raise ValidationError(_l("Choose one of the languages offered."))

    def answers(self) -> dict[int, Any]:
        return {question.id: self[name].data for question, name in self.question_fields}


def answer_field(question: Question, locale: str) -> Field:
    """The form field answering `question` (also used by feedback surveys)."""
    label = question_label(question, locale)
    validators = [_AnswerCheck(question)]
    kwargs: dict[str, Any] = {"validators": validators}
    kind = question.kind
    if kind == QuestionKind.SHORT_TEXT.value:
        return StringField(label, filters=[_strip_or_none], **kwargs)
    if kind == QuestionKind.LONG_TEXT.value:
        return TextAreaField(label, filters=[_strip_or_none], **kwargs)
    if kind == QuestionKind.YES_NO.value:
        yes_no = select_choices([(YES, _l("Yes")), (NO, _l("No"))])
        return RadioField(label, choices=yes_no, validate_choice=False, **kwargs)
    if kind == QuestionKind.COUNTRY.value:
        options = [("", _l("Choose a country")), *country_choices(locale)]
        return SelectField(label, choices=select_choices(options), validate_choice=False, **kwargs)
    options = choice_options(question, locale)
    if kind == QuestionKind.MULTIPLE_CHOICE.value:
        return MultiCheckboxField(
            label, choices=select_choices(options), validate_choice=False, **kwargs
        )
    return RadioField(label, choices=select_choices(options), validate_choice=False, **kwargs)


def registration_form(questions: list[Question], ui_locale: str, **kwargs: Any) -> RegistrationForm:
    """A form for this event's questions, labelled in `ui_locale`."""

    class EventRegistrationForm(RegistrationForm):
        pass

    names = []
    for question in questions:
        name = f"q_{question.id}"
        setattr(EventRegistrationForm, name, answer_field(question, ui_locale))
        names.append((question, name))
    form = EventRegistrationForm(**kwargs)
    form.question_fields = names
    return form


class ListingChangeForm(FlaskForm):
    listing = ListingField(_l("Who may see you in the participant list?"))
    submit = SubmitField(_l("Save"))


class IdListField(Field):
    """Registration ids ticked in a list; anything but whole numbers is refused."""

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = []
        for value in valuelist:
            if not is_row_id(value):
                raise ValueError(_l("The selection is not valid. Please try again."))
            self.data.append(int(value))


class DecisionForm(FlaskForm):
    ids = IdListField()
    note = TextAreaField(
        _l("Note to the person (optional)"),
        validators=[
            Length(max=NOTE_MAX, message=_l("Use at most %(max)d characters.", max=NOTE_MAX))
        ],
        filters=[strip_text],
        description=_l("They see this note with your decision. Stored encrypted."),
    )
    approve = SubmitField(_l("Approve"))
    decline = SubmitField(_l("Decline"))

    def validate_ids(self, field: IdListField) -> None:
        if not field.data:
            raise ValidationError(_l("Select at least one registration."))


class CheckInForm(FlaskForm):
    arrived = HiddenField(validators=[required()])
    submit = SubmitField(_l("Check in"))

    def validate_arrived(self, field: HiddenField) -> None:
        if field.data not in ("1", "0"):
            raise ValidationError(_l("The request is not valid. Please try again."))


BULK_MAX = 5000


class BulkForm(FlaskForm):
    """One decision for many people: the ticked ones, or all that match the filters.

    With "all matching", the filters travel as hidden fields and the server finds the
    people again; `expected` is how many the page said matched, so a list that changed
    in between is refused rather than acted on blindly.
    """

    action = RadioField(
        _l("Decision"),
        choices=select_choices(
            [
                ("approve", _l("Approve")),
                ("decline", _l("Decline")),
                ("waitlist", _l("Put on the waiting list")),
            ]
        ),
        validate_choice=False,
    )
    scope = HiddenField(default="selected")
    ids = IdListField()
    expected = HiddenField()
    note = TextAreaField(
        _l("Note to the people (optional)"),
        validators=[
            Length(max=NOTE_MAX, message=_l("Use at most %(max)d characters.", max=NOTE_MAX))
        ],
        filters=[strip_text],
        description=_l("Each person sees this note with your decision. Stored encrypted."),
    )
    submit = SubmitField(_l("Apply to the selection"))

    def validate_action(self, field: RadioField) -> None:
        if field.data not in ("approve", "decline", "waitlist"):
            raise ValidationError(_l("Choose to approve, decline or put on the waiting list."))

    def validate_scope(self, field: HiddenField) -> None:
        if field.data not in ("selected", "matching"):
            raise ValidationError(_l("The selection is not valid. Please try again."))

    def validate_expected(self, field: HiddenField) -> None:
        if self.scope.data == "matching" and not (
            isinstance(field.data, str)
            and field.data.isascii()
            and field.data.isdigit()
            and 0 < int(field.data) <= BULK_MAX
        ):
            raise ValidationError(_l("The selection is not valid. Please try again."))

    def validate_ids(self, field: IdListField) -> None:
        if self.scope.data == "matching":
            return
        if not field.data:
            raise ValidationError(_l("Select at least one registration."))
        if len(field.data) > BULK_MAX:
            raise ValidationError(_l("The selection is not valid. Please try again."))


class WalkInForm(FlaskForm):
    """A person at the door: their username (exactly, no search) and a name for the badge."""

    username = StringField(
        _l("Their username"),
        filters=[strip_text],
        validators=[
            required(),
            Length(max=100, message=_l("Use at most %(max)d characters.", max=100)),
        ],
        description=_l("Ask the person for the username they sign in with."),
    )
    badge_name = StringField(
        _l("Name on the badge (optional)"),
        filters=[strip_text],
        validators=[
            Optional(),
            Length(
                max=DISPLAY_NAME_MAX,
                message=_l("Use at most %(max)d characters.", max=DISPLAY_NAME_MAX),
            ),
        ],
    )
    submit = SubmitField(_l("Register and check in"))
