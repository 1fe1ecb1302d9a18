"""The organizer's form for one registration question, with its choices."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import Length, Optional, ValidationError

from forum.events.registration.models import (
    CHOICE_KINDS,
    QuestionPurpose,
)
from forum.events.registration.questions.answers import (
    CHOICE_LABEL_MAX,
    LABEL_MAX,
)
from forum.events.registration.questions.labels import KIND_LABELS, PURPOSE_LABELS
from forum.forms import select_choices, strip_text
from forum.i18n import LOCALES


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
