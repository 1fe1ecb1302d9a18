"""The organizers' message form: whom to write to, and the text in each language.

The form checks what needs no database (lengths, a subject and a text in the main
language, known choices); the service checks the rest (nobody matches, a confidential
venue written to people who may not see it).
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, FormField, SelectField, StringField, SubmitField, TextAreaField

from forum.forms import at_most, clean_multiline, known_choice, select_choices, strip_text
from forum.i18n import LOCALES
from forum.messages.labels import CHECKED_IN_LABELS, EVERYONE_COMING, STATUS_LABELS
from forum.messages.models import BODY_MAX, SUBJECT_MAX
from forum.messages.queries import Recipients
from forum.messages.services import MessageData


class MessageTextForm(Form):
    """One language's subject and text; both or neither."""

    subject = StringField(_l("Subject"), validators=[at_most(SUBJECT_MAX)], filters=[strip_text])
    body = TextAreaField(
        _l("Message"),
        validators=[at_most(BODY_MAX)],
        filters=[clean_multiline],
        description=_l("Plain text. Line breaks are kept."),
    )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.body.data and not self.subject.data:
            self.subject.errors.append(_l("Give a subject in this language too."))
            valid = False
        elif self.subject.data and not self.body.data:
            self.body.errors.append(_l("Write the message in this language too."))
            valid = False
        return valid


class MessageForm(FlaskForm):
    status = SelectField(
        _l("Registration status"),
        choices=lambda: select_choices([("", EVERYONE_COMING), *STATUS_LABELS.items()]),
        validators=[known_choice(_l("Choose one of the statuses offered."))],
        validate_choice=False,
    )
    checked_in = SelectField(
        _l("Check-in"),
        choices=lambda: select_choices(CHECKED_IN_LABELS.items()),
        validators=[known_choice(_l("Choose one of the options offered."))],
        validate_choice=False,
    )
    answer = SelectField(
        _l("Answer to a question"),
        validators=[known_choice(_l("Choose one of the answers offered."))],
        validate_choice=False,
        description=_l(
            "Only questions with fixed answers that are not marked sensitive can choose recipients."
        ),
    )
    default_locale = SelectField(
        _l("Main language"),
        choices=lambda: select_choices(LOCALES.items()),
        validators=[known_choice(_l("Choose one of the languages offered."))],
        validate_choice=False,
        description=_l("Shown to readers whose language has no version of its own."),
    )
    preview = SubmitField(_l("Preview"))
    send = SubmitField(_l("Send the message"))

    def __init__(self, *args: Any, answers: list[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.answer.choices = select_choices([("", _l("Any answer")), *answers])

    def text_fields(self) -> list[tuple[str, FormField]]:
        return [(code, self[f"text_{code}"]) for code in LOCALES]

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        written = [code for code, sub in self.text_fields() if sub.form.body.data]
        if not written:
            self.form_errors.append(_l("Write the message in at least one language."))
            valid = False
        elif self.default_locale.data in LOCALES and self.default_locale.data not in written:
            self.default_locale.errors.append(
                _l("Write the message in the main language, or choose another main language.")
            )
            valid = False
        return valid

    def recipients(self) -> Recipients:
        question_id, _, answer = (self.answer.data or "").partition(":")
        return Recipients(
            status=self.status.data or None,
            checked_in=self.checked_in.data or None,
            question_id=int(question_id) if question_id else None,
            answer=answer or None,
        )

    def to_data(self) -> MessageData:
        return MessageData(
            default_locale=self.default_locale.data,
            texts={
                code: (sub.form.subject.data, sub.form.body.data)
                for code, sub in self.text_fields()
                if sub.form.body.data
            },
            recipients=self.recipients(),
        )


for _code in LOCALES:
    setattr(MessageForm, f"text_{_code}", FormField(MessageTextForm, label=LOCALES[_code]))
