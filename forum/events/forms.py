"""The filters of the event list, read from the query string."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms import (
    Form,
    SelectField,
    StringField,
)
from wtforms.validators import (
    NumberRange,
    Optional,
    ValidationError,
)

from forum.events.labels import EVENT_KINDS
from forum.events.languages import language_choices
from forum.forms import (
    WholeNumberField,
    known_choice,
    select_choices,
)
from forum.taxonomy import REGIONS, country_choices

# --- the event list's filters ----------------------------------------------------------


@lru_cache(maxsize=64)
def _filter_options(name: str, locale: str, form_class: type) -> Markup:
    field = form_class()[name]
    return Markup("").join(
        Markup('<option value="{}">{}</option>').format(value, label)
        for value, label, *_ in field.iter_choices()
    )


class EventFilterForm(Form):
    """Query-string filters of `/events/`; anything unknown is refused with a 400."""

    when = SelectField(
        _l("When"),
        choices=lambda: select_choices([("upcoming", _l("Upcoming")), ("past", _l("Past"))]),
        default="upcoming",
        validators=[Optional(), known_choice(_l("Choose upcoming or past events."))],
        validate_choice=False,
    )
    kind = SelectField(
        _l("Kind"),
        choices=lambda: select_choices([("", _l("Any kind")), *EVENT_KINDS.items()]),
        validators=[Optional(), known_choice(_l("Choose one of the kinds offered."))],
        validate_choice=False,
    )
    region = SelectField(
        _l("Region"),
        choices=lambda: select_choices([("", _l("Any region")), *REGIONS.items()]),
        validators=[Optional(), known_choice(_l("Choose one of the regions offered."))],
        validate_choice=False,
    )
    country = SelectField(
        _l("Country"),
        choices=lambda: select_choices([("", _l("Any country")), *country_choices()]),
        validators=[Optional(), known_choice(_l("Choose a country from the list."))],
        validate_choice=False,
    )
    language = SelectField(
        _l("Language"),
        choices=lambda: select_choices([("", _l("Any language")), *language_choices()]),
        validators=[Optional(), known_choice(_l("Choose one of the languages offered."))],
        validate_choice=False,
    )
    month = StringField(
        _l("Month"),
        validators=[Optional()],
        description=_l("Events taking place during this month."),
    )
    page = WholeNumberField(
        validators=[
            Optional(),
            NumberRange(min=1, max=100_000, message=_l("There is no such page.")),
        ]
    )

    def validate_month(self, field: StringField) -> None:
        if not (field.data or "").strip():
            return
        match = re.fullmatch(r"(\d{4})-(\d{2})", field.data.strip())
        if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
            raise ValidationError(_l("Give the month as year and month, e.g. 2027-03."))

    def month_start(self) -> datetime | None:
        if not (self.month.data or "").strip():
            return None
        year, month = (int(part) for part in self.month.data.strip().split("-"))
        return datetime(year, month, 1)

    def active(self) -> dict[str, str]:
        """The filters in use, to carry them into pagination links."""
        names = ("when", "kind", "region", "country", "language", "month")
        return {name: self[name].data for name in names if self[name].data}

    def options_html(self, name: str) -> Markup:
        """The `<option>`s of a filter, built once per language and remembered.

        Rendering the 250 countries through WTForms costs more than the rest of the
        event list; the markup only depends on the language and the chosen value.
        """
        field = self[name]
        markup = _filter_options(name, str(get_locale()), self.__class__)
        chosen = field.data or ""
        if not chosen:
            return markup
        plain = Markup('<option value="{}">').format(chosen)
        return markup.replace(plain, Markup('<option value="{}" selected>').format(chosen), 1)

    def carried(self) -> dict[str, str]:
        """The filters kept when switching between upcoming and past events."""
        names = ("kind", "region", "country", "language")
        return {name: self[name].data for name in names if self[name].data}
