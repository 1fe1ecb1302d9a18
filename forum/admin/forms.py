from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SubmitField
from wtforms.validators import ValidationError

from forum.auth.labels import ROLE_LABELS
from forum.forms import select_choices
from forum.models import ROLE_VALUES


class RoleChangeForm(FlaskForm):
    role = SelectField(
        _l("Role"),
        choices=select_choices((role.value, label) for role, label in ROLE_LABELS.items()),
        validate_choice=False,
    )
    grant = SubmitField(_l("Grant"))
    revoke = SubmitField(_l("Revoke"))

    def validate_role(self, field: SelectField) -> None:
        if field.data not in ROLE_VALUES:
            raise ValidationError(_l("Choose one of the roles offered."))


class ResetLinkForm(FlaskForm):
    clear_two_factor = BooleanField(
        _l("Also turn off two-factor sign-in"),
        description=_l(
            "Only when the person lost the device with their authenticator app and their "
            "recovery codes. They can turn it on again after signing in."
        ),
    )
    submit = SubmitField(_l("Make a one-time link"))
