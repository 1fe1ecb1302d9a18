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
