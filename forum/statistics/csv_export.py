"""A published table as CSV: exactly the figures the page shows, and the page's note."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence

from forum.downloads import csv_bytes, defuse
from forum.statistics.figures import Figure
from forum.statistics.tables import PublishedTable


def table_to_csv(
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    table: PublishedTable,
    *,
    small_label: str,
    total_label: str,
    note: str,
    corner_label: str = "",
    number: Callable[[int], str] = str,
) -> bytes:
    """The table with its totals, then a blank line and `note`, as UTF-8 CSV bytes.

    Hidden counts are written as the marker the page shows; a one-row table gets no
    column-total row, since it would repeat its cells. The note (that figures are
    adjusted and may not add up) travels with the numbers wherever the file goes.
    """
    if len(row_labels) != table.n_rows or len(col_labels) != table.n_cols:
        raise ValueError("labels do not match the table")

    def show(figure: Figure) -> str:
        return figure.label(small=small_label, number=number)

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    rows: list[list[str]] = [[corner_label, *col_labels, total_label]]
    for label, cells, total in zip(row_labels, table.cells, table.row_totals, strict=True):
        rows.append([label, *map(show, cells), show(total)])
    if table.n_rows > 1:
        rows.append([total_label, *map(show, table.col_totals), show(table.grand_total)])
    for row in rows:
        writer.writerow([defuse(field) for field in row])
    writer.writerow([])
    writer.writerow([defuse(note)])
    return csv_bytes(buffer.getvalue())
