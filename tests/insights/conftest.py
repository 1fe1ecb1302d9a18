"""Fixtures for the insights tests: threads in bulk, and the counts a page publishes."""

from __future__ import annotations

from collections.abc import Callable

# --- page fixtures ------------------------------------------------------------------------
from datetime import timedelta  # noqa: E402

import pytest
import sqlalchemy as sa  # noqa: E402

from forum.models import utcnow  # noqa: E402
from tests.exchanges.conftest import approve, make_event, make_reply, make_thread  # noqa: E402, F401


@pytest.fixture
def add_threads(db) -> Callable[..., list[int]]:
    """Insert threads with tags and replies in bulk, as the database holds them.

    `add_threads(n, replies=0, region="africa", risk="digital", group="women",
    visibility="members", outcome=None, days_ago=3, language="en", country=None,
    event_id=None)`; returns the new thread ids. Faster than the services for the
    hundreds of posts the suppression and query-count tests need.
    """
    from forum.exchanges.models import (
        Post,
        Thread,
        ThreadCountry,
        ThreadGroup,
        ThreadRegion,
        ThreadRisk,
    )

    def add(
        n: int,
        *,
        replies: int = 0,
        region: str | None = "africa",
        risk: str | None = "digital",
        group: str | None = "women",
        visibility: str = "members",
        outcome: str | None = None,
        days_ago: int = 3,
        language: str = "en",
        country: str | None = None,
        event_id: int | None = None,
        hidden_replies: int = 0,
    ) -> list[int]:
        start = (db.session.scalar(sa.select(sa.func.max(Thread.id))) or 0) + 1
        first_post = (db.session.scalar(sa.select(sa.func.max(Post.id))) or 0) + 1
        when = utcnow() - timedelta(days=days_ago)
        ids = list(range(start, start + n))
        db.session.execute(
            sa.insert(Thread),
            [
                {
                    "id": i,
                    "title": f"Thread {i}",
                    "language": language,
                    "visibility": visibility,
                    "outcome": outcome,
                    "event_id": event_id,
                    "created_at": when,
                    "last_activity_at": when,
                    "reply_count": replies,
                }
                for i in ids
            ],
        )
        for model, column, value in (
            (ThreadRegion, "region", region),
            (ThreadRisk, "risk", risk),
            (ThreadGroup, "defender_group", group),
            (ThreadCountry, "country", country),
        ):
            if value:
                db.session.execute(sa.insert(model), [{"thread_id": i, column: value} for i in ids])
        posts, next_id = [], first_post
        for i in ids:
            opening = next_id
            for k in range(replies + hidden_replies + 1):
                hidden = k > replies
                posts.append(
                    {
                        "id": next_id,
                        "thread_id": i,
                        "parent_id": None if k == 0 else opening,
                        "is_opening": k == 0,
                        "body": "text",
                        "body_html": "<p>text</p>",
                        "language": language,
                        "created_at": when + timedelta(minutes=k),
                        "hidden_at": when if hidden else None,
                        "hidden_by": "moderator" if hidden else None,
                    }
                )
                next_id += 1
        db.session.execute(sa.insert(Post), posts)
        db.session.commit()
        return ids

    return add


def published_counts(html: str) -> list[str]:
    """Every count cell of the insight tables in a page, as text."""
    import html as html_module
    import re

    cells = re.findall(r'<td(?: class="[^"]*")?>([^<]*)</td>', html)
    return [html_module.unescape(cell) for cell in cells]


def figure_text(db, model, ids) -> str:  # noqa: ANN001
    """The published figure (English marker) of the records `ids` of `model`, from their keys."""
    from forum.statistics.figures import Tally, publish

    keys = db.session.scalars(sa.select(model.stat_key).where(model.id.in_(list(ids)))).all()
    return publish(Tally.of(keys)).label(small="<5", number=lambda v: f"{v:,}")


def posts_text(db, thread_ids) -> str:  # noqa: ANN001
    """The published figure of every visible post of these threads."""
    from forum.exchanges.models import Post

    ids = db.session.scalars(
        sa.select(Post.id).where(Post.thread_id.in_(list(thread_ids)), Post.hidden_at.is_(None))
    ).all()
    return figure_text(db, Post, ids)
