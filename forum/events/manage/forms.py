"""Forms for events and agenda sessions.

Forms check everything that needs no database: formats, lengths, the order of dates,
at least one title. Rules that need the database (a slug already taken, two sessions
in one room at once, co-organizers) live in the services, which the views call next.
Times are typed as wall-clock times in the event's timezone and converted to naive UTC
in `to_data`.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    Form,
    FormField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import (
    NumberRange,
    Optional,
    ValidationError,
)

from forum.auth.forms import TimezoneSelect, canonical_zone, timezone_choices
from forum.dates import exists_locally, to_local, to_utc
from forum.events.labels import EVENT_KINDS, SESSION_KINDS
from forum.events.languages import language_choices
from forum.events.models import (
    DESCRIPTION_MAX,
    SLUG_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    Event,
)
from forum.events.services import (
    EventData,
    EventTextData,
    SessionData,
    SessionTextData,
)
from forum.forms import (
    MultiCheckboxField,
    WholeNumberField,
    at_most,
    clean_multiline,
    known_choice,
    select_choices,
    strip_text,
    value_required,
)
from forum.i18n import LOCALES, is_timezone
from forum.taxonomy import country_choices, is_country

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED_SLUGS = frozenset({"new", "mine", "manage", "calendar", "feed"})
PLACE_MAX = 100
ADDRESS_MAX = 500
URL_MAX = 500
ROOM_MAX = 100
SPEAKER_MAX = 100
SPEAKERS_MAX = 30
CAPACITY_MAX = 100_000
PURGE_DAYS_MAX = 3650
CO_ORGANIZERS_MAX = 20
DATETIME_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M")


def _lines(value: str | None) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class LocalDateTimeField(DateTimeLocalField):
    """A wall-clock date and time, with our own translated message when unreadable."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("format", list(DATETIME_FORMATS))
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = " ".join(valuelist).strip() if valuelist else ""
        self.data = None
        if not raw:
            return
        for fmt in DATETIME_FORMATS:
            try:
                self.data = datetime.strptime(raw, fmt)
                return
            except ValueError:
                continue
        raise ValueError(_l("Enter a date and time, for example 2027-03-10 09:30."))


def https_url(form: Any, field: StringField) -> None:
    """An online link must be a plain https address (no credentials, no spaces)."""
    value = field.data or ""
    if not value:
        return
    parts = urlsplit(value)
    if (
        parts.scheme != "https"
        or not parts.hostname
        or "@" in parts.netloc
        or any(ch.isspace() for ch in value)
    ):
        raise ValidationError(
            _l(
                "Enter a full link starting with https://, for example https://meet.example.org/room."
            )
        )


def _in_zone(form: Any, field: LocalDateTimeField) -> None:
    """Refuse wall-clock times skipped by a daylight-saving change in the event's zone."""
    timezone = form.event_timezone()
    if field.data is not None and timezone and not exists_locally(field.data, timezone):
        raise ValidationError(
            _l("This time does not exist in the event's time zone (the clocks change then).")
        )


# --- events ----------------------------------------------------------------------------


class EventTextForm(Form):
    """One language's title, summary and description; all optional on their own."""

    title = StringField(_l("Title"), validators=[at_most(TITLE_MAX)], filters=[strip_text])
    summary = TextAreaField(
        _l("Summary"),
        validators=[at_most(SUMMARY_MAX)],
        filters=[clean_multiline],
        description=_l("One or two sentences shown in lists."),
    )
    description = TextAreaField(
        _l("Description"),
        validators=[at_most(DESCRIPTION_MAX)],
        filters=[clean_multiline],
        description=_l("Markdown: **bold**, *italics*, lists, links. No images."),
    )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if not self.title.data and (self.summary.data or self.description.data):
            self.title.errors.append(
                _l("Give a title in this language, or leave its summary and description empty.")
            )
            valid = False
        return valid


class EventForm(FlaskForm):
    kind = SelectField(
        _l("Kind of event"),
        choices=lambda: select_choices(EVENT_KINDS.items()),
        validators=[known_choice(_l("Choose one of the kinds offered."))],
        validate_choice=False,
    )
    default_locale = SelectField(
        _l("Main language"),
        choices=lambda: select_choices(LOCALES.items()),
        validators=[known_choice(_l("Choose one of the languages offered."))],
        validate_choice=False,
        description=_l("Shown to readers whose language has no text of its own."),
    )
    slug = StringField(
        _l("Web address"),
        validators=[Optional(), at_most(SLUG_MAX)],
        filters=[strip_text, lambda value: value.lower() if value else value],
        description=_l(
            "The last part of the event's address: lowercase letters, digits and hyphens. "
            "Left empty, it is made from the title. Changing it breaks links people saved."
        ),
    )
    timezone = SelectField(
        _l("Time zone"),
        choices=timezone_choices,
        validate_choice=False,
        widget=TimezoneSelect(),
        filters=[canonical_zone],
        description=_l("Where the event takes place; every time below is in this zone."),
    )
    starts_at = LocalDateTimeField(_l("Starts"), validators=[value_required(), _in_zone])
    ends_at = LocalDateTimeField(_l("Ends"), validators=[value_required(), _in_zone])
    venue_name = StringField(_l("Venue"), validators=[at_most(PLACE_MAX)], filters=[strip_text])
    venue_address = TextAreaField(
        _l("Address"), validators=[at_most(ADDRESS_MAX)], filters=[clean_multiline]
    )
    city = StringField(_l("City"), validators=[at_most(PLACE_MAX)], filters=[strip_text])
    country = SelectField(
        _l("Country"),
        choices=lambda: select_choices([("", _l("— none (online only) —")), *country_choices()]),
        validate_choice=False,
    )
    online_url = URLField(
        _l("Online link"),
        validators=[at_most(URL_MAX), https_url],
        filters=[strip_text],
        description=_l("For online or hybrid events. Only https:// links."),
    )
    location_confidential = BooleanField(
        _l("Keep the venue and the online link confidential"),
        description=_l(
            "Only approved participants, staff and the organizers will see them; everyone "
            "else sees the city and country, or that the event is online."
        ),
    )
    capacity = WholeNumberField(
        _l("Capacity"),
        validators=[
            Optional(),
            NumberRange(
                min=1,
                max=CAPACITY_MAX,
                message=_l("Enter a number from %(min)s to %(max)s.", min=1, max=CAPACITY_MAX),
            ),
        ],
        description=_l("Leave empty for no limit."),
    )
    registration_opens_at = LocalDateTimeField(
        _l("Registration opens"), validators=[Optional(), _in_zone]
    )
    registration_closes_at = LocalDateTimeField(
        _l("Registration closes"), validators=[Optional(), _in_zone]
    )
    requires_approval = BooleanField(
        _l("Organizers approve each registration"),
        description=_l("Recommended when participants could be at risk if the wrong person came."),
    )
    interpretation_languages = MultiCheckboxField(
        _l("Interpretation into"), choices=lambda: select_choices(language_choices())
    )
    keep_organizers = MultiCheckboxField(
        _l("Organizers"),
        coerce=int,
        description=_l("Untick someone to remove them from the team."),
    )
    co_organizers = TextAreaField(
        _l("Add co-organizers"),
        validators=[at_most(CO_ORGANIZERS_MAX * 40)],
        filters=[clean_multiline],
        description=_l(
            "Their usernames, one per line, as they told you. Others only ever see their "
            "display names. They need the organizer role."
        ),
    )
    purge_after_days = WholeNumberField(
        _l("Delete registration data after (days)"),
        default=30,
        validators=[
            value_required(),
            NumberRange(
                min=0,
                max=PURGE_DAYS_MAX,
                message=_l("Enter a number from %(min)s to %(max)s.", min=0, max=PURGE_DAYS_MAX),
            ),
        ],
        description=_l("Days after the event ends. Afterwards only anonymous counts remain."),
    )
    submit = SubmitField(_l("Save event"))

    def __init__(self, *args: Any, event: Event | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.keep_organizers.choices = select_choices(
            (user.id, user.display_name) for user in (event.organizers if event else [])
        )

    @classmethod
    def for_event(cls, event: Event) -> EventForm:
        """The form filled from a saved event, times back in its own zone."""

        def local(moment: datetime | None) -> datetime | None:
            return to_local(moment, event.timezone) if moment else None

        texts = {text.locale: text for text in event.texts}
        data: dict[str, Any] = {
            "kind": event.kind,
            "default_locale": event.default_locale,
            "slug": event.slug,
            "timezone": event.timezone,
            "starts_at": local(event.starts_at),
            "ends_at": local(event.ends_at),
            "venue_name": event.venue_name,
            "venue_address": event.venue_address,
            "city": event.city,
            "country": event.country or "",
            "online_url": event.online_url,
            "location_confidential": event.location_confidential,
            "capacity": event.capacity,
            "registration_opens_at": local(event.registration_opens_at),
            "registration_closes_at": local(event.registration_closes_at),
            "requires_approval": event.requires_approval,
            "interpretation_languages": list(event.interpretation_languages or []),
            "keep_organizers": [user.id for user in event.organizers],
            "purge_after_days": event.purge_after_days,
        }
        for code in LOCALES:
            text = texts.get(code)
            data[f"text_{code}"] = (
                {"title": text.title, "summary": text.summary, "description": text.description}
                if text
                else {}
            )
        return cls(data=data, event=event)

    def text_fields(self) -> list[tuple[str, FormField]]:
        return [(code, self[f"text_{code}"]) for code in LOCALES]

    def event_timezone(self) -> str | None:
        return self.timezone.data if is_timezone(self.timezone.data) else None

    def validate_timezone(self, field: SelectField) -> None:
        if not is_timezone(field.data):
            raise ValidationError(_l("Choose a time zone from the list."))

    def validate_slug(self, field: StringField) -> None:
        if not field.data:
            return
        if not SLUG_PATTERN.match(field.data):
            raise ValidationError(
                _l("Use only lowercase letters a–z, digits and single hyphens between them.")
            )
        if field.data in RESERVED_SLUGS:
            raise ValidationError(_l("This address is reserved. Please choose another."))

    def validate_country(self, field: SelectField) -> None:
        if field.data and not is_country(field.data):
            raise ValidationError(_l("Choose a country from the list."))
        in_person = self.venue_name.data or self.venue_address.data or self.city.data
        if not field.data and (in_person or not self.online_url.data):
            raise ValidationError(
                _l("Give the country where the event takes place, or an online link.")
            )

    def validate_ends_at(self, field: LocalDateTimeField) -> None:
        if self.starts_at.data and field.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("The end must come after the start."))

    def validate_registration_closes_at(self, field: LocalDateTimeField) -> None:
        if field.data and self.ends_at.data and field.data > self.ends_at.data:
            raise ValidationError(_l("Registration cannot close after the event ends."))

    def validate_registration_opens_at(self, field: LocalDateTimeField) -> None:
        closes = self.registration_closes_at.data
        if field.data and closes and field.data >= closes:
            raise ValidationError(_l("Registration must open before it closes."))
        if field.data and self.ends_at.data and field.data >= self.ends_at.data:
            raise ValidationError(_l("Registration must open before the event ends."))

    def validate_co_organizers(self, field: TextAreaField) -> None:
        if len(_lines(field.data)) > CO_ORGANIZERS_MAX:
            raise ValidationError(
                _l("Add at most %(max)d people at a time.", max=CO_ORGANIZERS_MAX)
            )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        titled = [code for code, sub in self.text_fields() if sub.form.title.data]
        if not titled:
            self.form_errors.append(_l("Give the event a title in at least one language."))
            valid = False
        elif self.default_locale.data in LOCALES and self.default_locale.data not in titled:
            self.default_locale.errors.append(
                _l("The main language needs a title. Write one, or choose another language.")
            )
            valid = False
        return valid

    def to_data(self) -> EventData:
        """The validated form as the services take it: times in naive UTC."""
        timezone = self.timezone.data

        def utc(moment: datetime | None) -> datetime | None:
            return to_utc(moment, timezone) if moment else None

        texts = {
            code: EventTextData(
                title=sub.form.title.data,
                summary=sub.form.summary.data or "",
                description=sub.form.description.data or "",
            )
            for code, sub in self.text_fields()
            if sub.form.title.data
        }
        return EventData(
            kind=self.kind.data,
            default_locale=self.default_locale.data,
            texts=texts,
            slug=self.slug.data or None,
            timezone=timezone,
            starts_at=to_utc(self.starts_at.data, timezone),
            ends_at=to_utc(self.ends_at.data, timezone),
            venue_name=self.venue_name.data or None,
            venue_address=self.venue_address.data or None,
            city=self.city.data or None,
            country=self.country.data or None,
            online_url=self.online_url.data or None,
            location_confidential=bool(self.location_confidential.data),
            capacity=self.capacity.data,
            registration_opens_at=utc(self.registration_opens_at.data),
            registration_closes_at=utc(self.registration_closes_at.data),
            requires_approval=bool(self.requires_approval.data),
            interpretation_languages=list(self.interpretation_languages.data or []),
            purge_after_days=self.purge_after_days.data,
            keep_organizer_ids=set(self.keep_organizers.data or []) if self.event else None,
            add_organizer_usernames=_lines(self.co_organizers.data),
        )


for _code in LOCALES:
    setattr(EventForm, f"text_{_code}", FormField(EventTextForm, label=LOCALES[_code]))


# --- agenda sessions -------------------------------------------------------------------


class SessionTextForm(Form):
    title = StringField(_l("Title"), validators=[at_most(TITLE_MAX)], filters=[strip_text])
    description = TextAreaField(
        _l("Description"),
        validators=[at_most(DESCRIPTION_MAX)],
        filters=[clean_multiline],
        description=_l("Markdown: **bold**, *italics*, lists, links. No images."),
    )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if not self.title.data and self.description.data:
            self.title.errors.append(
                _l("Give a title in this language, or leave its description empty.")
            )
            valid = False
        return valid


def _speaker_names(form: Any, field: TextAreaField) -> None:
    names = _lines(field.data)
    if len(names) > SPEAKERS_MAX:
        raise ValidationError(_l("List at most %(max)d speakers.", max=SPEAKERS_MAX))
    if any(len(name) > SPEAKER_MAX for name in names):
        raise ValidationError(_l("Each name may have at most %(max)d characters.", max=SPEAKER_MAX))


class SessionForm(FlaskForm):
    starts_at = LocalDateTimeField(_l("Starts"), validators=[value_required(), _in_zone])
    ends_at = LocalDateTimeField(_l("Ends"), validators=[value_required(), _in_zone])
    kind = SelectField(
        _l("Kind of session"),
        choices=lambda: select_choices(SESSION_KINDS.items()),
        validators=[known_choice(_l("Choose one of the kinds offered."))],
        validate_choice=False,
    )
    room = StringField(
        _l("Room"),
        validators=[at_most(ROOM_MAX)],
        filters=[strip_text],
        description=_l(
            "Sessions in the same room cannot overlap. Leave empty for the whole event."
        ),
    )
    track = StringField(_l("Track"), validators=[at_most(ROOM_MAX)], filters=[strip_text])
    speakers = TextAreaField(
        _l("Speakers"),
        validators=[_speaker_names],
        filters=[clean_multiline],
        description=_l("One per line, as each speaker wishes to be named. A pseudonym is fine."),
    )
    languages = MultiCheckboxField(
        _l("Languages of the session"), choices=lambda: select_choices(language_choices())
    )
    submit = SubmitField(_l("Save session"))

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event

    @classmethod
    def for_session(cls, event: Event, session: Any) -> SessionForm:
        texts = {text.locale: text for text in session.texts}
        data: dict[str, Any] = {
            "starts_at": to_local(session.starts_at, event.timezone),
            "ends_at": to_local(session.ends_at, event.timezone),
            "kind": session.kind,
            "room": session.room,
            "track": session.track,
            "speakers": "\n".join(session.speakers or []),
            "languages": list(session.languages or []),
        }
        for code in LOCALES:
            text = texts.get(code)
            data[f"text_{code}"] = (
                {"title": text.title, "description": text.description} if text else {}
            )
        return cls(data=data, event=event)

    def text_fields(self) -> list[tuple[str, FormField]]:
        return [(code, self[f"text_{code}"]) for code in LOCALES]

    def event_timezone(self) -> str:
        return self.event.timezone

    def validate_ends_at(self, field: LocalDateTimeField) -> None:
        if self.starts_at.data and field.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("The end must come after the start."))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if not any(sub.form.title.data for _, sub in self.text_fields()):
            self.form_errors.append(_l("Give the session a title in at least one language."))
            valid = False
        start, end = self.starts_at.data, self.ends_at.data
        if valid and start and end:
            timezone = self.event.timezone
            if to_utc(start, timezone) < self.event.starts_at or (
                to_utc(end, timezone) > self.event.ends_at
            ):
                self.starts_at.errors.append(
                    _l("The session must take place within the event's dates.")
                )
                valid = False
        return valid

    def to_data(self) -> SessionData:
        timezone = self.event.timezone
        return SessionData(
            texts={
                code: SessionTextData(
                    title=sub.form.title.data, description=sub.form.description.data or ""
                )
                for code, sub in self.text_fields()
                if sub.form.title.data
            },
            starts_at=to_utc(self.starts_at.data, timezone),
            ends_at=to_utc(self.ends_at.data, timezone),
            kind=self.kind.data,
            room=self.room.data or "",
            track=self.track.data or "",
            speakers=_lines(self.speakers.data),
            languages=list(self.languages.data or []),
        )


for _code in LOCALES:
    setattr(SessionForm, f"text_{_code}", FormField(SessionTextForm, label=LOCALES[_code]))


class MoveForm(FlaskForm):
    direction = SelectField(
        choices=lambda: select_choices([("up", _l("Move up")), ("down", _l("Move down"))]),
        validators=[known_choice(_l("Choose up or down."))],
        validate_choice=False,
    )
