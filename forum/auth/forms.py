"""Account forms. Every validator carries its own translated message."""

from __future__ import annotations

import unicodedata

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    EqualTo,
    Length,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.validators import Email as EmailFormat

from forum.auth.passwords import PASSWORD_MAX, password_problem
from forum.forms import select_choices
from forum.i18n import LOCALES, timezone_names
from forum.models import DISPLAY_NAME_MAX, USERNAME_MAX

USERNAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


def strip_text(value: str | None) -> str | None:
    """Trim surrounding white space and refuse invisible control characters."""
    if value is None:
        return None
    return "".join(ch for ch in value if unicodedata.category(ch) != "Cc").strip()


def _required() -> DataRequired:
    return DataRequired(message=_l("This field is required."))


def _username_validators() -> list:
    return [
        _required(),
        Length(
            min=3,
            max=USERNAME_MAX,
            message=_l("Use between %(min)d and %(max)d characters.", min=3, max=USERNAME_MAX),
        ),
        Regexp(
            USERNAME_PATTERN,
            message=_l(
                "Use only Latin letters, digits, dots, hyphens and underscores, "
                "starting with a letter or digit."
            ),
        ),
    ]


def _display_name_validators() -> list:
    return [
        _required(),
        Length(
            min=1,
            max=DISPLAY_NAME_MAX,
            message=_l("Use at most %(max)d characters.", max=DISPLAY_NAME_MAX),
        ),
    ]


def _email_validators() -> list:
    return [
        Optional(),
        Length(max=254, message=_l("Use at most %(max)d characters.", max=254)),
        EmailFormat(message=_l("Enter a valid email address, or leave this empty.")),
    ]


def locale_choices() -> list[SelectChoice]:
    return select_choices(LOCALES.items())


def timezone_choices() -> list[SelectChoice]:
    return select_choices((name, name.replace("_", " ")) for name in timezone_names())


class NewPasswordMixin:
    """Checks the new password against the rules once the other fields are known."""

    def check_new_password(self, password: str, username: str, display_name: str) -> bool:
        problem = password_problem(password, username=username, display_name=display_name)
        if problem:
            self.password.errors.append(problem)  # type: ignore[attr-defined]
            return False
        return True


class SignupForm(NewPasswordMixin, FlaskForm):
    username = StringField(
        _l("Username"),
        validators=_username_validators(),
        filters=[strip_text],
        description=_l("Used to sign in. Others never see it."),
    )
    display_name = StringField(
        _l("Display name"),
        validators=_display_name_validators(),
        filters=[strip_text],
        description=_l("What others see. A pseudonym is welcome."),
    )
    password = PasswordField(
        _l("Password"),
        validators=[_required(), Length(max=PASSWORD_MAX, message=_l("Too long."))],
        description=_l("At least 10 characters. A phrase of several words works well."),
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[_required(), EqualTo("password", message=_l("The passwords do not match."))],
    )
    email = EmailField(
        _l("Email (optional)"),
        validators=_email_validators(),
        filters=[strip_text],
        description=_l("Only for resetting your password. Stored encrypted."),
    )
    submit = SubmitField(_l("Create account"))

    def validate(self, extra_validators=None) -> bool:  # type: ignore[override]
        valid = super().validate(extra_validators)
        if self.password.data and not self.password.errors:
            valid = (
                self.check_new_password(
                    self.password.data, self.username.data or "", self.display_name.data or ""
                )
                and valid
            )
        return valid


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[_required()], filters=[strip_text])
    password = PasswordField(
        _l("Password"), validators=[_required(), Length(max=PASSWORD_MAX, message=_l("Too long."))]
    )
    submit = SubmitField(_l("Sign in"))


class PasswordChangeForm(NewPasswordMixin, FlaskForm):
    current = PasswordField(_l("Current password"), validators=[_required()])
    password = PasswordField(
        _l("New password"),
        validators=[_required(), Length(max=PASSWORD_MAX, message=_l("Too long."))],
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[_required(), EqualTo("password", message=_l("The passwords do not match."))],
    )
    submit = SubmitField(_l("Change password"))


class SettingsForm(FlaskForm):
    display_name = StringField(
        _l("Display name"), validators=_display_name_validators(), filters=[strip_text]
    )
    locale = SelectField(_l("Language"), choices=locale_choices, validate_choice=False)
    timezone = SelectField(_l("Time zone"), choices=timezone_choices, validate_choice=False)
    email = EmailField(_l("Email (optional)"), validators=_email_validators(), filters=[strip_text])
    submit = SubmitField(_l("Save settings"))

    def validate_locale(self, field: SelectField) -> None:
        if field.data not in LOCALES:
            raise ValidationError(_l("Choose one of the languages offered."))

    def validate_timezone(self, field: SelectField) -> None:
        if field.data not in timezone_names():
            raise ValidationError(_l("Choose a time zone from the list."))


def _code_validators() -> list:
    return [_required(), Length(max=64, message=_l("Too long."))]


class CodeForm(FlaskForm):
    """The second step of sign-in."""

    code = StringField(
        _l("Code"),
        validators=_code_validators(),
        filters=[strip_text],
        description=_l(
            "The six-digit code your authenticator app shows now, or one of your recovery codes."
        ),
    )
    submit = SubmitField(_l("Continue"))


class TwoFactorSetupForm(FlaskForm):
    code = StringField(
        _l("Code from the app"),
        validators=_code_validators(),
        filters=[strip_text],
        description=_l("Enter the six-digit code the app shows now, to check that it works."),
    )
    submit = SubmitField(_l("Turn on two-factor sign-in"))


class NewRecoveryCodesForm(FlaskForm):
    code = StringField(
        _l("Current code"),
        validators=_code_validators(),
        filters=[strip_text],
        description=_l("From your authenticator app. Your old recovery codes stop working."),
    )
    submit = SubmitField(_l("Make new recovery codes"))


class TwoFactorDisableForm(FlaskForm):
    password = PasswordField(
        _l("Password"), validators=[_required(), Length(max=PASSWORD_MAX, message=_l("Too long."))]
    )
    code = StringField(
        _l("Current code"),
        validators=_code_validators(),
        filters=[strip_text],
        description=_l("From your authenticator app, or one of your recovery codes."),
    )
    submit = SubmitField(_l("Turn off two-factor sign-in"))


class EndAllSessionsForm(FlaskForm):
    submit = SubmitField(_l("Sign out everywhere"))


class ForgotPasswordForm(FlaskForm):
    username = StringField(
        _l("Username"),
        validators=[_required(), Length(max=200, message=_l("Too long."))],
        filters=[strip_text],
    )
    submit = SubmitField(_l("Send me a link"))


class ResetPasswordForm(NewPasswordMixin, FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[_required(), Length(max=PASSWORD_MAX, message=_l("Too long."))],
        description=_l("At least 10 characters. A phrase of several words works well."),
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[_required(), EqualTo("password", message=_l("The passwords do not match."))],
    )
    submit = SubmitField(_l("Set the new password"))
