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
    EVENT_CHANGED = "event_changed"  # its time or place changed
    EVENT_CANCELLED = "event_cancelled"
    SESSION_CHANGED = "session_changed"  # a session of the agenda moved (time or room)
    SESSION_CANCELLED = "session_cancelled"
    MESSAGE = "message"  # the organizers wrote (forum.messages); the text is on the event page
    # Decisions on a proposal sent to the event's call (forum.proposals). The notice
    # names no proposal and no speaker: the submitter reads the decision on their page.
    PROPOSAL_ACCEPTED = "prop_accepted"
    PROPOSAL_REJECTED = "prop_rejected"
    PROPOSAL_WAITLISTED = "prop_waitlisted"


#: Notices about proposals link to the submitter's proposals, not to the event page.
PROPOSAL_KINDS = frozenset(
    {
        NoticeKind.PROPOSAL_ACCEPTED.value,
        NoticeKind.PROPOSAL_REJECTED.value,
        NoticeKind.PROPOSAL_WAITLISTED.value,
    }
)


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
    NoticeKind.PROPOSAL_ACCEPTED.value: _l(
        "Your proposal was accepted. Read the organizers' message on your proposals page."
    ),
    NoticeKind.PROPOSAL_REJECTED.value: _l(
        "Your proposal was not accepted. Read the organizers' message on your proposals page."
    ),
    NoticeKind.PROPOSAL_WAITLISTED.value: _l(
        "Your proposal is on the waiting list. Read the organizers' message on your proposals page."
    ),
    NoticeKind.EVENT_CHANGED.value: _l(
        "The time or place of this event changed. Check the event page before you travel."
    ),
    NoticeKind.EVENT_CANCELLED.value: _l("The organizers cancelled this event."),
    NoticeKind.SESSION_CHANGED.value: _l(
        "A session of the agenda moved to another time or room. Check the agenda."
    ),
    NoticeKind.SESSION_CANCELLED.value: _l("A session of the agenda was cancelled."),
    NoticeKind.MESSAGE.value: _l("The organizers sent you a message. Read it on the event page."),
}
