"""Demo exchanges for development: `flask forum seed-demo` (never in production).

Idempotent: a thread whose title already exists is left alone. Threads are written
through the same services as the pages, then dated back over the last two months so the
lists look lived-in.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from forum.demo.accounts import demo_user
from forum.demo.exchanges_content import THREADS
from forum.events.models import Event, EventStatus
from forum.exchanges import services
from forum.exchanges.models import Post, Thread
from forum.exchanges.moderation import services as moderation
from forum.extensions import db
from forum.models import User, utcnow

ENDORSERS = ("amina", "joao", "layla", "mariana", "tenzin", "olena")


def _author(name: str) -> tuple[User, bool]:
    anonymous = name.startswith("anon:")
    return demo_user(name.removeprefix("anon:")), anonymous


def _add_replies(
    thread: Thread, replies: list[tuple], parent: Post | None, moment: list[Any]
) -> int:
    added = 0
    for author_name, language, body, children in replies:
        author, anonymous = _author(author_name)
        post = services.reply(
            author,
            thread,
            body=body,
            language=language,
            parent_id=parent.id if parent is not None else None,
            anonymous=anonymous,
        )
        moment[0] += timedelta(hours=7)
        post.created_at = moment[0]
        added += 1 + _add_replies(thread, children, post, moment)
    return added


def _endorse(thread: Thread, author_names: set[str], count: int) -> None:
    opening = services.opening_post(thread)
    for name in [n for n in ENDORSERS if n not in author_names][:count]:
        services.endorse(demo_user(name), opening)


def _first_published_event() -> Event | None:
    return db.session.scalar(
        sa.select(Event)
        .where(Event.status == EventStatus.PUBLISHED.value)
        .order_by(Event.starts_at)
        .limit(1)
    )


def seed() -> Iterable[str]:
    existing = set(db.session.scalars(sa.select(Thread.title)))
    event = _first_published_event()
    created = replies = 0
    for number, spec in enumerate(THREADS):
        if spec["title"] in existing:
            continue
        author, anonymous = _author(spec["author"])
        started = utcnow() - timedelta(days=spec["days_ago"], hours=number % 5)
        thread = services.create_thread(
            author,
            title=spec["title"],
            body=spec["body"],
            language=spec["language"],
            tags=services.Tags(
                regions=spec["regions"],
                countries=spec.get("countries", []),
                risks=spec["risks"],
                groups=spec.get("groups", []),
                perpetrator=spec.get("perpetrator"),
            ),
            tactic=services.Tactic(
                context=spec.get("context"),
                for_whom=spec.get("for_whom"),
                outcome=spec.get("outcome"),
                resources=spec.get("resources"),
            ),
            visibility=spec["visibility"],
            event_id=event.id if event is not None and number == 14 else None,
            anonymous=anonymous,
        )
        thread.created_at = started
        services.opening_post(thread).created_at = started
        moment = [started]
        replies += _add_replies(thread, spec["replies"], None, moment)
        authors = {spec["author"].removeprefix("anon:")}
        _endorse(thread, authors, count=number % 4)
        if spec.get("locked"):
            moderation.lock(demo_user("moderator"), thread)
        db.session.flush()
        services.refresh_counters(thread)
        created += 1
    yield f"Exchanges: {created} threads and {replies} replies added ({len(THREADS)} in the demo)."
