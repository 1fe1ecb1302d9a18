"""The kinds of notice and how each is worded (in the reader's language)."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class NoticeKind(enum.StrEnum):
    RECEIVED = "received"  # a request waits for the organizers' decision
    APPROVED = "approved"
    WAITLISTED = "waitlisted"  # with the position on the waiting list
    DECLINED = "declined"
    PROMOTED = "promoted"  # from the waiting list to a seat


class EmailState(enum.StrEnum):
    NONE = "none"  # no email for this notice (no address, not wanted, no mail server)
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"


def notice_text(kind: str, position: int | None) -> str:
    """The notice's words in the current language."""
    text = NOTICE_TEXTS.get(kind)
    if text is None:
        return kind
    return str(text) % {"position": position} if kind == NoticeKind.WAITLISTED else str(text)


NOTICE_TEXTS = {
    NoticeKind.RECEIVED.value: _l(
        "Your request to attend was received. The organizers will decide."
    ),
    NoticeKind.APPROVED.value: _l("Your registration is approved. See you there."),
    NoticeKind.WAITLISTED.value: _l(
        "The event is full: you are number %(position)s on the waiting list."
    ),
    NoticeKind.DECLINED.value: _l("The organizers declined your request to attend."),
    NoticeKind.PROMOTED.value: _l(
        "A place opened up: you moved from the waiting list and are now registered."
    ),
}
