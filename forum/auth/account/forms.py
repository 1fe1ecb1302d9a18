"""Forms of the account page: password, settings, two-factor sign-in, sessions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import (
    EqualTo,
    Length,
    ValidationError,
)

from forum.auth.forms import (
    NewPasswordMixin,
    TimezoneSelect,
    canonical_zone,
    clean_display_name,
    code_validators,
    display_name_validators,
    email_validators,
    locale_choices,
    timezone_choices,
)
from forum.auth.passwords import PASSWORD_MAX
from forum.forms import required, select_choices, strip_text
from forum.i18n import LOCALES, timezone_names
from forum.topics.digests.labels import FREQUENCY_LABELS


class PasswordChangeForm(NewPasswordMixin, FlaskForm):
    current = PasswordField(_l("Current password"), validators=[required()])
    password = PasswordField(
        _l("New password"),
        validators=[required(), Length(max=PASSWORD_MAX, message=_l("Too long."))],
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[required(), EqualTo("password", message=_l("The passwords do not match."))],
    )
    submit = SubmitField(_l("Change password"))


class SettingsForm(FlaskForm):
    display_name = StringField(
        _l("Display name"), validators=display_name_validators(), filters=[clean_display_name]
    )
    locale = SelectField(_l("Language"), choices=locale_choices, validate_choice=False)
    timezone = SelectField(
        _l("Time zone"),
        choices=timezone_choices,
        validate_choice=False,
        widget=TimezoneSelect(),
        filters=[canonical_zone],
    )
    email = EmailField(_l("Email (optional)"), validators=email_validators(), filters=[strip_text])
    notice_emails = BooleanField(
        _l("Email me when there is news about my registrations"),
        description=_l(
            "The email names no event: it says there is news and links to your notices."
        ),
    )
    digest = SelectField(
        _l("Digest of the topics you follow"),
        choices=lambda: select_choices(FREQUENCY_LABELS.items()),
        validate_choice=False,
        description=_l("How many new exchanges each followed topic had, with links."),
    )
    digest_emails = BooleanField(
        _l("Also send the digest by email"),
        description=_l("The email holds a count and a link only: no titles, no topic names."),
    )
    submit = SubmitField(_l("Save settings"))

    def validate_locale(self, field: SelectField) -> None:
        if field.data not in LOCALES:
            raise ValidationError(_l("Choose one of the languages offered."))

    def validate_digest(self, field: SelectField) -> None:
        """Left out of the form (an older page, a script): the choice stays as it was."""
        if field.data and field.data not in FREQUENCY_LABELS:
            raise ValidationError(_l("Choose one of the options offered."))

    def validate_timezone(self, field: SelectField) -> None:
        if field.data not in timezone_names():
            raise ValidationError(_l("Choose a time zone from the list."))


class TwoFactorSetupForm(FlaskForm):
    code = StringField(
        _l("Code from the app"),
        validators=code_validators(),
        filters=[strip_text],
        description=_l("Enter the six-digit code the app shows now, to check that it works."),
    )
    submit = SubmitField(_l("Turn on two-factor sign-in"))


class NewRecoveryCodesForm(FlaskForm):
    code = StringField(
        _l("Current code"),
        validators=code_validators(),
        filters=[strip_text],
        description=_l("From your authenticator app. Your old recovery codes stop working."),
    )
    submit = SubmitField(_l("Make new recovery codes"))


class TwoFactorDisableForm(FlaskForm):
    password = PasswordField(
        _l("Password"), validators=[required(), Length(max=PASSWORD_MAX, message=_l("Too long."))]
    )
    code = StringField(
        _l("Current code"),
        validators=code_validators(),
        filters=[strip_text],
        description=_l("From your authenticator app, or one of your recovery codes."),
    )
    submit = SubmitField(_l("Turn off two-factor sign-in"))


class EndAllSessionsForm(FlaskForm):
    submit = SubmitField(_l("Sign out everywhere"))


class EndOneSessionForm(FlaskForm):
    submit = SubmitField(_l("Sign out this one"))
