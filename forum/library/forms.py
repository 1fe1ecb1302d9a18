"""Forms of the library: a new work, an edition, the work's details, links, packs, filters.

Choices are checked here with our own translated messages. The view fills the choices
that come from the database (events, sessions).
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Optional, ValidationError

from forum import taxonomy
from forum.forms import (
    MultiCheckboxField,
    PickerField,
    at_most,
    clean_multiline,
    required,
    select_choices,
    strip_text,
)
from forum.i18n import LOCALES
from forum.library.labels import KINDS, USE_LABELS, VISIBILITY_LABELS, Visibility
from forum.library.models import AUTHOR_MAX, SUMMARY_MAX, TITLE_MAX

AUTHORS_MAX = 20
SEARCH_MAX = 200
_THREAD = re.compile(r"(?:/exchanges/)?(\d{1,9})(?:[-/?#].*)?")
_WORK = re.compile(r"(?:/library/)?(\d{1,9})(?:[/?#].*)?")
#: What an event's organizers may make of a work (citing belongs to exchanges).
EVENT_USES = ("curriculum", "slides", "handout")


def _known(values: Any, known: Any, message: Any) -> None:
    if any(value not in known for value in (values if isinstance(values, list) else [values])):
        raise ValidationError(message)


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class WorkFields(FlaskForm):
    """What describes a work, whatever its language."""

    kind = SelectField(
        _l("Kind of work"), choices=lambda: select_choices(KINDS.items()), validate_choice=False
    )
    published_on = DateField(
        _l("Date of publication"),
        validators=[required()],
        render_kw={"type": "date"},
    )
    organisations = TextAreaField(
        _l("Organisations that wrote it (one per line)"),
        filters=[clean_multiline],
        render_kw={"rows": 2},
    )
    pseudonyms = TextAreaField(
        _l("People who wrote it, by pseudonym (one per line)"),
        filters=[clean_multiline],
        render_kw={"rows": 2},
        description=_l("Never a legal name unless the person asked for it."),
    )
    visibility = RadioField(
        _l("Who can find and read it"),
        choices=lambda: select_choices(VISIBILITY_LABELS.items()),
        validate_choice=False,
        default=Visibility.PUBLIC.value,
    )
    event = SelectField(_l("Event (for participants only)"), validate_choice=False, default="")
    regions = MultiCheckboxField(
        _l("Regions (optional)"),
        choices=lambda: select_choices(taxonomy.REGIONS.items()),
        validate_choice=False,
    )
    countries = PickerField(
        _l("Countries (optional)"),
        choices=lambda: select_choices(taxonomy.country_choices()),
        validate_choice=False,
        description=_l("Tick as many as apply."),
    )
    risks = MultiCheckboxField(
        _l("Risks it helps with (optional)"),
        choices=lambda: select_choices(taxonomy.RISK_TYPES.items()),
        validate_choice=False,
    )
    groups = MultiCheckboxField(
        _l("Defenders it is for (optional)"),
        choices=lambda: select_choices(taxonomy.DEFENDER_GROUPS.items()),
        validate_choice=False,
    )

    def validate_kind(self, field: SelectField) -> None:
        _known(field.data, KINDS, _l("Choose one of the options offered."))

    def validate_visibility(self, field: RadioField) -> None:
        _known(field.data, VISIBILITY_LABELS, _l("Choose one of the options offered."))
        if field.data == Visibility.PARTICIPANTS.value and not self.event.data:
            raise ValidationError(_l("Choose the event whose participants may read it."))

    def validate_event(self, field: SelectField) -> None:
        if field.data and field.data not in {value for value, _ in field.choices or []}:
            raise ValidationError(_l("Choose one of the events offered."))

    def validate_organisations(self, field: TextAreaField) -> None:
        self._check_authors()

    def validate_pseudonyms(self, field: TextAreaField) -> None:
        if any(len(name) > AUTHOR_MAX for name in _lines(field.data)):
            raise ValidationError(_l("Use at most %(max)d characters.", max=AUTHOR_MAX))

    def _check_authors(self) -> None:
        names = _lines(self.organisations.data) + _lines(self.pseudonyms.data)
        if not names:
            raise ValidationError(_l("Name at least one author: an organisation or a pseudonym."))
        if len(names) > AUTHORS_MAX:
            raise ValidationError(_l("Name at most %(max)d authors.", max=AUTHORS_MAX))
        if any(len(name) > AUTHOR_MAX for name in _lines(self.organisations.data)):
            raise ValidationError(_l("Use at most %(max)d characters.", max=AUTHOR_MAX))

    def validate_regions(self, field: Any) -> None:
        _known(field.data or [], taxonomy.REGIONS, _l("Choose regions from the list."))

    def validate_countries(self, field: Any) -> None:
        _known(field.data or [], taxonomy.COUNTRY_REGION, _l("Choose countries from the list."))

    def validate_risks(self, field: Any) -> None:
        _known(field.data or [], taxonomy.RISK_TYPES, _l("Choose risks from the list."))

    def validate_groups(self, field: Any) -> None:
        _known(
            field.data or [],
            taxonomy.DEFENDER_GROUPS,
            _l("Choose groups of defenders from the list."),
        )

    def authors(self) -> list[tuple[str, str]]:
        return [(name, "organisation") for name in _lines(self.organisations.data)] + [
            (name, "pseudonym") for name in _lines(self.pseudonyms.data)
        ]

    def tags(self) -> dict[str, list[str]]:
        return {
            "region": self.regions.data or [],
            "country": self.countries.data or [],
            "risk": self.risks.data or [],
            "group": self.groups.data or [],
        }


class TextFields(FlaskForm):
    """A work's title and summary in one language."""

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
        render_kw={"rows": 4},
    )

    def validate_language(self, field: SelectField) -> None:
        _known(field.data, LOCALES, _l("Choose one of the languages offered."))


def _file_field() -> FileField:
    return FileField(
        _l("File"),
        description=_l(
            "PDF, EPUB, ODT, DOCX, PNG or JPEG. Its metadata (authors, dates, places, "
            "editing history) is removed before it is stored."
        ),
    )


class EditionForm(TextFields):
    """A file in one language, with the work's title and summary in that language."""

    file = _file_field()
    submit = SubmitField(_l("Add this edition"))

    def validate_file(self, field: FileField) -> None:
        if not field.data or not getattr(field.data, "filename", None):
            raise ValidationError(_l("Choose a file to upload."))


class UploadForm(EditionForm, WorkFields):
    submit = SubmitField(_l("Upload"))


class WorkEditForm(WorkFields, TextFields):
    submit = SubmitField(_l("Save changes"))


class LinkForm(FlaskForm):
    """Where a work is used. The view fills `event` and `session` choices."""

    role = RadioField(
        _l("Used as"),
        choices=lambda: select_choices(USE_LABELS.items()),
        validate_choice=False,
        default="curriculum",
    )
    event = SelectField(_l("Event"), validate_choice=False, default="")
    session = SelectField(
        _l("Session (for slides and handouts)"), validate_choice=False, default=""
    )
    thread = StringField(
        _l("Exchange (its number or address, when cited)"),
        validators=[Optional(), at_most(300)],
        filters=[strip_text],
    )
    submit = SubmitField(_l("Link"))

    def validate_role(self, field: RadioField) -> None:
        _known(field.data, USE_LABELS, _l("Choose one of the options offered."))

    def validate_event(self, field: SelectField) -> None:
        if self.role.data != "cited" and not field.data:
            raise ValidationError(_l("Choose the event."))
        if field.data and field.data not in {value for value, _ in field.choices or []}:
            raise ValidationError(_l("Choose one of the events offered."))

    def validate_session(self, field: SelectField) -> None:
        if self.role.data in ("slides", "handout") and not field.data:
            raise ValidationError(_l("Choose the session these slides or this handout belong to."))
        if field.data and field.data not in {value for value, _ in field.choices or []}:
            raise ValidationError(_l("Choose one of the sessions offered."))

    def validate_thread(self, field: StringField) -> None:
        if self.role.data == "cited" and self.thread_id() is None:
            raise ValidationError(_l("Give the exchange's number or its address."))

    def thread_id(self) -> int | None:
        raw = (self.thread.data or "").rsplit("/exchanges/", 1)[-1]
        match = _THREAD.fullmatch(raw)
        return int(match.group(1)) if match else None


class EventWorkForm(FlaskForm):
    """An event's organizers put a library work on their event: on its curriculum, or as
    a session's slides or handout. The view fills the `session` choices (this event's)."""

    work = StringField(
        _l("Work (its number or its address in the library)"),
        validators=[required(), at_most(300)],
        filters=[strip_text],
    )
    role = RadioField(
        _l("Used as"),
        choices=lambda: select_choices((k, v) for k, v in USE_LABELS.items() if k in EVENT_USES),
        validate_choice=False,
        default="curriculum",
    )
    session = SelectField(
        _l("Session (for slides and handouts)"), validate_choice=False, default=""
    )
    submit = SubmitField(_l("Link"))

    def validate_work(self, field: StringField) -> None:
        if self.work_id() is None:
            raise ValidationError(_l("Give the work's number or its address in the library."))

    def validate_role(self, field: RadioField) -> None:
        _known(field.data, EVENT_USES, _l("Choose one of the options offered."))

    def validate_session(self, field: SelectField) -> None:
        if self.role.data in ("slides", "handout") and not field.data:
            raise ValidationError(_l("Choose the session these slides or this handout belong to."))
        if field.data and field.data not in {value for value, _ in field.choices or []}:
            raise ValidationError(_l("Choose one of the sessions offered."))

    def work_id(self) -> int | None:
        raw = (self.work.data or "").rsplit("/library/", 1)[-1]
        match = _WORK.fullmatch(raw)
        return int(match.group(1)) if match else None


class CiteForm(FlaskForm):
    """Cite a work in an exchange, from the work's page (members)."""

    thread = StringField(
        _l("Exchange (its number or address)"),
        validators=[required(), at_most(300)],
        filters=[strip_text],
    )
    submit = SubmitField(_l("Cite"))

    def thread_id(self) -> int | None:
        raw = (self.thread.data or "").rsplit("/exchanges/", 1)[-1]
        match = _THREAD.fullmatch(raw)
        return int(match.group(1)) if match else None

    def validate_thread(self, field: StringField) -> None:
        if self.thread_id() is None:
            raise ValidationError(_l("Give the exchange's number or its address."))


class FilterForm(FlaskForm):
    """The list's filters, read from the query string (no CSRF: nothing changes)."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Search"), validators=[Optional(), at_most(SEARCH_MAX)], filters=[strip_text]
    )
    kind = SelectField(
        _l("Kind"),
        choices=lambda: select_choices([("", _l("All kinds")), *KINDS.items()]),
        validate_choice=False,
        default="",
    )
    language = SelectField(
        _l("Available in"),
        choices=lambda: select_choices([("", _l("Any language")), *LOCALES.items()]),
        validate_choice=False,
        default="",
    )
    topic = SelectField(_l("Topic"), validate_choice=False, default="")

    def validate_kind(self, field: SelectField) -> None:
        if field.data:
            _known(field.data, KINDS, _l("Choose one of the options offered."))

    def validate_language(self, field: SelectField) -> None:
        if field.data:
            _known(field.data, LOCALES, _l("Choose one of the languages offered."))

    def validate_topic(self, field: SelectField) -> None:
        if field.data and field.data not in {value for value, _ in field.choices or []}:
            raise ValidationError(_l("Choose one of the options offered."))


class PackForm(FlaskForm):
    """Which pack: a topic or an event, and one language. The view fills `scope`."""

    class Meta:
        csrf = False

    scope = SelectField(_l("Topic or event"), validate_choice=False, default="")
    language = SelectField(
        _l("Language"), choices=lambda: select_choices(LOCALES.items()), validate_choice=False
    )

    def validate_scope(self, field: SelectField) -> None:
        if field.data not in {value for value, _ in field.choices or []}:
            raise ValidationError(_l("Choose one of the options offered."))

    def validate_language(self, field: SelectField) -> None:
        _known(field.data, LOCALES, _l("Choose one of the languages offered."))
