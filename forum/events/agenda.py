"""Rules for agenda sessions. Functions flush, never commit.

Every change a participant's calendar should notice (an edit, a move, a cancellation)
increments the session's `sequence`, which iCalendar exports use as SEQUENCE so that
calendar apps replace their copy. Cancelled sessions are kept and shown as cancelled.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import get_locale
from flask_babel import gettext as _

from forum.events.models import Event, EventStatus, Session, SessionText
from forum.events.services import EventRuleError, SessionData
from forum.extensions import db
from forum.markdown import render
from forum.models import utcnow
from forum.notices.labels import NoticeKind
from forum.notices.services import notify_registrants


def _same_room(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def _check_room_free(
    event: Event,
    room: str,
    starts_at: datetime,
    ends_at: datetime,
    *,
    except_id: int | None = None,
) -> None:
    """Two sessions may not share a room at the same time; cancelled ones don't count."""
    if not room.strip():
        return
    stmt = sa.select(Session).where(
        Session.event_id == event.id,
        Session.cancelled_at.is_(None),
        Session.starts_at < ends_at,
        Session.ends_at > starts_at,
    )
    if except_id is not None:
        stmt = stmt.where(Session.id != except_id)
    for other in db.session.scalars(stmt):
        if _same_room(other.room, room):
            text = other.text_for(str(get_locale()), event.default_locale)
            raise EventRuleError(
                "room",
                _(
                    "%(room)s is already booked at that time for “%(title)s”.",
                    room=room,
                    title=text.title if text else "",
                ),
            )


def _apply(session: Session, data: SessionData) -> None:
    session.starts_at = data.starts_at
    session.ends_at = data.ends_at
    session.kind = data.kind
    session.room = data.room
    session.track = data.track
    session.speakers = list(data.speakers)
    session.languages = sorted(set(data.languages))
    existing = {text.locale: text for text in session.texts}
    texts = []
    for locale, given in data.texts.items():
        text = existing.get(locale) or SessionText(locale=locale)
        text.title = given.title
        if text.description != given.description or not text.description_html:
            text.description = given.description
            text.description_html = render(given.description)
        texts.append(text)
    session.texts = texts


def _check(
    event: Event, data: SessionData, *, except_id: int | None = None, check_room: bool = True
) -> None:
    if not data.texts:
        raise EventRuleError(None, _("Give the session a title in at least one language."))
    if data.ends_at <= data.starts_at:
        raise EventRuleError("ends_at", _("The end must come after the start."))
    if data.starts_at < event.starts_at or data.ends_at > event.ends_at:
        raise EventRuleError(
            "starts_at", _("The session must take place within the event's dates.")
        )
    if check_room:
        _check_room_free(event, data.room, data.starts_at, data.ends_at, except_id=except_id)


def add_session(event: Event, data: SessionData) -> Session:
    _check(event, data)
    last = db.session.scalar(
        sa.select(sa.func.max(Session.position)).where(Session.event_id == event.id)
    )
    session = Session(event_id=event.id, position=(last or 0) + 1, sequence=0)
    session.texts = []
    _apply(session, data)
    db.session.add(session)
    db.session.flush()
    return session


def update_session(session: Session, data: SessionData) -> Session:
    # A cancelled session holds no room; its room is checked again if it is restored.
    _check(session.event, data, except_id=session.id, check_room=session.cancelled_at is None)
    before = (session.starts_at, session.ends_at, session.room or "")
    _apply(session, data)
    session.sequence += 1
    db.session.flush()
    moved = before != (session.starts_at, session.ends_at, session.room or "")
    if moved and session.cancelled_at is None and _published(session):
        notify_registrants(session.event_id, NoticeKind.SESSION_CHANGED, session_id=session.id)
    return session


def _published(session: Session) -> bool:
    return session.event.status == EventStatus.PUBLISHED.value


def _siblings(session: Session) -> list[Session]:
    """Sessions starting at the same moment: the ones that can be put in another order."""
    return list(
        db.session.scalars(
            sa.select(Session)
            .where(Session.event_id == session.event_id, Session.starts_at == session.starts_at)
            .order_by(Session.position, Session.id)
        )
    )


def can_move(session: Session, direction: str, siblings: list[Session]) -> bool:
    index = next(i for i, other in enumerate(siblings) if other.id == session.id)
    return (direction == "up" and index > 0) or (direction == "down" and index < len(siblings) - 1)


def move_session(session: Session, direction: str) -> bool:
    """Swap with the neighbouring parallel session; False when there is none that way."""
    siblings = _siblings(session)
    if not can_move(session, direction, siblings):
        return False
    index = next(i for i, other in enumerate(siblings) if other.id == session.id)
    other = siblings[index - 1 if direction == "up" else index + 1]
    # Renumber so equal positions (e.g. from imports) cannot make the swap a no-op.
    for number, item in enumerate(siblings):
        item.position = number
    session.position, other.position = other.position, session.position
    session.sequence += 1
    other.sequence += 1
    db.session.flush()
    return True


def cancel_session(session: Session) -> None:
    if session.cancelled_at is not None:
        raise EventRuleError(None, _("This session is already cancelled."))
    session.cancelled_at = utcnow()
    session.sequence += 1
    db.session.flush()
    if _published(session):
        notify_registrants(session.event_id, NoticeKind.SESSION_CANCELLED, session_id=session.id)


def restore_session(session: Session) -> None:
    if session.cancelled_at is None:
        raise EventRuleError(None, _("This session is not cancelled."))
    _check_room_free(
        session.event, session.room, session.starts_at, session.ends_at, except_id=session.id
    )
    session.cancelled_at = None
    session.sequence += 1
    db.session.flush()
