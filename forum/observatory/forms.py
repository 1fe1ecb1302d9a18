"""Forms of the observatory: an instrument, a step of its timeline, an assessment, an
element of the checklist, and the filters of the public lists.

Choices are checked here with our own translated messages; dates may not lie in the
future; addresses must be http or https (they are shown as links).
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Optional, ValidationError

from forum import taxonomy
from forum.forms import (
    PickerField,
    WholeNumberField,
    at_most,
    clean_multiline,
    required,
    select_choices,
    strip_text,
    value_required,
)
from forum.i18n import LOCALES
from forum.observatory.labels import KINDS, LEVELS, RATINGS, STATUSES
from forum.observatory.models import (
    AUTHORITY_MAX,
    ELEMENT_DESCRIPTION_MAX,
    ELEMENT_NAME_MAX,
    NOTE_MAX,
    SOURCE_LABEL_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    URL_MAX,
)

SOURCES_MAX = 10
WORKS_MAX = 10
COMPARE_MAX = 4
_URL = re.compile(r"https?://[^\s<>\"]{3,}", re.IGNORECASE)
_WORK = re.compile(r"(?:.*/library/)?(\d{1,9})/?")


def _known(value: Any, known: Any, message: Any) -> None:
    if any(v not in known for v in (value if isinstance(value, list) else [value])):
        raise ValidationError(message)


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@cache
def _language_names(locale: str) -> dict[str, str]:
    """ISO 639-1 languages (two letters), named in the reader's language."""
    names = Locale.parse(locale).languages
    return {code: name for code, name in names.items() if re.fullmatch(r"[a-z]{2}", code)}


def language_choices() -> list[tuple[str, str]]:
    names = _language_names(str(get_locale()))
    return sorted(names.items(), key=lambda pair: pair[1].casefold())


def language_name(code: str) -> str:
    return _language_names(str(get_locale())).get(code, code)


def _not_future(form: Any, field: Any) -> None:
    if field.data and field.data > date.today():
        raise ValidationError(_l("This date is in the future."))


def _date(label: Any, *, needed: bool = False) -> DateField:
    return DateField(
        label,
        validators=[value_required() if needed else Optional(), _not_future],
        render_kw={"type": "date"},
    )


class InstrumentForm(FlaskForm):
    """What an instrument is, and its title and summary in one language."""

    country = SelectField(
        _l("Country"),
        choices=lambda: select_choices([("", ""), *taxonomy.country_choices()]),
        validate_choice=False,
        default="",
    )
    level = SelectField(
        _l("Level"), choices=lambda: select_choices(LEVELS.items()), validate_choice=False
    )
    kind = SelectField(
        _l("Kind of instrument"),
        choices=lambda: select_choices(KINDS.items()),
        validate_choice=False,
    )
    original_language = SelectField(
        _l("Language it was written in"),
        choices=lambda: select_choices(language_choices()),
        validate_choice=False,
        default="en",
    )
    original_title = StringField(
        _l("Title in that language"),
        validators=[required(), at_most(TITLE_MAX)],
        filters=[strip_text],
    )
    authority = StringField(
        _l("Issuing authority"),
        validators=[Optional(), at_most(AUTHORITY_MAX)],
        filters=[strip_text],
    )
    introduced_on = _date(_l("Introduced on"))
    adopted_on = _date(_l("Adopted on"))
    in_force_on = _date(_l("In force since"))
    language = SelectField(
        _l("Language"), choices=lambda: select_choices(LOCALES.items()), validate_choice=False
    )
    title = StringField(
        _l("Title"), validators=[required(), at_most(TITLE_MAX)], filters=[strip_text]
    )
    summary = TextAreaField(
        _l("Summary"),
        validators=[Optional(), at_most(SUMMARY_MAX)],
        filters=[clean_multiline],
        render_kw={"rows": 5},
    )
    sources = TextAreaField(
        _l("Sources (one per line: the address, then a space and a name if you like)"),
        filters=[clean_multiline],
        render_kw={"rows": 3},
    )
    works = TextAreaField(
        _l("Full texts in the library (one per line: the work's number or address)"),
        filters=[clean_multiline],
        render_kw={"rows": 2},
        description=_l("Only public works can be linked."),
    )
    submit = SubmitField(_l("Save"))

    def validate_country(self, field: SelectField) -> None:
        if not field.data:
            raise ValidationError(_l("This field is required."))
        _known(field.data, taxonomy.COUNTRY_REGION, _l("Choose countries from the list."))

    def validate_level(self, field: SelectField) -> None:
        _known(field.data, LEVELS, _l("Choose one of the options offered."))

    def validate_kind(self, field: SelectField) -> None:
        _known(field.data, KINDS, _l("Choose one of the options offered."))

    def validate_original_language(self, field: SelectField) -> None:
        _known(
            field.data,
            _language_names(str(get_locale())),
            _l("Choose one of the languages offered."),
        )

    def validate_language(self, field: SelectField) -> None:
        _known(field.data, LOCALES, _l("Choose one of the languages offered."))

    def validate_adopted_on(self, field: DateField) -> None:
        if field.data and self.introduced_on.data and field.data < self.introduced_on.data:
            raise ValidationError(_l("It cannot be adopted before it was introduced."))

    def validate_in_force_on(self, field: DateField) -> None:
        if field.data and self.adopted_on.data and field.data < self.adopted_on.data:
            raise ValidationError(_l("It cannot be in force before it was adopted."))

    def validate_sources(self, field: TextAreaField) -> None:
        lines = _lines(field.data)
        if len(lines) > SOURCES_MAX:
            raise ValidationError(_l("Give at most %(max)d sources.", max=SOURCES_MAX))
        for line in lines:
            url, _sep, label = line.partition(" ")
            if not _URL.fullmatch(url) or len(url) > URL_MAX:
                raise ValidationError(
                    _l("Each source starts with an address beginning with https:// or http://.")
                )
            if len(label.strip()) > SOURCE_LABEL_MAX:
                raise ValidationError(_l("Use at most %(max)d characters.", max=SOURCE_LABEL_MAX))

    def validate_works(self, field: TextAreaField) -> None:
        lines = _lines(field.data)
        if len(lines) > WORKS_MAX:
            raise ValidationError(_l("Link at most %(max)d works.", max=WORKS_MAX))
        if any(not _WORK.fullmatch(line) for line in lines):
            raise ValidationError(_l("Give each work's number or its address in the library."))

    def source_pairs(self) -> list[tuple[str, str]]:
        pairs = []
        for line in _lines(self.sources.data):
            url, _sep, label = line.partition(" ")
            pairs.append((url, label.strip()))
        return pairs

    def work_ids(self) -> list[int]:
        ids = []
        for line in _lines(self.works.data):
            match = _WORK.fullmatch(line)
            if match and int(match.group(1)) not in ids:
                ids.append(int(match.group(1)))
        return ids


class NewInstrumentForm(InstrumentForm):
    """A new instrument also needs the first step of its timeline."""

    status = SelectField(
        _l("Status"), choices=lambda: select_choices(STATUSES.items()), validate_choice=False
    )
    status_on = _date(_l("Since"), needed=True)
    note = TextAreaField(
        _l("Note on this step (optional)"),
        validators=[Optional(), at_most(NOTE_MAX)],
        filters=[clean_multiline],
        render_kw={"rows": 2},
    )

    def validate_status(self, field: SelectField) -> None:
        _known(field.data, STATUSES, _l("Choose one of the options offered."))


def _note(language: str) -> TextAreaField:
    return TextAreaField(
        LOCALES[language],
        validators=[Optional(), at_most(NOTE_MAX)],
        filters=[clean_multiline],
        render_kw={"rows": 2, "lang": language, "dir": "auto"},
    )


class StatusForm(FlaskForm):
    """A new step on the timeline, with a note in any of the five languages."""

    status = SelectField(
        _l("Status"), choices=lambda: select_choices(STATUSES.items()), validate_choice=False
    )
    changed_on = _date(_l("Date"), needed=True)
    note_en = _note("en")
    note_es = _note("es")
    note_fr = _note("fr")
    note_pt = _note("pt")
    note_ar = _note("ar")
    submit = SubmitField(_l("Add to the timeline"))

    def validate_status(self, field: SelectField) -> None:
        _known(field.data, STATUSES, _l("Choose one of the options offered."))

    def notes(self) -> dict[str, str]:
        return {code: getattr(self, f"note_{code}").data or "" for code in LOCALES}


class AssessmentForm(FlaskForm):
    """How an instrument fares on one element of the checklist."""

    rating = RadioField(
        _l("Rating"),
        choices=lambda: select_choices([*RATINGS.items(), ("", _l("Not assessed"))]),
        validate_choice=False,
        default="",
    )
    source_url = StringField(
        _l("Source (an address)"),
        validators=[Optional(), at_most(URL_MAX)],
        filters=[strip_text],
    )
    language = SelectField(
        _l("Language of the note"),
        choices=lambda: select_choices(LOCALES.items()),
        validate_choice=False,
    )
    note = TextAreaField(
        _l("Note"),
        validators=[Optional(), at_most(NOTE_MAX)],
        filters=[clean_multiline],
        render_kw={"rows": 3},
    )
    submit = SubmitField(_l("Save"))

    def validate_rating(self, field: RadioField) -> None:
        if field.data:
            _known(field.data, RATINGS, _l("Choose one of the options offered."))

    def validate_source_url(self, field: StringField) -> None:
        if field.data and not _URL.fullmatch(field.data):
            raise ValidationError(_l("Give an address beginning with https:// or http://."))

    def validate_language(self, field: SelectField) -> None:
        _known(field.data, LOCALES, _l("Choose one of the languages offered."))


class ElementForm(FlaskForm):
    """An element of the checklist, named in one language."""

    language = SelectField(
        _l("Language"), choices=lambda: select_choices(LOCALES.items()), validate_choice=False
    )
    name = StringField(
        _l("Name"), validators=[required(), at_most(ELEMENT_NAME_MAX)], filters=[strip_text]
    )
    description = TextAreaField(
        _l("What it means"),
        validators=[Optional(), at_most(ELEMENT_DESCRIPTION_MAX)],
        filters=[clean_multiline],
        render_kw={"rows": 2},
    )
    position = WholeNumberField(_l("Order in the list"), validators=[Optional()], default=0)
    active = BooleanField(_l("In use (shown and assessed)"), default=True)
    submit = SubmitField(_l("Save"))

    def validate_language(self, field: SelectField) -> None:
        _known(field.data, LOCALES, _l("Choose one of the languages offered."))

    def validate_position(self, field: WholeNumberField) -> None:
        if field.data is not None and not 0 <= field.data <= 1000:
            raise ValidationError(_l("Give a number from 0 to 1000."))


class FilterForm(FlaskForm):
    """The list's filters, read from the query string (no CSRF: nothing changes)."""

    class Meta:
        csrf = False

    country = SelectField(
        _l("Country"),
        choices=lambda: select_choices([("", _l("All countries")), *taxonomy.country_choices()]),
        validate_choice=False,
        default="",
    )
    region = SelectField(
        _l("Region"),
        choices=lambda: select_choices([("", _l("All regions")), *taxonomy.REGIONS.items()]),
        validate_choice=False,
        default="",
    )
    kind = SelectField(
        _l("Kind"),
        choices=lambda: select_choices([("", _l("All kinds")), *KINDS.items()]),
        validate_choice=False,
        default="",
    )
    level = SelectField(
        _l("Level"),
        choices=lambda: select_choices([("", _l("All levels")), *LEVELS.items()]),
        validate_choice=False,
        default="",
    )
    status = SelectField(
        _l("Status"),
        choices=lambda: select_choices([("", _l("Any status")), *STATUSES.items()]),
        validate_choice=False,
        default="",
    )

    def validate_country(self, field: SelectField) -> None:
        if field.data:
            _known(field.data, taxonomy.COUNTRY_REGION, _l("Choose countries from the list."))

    def validate_region(self, field: SelectField) -> None:
        if field.data:
            _known(field.data, taxonomy.REGIONS, _l("Choose regions from the list."))

    def validate_kind(self, field: SelectField) -> None:
        if field.data:
            _known(field.data, KINDS, _l("Choose one of the options offered."))

    def validate_level(self, field: SelectField) -> None:
        if field.data:
            _known(field.data, LEVELS, _l("Choose one of the options offered."))

    def validate_status(self, field: SelectField) -> None:
        if field.data:
            _known(field.data, STATUSES, _l("Choose one of the options offered."))


class CompareForm(FlaskForm):
    """Two to four countries to put side by side (query string, no CSRF)."""

    class Meta:
        csrf = False

    country = PickerField(
        _l("Countries to compare"),
        choices=lambda: select_choices(taxonomy.country_choices()),
        validate_choice=False,
        description=_l("Tick two to four."),
    )

    def validate_country(self, field: SelectMultipleField) -> None:
        chosen = field.data or []
        _known(chosen, taxonomy.COUNTRY_REGION, _l("Choose countries from the list."))
        if not 2 <= len(dict.fromkeys(chosen)) <= COMPARE_MAX:
            raise ValidationError(_l("Choose two to four countries."))
