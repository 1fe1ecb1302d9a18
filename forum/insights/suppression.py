"""Small-cell suppression for published counts (privacy model, rule 9).

Any count from 1 to 4 is published only as "<5" (primary suppression), and
totals (or, with the "minimal" strategy, other cells) are hidden too
(complementary suppression) so that no hidden count can be worked out from what
is shown. The auditor assumes the attacker knows exactly the published rule set:

* a shown number is exact - zeros included: a zero is shown as 0, so the
  auditor treats it as known, and zero cells are never used as complements;
* a primary cell ("<5") holds 1, 2, 3 or 4;
* a complementary *cell* holds 5 or more (only cells of 5+ are ever chosen);
* a complementary *total* holds any count >= 0 (a total over "<5" cells is
  hidden whatever its value, so "—" on a total says nothing about its size);
* every total is the sum of its cells.

The table is a network circulation (see ``network``), so the auditor's bounds
are exact integer bounds, and every hidden count has at least two feasible
values: the true one and a concrete table one unit away.

Limits the caller must respect: each table is audited on its own. Two tables
computed from the same exchanges (a region x risk table and a month x risk
table over the same period share their per-risk totals) can leak through each
other; never publish a count in one table that another table hides.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Literal, NamedTuple

from forum.insights import network
from forum.insights.network import INF

#: Counts from 1 to SMALL_MAX are never published as numbers.
SMALL_MAX = 4

Part = Literal["cell", "row_total", "col_total", "grand_total"]


class CellKind(Enum):
    """How one published count is shown; the caller turns the kind into words."""

    SHOWN = "shown"
    PRIMARY = "primary"
    COMPLEMENTARY = "complementary"


@dataclass(frozen=True, slots=True)
class SuppressedCell:
    """A count as published: its value if shown, otherwise only why it is hidden.

    A suppressed cell carries no value at all, so nothing downstream (templates,
    charts, CSV) can leak it, and a shown cell of 1-4 cannot even be built.
    """

    kind: CellKind
    value: int | None = None

    def __post_init__(self) -> None:
        if self.kind is CellKind.SHOWN:
            if self.value is None or self.value < 0 or 1 <= self.value <= SMALL_MAX:
                raise ValueError(f"a shown count must be 0 or above {SMALL_MAX}")
        elif self.value is not None:
            raise ValueError("a suppressed count carries no value")

    @classmethod
    def shown(cls, value: int) -> SuppressedCell:
        return cls(CellKind.SHOWN, value)

    @property
    def is_shown(self) -> bool:
        return self.kind is CellKind.SHOWN

    def label(self, *, primary: str, complementary: str, number: Callable[[int], str] = str) -> str:
        """Text for this count; markers are passed in so they can be translated."""
        if self.kind is CellKind.PRIMARY:
            return primary
        if self.kind is CellKind.COMPLEMENTARY:
            return complementary
        return number(self.value)


PRIMARY = SuppressedCell(CellKind.PRIMARY)
COMPLEMENTARY = SuppressedCell(CellKind.COMPLEMENTARY)


class Position(NamedTuple):
    """Where a count sits in a table: a cell, a row/column total or the grand total."""

    part: Part
    row: int | None = None
    col: int | None = None


@dataclass(frozen=True)
class SuppressedTable:
    """A table of counts as published, with row, column and grand totals.

    For a single row (a one-dimensional table), ``col_totals`` repeat the cells
    and ``grand_total`` is the row's total; for a single column, ``row_totals``
    repeat the cells. The repeats always agree, so a caller may show either.
    """

    cells: tuple[tuple[SuppressedCell, ...], ...]
    row_totals: tuple[SuppressedCell, ...]
    col_totals: tuple[SuppressedCell, ...]
    grand_total: SuppressedCell

    def __post_init__(self) -> None:
        n_rows, n_cols = len(self.cells), len(self.col_totals)
        if n_rows == 0 or n_cols == 0 or len(self.row_totals) != n_rows:
            raise ValueError("table shape does not match its totals")
        if any(len(row) != n_cols for row in self.cells):
            raise ValueError("table rows have different lengths")
        layout = _layout(n_rows, n_cols)
        for members in layout.groups:
            if len({self.at(layout.positions[a]) for a in members}) != 1:
                raise ValueError("a total that repeats a cell must be published like it")

    @property
    def n_rows(self) -> int:
        return len(self.cells)

    @property
    def n_cols(self) -> int:
        return len(self.col_totals)

    def at(self, pos: Position) -> SuppressedCell:
        if pos.part == "cell":
            return self.cells[pos.row][pos.col]  # type: ignore[index]
        if pos.part == "row_total":
            return self.row_totals[pos.row]  # type: ignore[index]
        if pos.part == "col_total":
            return self.col_totals[pos.col]  # type: ignore[index]
        return self.grand_total

    def suppressed_positions(self) -> list[Position]:
        """Every hidden count, each repeated total named once (by its cell)."""
        layout = _layout(self.n_rows, self.n_cols)
        return [
            layout.positions[layout.groups[g][0]]
            for g in range(len(layout.groups))
            if not self.at(layout.positions[layout.groups[g][0]]).is_shown
        ]


# --- layout: the table as a circulation -------------------------------------------------

_RANK = {"cell": 0, "grand_total": 1, "row_total": 2, "col_total": 3}


@dataclass(frozen=True)
class _Layout:
    net: network.Network
    positions: tuple[Position, ...]  # per arc
    groups: tuple[tuple[int, ...], ...]  # arcs that are the same published count
    group_of: tuple[int, ...]  # per arc
    covers: tuple[tuple[tuple[int, int], ...], ...]  # per group: cells it sums


_LAYOUTS: dict[tuple[int, int], _Layout] = {}


def _layout(n_rows: int, n_cols: int) -> _Layout:
    """Arcs for cells and totals; totals over a single cell are merged with it."""
    if (n_rows, n_cols) in _LAYOUTS:
        return _LAYOUTS[n_rows, n_cols]
    source, sink = 0, 1

    def row(i: int) -> int:
        return 2 + i

    def col(j: int) -> int:
        return 2 + n_rows + j

    tails: list[int] = []
    heads: list[int] = []
    positions: list[Position] = []

    def arc(tail: int, head: int, pos: Position) -> None:
        tails.append(tail)
        heads.append(head)
        positions.append(pos)

    for i in range(n_rows):
        for j in range(n_cols):
            arc(row(i), col(j), Position("cell", i, j))
    for i in range(n_rows):
        arc(source, row(i), Position("row_total", i))
    for j in range(n_cols):
        arc(col(j), sink, Position("col_total", None, j))
    arc(sink, source, Position("grand_total"))
    index = {pos: a for a, pos in enumerate(positions)}

    parent = list(range(len(positions)))

    def find(a: int) -> int:
        while parent[a] != a:
            a = parent[a]
        return a

    def merge(p: Position, q: Position) -> None:
        parent[find(index[q])] = find(index[p])

    if n_cols == 1:
        for i in range(n_rows):
            merge(Position("cell", i, 0), Position("row_total", i))
        merge(Position("col_total", None, 0), Position("grand_total"))
    if n_rows == 1:
        for j in range(n_cols):
            merge(Position("cell", 0, j), Position("col_total", None, j))
        merge(Position("row_total", 0), Position("grand_total"))
    members: dict[int, list[int]] = {}
    for a in range(len(positions)):
        members.setdefault(find(a), []).append(a)
    groups = sorted(
        (
            tuple(sorted(arcs, key=lambda a: (_RANK[positions[a].part], a)))
            for arcs in members.values()
        ),
        key=lambda arcs: arcs[0],
    )
    group_of = [0] * len(positions)
    for g, arcs in enumerate(groups):
        for a in arcs:
            group_of[a] = g

    def covered(pos: Position) -> tuple[tuple[int, int], ...]:
        if pos.part == "cell":
            return ((pos.row, pos.col),)  # type: ignore[return-value]
        if pos.part == "row_total":
            return tuple((pos.row, j) for j in range(n_cols))  # type: ignore[misc]
        if pos.part == "col_total":
            return tuple((i, pos.col) for i in range(n_rows))  # type: ignore[misc]
        return tuple((i, j) for i in range(n_rows) for j in range(n_cols))

    layout = _Layout(
        net=network.Network(2 + n_rows + n_cols, tuple(tails), tuple(heads)),
        positions=tuple(positions),
        groups=tuple(groups),
        group_of=tuple(group_of),
        covers=tuple(covered(positions[arcs[0]]) for arcs in groups),
    )
    _LAYOUTS[n_rows, n_cols] = layout
    return layout


def _bounds(kind: CellKind, part: Part, value: int | None) -> tuple[int, float]:
    """What the published rule set tells an attacker about one count."""
    if kind is CellKind.SHOWN:
        if value is None:
            raise ValueError("a shown count needs its value")
        return value, value
    if kind is CellKind.PRIMARY:
        return 1, SMALL_MAX
    return (SMALL_MAX + 1, INF) if part == "cell" else (0, INF)


class _Knowledge:
    """The attacker's bounds for one suppression pattern, with a feasible table."""

    def __init__(self, layout: _Layout, flow: Sequence[int], kinds: Sequence[CellKind]) -> None:
        self.layout = layout
        self.flow = flow
        self.lows: list[int] = []
        self.highs: list[float] = []
        for a, pos in enumerate(layout.positions):
            kind = kinds[layout.group_of[a]]
            lo, hi = _bounds(kind, pos.part, flow[a] if kind is CellKind.SHOWN else None)
            self.lows.append(lo)
            self.highs.append(hi)
        self.masks = network.residual_masks(layout.net, flow, self.lows, self.highs)

    def fixed(self, group: int) -> bool:
        arc = self.layout.groups[group][0]
        return network.is_fixed(self.layout.net, self.flow, self.lows, self.highs, self.masks, arc)

    def range(self, group: int) -> tuple[int, int | None]:
        arc = self.layout.groups[group][0]
        lo, hi = network.arc_range(self.layout.net, self.flow, self.lows, self.highs, arc)
        return lo, None if hi == INF else int(hi)


# --- suppression -----------------------------------------------------------------------


def _validate(counts: Sequence[Sequence[int]]) -> list[list[int]]:
    rows = [list(r) for r in counts]
    if not rows or not rows[0]:
        raise ValueError("a table needs at least one row and one column")
    if any(len(r) != len(rows[0]) for r in rows):
        raise ValueError("table rows have different lengths")
    for r in rows:
        for v in r:
            if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                raise ValueError("counts must be non-negative integers")
    return rows


def _true_flow(layout: _Layout, rows: list[list[int]]) -> list[int]:
    flow = []
    for pos in layout.positions:
        if pos.part == "cell":
            flow.append(rows[pos.row][pos.col])  # type: ignore[index]
        elif pos.part == "row_total":
            flow.append(sum(rows[pos.row]))  # type: ignore[index]
        elif pos.part == "col_total":
            flow.append(sum(r[pos.col] for r in rows))  # type: ignore[index]
        else:
            flow.append(sum(map(sum, rows)))
    return flow


Strategy = Literal["pattern", "minimal"]


def suppress_table(
    counts: Sequence[Sequence[int]],
    *,
    strategy: Strategy = "pattern",
    total_cost: int = 3,
) -> SuppressedTable:
    """Publishable version of `counts` (rows x columns) with its totals.

    Cells of 1-4 always become primary ("<5"); cells of 0 or 5+ are shown
    unless a strategy hides them. Both strategies are deterministic and end with
    an exact audit that refuses to return anything disclosive.

    ``"pattern"`` (default): hide exactly the totals that contain a "<5" cell.
    The choice depends only on where the "<5" cells are, which is published
    anyway, so even someone who reruns this code on every candidate table
    learns nothing from *which* counts are hidden. Every cell of 5+ stays shown.

    ``"minimal"``: hide as little as the auditor allows (cheapest cycles, then
    pruning). Fewer hidden totals, but the choice depends on hidden values: it
    is safe against the published rule set, not against someone who replays the
    algorithm (see the module notes); use it only for data with no such reader.
    """
    rows = _validate(counts)
    layout = _layout(len(rows), len(rows[0]))
    flow = _true_flow(layout, rows)
    n_groups = len(layout.groups)
    value = [flow[arcs[0]] for arcs in layout.groups]
    is_cell = [layout.positions[arcs[0]].part == "cell" for arcs in layout.groups]
    kinds = [CellKind.SHOWN] * n_groups
    for g in range(n_groups):
        if is_cell[g] and 1 <= value[g] <= SMALL_MAX:
            kinds[g] = CellKind.PRIMARY
    if strategy == "pattern":
        for g in range(n_groups):
            if not is_cell[g] and any(1 <= rows[i][j] <= SMALL_MAX for i, j in layout.covers[g]):
                kinds[g] = CellKind.COMPLEMENTARY
    elif strategy == "minimal":
        _minimal(layout, flow, kinds, value, is_cell, rows, total_cost)
    else:
        raise ValueError(f"unknown strategy {strategy!r}")
    known = _Knowledge(layout, flow, kinds)
    if any(kinds[g] is not CellKind.SHOWN and known.fixed(g) for g in range(n_groups)):
        raise RuntimeError("suppression failed its own audit")  # a bug, never data
    return _publish(layout, kinds, value)


def _minimal(
    layout: _Layout,
    flow: Sequence[int],
    kinds: list[CellKind],
    value: Sequence[int],
    is_cell: Sequence[bool],
    rows: list[list[int]],
    total_cost: int,
) -> None:
    """Greedy complementary suppression driven by the auditor (mutates `kinds`).

    (1) A total whose non-zero cells are all "<5" is hidden whatever its value
    (a total of 4 over four "<5" cells would pin each at 1). (2) While the
    auditor pins a hidden count, hide the cheapest set of counts that closes a
    cycle through it: a cell costs its value, so small cells go first; a total
    costs `total_cost`, because a reader can still bound a hidden total from the
    cells while a hidden cell is lost outright. (3) Re-show complements that are
    not needed, dearest first, and any the attacker could pin anyway.
    """
    n_groups = len(layout.groups)
    for g in range(n_groups):
        cells = [rows[i][j] for i, j in layout.covers[g]]
        if not is_cell[g] and value[g] > 0 and all(v <= SMALL_MAX for v in cells):
            kinds[g] = CellKind.COMPLEMENTARY
    protected = [g for g in range(n_groups) if kinds[g] is not CellKind.SHOWN]

    def cost(g: int) -> int:
        return value[g] if is_cell[g] else total_cost

    complements: list[int] = []
    while True:
        known = _Knowledge(layout, flow, kinds)
        exposed = next((g for g in protected if known.fixed(g)), None)
        if exposed is None:
            break
        for g in _cheapest_cover(layout, known, kinds, value, cost, exposed):
            kinds[g] = CellKind.COMPLEMENTARY
            complements.append(g)

    for g in sorted(complements, key=lambda g: (cost(g), g), reverse=True):
        kinds[g] = CellKind.SHOWN
        known = _Knowledge(layout, flow, kinds)
        if any(known.fixed(p) for p in protected):
            kinds[g] = CellKind.COMPLEMENTARY

    known = _Knowledge(layout, flow, kinds)
    for g in complements:
        if kinds[g] is CellKind.COMPLEMENTARY and known.fixed(g):
            kinds[g] = CellKind.SHOWN


def _cheapest_cover(
    layout: _Layout,
    known: _Knowledge,
    kinds: Sequence[CellKind],
    value: Sequence[int],
    cost: Callable[[int], int],
    exposed: int,
) -> list[int]:
    """Groups to hide so that `exposed` can move one unit, cheapest first."""
    arc = layout.groups[exposed][0]
    edges: list[tuple[float | None, float | None]] = []
    for b, pos in enumerate(layout.positions):
        g = layout.group_of[b]
        f = known.flow[b]
        if kinds[g] is not CellKind.SHOWN:
            edges.append((0 if f < known.highs[b] else None, 0 if f > known.lows[b] else None))
        elif value[g] > SMALL_MAX:
            lo, hi = _bounds(CellKind.COMPLEMENTARY, pos.part, None)
            price = cost(g) if layout.groups[g][0] == b else 0
            edges.append((price if f < hi else None, price if f > lo else None))
        else:
            edges.append((None, None))
    best: tuple[int, list[int]] | None = None
    for direction in (1, -1):
        lo, hi = known.lows[arc], known.highs[arc]
        if (direction > 0 and known.flow[arc] >= hi) or (direction < 0 and known.flow[arc] <= lo):
            continue
        path = network.cheapest_cycle(layout.net, arc, direction, edges)
        if path is None:
            continue
        new = sorted(
            {layout.group_of[b] for b in path if kinds[layout.group_of[b]] is CellKind.SHOWN}
        )
        price = sum(cost(g) for g in new)
        if best is None or price < best[0]:
            best = (price, new)
    if best is None:
        raise RuntimeError("no complement can protect this count")  # impossible by design
    return best[1]


def _publish(layout: _Layout, kinds: Sequence[CellKind], value: Sequence[int]) -> SuppressedTable:
    published = [
        SuppressedCell.shown(value[g]) if kinds[g] is CellKind.SHOWN else SuppressedCell(kinds[g])
        for g in range(len(layout.groups))
    ]
    by_pos = {pos: published[layout.group_of[a]] for a, pos in enumerate(layout.positions)}
    n_rows = 1 + max(p.row for p in layout.positions if p.row is not None)
    n_cols = 1 + max(p.col for p in layout.positions if p.col is not None)
    return SuppressedTable(
        cells=tuple(
            tuple(by_pos[Position("cell", i, j)] for j in range(n_cols)) for i in range(n_rows)
        ),
        row_totals=tuple(by_pos[Position("row_total", i)] for i in range(n_rows)),
        col_totals=tuple(by_pos[Position("col_total", None, j)] for j in range(n_cols)),
        grand_total=by_pos[Position("grand_total")],
    )


# --- audit -----------------------------------------------------------------------------


def _published_knowledge(published: SuppressedTable) -> tuple[_Layout, _Knowledge, list[int]]:
    layout = _layout(published.n_rows, published.n_cols)
    lows: list[int] = []
    highs: list[float] = []
    for pos in layout.positions:
        cell = published.at(pos)
        lo, hi = _bounds(cell.kind, pos.part, cell.value)
        lows.append(lo)
        highs.append(hi)
    flow = network.feasible_flow(layout.net, lows, highs)
    if flow is None:
        raise ValueError("the published table is inconsistent: no table fits it")
    kinds = [published.at(layout.positions[arcs[0]]).kind for arcs in layout.groups]
    hidden = [g for g, kind in enumerate(kinds) if kind is not CellKind.SHOWN]
    return layout, _Knowledge(layout, flow, kinds), hidden


def audit_table(published: SuppressedTable) -> list[Position]:
    """Hidden counts that someone who knows only the publication can work out exactly.

    Empty means safe. Uses nothing but what is published and the rule set in
    this module's docstring.
    """
    layout, known, hidden = _published_knowledge(published)
    return [layout.positions[layout.groups[g][0]] for g in hidden if known.fixed(g)]


def feasible_ranges(published: SuppressedTable) -> dict[Position, tuple[int, int | None]]:
    """Exact smallest and largest value (None: unbounded) of every hidden count."""
    layout, known, hidden = _published_knowledge(published)
    return {layout.positions[layout.groups[g][0]]: known.range(g) for g in hidden}
