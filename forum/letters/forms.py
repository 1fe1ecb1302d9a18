"""The letter request form (passport details) and the issuer's decline form."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Optional, ValidationError

from forum import taxonomy
from forum.forms import (
    at_most,
    clean_multiline,
    known_choice,
    required,
    select_choices,
    strip_text,
    value_required,
)

#: Passport numbers are 6 to 9 letters and digits almost everywhere (ICAO 9303 allows
#: up to 9 in the machine-readable zone); some older ones are shorter, none longer than 20.
PASSPORT_NUMBER = re.compile(r"[A-Z0-9]{5,20}")
OLDEST_BIRTH = date(1900, 1, 1)


def _passport_number(value: str | None) -> str | None:
    """Upper case, without the spaces and dashes people type between groups."""
    if value is None:
        return None
    return re.sub(r"[\s\-]", "", strip_text(value) or "").upper()


class DayField(DateField):
    """A calendar date with our own translated message when it cannot be read."""

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not raw:
            return
        try:
            self.data = date.fromisoformat(raw)
        except ValueError:
            raise ValueError(_l("Enter a date as year-month-day, e.g. 1985-04-23.")) from None


class LetterRequestForm(FlaskForm):
    """Exactly what an invitation letter quotes, no more."""

    legal_name = StringField(
        _l("Full name, exactly as in your passport"),
        filters=[strip_text],
        validators=[required(), at_most(200)],
    )
    nationality = SelectField(
        _l("Nationality"),
        choices=lambda: select_choices([("", ""), *taxonomy.country_choices()]),
        validate_choice=False,
        default="",
        validators=[required(), known_choice(_l("Choose a country from the list."))],
    )
    passport_number = StringField(
        _l("Passport number"),
        filters=[_passport_number],
        validators=[required()],
    )
    birth_date = DayField(
        _l("Date of birth"), validators=[value_required()], render_kw={"type": "date"}
    )
    passport_expiry = DayField(
        _l("Passport valid until"), validators=[value_required()], render_kw={"type": "date"}
    )
    purpose = TextAreaField(
        _l("Travel dates and anything the letter should mention (optional)"),
        filters=[clean_multiline],
        validators=[Optional(), at_most(500)],
        description=_l("For example: arriving 3 May, leaving 9 May; speaking on a panel."),
    )
    submit = SubmitField(_l("Ask for the letter"))

    def __init__(self, *args: Any, event_ends_on: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event_ends_on = event_ends_on

    def validate_passport_number(self, field: StringField) -> None:
        if field.data and not PASSPORT_NUMBER.fullmatch(field.data):
            raise ValidationError(
                _l("A passport number has 5 to 20 letters and digits, as printed in the passport.")
            )

    def validate_birth_date(self, field: DayField) -> None:
        if field.data and not (OLDEST_BIRTH <= field.data < date.today()):
            raise ValidationError(_l("Enter your date of birth as in your passport."))

    def validate_passport_expiry(self, field: DayField) -> None:
        if field.data is None:
            return
        if field.data <= date.today():
            raise ValidationError(_l("This passport has expired: a letter needs a valid one."))
        if self.event_ends_on is not None and field.data <= self.event_ends_on:
            raise ValidationError(
                _l("This passport expires before the event ends: a visa would be refused.")
            )


class DeclineForm(FlaskForm):
    note = TextAreaField(
        _l("Reason, shown to the person (optional)"),
        filters=[clean_multiline],
        validators=[Optional(), at_most(500)],
    )
    submit = SubmitField(_l("Decline"))
