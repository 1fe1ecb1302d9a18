"""What a topic page lists, each through its own feature's reads and visibility rules.

Exchanges come from `forum.exchanges.queries.list_threads` (the reader's audience rule);
events from `forum.events.queries.filtered_events` (published, or the viewer's own
drafts), by country, the only place events carry. Other kinds — library works, when
their feature registers a "topic" panel in `forum.related` — add their own section.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from forum import taxonomy
from forum.events.models import Event
from forum.events.queries import EventFilters, filtered_events
from forum.exchanges import queries as exchanges
from forum.extensions import db

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


def threads_on(topic: Topic, viewer: Any, limit: int = SHOWN) -> Any:
    """The latest exchanges with this tag the viewer may read (a page of them)."""
    filters = exchanges.Filters(
        regions=[topic.code] if topic.kind == "region" else [],
        countries=[topic.code] if topic.kind == "country" else [],
        risks=[topic.code] if topic.kind == "risk" else [],
        groups=[topic.code] if topic.kind == "group" else [],
        sort="activity",
    )
    return exchanges.list_threads(viewer, filters, 1, per_page=limit)


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
