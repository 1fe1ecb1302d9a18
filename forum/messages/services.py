"""Sending an organizers' message. Functions flush, never commit; the view commits once,
and the emails leave through the queue after that commit.

Sending to 1,000 people is a handful of statements whatever their number: a count of the
recipients, the message and its texts, one INSERT … SELECT writing their notices inside
the database, one query for the notices to email, and one queue task per hundred emails
(`forum.notices.services.notify_selected`). The web worker writes rows; the mail worker talks
to the SMTP server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _

from forum.events.models import Event
from forum.events.registration.models import RegistrationStatus
from forum.extensions import db
from forum.i18n import LOCALES
from forum.messages.models import BODY_MAX, SUBJECT_MAX, Message, MessageText
from forum.messages.queries import Recipients, recipient_count, recipients_query
from forum.models import User
from forum.notices.labels import NoticeKind
from forum.notices.services import notify_selected
from forum.security import audit


class MessageRuleError(ValueError):
    """A rule about messages was broken; `field` names the form field to mark."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class MessageData:
    default_locale: str
    texts: dict[str, tuple[str, str]]  # locale → (subject, body)
    recipients: Recipients = field(default_factory=Recipients)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def names_venue(event: Event, texts: list[tuple[str, str]]) -> bool:
    """Whether any (subject, body) names the event's venue, its address (or the address's
    first line) or its online link, ignoring case and spacing."""
    secrets = [event.venue_name, event.venue_address, event.online_url]
    if event.venue_address:
        secrets.append(event.venue_address.splitlines()[0])
    needles = [_squeeze(secret) for secret in secrets if secret and len(secret.strip()) >= 4]
    return any(
        needle in _squeeze(f"{subject}\n{body}") for subject, body in texts for needle in needles
    )


def venue_leaks(event: Event, data: MessageData) -> bool:
    """Whether the text names a confidential venue, address or link while going to
    people who may not see it (anyone but approved participants).

    `forum.events.location` is the gate for pages; a message is text the organizers
    typed, so the check is on the words. The event page applies the same check when it
    shows a message later (`forum.messages.related`): someone no longer approved does not
    read the venue in a message they received while they were.
    """
    if not event.location_confidential or data.recipients.only_approved:
        return False
    return names_venue(event, list(data.texts.values()))


def check(event: Event, data: MessageData) -> int:
    """Every rule, before anything is written; how many recipients, when all hold."""
    if not data.texts or data.default_locale not in data.texts:
        raise MessageRuleError("default_locale", _("Write the message in the main language."))
    for locale, (subject, body) in data.texts.items():
        if (
            locale not in LOCALES
            or not subject
            or not body
            or len(subject) > SUBJECT_MAX
            or len(body) > BODY_MAX
        ):
            raise MessageRuleError(None, _("Each version needs a subject and a text."))
    rule = data.recipients
    if rule.status is not None and rule.status not in {s.value for s in RegistrationStatus}:
        raise MessageRuleError("status", _("Choose one of the statuses offered."))
    if venue_leaks(event, data):
        raise MessageRuleError(
            "default_locale",
            _(
                "The venue is confidential and this message also goes to people who are not "
                "approved participants. Remove the venue, its address and the link from the "
                "text, or write to approved participants only."
            ),
        )
    count = recipient_count(event.id, rule)
    if not count:
        raise MessageRuleError("status", _("Nobody matches these choices. Nothing was sent."))
    return count


def send_message(actor: User, event: Event, data: MessageData) -> Message:
    """Write the message, a notice for each recipient, the audit entry; emails follow the
    commit. The audit entry says who, when and to how many, never to whom or what."""
    check(event, data)
    rule = data.recipients
    message = Message(
        event_id=event.id,
        sender_id=actor.id,
        default_locale=data.default_locale,
        to_status=rule.status,
        to_checked_in=rule.checked_in,
        to_question_id=rule.question_id,
        to_answer=rule.answer,
    )
    message.texts = [
        MessageText(locale=locale, subject=subject, body=body)
        for locale, (subject, body) in sorted(data.texts.items())
    ]
    db.session.add(message)
    db.session.flush()
    # The recipients are chosen again inside the insert: the count is of those written.
    told = notify_selected(
        recipients_query(event.id, rule), event.id, NoticeKind.MESSAGE, message_id=message.id
    )
    message.recipient_count = told
    audit(
        actor,
        "message.send",
        target_type="event_message",
        target_id=message.id,
        event_id=event.id,
        detail=str(told),
    )
    db.session.flush()
    return message
