"""The organizer's workshop settings form; sign-up buttons use `forum.forms.ActionForm`."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from forum.events.workshops.models import CAPACITY_MAX
from forum.forms import WholeNumberField, strip_text

FACILITATORS_MAX = 500
_SEPARATORS = re.compile(r"[\s,;،]+")


class WorkshopForm(FlaskForm):
    capacity = WholeNumberField(
        _l("Seats"),
        validators=[
            Optional(),
            NumberRange(
                min=1,
                max=CAPACITY_MAX,
                message=_l("Enter a number from 1 to %(max)d.", max=CAPACITY_MAX),
            ),
        ],
        description=_l(
            "People with an approved registration can sign up while seats remain. "
            "Leave empty for a session without sign-up."
        ),
    )
    facilitators = StringField(
        _l("Facilitators' user names"),
        validators=[
            Length(
                max=FACILITATORS_MAX,
                message=_l("Use at most %(max)d characters.", max=FACILITATORS_MAX),
            )
        ],
        filters=[strip_text],
        description=_l(
            "Separated by commas. While the session runs, they see who signed up; "
            "they need two-factor sign-in."
        ),
    )
    submit = SubmitField(_l("Save sign-up settings"))

    def usernames(self) -> list[str]:
        return [name for name in _SEPARATORS.split(self.facilitators.data or "") if name]

    def validate_facilitators(self, field: StringField) -> None:
        if len(self.usernames()) > 10:
            raise ValidationError(_l("Name at most %(max)d facilitators.", max=10))
