"""Counts behind the insights page, aggregated by the database in one statement.

What is counted: exchanges, i.e. the opening posts and replies of threads the viewer may
read (`readable_threads_clause`, the SQL form of `exchange.view`), leaving out hidden or
deleted threads and hidden or deleted posts. A post counts under every tag of its
thread: a thread tagged with two regions counts once under each, which the page says.

Every table is a GROUP BY that counts posts and adds their record keys (`stat_key`), the
tally `forum.statistics` publishes; the four are sent as one UNION ALL, so the page costs
the same number of queries whatever the amount of content. Nothing here is shown as it
is: only figures published from these tallies leave the package.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from forum import taxonomy
from forum.exchanges.labels import OUTCOMES
from forum.exchanges.models import Post, Thread, ThreadGroup, ThreadRegion, ThreadRisk
from forum.exchanges.queries import Filters
from forum.extensions import db
from forum.models import utcnow
from forum.security.exchanges import readable_threads_clause
from forum.statistics.figures import Tally
from forum.statistics.keys import key_sum

#: Periods offered, in whole months ending with the current one.
PERIODS = (6, 12, 24)
DEFAULT_PERIOD = 24


class month_of(FunctionElement):  # noqa: N801 - reads like the SQL function it stands for
    """The "YYYY-MM" month of a timestamp, written for each database.

    SQLite has no date type (the text is cut to its month); PostgreSQL spells it
    `to_char`. Both give "YYYY-MM" text, so months group the same way on either engine.
    """

    type = sa.String()
    inherit_cache = True


@compiles(month_of)
def _month_sqlite(element: month_of, compiler: Any, **kw: Any) -> str:
    # SQLAlchemy stores SQLite datetimes as "YYYY-MM-DD HH:MM:SS.ffffff" text, so the
    # month is the first seven characters; `substr` costs far less than `strftime`.
    return f"substr({compiler.process(element.clauses, **kw)}, 1, 7)"


@compiles(month_of, "postgresql")
def _month_postgresql(element: month_of, compiler: Any, **kw: Any) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM')"


@dataclass(frozen=True)
class InsightFilters:
    """One value at most per kind: the page offers no arbitrary sets of tags.

    Single values keep the number of distinct slices small, which limits how far counts
    from two filtered views could be subtracted from each other.
    """

    months: int = DEFAULT_PERIOD
    region: str | None = None
    country: str | None = None
    risk: str | None = None
    group: str | None = None
    language: str | None = None

    def conditions(self) -> list[sa.ColumnElement[bool]]:
        def one(value: str | None) -> list[str]:
            return [value] if value else []

        return Filters(
            regions=one(self.region),
            countries=one(self.country),
            risks=one(self.risk),
            groups=one(self.group),
            languages=one(self.language),
        ).conditions()

    @property
    def regions(self) -> list[str]:
        """The regions shown as rows: the chosen one (or the country's) or all."""
        chosen = self.region or taxonomy.region_of(self.country)
        return [chosen] if chosen else list(taxonomy.REGIONS)

    @property
    def risks(self) -> list[str]:
        return [self.risk] if self.risk else list(taxonomy.RISK_TYPES)

    @property
    def groups(self) -> list[str]:
        return [self.group] if self.group else list(taxonomy.DEFENDER_GROUPS)


def period_months(months: int, today: date | None = None) -> list[str]:
    """The "YYYY-MM" months of the period, oldest first, ending with the current month."""
    today = today or utcnow().date()
    index = today.year * 12 + today.month - 1
    return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(index - months + 1, index + 1)]


def _period_start(months: list[str]) -> datetime:
    year, month = months[0].split("-")
    return datetime(int(year), int(month), 1)


@dataclass
class Counts:
    """True tallies per table, keyed by codes; absent keys are empty. Never shown as such."""

    months: list[str]
    heat: dict[tuple[str, str], Tally]
    trend: dict[tuple[str, str], Tally]
    groups: dict[str, Tally]
    outcomes: dict[tuple[str, str], Tally]


def count_exchanges(viewer: Any, filters: InsightFilters, today: date | None = None) -> Counts:
    """All four tables in one query: region x risk, month x risk, groups, risk x outcome."""
    months = period_months(filters.months, today)
    counted = sa.and_(
        readable_threads_clause(viewer),
        Thread.hidden_at.is_(None),
        Thread.deleted_at.is_(None),
        Post.hidden_at.is_(None),
        Post.deleted_at.is_(None),
        Post.created_at >= _period_start(months),
        *filters.conditions(),
    )
    # Posts are counted once per thread and month first (one pass over the posts, done
    # once: a CTE used four times is materialized by both engines); the tag joins then
    # multiply a few thousand rows instead of every post.
    month = month_of(Post.created_at).label("month")
    base = (
        sa.select(
            Post.thread_id.label("thread_id"),
            month,
            Thread.outcome.label("outcome"),
            sa.func.count().label("n"),
            key_sum(Post.stat_key).label("k"),
        )
        .join(Thread, Thread.id == Post.thread_id)
        .where(counted)
        .group_by(Post.thread_id, month_of(Post.created_at), Thread.outcome)
        .cte("per_thread_month")
    )
    risk = sa.join(base, ThreadRisk, ThreadRisk.thread_id == base.c.thread_id)
    n = sa.func.sum(base.c.n).label("n")
    k = sa.func.sum(base.c.k).label("k")
    heat = (
        sa.select(sa.literal("heat").label("kind"), ThreadRegion.region, ThreadRisk.risk, n, k)
        .select_from(risk.join(ThreadRegion, ThreadRegion.thread_id == base.c.thread_id))
        .group_by(ThreadRegion.region, ThreadRisk.risk)
    )
    trend = (
        sa.select(sa.literal("trend"), base.c.month, ThreadRisk.risk, n, k)
        .select_from(risk)
        .group_by(base.c.month, ThreadRisk.risk)
    )
    groups = (
        sa.select(sa.literal("group"), ThreadGroup.defender_group, sa.literal(""), n, k)
        .select_from(sa.join(base, ThreadGroup, ThreadGroup.thread_id == base.c.thread_id))
        .group_by(ThreadGroup.defender_group)
    )
    outcomes = (
        sa.select(sa.literal("outcome"), ThreadRisk.risk, base.c.outcome, n, k)
        .select_from(risk)
        .where(base.c.outcome.is_not(None))
        .group_by(ThreadRisk.risk, base.c.outcome)
    )
    found: dict[str, dict[Any, Tally]] = defaultdict(dict)
    for kind, first, second, count, keys in db.session.execute(
        sa.union_all(heat, trend, groups, outcomes)
    ):
        found[kind][first if kind == "group" else (first, second)] = Tally(int(count), int(keys))
    return Counts(
        months=months,
        heat=found["heat"],
        trend=found["trend"],
        groups=found["group"],
        outcomes=found["outcome"],
    )


OUTCOME_CODES = tuple(OUTCOMES)
