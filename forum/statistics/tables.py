"""Tables of published figures, built from true tallies, totals included.

Every total is a cell of its own: its tally is the sum of the tallies it covers (the
same records, so the same key as wherever else that total appears), and it is perturbed
like any cell. A total is never the sum of published figures, so published tables need
not add up exactly, and a total says nothing exact about the cells under it.

Use `publish_table` with tallies found by a GROUP BY (`count(*)`, `key_sum(stat_key)`),
or `tabulate` with records counted in Python. A one-dimensional table is a table of one
row (`publish_series`).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from forum.statistics.figures import Figure, Tally, publish

R = TypeVar("R", bound=Hashable)
C = TypeVar("C", bound=Hashable)


@dataclass(frozen=True)
class PublishedTable(Generic[R, C]):
    """A table as published: rows x columns of figures, row, column and grand totals.

    `rows` and `cols` are the codes the caller passed, in its order; labels are the
    caller's business. For a one-row table the column totals are its cells and the grand
    total is the row's total; for a one-column table the row totals are its cells.
    """

    rows: tuple[R, ...]
    cols: tuple[C, ...]
    cells: tuple[tuple[Figure, ...], ...]
    row_totals: tuple[Figure, ...]
    col_totals: tuple[Figure, ...]
    grand_total: Figure

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        return len(self.cols)

    def cell(self, row: R, col: C) -> Figure:
        return self.cells[self.rows.index(row)][self.cols.index(col)]

    def column(self, j: int) -> list[Figure]:
        return [row[j] for row in self.cells]

    def figures(self) -> list[Figure]:
        """Every figure of the table, cells then totals (for checks and tests)."""
        return [
            *(f for row in self.cells for f in row),
            *self.row_totals,
            *self.col_totals,
            self.grand_total,
        ]


def publish_table(
    tallies: Mapping[tuple[R, C], Tally],
    rows: Sequence[R],
    cols: Sequence[C],
    *,
    row_totals: Mapping[R, Tally] | None = None,
    col_totals: Mapping[C, Tally] | None = None,
    grand_total: Tally | None = None,
) -> PublishedTable[R, C]:
    """Publish `tallies` (absent cells are empty) as a rows x cols table with totals.

    Totals default to the sum of the tallies they cover. Pass them when a record may sit
    in several cells of a row but should count once in its total (people who ticked two
    choices): the total is then a different set of records, published as such.
    """
    if not rows or not cols:
        raise ValueError("a table needs at least one row and one column")
    empty = Tally()
    grid = [[tallies.get((r, c), empty) for c in cols] for r in rows]
    row_sums = [(row_totals or {}).get(r) or Tally.total(grid[i]) for i, r in enumerate(rows)]
    col_sums = [
        (col_totals or {}).get(c) or Tally.total(row[j] for row in grid) for j, c in enumerate(cols)
    ]
    grand = grand_total or Tally.total(t for row in grid for t in row)
    cells = tuple(tuple(publish(t) for t in row) for row in grid)
    published_rows = tuple(publish(t) for t in row_sums)
    published_cols = tuple(publish(t) for t in col_sums)
    return PublishedTable(
        rows=tuple(rows),
        cols=tuple(cols),
        cells=cells,
        row_totals=published_rows,
        col_totals=published_cols,
        grand_total=publish(grand),
    )


def publish_series(
    tallies: Mapping[C, Tally], categories: Sequence[C], *, total: Tally | None = None
) -> PublishedTable[str, C]:
    """A one-dimensional table: one row ("all") of categories, with its total."""
    grid = {("all", c): t for c, t in tallies.items()}
    return publish_table(grid, ["all"], categories, grand_total=total)


def tabulate(
    records: Iterable[tuple[int, R, C]], rows: Sequence[R], cols: Sequence[C]
) -> PublishedTable[R, C]:
    """Publish records counted in Python: each is (record key, row value, column value)."""
    found: dict[tuple[R, C], Tally] = {}
    for key, row, col in records:
        found[row, col] = found.get((row, col), Tally()) + Tally(1, key)
    return publish_table(found, rows, cols)


def publish_one(tally: Tally) -> Figure:
    """A single published count (e.g. "12 people answered")."""
    return publish(tally)
