"""CSV export of a suppressed table: exactly what the page shows, nothing more."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence

from forum.insights.suppression import SuppressedCell, SuppressedTable

#: First characters that make spreadsheets evaluate a cell (ASCII and full-width).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def defuse(field: str) -> str:
    """Prefix a quote so a spreadsheet shows the text instead of running it."""
    stripped = field.lstrip(" ")
    if stripped.startswith(FORMULA_STARTS):
        return "'" + field
    return field


def table_to_csv(
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    table: SuppressedTable,
    *,
    suppressed_label: str,
    complementary_label: str,
    total_label: str,
    corner_label: str = "",
    number: Callable[[int], str] = str,
) -> str:
    """The table with its totals as CSV text (encode as UTF-8 to serve it).

    Hidden counts are written as the same markers the page shows; a single-row
    table gets no column-total row, since those would repeat its cells.
    """
    if len(row_labels) != table.n_rows or len(col_labels) != table.n_cols:
        raise ValueError("labels do not match the table")

    def show(cell: SuppressedCell) -> str:
        return cell.label(
            primary=suppressed_label, complementary=complementary_label, number=number
        )

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    rows: list[list[str]] = [[corner_label, *col_labels, total_label]]
    for label, cells, total in zip(row_labels, table.cells, table.row_totals, strict=True):
        rows.append([label, *map(show, cells), show(total)])
    if table.n_rows > 1:
        rows.append([total_label, *map(show, table.col_totals), show(table.grand_total)])
    for row in rows:
        writer.writerow([defuse(field) for field in row])
    return buffer.getvalue()


def csv_bytes(text: str) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read Arabic correctly."""
    return text.encode("utf-8-sig")
