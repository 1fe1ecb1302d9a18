"""Factories for exchanges: threads, replies, events to link them to, participants."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest

from forum.events.models import Event, EventStatus, EventText, Session, SessionText
from forum.events.registration.models import Registration, RegistrationStatus
from forum.exchanges import services
from forum.exchanges.models import Post, Thread
from forum.extensions import db as _db
from forum.models import User

DEFAULT_TAGS = {"regions": ["africa"], "risks": ["criminalisation"], "groups": ["women"]}


@pytest.fixture
def make_thread(app) -> Callable[..., Thread]:
    """`make_thread(author, title=..., visibility="public", anonymous=True, ...)`."""
    counter = {"n": 0}

    def make(author: User, **fields: Any) -> Thread:
        counter["n"] += 1
        tags = fields.pop("tags", None) or services.Tags(**DEFAULT_TAGS)
        tactic = fields.pop("tactic", None)
        thread = services.create_thread(
            author,
            title=fields.pop("title", f"Legal support network {counter['n']}"),
            body=fields.pop("body", "We set up a rota of **lawyers** on call."),
            language=fields.pop("language", "en"),
            tags=tags,
            tactic=tactic,
            **fields,
        )
        _db.session.commit()
        return thread

    return make


@pytest.fixture
def make_reply(app) -> Callable[..., Post]:
    def make(author: User, thread: Thread, parent: Post | None = None, **fields: Any) -> Post:
        post = services.reply(
            author,
            thread,
            body=fields.pop("body", "This worked for us too."),
            language=fields.pop("language", "en"),
            parent_id=parent.id if parent is not None else None,
            **fields,
        )
        _db.session.commit()
        return post

    return make


@pytest.fixture
def make_event(app) -> Callable[..., Event]:
    counter = {"n": 0}

    def make(**fields: Any) -> Event:
        counter["n"] += 1
        starts = datetime(2030, 5, 1, 9, 0) + timedelta(days=counter["n"])
        event = Event(
            slug=fields.pop("slug", f"forum-{counter['n']}"),
            status=fields.pop("status", EventStatus.PUBLISHED.value),
            starts_at=starts,
            ends_at=starts + timedelta(days=2),
            **fields,
        )
        event.texts = [EventText(locale="en", title=f"Regional forum {counter['n']}")]
        _db.session.add(event)
        _db.session.flush()
        session = Session(event_id=event.id, starts_at=starts, ends_at=starts + timedelta(hours=1))
        session.texts = [SessionText(locale="en", title="Opening plenary")]
        _db.session.add(session)
        _db.session.commit()
        return event

    return make


@pytest.fixture
def approve(app) -> Callable[[User, Event], Registration]:
    def register(user: User, event: Event, status: str = RegistrationStatus.APPROVED.value):
        registration = Registration(event_id=event.id, user_id=user.id, status=status)
        _db.session.add(registration)
        _db.session.commit()
        return registration

    return register
