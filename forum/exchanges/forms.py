"""Forms for threads, replies, reports, moderation and the list filters.

Choices are validated here with our own translated messages (`validate_choice=False`),
so an unknown tag, country or language is refused with a clear sentence.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError

from forum import taxonomy
from forum.events.models import Event
from forum.exchanges import queries
from forum.exchanges.labels import (
    CONTEXTS,
    FLAG_REASONS,
    OUTCOMES,
    SORTS_LIST,
    VISIBILITY_LABELS,
    Visibility,
)
from forum.exchanges.models import (
    BODY_MAX,
    FLAG_NOTE_MAX,
    FOR_WHOM_MAX,
    RESOURCES_MAX,
    TITLE_MAX,
)
from forum.exchanges.services import Tactic, Tags
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
from forum.urls import is_row_id

SEARCH_MAX = 200


def _blank(label: Any) -> list:
    return [("", label)]


def language_choices():
    return select_choices(LOCALES.items())


def country_choices():
    return select_choices(taxonomy.country_choices())


def _check_all_known(values: list[str] | None, known: Any, message: Any) -> None:
    if any(value not in known for value in values or []):
        raise ValidationError(message)


class TagFields(FlaskForm):
    """Tags shared by the new-thread form, the edit form and moderators' tag fixes."""

    regions = MultiCheckboxField(
        _l("Regions"),
        choices=lambda: select_choices(taxonomy.REGIONS.items()),
        validate_choice=False,
    )
    countries = PickerField(
        _l("Countries (optional)"),
        choices=country_choices,
        validate_choice=False,
        description=_l("Tick as many as apply. Their regions are added for you."),
    )
    risks = MultiCheckboxField(
        _l("Risks faced"),
        choices=lambda: select_choices(taxonomy.RISK_TYPES.items()),
        validate_choice=False,
    )
    groups = MultiCheckboxField(
        _l("Defenders concerned (optional)"),
        choices=lambda: select_choices(taxonomy.DEFENDER_GROUPS.items()),
        validate_choice=False,
    )
    perpetrator = SelectField(
        _l("Who is behind the risk (optional)"),
        choices=lambda: select_choices([*_blank(_l("Not said")), *taxonomy.PERPETRATORS.items()]),
        validate_choice=False,
    )

    def validate_regions(self, field: SelectMultipleField) -> None:
        _check_all_known(field.data, taxonomy.REGIONS, _l("Choose regions from the list."))
        if not field.data and not self.countries.data:
            raise ValidationError(_l("Choose at least one region or country."))

    def validate_countries(self, field: SelectMultipleField) -> None:
        _check_all_known(field.data, taxonomy.COUNTRY_REGION, _l("Choose countries from the list."))

    def validate_risks(self, field: SelectMultipleField) -> None:
        _check_all_known(field.data, taxonomy.RISK_TYPES, _l("Choose risks from the list."))
        if not field.data:
            raise ValidationError(_l("Choose at least one risk."))

    def validate_groups(self, field: SelectMultipleField) -> None:
        _check_all_known(
            field.data, taxonomy.DEFENDER_GROUPS, _l("Choose groups of defenders from the list.")
        )

    def validate_perpetrator(self, field: SelectField) -> None:
        if field.data and field.data not in taxonomy.PERPETRATORS:
            raise ValidationError(_l("Choose one of the options offered."))


class ThreadEditForm(TagFields):
    """What an author may change after posting: everything but the audience."""

    title = StringField(
        _l("Title"), validators=[required(), at_most(TITLE_MAX)], filters=[strip_text]
    )
    body = TextAreaField(
        _l("What happened, what you tried, what you learned"),
        validators=[required(), at_most(BODY_MAX)],
        filters=[clean_multiline],
        description=_l(
            "Markdown works: **bold**, *italic*, lists, [links](https://example.org). "
            "No images. Leave out names, places and dates that could identify anyone."
        ),
    )
    language = SelectField(
        _l("Language of your text"), choices=language_choices, validate_choice=False
    )
    context = SelectField(
        _l("Context"),
        choices=lambda: select_choices(_blank(_l("Not said")) + list(CONTEXTS.items())),
        validate_choice=False,
    )
    for_whom = StringField(
        _l("Who it is for"),
        validators=[Optional(), at_most(FOR_WHOM_MAX)],
        filters=[strip_text],
        description=_l("For example: women land defenders in remote villages."),
    )
    outcome = RadioField(
        _l("Outcome"),
        choices=lambda: select_choices(_blank(_l("Not said")) + list(OUTCOMES.items())),
        validate_choice=False,
        default="",
    )
    resources = TextAreaField(
        _l("Resources needed"),
        validators=[Optional(), at_most(RESOURCES_MAX)],
        filters=[clean_multiline],
        description=_l("Money, skills, time, allies, equipment."),
    )
    submit = SubmitField(_l("Save changes"))

    def validate_language(self, field: SelectField) -> None:
        if field.data not in LOCALES:
            raise ValidationError(_l("Choose one of the languages offered."))

    def validate_context(self, field: SelectField) -> None:
        if field.data and field.data not in CONTEXTS:
            raise ValidationError(_l("Choose one of the options offered."))

    def validate_outcome(self, field: RadioField) -> None:
        if field.data and field.data not in OUTCOMES:
            raise ValidationError(_l("Choose one of the options offered."))


class ThreadForm(ThreadEditForm):
    """Starting an exchange. The view fills `event` and `session` choices."""

    visibility = RadioField(
        _l("Who can read it"),
        choices=lambda: select_choices(VISIBILITY_LABELS.items()),
        validate_choice=False,
        default=Visibility.MEMBERS.value,
        description=_l(
            "This cannot be widened later, so replies never reach more people "
            "than their authors expected."
        ),
    )
    event = SelectField(_l("Linked event (optional)"), validate_choice=False, default="")
    session = SelectField(_l("Linked session (optional)"), validate_choice=False, default="")
    anonymous = BooleanField(
        _l("Post as “Anonymous member”"),
        description=_l(
            "Nobody will see who wrote it, not even moderators, and the database keeps no link "
            "to your account. You can still edit or delete it. The exchange is not followed "
            "for you: follow it yourself if you want to hear about replies."
        ),
    )
    submit = SubmitField(_l("Publish"))

    def validate_visibility(self, field: RadioField) -> None:
        if field.data not in VISIBILITY_LABELS:
            raise ValidationError(_l("Choose one of the options offered."))
        if field.data == Visibility.PARTICIPANTS.value and not self.event.data:
            raise ValidationError(_l("Choose the event whose participants may read it."))

    def validate_event(self, field: SelectField) -> None:
        if field.data and field.data not in _offered(field):
            raise ValidationError(_l("Choose an event from the list."))

    def validate_session(self, field: SelectField) -> None:
        if not field.data:
            return
        if field.data not in _offered(field):
            raise ValidationError(_l("Choose a session from the list."))
        if field.data.split(":", 1)[0] != self.event.data:
            raise ValidationError(_l("Choose a session of the linked event."))


def _offered(field: SelectField) -> set[str]:
    return {choice.value for choice in field.choices or []}


SUBMISSION_KEY = re.compile(r"[A-Za-z0-9_-]{22}")


def new_submission_key() -> str:
    return secrets.token_urlsafe(16)


def submission_key_or_none(value: object) -> str | None:
    """A key we could have made, or none: a page without one still posts (once)."""
    return value if isinstance(value, str) and SUBMISSION_KEY.fullmatch(value) else None


class ReplyForm(FlaskForm):
    body = TextAreaField(
        _l("Your reply"),
        validators=[required(), at_most(BODY_MAX)],
        filters=[clean_multiline],
        description=_l("Markdown works. Leave out anything that could identify a person."),
    )
    language = SelectField(
        _l("Language of your reply"), choices=language_choices, validate_choice=False
    )
    parent = HiddenField()
    # Sent back with the form: the same form sent twice makes one reply.
    once = HiddenField(default=new_submission_key, filters=[submission_key_or_none])
    anonymous = BooleanField(
        _l("Reply as “Anonymous member”"),
        description=_l("Nobody, not even moderators, will see who wrote it."),
    )
    submit = SubmitField(_l("Send reply"))

    def validate_language(self, field: SelectField) -> None:
        if field.data not in LOCALES:
            raise ValidationError(_l("Choose one of the languages offered."))

    def validate_parent(self, field: HiddenField) -> None:
        if field.data and not is_row_id(str(field.data)):
            raise ValidationError(_l("The message you reply to does not exist."))


class PostEditForm(FlaskForm):
    body = TextAreaField(
        _l("Your text"),
        validators=[required(), at_most(BODY_MAX)],
        filters=[clean_multiline],
    )
    language = SelectField(_l("Language"), choices=language_choices, validate_choice=False)
    submit = SubmitField(_l("Save changes"))

    def validate_language(self, field: SelectField) -> None:
        if field.data not in LOCALES:
            raise ValidationError(_l("Choose one of the languages offered."))


class FlagForm(FlaskForm):
    reason = RadioField(
        _l("Why should moderators look at this?"),
        choices=lambda: select_choices(FLAG_REASONS.items()),
        validate_choice=False,
    )
    note = TextAreaField(
        _l("Anything moderators should know (optional)"),
        validators=[Optional(), at_most(FLAG_NOTE_MAX)],
        filters=[clean_multiline],
    )
    submit = SubmitField(_l("Report to moderators"))

    def validate_reason(self, field: RadioField) -> None:
        if field.data not in FLAG_REASONS:
            raise ValidationError(_l("Choose a reason."))


class FilterForm(FlaskForm):
    """The list filters, read from the query string (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), at_most(SEARCH_MAX)])
    region = MultiCheckboxField(
        _l("Region"),
        choices=lambda: select_choices(taxonomy.REGIONS.items()),
        validate_choice=False,
    )
    country = PickerField(_l("Country"), choices=country_choices, validate_choice=False)
    risk = MultiCheckboxField(
        _l("Risk"),
        choices=lambda: select_choices(taxonomy.RISK_TYPES.items()),
        validate_choice=False,
    )
    group = MultiCheckboxField(
        _l("Defenders"),
        choices=lambda: select_choices(taxonomy.DEFENDER_GROUPS.items()),
        validate_choice=False,
    )
    language = MultiCheckboxField(_l("Language"), choices=language_choices, validate_choice=False)
    outcome = MultiCheckboxField(
        _l("Outcome"), choices=lambda: select_choices(OUTCOMES.items()), validate_choice=False
    )
    sort = SelectField(
        _l("Sort by"),
        choices=lambda: select_choices(SORTS_LIST.items()),
        validate_choice=False,
        default="activity",
    )
    # "0" searches only the words typed; anything else also the glossary's terms.
    expand = HiddenField()

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        checks = (
            (self.region, taxonomy.REGIONS),
            (self.country, taxonomy.COUNTRY_REGION),
            (self.risk, taxonomy.RISK_TYPES),
            (self.group, taxonomy.DEFENDER_GROUPS),
            (self.language, LOCALES),
            (self.outcome, OUTCOMES),
        )
        for field, known in checks:
            if any(value not in known for value in field.data or []):
                field.errors = [*field.errors, _l("Choose one of the options offered.")]
                valid = False
        if (self.sort.data or "activity") not in SORTS_LIST:
            self.sort.errors = [*self.sort.errors, _l("Choose one of the options offered.")]
            valid = False
        if (self.expand.data or "1") not in ("0", "1"):
            self.expand.errors = [*self.expand.errors, _l("Choose one of the options offered.")]
            valid = False
        return valid

    @property
    def expands(self) -> bool:
        """Whether the query goes through the glossary (the reader can turn it off)."""
        return self.expand.data != "0"

    @property
    def active(self) -> bool:
        return any(
            field.data
            for field in (
                self.q,
                self.region,
                self.country,
                self.risk,
                self.group,
                self.language,
                self.outcome,
            )
        )


# --- from the writing forms to the services ---------------------------------------------


def offer_events(form: ThreadForm) -> None:
    """The events and sessions a new exchange can be about, titled in the page's language."""
    events, sessions = queries.linkable_events()
    locale = str(get_locale())
    titles = {event.id: _event_title(event, locale) for event in events}
    form.event.choices = [SelectChoice("", _("No event"))] + [
        SelectChoice(str(event.id), titles[event.id]) for event in events
    ]
    form.session.choices = [SelectChoice("", _("No session"))] + [
        SelectChoice(
            f"{session.event_id}:{session.id}",
            _session_title(session, locale, events),
            optgroup=titles[session.event_id],
        )
        for session in sessions
    ]


def _event_title(event: Event, locale: str) -> str:
    text = event.text_for(locale)
    return text.title if text else event.slug


def _session_title(session: Any, locale: str, events: list[Event]) -> str:
    default = next((e.default_locale for e in events if e.id == session.event_id), "en")
    text = session.text_for(locale, default)
    return text.title if text else str(session.id)


def tags_from(form: Any) -> Tags:
    """The tag fields of a form (new exchange, edit, moderator's fix) as the services take them."""
    return Tags(
        regions=form.regions.data or [],
        countries=form.countries.data or [],
        risks=form.risks.data or [],
        groups=form.groups.data or [],
        perpetrator=form.perpetrator.data or None,
    )


def tactic_from(form: Any) -> Tactic:
    return Tactic(
        context=form.context.data or None,
        for_whom=form.for_whom.data or None,
        outcome=form.outcome.data or None,
        resources=form.resources.data or None,
    )
