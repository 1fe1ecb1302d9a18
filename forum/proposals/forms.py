"""Forms of calls for proposals: the call, a proposal with its speakers, a review, a
decision, and the session an accepted proposal becomes.

Every choice is checked here with our own translated message; times are the event's
wall-clock times, converted to UTC for the services.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, Form, FormField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional, ValidationError

from forum.dates import to_local, to_utc
from forum.events.labels import SESSION_KINDS
from forum.events.manage.forms import LocalDateTimeField, _in_zone
from forum.events.models import Event
from forum.forms import (
    MultiCheckboxField,
    at_most,
    clean_multiline,
    known_choice,
    required,
    select_choices,
    strip_text,
    value_required,
)
from forum.i18n import LOCALES
from forum.proposals.labels import DECISION_LABELS, FORMATS, LISTINGS
from forum.proposals.models import (
    ABSTRACT_MAX,
    COMMENT_MAX,
    MESSAGE_MAX,
    NAME_MAX,
    SPEAKERS_MAX,
    TITLE_MAX,
    TRACK_MAX,
    TRACKS_MAX,
    Listing,
    ProposalCall,
)
from forum.proposals.services import CallData, ProposalData, ScheduleData, SpeakerData

ROOM_MAX = 100
REVIEWERS_MAX = 30


def _lines(value: str | None) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class CallForm(FlaskForm):
    opens_at = LocalDateTimeField(_l("Proposals open"), validators=[value_required(), _in_zone])
    closes_at = LocalDateTimeField(_l("Proposals close"), validators=[value_required(), _in_zone])
    formats = MultiCheckboxField(
        _l("Formats welcome"), choices=lambda: select_choices(FORMATS.items())
    )
    tracks = TextAreaField(
        _l("Tracks"),
        filters=[clean_multiline],
        description=_l("One per line. Leave empty for a programme without tracks."),
    )
    reviewers = TextAreaField(
        _l("Reviewers besides the organizers"),
        filters=[clean_multiline],
        description=_l(
            "Usernames, one per line. They score and comment without seeing who proposed "
            "or who would speak; the organizers decide."
        ),
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event

    @classmethod
    def for_call(cls, event: Event, call: ProposalCall | None, reviewers: list[str]) -> CallForm:
        if call is None:
            return cls(event=event)
        return cls(
            event=event,
            data={
                "opens_at": to_local(call.opens_at, event.timezone),
                "closes_at": to_local(call.closes_at, event.timezone),
                "formats": list(call.formats),
                "tracks": "\n".join(call.tracks),
                "reviewers": "\n".join(reviewers),
            },
        )

    def event_timezone(self) -> str:
        return self.event.timezone

    def validate_closes_at(self, field: LocalDateTimeField) -> None:
        if self.opens_at.data and field.data and field.data <= self.opens_at.data:
            raise ValidationError(_l("The call must close after it opens."))

    def validate_formats(self, field: MultiCheckboxField) -> None:
        if not field.data:
            raise ValidationError(_l("Choose at least one format."))

    def validate_reviewers(self, field: TextAreaField) -> None:
        if len(_lines(field.data)) > REVIEWERS_MAX:
            raise ValidationError(_l("List at most %(max)d reviewers.", max=REVIEWERS_MAX))

    def validate_tracks(self, field: TextAreaField) -> None:
        tracks = _lines(field.data)
        if len(tracks) > TRACKS_MAX:
            raise ValidationError(_l("List at most %(max)d tracks.", max=TRACKS_MAX))
        if any(len(track) > TRACK_MAX for track in tracks):
            raise ValidationError(
                _l("Each track may have at most %(max)d characters.", max=TRACK_MAX)
            )

    def to_data(self) -> CallData:
        timezone = self.event.timezone
        return CallData(
            opens_at=to_utc(self.opens_at.data, timezone),
            closes_at=to_utc(self.closes_at.data, timezone),
            formats=list(self.formats.data or []),
            tracks=list(dict.fromkeys(_lines(self.tracks.data))),
            reviewers=list(dict.fromkeys(_lines(self.reviewers.data))),
        )


class SpeakerForm(Form):
    name = StringField(
        _l("Name"),
        validators=[at_most(NAME_MAX)],
        filters=[strip_text],
        description=_l("How the organizers' team may know them. Never shown to reviewers."),
    )
    member = StringField(
        _l("Or their username here"),
        validators=[at_most(NAME_MAX)],
        filters=[strip_text],
        description=_l("A member's display name is their public name."),
    )
    pseudonym = StringField(_l("Pseudonym"), validators=[at_most(NAME_MAX)], filters=[strip_text])
    listing = SelectField(
        _l("In the agenda and on badges"),
        choices=lambda: select_choices(LISTINGS.items()),
        default=Listing.WITHHELD.value,
        validators=[known_choice(_l("Choose one of the ways to be listed."))],
        validate_choice=False,
    )

    def is_empty(self) -> bool:
        return not (self.name.data or self.member.data or self.pseudonym.data)

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.is_empty():
            return valid
        if not (self.name.data or self.member.data):
            self.name.errors.append(_l("Give the speaker's name or username."))
            valid = False
        if self.listing.data == Listing.PSEUDONYM.value and not self.pseudonym.data:
            self.pseudonym.errors.append(_l("Give the pseudonym to list."))
            valid = False
        return valid


class ProposalForm(FlaskForm):
    title = StringField(
        _l("Title"), validators=[required(), at_most(TITLE_MAX)], filters=[strip_text]
    )
    abstract = TextAreaField(
        _l("Abstract"),
        validators=[required(), at_most(ABSTRACT_MAX)],
        filters=[clean_multiline],
        description=_l("Reviewers read it without knowing who sent it: leave names out of it."),
    )
    format = SelectField(
        _l("Format"),
        validators=[known_choice(_l("Choose one of the formats of this call."))],
        validate_choice=False,
    )
    language = SelectField(
        _l("Language of the session"),
        choices=lambda: select_choices(LOCALES.items()),
        validators=[known_choice(_l("Choose one of the languages offered."))],
        validate_choice=False,
    )
    track = SelectField(
        _l("Track"),
        validators=[known_choice(_l("Choose one of the tracks of this call."))],
        validate_choice=False,
    )

    consent = BooleanField(
        _l("Each speaker agreed to speak and to be listed as chosen here."),
        validators=[required()],
    )

    def __init__(self, *args: Any, call: ProposalCall, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.format.choices = select_choices(
            (code, FORMATS[code]) for code in call.formats if code in FORMATS
        )
        self.track.choices = select_choices(
            [("", _l("No track"))] + [(track, track) for track in call.tracks]
        )

    def speaker_fields(self) -> list[FormField]:
        return [self[f"speaker_{number}"] for number in range(1, SPEAKERS_MAX + 1)]

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if all(sub.form.is_empty() for sub in self.speaker_fields()):
            self.form_errors.append(_l("Name at least one speaker."))
            valid = False
        return valid

    def to_data(self) -> ProposalData:
        return ProposalData(
            title=self.title.data,
            abstract=self.abstract.data,
            format=self.format.data,
            language=self.language.data,
            track=self.track.data or "",
            speakers=[
                SpeakerData(
                    name=sub.form.name.data or None,
                    member=sub.form.member.data or None,
                    pseudonym=sub.form.pseudonym.data or None,
                    listing=sub.form.listing.data,
                )
                for sub in self.speaker_fields()
                if not sub.form.is_empty()
            ],
        )


for _number in range(1, SPEAKERS_MAX + 1):
    setattr(
        ProposalForm,
        f"speaker_{_number}",
        FormField(SpeakerForm, label=_l("Speaker %(number)d", number=_number)),
    )


class ReviewForm(FlaskForm):
    score = SelectField(
        _l("Score"),
        choices=lambda: select_choices(
            [("", _l("Choose a score"))] + [(str(n), str(n)) for n in range(1, 6)]
        ),
        validators=[required(), known_choice(_l("Choose a score from 1 to 5."))],
        validate_choice=False,
        description=_l("1 weak, 5 excellent."),
    )
    comment = TextAreaField(
        _l("Comment for the other reviewers"),
        validators=[at_most(COMMENT_MAX)],
        filters=[clean_multiline],
    )


class DecisionForm(FlaskForm):
    decision = SelectField(
        _l("Decision"),
        choices=lambda: select_choices(DECISION_LABELS.items()),
        validators=[known_choice(_l("Choose one of the decisions offered."))],
        validate_choice=False,
    )
    message = TextAreaField(
        _l("Message to the submitter"),
        validators=[at_most(MESSAGE_MAX)],
        filters=[clean_multiline],
        description=_l("They read it on their proposals page, with a notice."),
    )


class ScheduleForm(FlaskForm):
    starts_at = LocalDateTimeField(_l("Starts"), validators=[value_required(), _in_zone])
    ends_at = LocalDateTimeField(_l("Ends"), validators=[value_required(), _in_zone])
    room = StringField(_l("Room"), validators=[at_most(ROOM_MAX)], filters=[strip_text])
    kind = SelectField(
        _l("Kind of session"),
        choices=lambda: select_choices(SESSION_KINDS.items()),
        validators=[known_choice(_l("Choose one of the kinds offered."))],
        validate_choice=False,
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event

    def event_timezone(self) -> str:
        return self.event.timezone

    def validate_ends_at(self, field: LocalDateTimeField) -> None:
        if self.starts_at.data and field.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("The end must come after the start."))

    def to_data(self) -> ScheduleData:
        timezone = self.event.timezone
        return ScheduleData(
            starts_at=to_utc(self.starts_at.data, timezone),
            ends_at=to_utc(self.ends_at.data, timezone),
            room=self.room.data or "",
            kind=self.kind.data,
        )


SORTS = ("newest", "oldest", "score", "title")


class ReviewFilterForm(Form):
    """The reviewers' list: search in titles and abstracts, sort. Never by person."""

    q = StringField(_l("Search titles and abstracts"), filters=[strip_text])
    status = SelectField(_l("Status"), validators=[Optional()], validate_choice=False, default="")
    sort = SelectField(
        _l("Sort by"),
        choices=lambda: select_choices(
            [
                ("newest", _l("Newest first")),
                ("oldest", _l("Oldest first")),
                ("score", _l("Highest score")),
                ("title", _l("Title")),
            ]
        ),
        default="newest",
        validate_choice=False,
    )
