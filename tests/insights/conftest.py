"""Independent attackers for the suppression tests.

They share no code with `forum.insights`: one asks an integer program (scipy's
HiGHS) for the smallest and largest value of every hidden count, the other
enumerates every candidate table. Both know only what is published and the
rule set: "<5" is 1-4, a hidden cell is 5+, a hidden total is any count.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp

from forum.insights.suppression import CellKind, Position, SuppressedTable

BIG = 10**6
Ranges = dict[Position, tuple[int, int]]


def positions(table: SuppressedTable) -> list[Position]:
    rows, cols = table.n_rows, table.n_cols
    return (
        [Position("cell", i, j) for i in range(rows) for j in range(cols)]
        + [Position("row_total", i) for i in range(rows)]
        + [Position("col_total", None, j) for j in range(cols)]
        + [Position("grand_total")]
    )


def domain(table: SuppressedTable, pos: Position) -> tuple[int, int]:
    cell = table.at(pos)
    if cell.kind is CellKind.SHOWN:
        return cell.value, cell.value
    if cell.kind is CellKind.PRIMARY:
        return 1, 4
    return (5, BIG) if pos.part == "cell" else (0, BIG)


def milp_ranges(table: SuppressedTable) -> Ranges:
    """Exact integer min and max of every hidden count (BIG means unbounded)."""
    pos = positions(table)
    index = {p: k for k, p in enumerate(pos)}
    n = len(pos)
    rows = []
    for i in range(table.n_rows):
        a = np.zeros(n)
        a[index[Position("row_total", i)]] = -1
        for j in range(table.n_cols):
            a[index[Position("cell", i, j)]] = 1
        rows.append(a)
    for j in range(table.n_cols):
        a = np.zeros(n)
        a[index[Position("col_total", None, j)]] = -1
        for i in range(table.n_rows):
            a[index[Position("cell", i, j)]] = 1
        rows.append(a)
    a = np.zeros(n)
    a[index[Position("grand_total")]] = -1
    for i in range(table.n_rows):
        a[index[Position("row_total", i)]] = 1
    rows.append(a)
    constraints = LinearConstraint(np.array(rows), 0, 0)
    lows, highs = zip(*(domain(table, p) for p in pos), strict=True)
    bounds = Bounds(np.array(lows, float), np.array(highs, float))
    out: Ranges = {}
    for p in pos:
        if table.at(p).kind is CellKind.SHOWN:
            continue
        c = np.zeros(n)
        c[index[p]] = 1
        ends = []
        for sign in (1, -1):
            res = milp(sign * c, constraints=constraints, bounds=bounds, integrality=np.ones(n))
            assert res.success, res.message
            ends.append(round(sign * res.fun))
        out[p] = (ends[0], ends[1])
    return out


def brute_ranges(table: SuppressedTable, cap: int = 30) -> Ranges:
    """Every table whose hidden cells lie in their domain (complements up to cap)."""
    cells = [p for p in positions(table) if p.part == "cell"]
    choices = []
    for p in cells:
        lo, hi = domain(table, p)
        choices.append(range(lo, min(hi, cap) + 1))
    hidden = [p for p in positions(table) if not table.at(p).is_shown]
    seen: dict[Position, set[int]] = {p: set() for p in hidden}
    for values in itertools.product(*choices):
        grid = [
            list(values[i * table.n_cols : (i + 1) * table.n_cols]) for i in range(table.n_rows)
        ]
        totals = {Position("grand_total"): sum(map(sum, grid))}
        for i in range(table.n_rows):
            totals[Position("row_total", i)] = sum(grid[i])
        for j in range(table.n_cols):
            totals[Position("col_total", None, j)] = sum(r[j] for r in grid)
        if all(domain(table, p)[0] <= v <= domain(table, p)[1] for p, v in totals.items()):
            for p in hidden:
                seen[p].add(grid[p.row][p.col] if p.part == "cell" else totals[p])
    return {p: (min(v), max(v)) for p, v in seen.items()}


@pytest.fixture
def attack() -> Callable[[SuppressedTable], Ranges]:
    return milp_ranges


@pytest.fixture
def brute_attack() -> Callable[..., Ranges]:
    return brute_ranges


# --- page fixtures ------------------------------------------------------------------------

from datetime import datetime, timedelta  # noqa: E402

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


_ = datetime
