"""Registration, vetting and question forms. Every validator carries a translated message."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from forum.auth.forms import strip_text
from forum.events.registration.models import (
    CHOICE_KINDS,
    EventRole,
    ListingConsent,
    Question,
    QuestionKind,
    QuestionPurpose,
    RegistrationStatus,
)
from forum.events.registration.questions import (
    CHOICE_LABEL_MAX,
    KIND_LABELS,
    LABEL_MAX,
    NO,
    PURPOSE_LABELS,
    YES,
    check_answer,
    choice_options,
    question_label,
)
from forum.events.registration.services import NOTE_MAX
from forum.forms import select_choices
from forum.i18n import LOCALES
from forum.models import DISPLAY_NAME_MAX
from forum.taxonomy import country_choices
from forum.urls import is_row_id

LISTING_LABELS = {
    ListingConsent.NOBODY.value: _l("Nobody: do not list me"),
    ListingConsent.PARTICIPANTS.value: _l("Approved participants of this event"),
    ListingConsent.MEMBERS.value: _l("All members"),
}

STATUS_LABELS = {
    RegistrationStatus.PENDING.value: _l("Awaiting approval"),
    RegistrationStatus.APPROVED.value: _l("Approved"),
    RegistrationStatus.WAITLISTED.value: _l("On the waiting list"),
    RegistrationStatus.DECLINED.value: _l("Declined"),
    RegistrationStatus.CANCELLED.value: _l("Cancelled"),
}


EVENT_ROLE_LABELS = {
    EventRole.PARTICIPANT.value: _l("Participant"),
    EventRole.SPEAKER.value: _l("Speaker"),
    EventRole.ORGANIZER.value: _l("Organizer"),
    EventRole.STAFF.value: _l("Staff"),
    EventRole.INTERPRETER.value: _l("Interpreter"),
}

# Actions recorded in an event's audit log, as the log page names them. Other features
# (exports, badges, check-in desks) add theirs here.
AUDIT_ACTION_LABELS = {
    "registrations.view": _l("Viewed the registrations list"),
    "registration.approve": _l("Approved a registration"),
    "registration.decline": _l("Declined a registration"),
    "registration.check_in": _l("Checked someone in"),
    "registration.check_in_undone": _l("Undid a check-in"),
    "registration.check_in_repeat": _l("Scanned a badge already checked in"),
    "registration.check_in_refused": _l("Refused a check-in: registration not approved"),
    "registration.check_in_other_event": _l("Scanned a badge of another event"),
    "registration.check_in_unknown": _l("Scanned an unknown badge code"),
    "badges.export": _l("Printed badges"),
    "badges.export_started": _l("Started a badge export in the background"),
    "badges.download": _l("Downloaded badges printed in the background"),
    "attendees.view": _l("Viewed the attendee list"),
    "attendees.export": _l("Downloaded the attendee list (CSV)"),
    "agenda.confidential_pdf": _l("Downloaded the agenda with the confidential venue"),
}


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


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


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


def _answer_field(question: Question, locale: str) -> Field:
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
        setattr(EventRegistrationForm, name, _answer_field(question, ui_locale))
        names.append((question, name))
    form = EventRegistrationForm(**kwargs)
    form.question_fields = names
    return form


class ListingChangeForm(FlaskForm):
    listing = ListingField(_l("Who may see you in the participant list?"))
    submit = SubmitField(_l("Save"))


class ConfirmForm(FlaskForm):
    """A button that only needs the CSRF token (cancel, move, remove)."""

    submit = SubmitField(_l("Confirm"))


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
    arrived = HiddenField(validators=[DataRequired(message=_l("This field is required."))])
    submit = SubmitField(_l("Check in"))

    def validate_arrived(self, field: HiddenField) -> None:
        if field.data not in ("1", "0"):
            raise ValidationError(_l("The request is not valid. Please try again."))


def _label_validators() -> list:
    return [
        Optional(),
        Length(max=LABEL_MAX, message=_l("Use at most %(max)d characters.", max=LABEL_MAX)),
    ]


def _choice_label_validators() -> list:
    return [
        Optional(),
        Length(
            max=CHOICE_LABEL_MAX,
            message=_l("Use at most %(max)d characters.", max=CHOICE_LABEL_MAX),
        ),
    ]


class ChoiceSubForm(Form):
    """One choice: its stable key (hidden), its label per language, and removal."""

    key = HiddenField(filters=[strip_text])
    label_en = StringField("English", validators=_choice_label_validators(), filters=[strip_text])
    label_es = StringField("Español", validators=_choice_label_validators(), filters=[strip_text])
    label_fr = StringField("Français", validators=_choice_label_validators(), filters=[strip_text])
    label_pt = StringField("Português", validators=_choice_label_validators(), filters=[strip_text])
    label_ar = StringField("العربية", validators=_choice_label_validators(), filters=[strip_text])
    removed = BooleanField(_l("Remove this choice"))

    def labels(self) -> dict[str, str]:
        return {locale: self[f"label_{locale}"].data or "" for locale in LOCALES}


class QuestionForm(FlaskForm):
    kind = SelectField(
        _l("Kind of answer"),
        choices=select_choices(KIND_LABELS.items()),
        validate_choice=False,
    )
    purpose = SelectField(
        _l("Purpose"),
        choices=select_choices(PURPOSE_LABELS.items()),
        validate_choice=False,
        default=QuestionPurpose.OTHER.value,
        description=_l("Helps the team plan logistics, e.g. count dietary needs."),
    )
    label_en = StringField("English", validators=_label_validators(), filters=[strip_text])
    label_es = StringField("Español", validators=_label_validators(), filters=[strip_text])
    label_fr = StringField("Français", validators=_label_validators(), filters=[strip_text])
    label_pt = StringField("Português", validators=_label_validators(), filters=[strip_text])
    label_ar = StringField("العربية", validators=_label_validators(), filters=[strip_text])
    required = BooleanField(_l("An answer is required"))
    sensitive = BooleanField(
        _l("Sensitive"),
        description=_l(
            "Answers are stored encrypted. Use it for health, dietary, accessibility and "
            "contact details. Once people have answered, it cannot be switched off."
        ),
    )
    choices = FieldList(FormField(ChoiceSubForm), min_entries=0, max_entries=60)
    submit = SubmitField(_l("Save question"))

    def validate_kind(self, field: SelectField) -> None:
        if field.data not in KIND_LABELS:
            raise ValidationError(_l("Choose one of the kinds offered."))

    def validate_purpose(self, field: SelectField) -> None:
        if field.data not in PURPOSE_LABELS:
            raise ValidationError(_l("Choose one of the purposes offered."))

    def labels(self) -> dict[str, str]:
        return {locale: self[f"label_{locale}"].data or "" for locale in LOCALES}

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if not any(self.labels().values()):
            self.label_en.errors = [
                *self.label_en.errors,
                _l("Write the question in at least one language."),
            ]
            valid = False
        if self.kind.data in CHOICE_KINDS:
            offered = [
                entry
                for entry in self.choices.entries
                if any(entry.form.labels().values()) and not entry.form.removed.data
            ]
            if not offered:
                self.form_errors.append(_l("Give at least one choice."))
                valid = False
        return valid


def blank_choice_rows(form: QuestionForm, count: int) -> None:
    """Empty rows where organizers type new choices (no script needed)."""
    for _ in range(count):
        form.choices.append_entry()
