"""What a topic page lists, each through its own feature's reads and visibility rules.

Exchanges come from `forum.exchanges.queries.list_threads` (the reader's audience rule);
events from `forum.events.queries.filtered_events` (published, or the viewer's own
drafts), by country, the only place events carry. Other kinds — library works, when
their feature registers a "topic" panel in `forum.related` — add their own section.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from forum import taxonomy
from forum.events.models import Event
from forum.events.queries import EventFilters, filtered_events
from forum.exchanges import queries as exchanges
from forum.exchanges.models import Thread
from forum.extensions import db
from forum.security import is_member
from forum.security.exchanges import readable_threads_clause
from forum.topics.models import Follow

KINDS = ("region", "country", "risk", "group")
SHOWN = 10


@dataclass(frozen=True)
class Topic:
    kind: str  # one of KINDS
    code: str

    @property
    def filter_name(self) -> str:
        """The query parameter of /exchanges/ and /events/ filtering by this topic."""
        return self.kind

    @property
    def has_events(self) -> bool:
        return self.kind in ("region", "country")


def topic_for(kind: str, code: str) -> Topic | None:
    """The topic, when `code` is one of the taxonomy's; None for anything else."""
    known = {
        "region": taxonomy.REGIONS,
        "country": taxonomy.COUNTRY_REGION,
        "risk": taxonomy.RISK_TYPES,
        "group": taxonomy.DEFENDER_GROUPS,
    }.get(kind, {})
    return Topic(kind, code) if code in known else None


def _filters(topic: Topic) -> exchanges.Filters:
    return exchanges.Filters(
        regions=[topic.code] if topic.kind == "region" else [],
        countries=[topic.code] if topic.kind == "country" else [],
        risks=[topic.code] if topic.kind == "risk" else [],
        groups=[topic.code] if topic.kind == "group" else [],
        sort="activity",
    )


def threads_on(topic: Topic, viewer: Any, limit: int = SHOWN) -> Any:
    """The latest exchanges with this tag the viewer may read (a page of them)."""
    return exchanges.list_threads(viewer, _filters(topic), 1, per_page=limit)


# --- following --------------------------------------------------------------------------


@dataclass(frozen=True)
class Followed:
    topic: Topic
    new: int  # exchanges the member may read, tagged so, newer than their last visit


def follow_of(viewer: Any, topic: Topic) -> Follow | None:
    """The viewer's follow of this topic, if they follow it (never anyone else's)."""
    if not is_member(viewer):
        return None
    return db.session.scalar(
        sa.select(Follow).where(
            Follow.user_id == viewer.id, Follow.kind == topic.kind, Follow.code == topic.code
        )
    )


def newest_thread_id() -> int:
    return db.session.scalar(sa.select(sa.func.max(Thread.id))) or 0


def followed_topics(viewer: Any) -> list[Followed]:
    """The viewer's followed topics, each with what is new there since their last visit.

    Two queries whatever the number of follows: the follows, then one count per follow
    in a single UNION ALL. A follow whose code left the taxonomy is skipped.
    """
    if not is_member(viewer):
        return []
    follows = [
        (follow, topic)
        for follow in db.session.scalars(
            sa.select(Follow).where(Follow.user_id == viewer.id).order_by(Follow.kind, Follow.code)
        )
        if (topic := topic_for(follow.kind, follow.code)) is not None
    ]
    if not follows:
        return []
    listable = sa.and_(
        readable_threads_clause(viewer), Thread.hidden_at.is_(None), Thread.deleted_at.is_(None)
    )
    counts = sa.union_all(
        *(
            sa.select(sa.literal(follow.id).label("follow_id"), sa.func.count(Thread.id)).where(
                listable, Thread.id > follow.seen_thread_id, *_filters(topic).conditions()
            )
            for follow, topic in follows
        )
    )
    new = dict(db.session.execute(counts).all())
    return [Followed(topic, new.get(follow.id, 0)) for follow, topic in follows]


def events_in(topic: Topic, viewer: Any, limit: int = SHOWN) -> list[Event]:
    """Upcoming events the viewer may see, in the country or the region's countries."""
    if not topic.has_events:
        return []
    filters = EventFilters(
        region=topic.code if topic.kind == "region" else None,
        country=topic.code if topic.kind == "country" else None,
    )
    return list(db.session.scalars(filtered_events(viewer, filters).limit(limit)))


def countries_of(topic: Topic) -> list[str]:
    """A region's countries (for links to their pages); none for other topics."""
    if topic.kind != "region":
        return []
    return taxonomy.countries_in(topic.code)
