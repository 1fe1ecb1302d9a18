"""Account forms. Every validator carries its own translated message."""

from __future__ import annotations

from functools import cache
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email as EmailFormat
from wtforms.validators import (
    EqualTo,
    Length,
    Optional,
    Regexp,
    StopValidation,
)
from wtforms.widgets import Select, html_params

from forum.auth.passwords import PASSWORD_MAX, password_problem
from forum.forms import required, select_choices, strip_text
from forum.i18n import LOCALES, canonical_timezone, timezone_names
from forum.models import DISPLAY_NAME_MAX, USERNAME_MAX
from forum.names import display_name_problem, normalise

USERNAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


def username_validators() -> list:
    return [
        required(),
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


def _display_name_rules(_form: Any, field: Any) -> None:
    """Invisible and direction characters refused; no name that reads as a role."""
    problem = display_name_problem(field.data or "")
    if problem:
        raise StopValidation(problem)


def display_name_validators() -> list:
    return [
        required(),
        Length(
            min=1,
            max=DISPLAY_NAME_MAX,
            message=_l("Use at most %(max)d characters.", max=DISPLAY_NAME_MAX),
        ),
        _display_name_rules,
    ]


def clean_display_name(value: str | None) -> str | None:
    """Trimmed, control characters dropped, in NFKC form (full-width and styled letters
    become plain ones). Direction and invisible characters stay, to be refused."""
    value = strip_text(value)
    return normalise(value) if value else value


def email_validators() -> list:
    return [
        Optional(),
        Length(max=254, message=_l("Use at most %(max)d characters.", max=254)),
        EmailFormat(message=_l("Enter a valid email address, or leave this empty.")),
    ]


def locale_choices() -> list[SelectChoice]:
    return select_choices(LOCALES.items())


def _zone_label(name: str) -> str:
    return name.replace("_", " ")


def canonical_zone(value: str | None) -> str | None:
    """A legacy zone name (Asia/Calcutta, US/Eastern), typed or saved before, as the name
    the list offers (Asia/Kolkata, America/New_York); anything else as it came."""
    return canonical_timezone(value) or value


def timezone_choices() -> list[SelectChoice]:
    return select_choices((name, _zone_label(name)) for name in timezone_names())


@cache
def _zone_options() -> str:
    """Every zone's <option>, none selected: the same for everyone, so built once."""
    return "".join(
        f'<option value="{escape(name)}">{escape(_zone_label(name))}</option>'
        for name in timezone_names()
    )


class TimezoneSelect(Select):
    """The time-zone list (about 600 zones) without rendering each option per request.

    WTForms renders an option at a time, which made the list most of the account page's
    cost. The options do not depend on the reader (zone names are not translated), so
    they are built once; the field's value is marked selected by exact match.
    """

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        kwargs.setdefault("id", field.id)
        if getattr(field.flags, "required", False):
            kwargs.setdefault("required", True)
        options = _zone_options()
        if field.data in timezone_names():
            plain = f'<option value="{escape(field.data)}">'
            options = options.replace(plain, plain[:-1] + " selected>", 1)
        select = html_params(name=field.name, **kwargs)  # escapes every attribute
        return Markup(f"<select {select}>{options}</select>")  # noqa: S704 - escaped above  # nosec B704


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
        validators=username_validators(),
        filters=[strip_text],
        description=_l("Used to sign in. Others never see it."),
    )
    display_name = StringField(
        _l("Display name"),
        validators=display_name_validators(),
        filters=[clean_display_name],
        description=_l("What others see. A pseudonym is welcome."),
    )
    password = PasswordField(
        _l("Password"),
        validators=[required(), Length(max=PASSWORD_MAX, message=_l("Too long."))],
        description=_l("At least 10 characters. A phrase of several words works well."),
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[required(), EqualTo("password", message=_l("The passwords do not match."))],
    )
    email = EmailField(
        _l("Email (optional)"),
        validators=email_validators(),
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
    username = StringField(_l("Username"), validators=[required()], filters=[strip_text])
    password = PasswordField(
        _l("Password"), validators=[required(), Length(max=PASSWORD_MAX, message=_l("Too long."))]
    )
    submit = SubmitField(_l("Sign in"))


def code_validators() -> list:
    return [required(), Length(max=64, message=_l("Too long."))]


class CodeForm(FlaskForm):
    """The second step of sign-in."""

    code = StringField(
        _l("Code"),
        validators=code_validators(),
        filters=[strip_text],
        description=_l(
            "The six-digit code your authenticator app shows now, or one of your recovery codes."
        ),
    )
    submit = SubmitField(_l("Continue"))


class ForgotPasswordForm(FlaskForm):
    username = StringField(
        _l("Username"),
        validators=[required(), Length(max=200, message=_l("Too long."))],
        filters=[strip_text],
    )
    submit = SubmitField(_l("Send me a link"))


class ResetPasswordForm(NewPasswordMixin, FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[required(), Length(max=PASSWORD_MAX, message=_l("Too long."))],
        description=_l("At least 10 characters. A phrase of several words works well."),
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[required(), EqualTo("password", message=_l("The passwords do not match."))],
    )
    submit = SubmitField(_l("Set the new password"))
