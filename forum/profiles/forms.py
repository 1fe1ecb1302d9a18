"""The profile form and the data-rights forms. Every validator has a translated message."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from forum.auth.passwords import PASSWORD_MAX
from forum.forms import PickerField, required, select_choices, strip_text
from forum.profiles.labels import VISIBILITY_LABELS
from forum.profiles.languages import language_choices, language_codes
from forum.profiles.models import (
    BIO_MAX,
    CONTACT_MAX,
    LANGUAGES_MAX,
    LEGAL_NAME_MAX,
    ORGANISATION_MAX,
    PRONOUNS_MAX,
    Visibility,
)
from forum.taxonomy import country_choices, is_country


def _length(limit: int) -> Length:
    return Length(max=limit, message=_l("Use at most %(max)d characters.", max=limit))


class VisibilityField(SelectField):
    def __init__(self, label: Any = None, **kwargs: Any) -> None:
        super().__init__(
            label or _l("Who sees it"),
            choices=select_choices(VISIBILITY_LABELS.items()),
            default=Visibility.ME.value,
            validate_choice=False,
            **kwargs,
        )

    def pre_validate(self, form: Any) -> None:
        if self.data not in VISIBILITY_LABELS:
            raise ValidationError(_l("Choose who may see this."))


def _country_options() -> list:
    return select_choices([("", _l("Not given")), *country_choices()])


def _language_options() -> list:
    return select_choices(language_choices())


class ProfileForm(FlaskForm):
    legal_name = StringField(
        _l("Legal name"),
        validators=[Optional(), _length(LEGAL_NAME_MAX)],
        filters=[strip_text],
        description=_l("Only needed when an event asks for it, e.g. for visas. Stored encrypted."),
    )
    legal_name_visibility = VisibilityField()
    organisation = StringField(
        _l("Organisation"),
        validators=[Optional(), _length(ORGANISATION_MAX)],
        filters=[strip_text],
        description=_l("Stored encrypted."),
    )
    organisation_visibility = VisibilityField()
    country = SelectField(_l("Country"), choices=_country_options, validate_choice=False)
    country_visibility = VisibilityField()
    languages = PickerField(
        _l("Languages you speak"),
        choices=_language_options,
        validate_choice=False,
        description=_l("Tick as many as apply."),
    )
    languages_visibility = VisibilityField()
    pronouns = StringField(
        _l("Pronouns"),
        validators=[Optional(), _length(PRONOUNS_MAX)],
        filters=[strip_text],
    )
    pronouns_visibility = VisibilityField()
    contact = StringField(
        _l("Contact"),
        validators=[Optional(), _length(CONTACT_MAX)],
        filters=[strip_text],
        description=_l("An email, phone number or messenger handle. Stored encrypted."),
    )
    contact_visibility = VisibilityField()
    bio = TextAreaField(
        _l("Short bio"),
        validators=[Optional(), _length(BIO_MAX)],
        filters=[strip_text],
        description=_l("Stored encrypted."),
    )
    bio_visibility = VisibilityField()
    submit = SubmitField(_l("Save profile"))

    def validate_country(self, field: SelectField) -> None:
        if field.data and not is_country(field.data):
            raise ValidationError(_l("Choose a country from the list."))

    def validate_languages(self, field: SelectMultipleField) -> None:
        chosen = field.data or []
        if any(code not in language_codes() for code in chosen):
            raise ValidationError(_l("Choose languages from the list."))
        if len(chosen) > LANGUAGES_MAX:
            raise ValidationError(_l("Choose at most %(max)d languages.", max=LANGUAGES_MAX))


POSTS_DELETE = "delete"
POSTS_KEEP = "keep"


class EraseForm(FlaskForm):
    password = PasswordField(
        _l("Your password"),
        validators=[
            required(),
            Length(max=PASSWORD_MAX, message=_l("Too long.")),
        ],
    )
    posts = RadioField(
        _l("Your posts in the exchanges"),
        choices=select_choices(
            [
                (POSTS_DELETE, _l("Delete them")),
                (POSTS_KEEP, _l('Keep them, signed "former member"')),
            ]
        ),
        default=POSTS_DELETE,
        validate_choice=False,
    )
    confirm = BooleanField(
        _l("I understand that my account and data are erased for good."),
        validators=[DataRequired(message=_l("Please confirm that you want to erase everything."))],
    )
    submit = SubmitField(_l("Erase my account"))

    def validate_posts(self, field: RadioField) -> None:
        if field.data not in (POSTS_DELETE, POSTS_KEEP):
            raise ValidationError(_l("Choose what happens to your posts."))
