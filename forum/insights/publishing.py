"""Suppress several tables drawn from the same exchanges so they cannot undo each other.

`suppress_table` audits one table on its own. The insights page shows four tables over
the same posts, and their margins can be the same count: the number of posts about one
risk type is a column total of the trend (months x risks) and, when every thread carries
one region, the sum of that risk's column in the heat table (regions x risks). If the heat
table shows that column in full, a reader knows the trend's hidden total, and a single
"<5" month in that column would follow by subtraction.

So each table is audited again as a reader who knows every margin another table reveals
(the worst case: tags are one per thread, so shared margins are equal). Where that pins a
hidden count, the revealing tables hide the cells that make up that margin too (as
complementary cells, with every total over them), and the check runs again until nothing
changes. Hiding only ever grows, so this ends; the final tables pass `audit_table`.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

from forum.insights.suppression import (
    COMPLEMENTARY,
    PRIMARY,
    SMALL_MAX,
    CellKind,
    Position,
    SuppressedCell,
    SuppressedTable,
    audit_table,
    suppress_table,
)

MarginKey = Hashable


@dataclass
class TableSpec:
    """True counts and the names of the margins this table shares with others.

    `row_keys[i]` names what row i's total counts (None: nothing else shows it), likewise
    `col_keys[j]` and `grand_key`.
    """

    counts: list[list[int]]
    row_keys: Sequence[MarginKey | None]
    col_keys: Sequence[MarginKey | None]
    grand_key: MarginKey | None
    hidden: set[tuple[int, int]] = field(default_factory=set)

    @property
    def n_rows(self) -> int:
        return len(self.counts)

    @property
    def n_cols(self) -> int:
        return len(self.counts[0])

    def margins(self) -> list[tuple[Position, MarginKey]]:
        found: list[tuple[Position, MarginKey]] = []
        for i, key in enumerate(self.row_keys):
            if key is not None:
                found.append((Position("row_total", i), key))
        for j, key in enumerate(self.col_keys):
            if key is not None:
                found.append((Position("col_total", None, j), key))
        if self.grand_key is not None:
            found.append((Position("grand_total"), self.grand_key))
        return found

    def covered(self, pos: Position) -> list[tuple[int, int]]:
        rows, cols = range(self.n_rows), range(self.n_cols)
        if pos.part == "cell":
            return [(pos.row, pos.col)]  # type: ignore[list-item]
        if pos.part == "row_total":
            return [(pos.row, j) for j in cols]  # type: ignore[misc]
        if pos.part == "col_total":
            return [(i, pos.col) for i in rows]  # type: ignore[misc]
        return [(i, j) for i in rows for j in cols]

    def value(self, pos: Position) -> int:
        return sum(self.counts[i][j] for i, j in self.covered(pos))


def rebuild(spec: TableSpec) -> SuppressedTable:
    """The "pattern" rule with extra hidden cells: every total over a hidden cell is hidden.

    Cells of 1-4 are "<5"; cells in `spec.hidden` of 5 or more are complementary; a total
    that repeats a single cell (one-row or one-column tables) is published like that cell.
    """

    def cell(i: int, j: int) -> SuppressedCell:
        v = spec.counts[i][j]
        if 1 <= v <= SMALL_MAX:
            return PRIMARY
        if (i, j) in spec.hidden and v > SMALL_MAX:
            return COMPLEMENTARY
        return SuppressedCell.shown(v)

    cells = tuple(tuple(cell(i, j) for j in range(spec.n_cols)) for i in range(spec.n_rows))

    def total(pos: Position) -> SuppressedCell:
        covered = spec.covered(pos)
        if any(not cells[i][j].is_shown for i, j in covered):
            return COMPLEMENTARY
        return SuppressedCell.shown(spec.value(pos))

    rows = tuple(
        cells[i][0] if spec.n_cols == 1 else total(Position("row_total", i))
        for i in range(spec.n_rows)
    )
    cols = tuple(
        cells[0][j] if spec.n_rows == 1 else total(Position("col_total", None, j))
        for j in range(spec.n_cols)
    )
    if spec.n_rows == 1:
        grand = rows[0]
    elif spec.n_cols == 1:
        grand = cols[0]
    else:
        grand = total(Position("grand_total"))
    return SuppressedTable(cells, rows, cols, grand)


def _with_known(
    table: SuppressedTable, spec: TableSpec, known: list[Position]
) -> SuppressedTable | None:
    """The table as seen by a reader who also knows the `known` margins' true values.

    A total that repeats one cell (one-row or one-column tables) is left as it is: what
    would leak there is the cell itself, which no other table shows.
    """
    rows, cols, grand = list(table.row_totals), list(table.col_totals), table.grand_total
    for pos in known:
        value = spec.value(pos)
        if 1 <= value <= SMALL_MAX:
            continue  # never equal to a margin another table shows (0 or 5+)
        shown = SuppressedCell.shown(value)
        if pos.part == "row_total" and spec.n_cols > 1:
            rows[pos.row] = shown  # type: ignore[index]
        elif pos.part == "col_total" and spec.n_rows > 1:
            cols[pos.col] = shown  # type: ignore[index]
        elif pos.part == "grand_total" or (pos.part == "row_total" and spec.n_rows == 1):
            grand = shown
        elif pos.part == "col_total" and spec.n_cols == 1:
            grand = shown
    if spec.n_rows == 1:
        rows[0] = grand
    if spec.n_cols == 1:
        cols[0] = grand
    try:
        return SuppressedTable(table.cells, tuple(rows), tuple(cols), grand)
    except ValueError:
        return None


def _reveals(table: SuppressedTable, spec: TableSpec, key: MarginKey) -> list[Position]:
    return [pos for pos, k in spec.margins() if k == key and table.at(pos).is_shown]


def _near(pos: Position, spec: TableSpec, known: set[MarginKey]) -> set[MarginKey]:
    """Known margins to take away from a pinned count: its row's and column's if known,
    otherwise the grand total's (which would hide much more)."""
    keys: set[MarginKey | None] = set()
    if pos.row is not None:
        keys.add(spec.row_keys[pos.row])
    if pos.col is not None:
        keys.add(spec.col_keys[pos.col])
    if pos.part == "grand_total":
        return ({spec.grand_key} & known) or ({*spec.row_keys, *spec.col_keys} & known)
    specific = (keys - {None}) & known
    return specific or ({spec.grand_key} & known)


def publish_together(specs: Sequence[TableSpec], *, max_rounds: int = 20) -> list[SuppressedTable]:
    """Suppressed versions of every table, safe each on its own and against the others."""
    tables = [suppress_table(spec.counts) for spec in specs]
    for _ in range(max_rounds):
        changed = False
        for x, spec in enumerate(specs):
            known = [
                pos
                for pos, key in spec.margins()
                if not tables[x].at(pos).is_shown
                and any(_reveals(tables[y], specs[y], key) for y in range(len(specs)) if y != x)
            ]
            if not known:
                continue
            probe = _with_known(tables[x], spec, known)
            pinned = audit_table(probe) if probe is not None else []
            if probe is None:
                pinned = [Position("grand_total")]
            known_keys = {key for pos, key in spec.margins() if pos in known}
            wanted = {k for pos in pinned for k in _near(pos, spec, known_keys)}
            # In the table's own margin order, never a set's: the same data must always
            # be published the same way, or two page loads could be combined.
            keys = [key for _, key in spec.margins() if key in wanted]
            keys = list(dict.fromkeys(keys))
            for key in keys:
                for y, other in enumerate(specs):
                    if y == x:
                        continue
                    for pos in _reveals(tables[y], other, key):
                        more = {
                            (i, j) for i, j in other.covered(pos) if other.counts[i][j] > SMALL_MAX
                        }
                        if more - other.hidden:
                            other.hidden |= more
                            tables[y] = rebuild(other)
                            changed = True
        if not changed:
            break
    else:
        raise RuntimeError("cross-table suppression did not settle")  # a bug, never data
    for table in tables:
        if audit_table(table):
            raise RuntimeError("suppression failed its own audit")  # a bug, never data
    return tables


__all__ = ["CellKind", "TableSpec", "publish_together", "rebuild"]
