"""The CSV holds exactly what the page shows and cannot run as a formula."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forum.insights.csv_export import FORMULA_STARTS, csv_bytes, defuse, table_to_csv
from forum.insights.suppression import suppress_table

MARKERS = {"suppressed_label": "<5", "complementary_label": "—", "total_label": "Total"}


def read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_two_way_table_with_totals() -> None:
    table = suppress_table([[2, 9, 7], [6, 8, 30]])
    text = table_to_csv(["Afrique", "Amériques"], ["a", "b", "c"], table, **MARKERS)
    assert text.endswith("\r\n")
    assert read(text) == [
        ["", "a", "b", "c", "Total"],
        ["Afrique", "<5", "9", "7", "—"],
        ["Amériques", "6", "8", "30", "44"],
        ["Total", "—", "17", "37", "—"],
    ]


def test_one_dimensional_table_has_no_column_total_row() -> None:
    table = suppress_table([[3, 0, 12]])
    rows = read(table_to_csv(["Groupes"], ["x", "y", "z"], table, **MARKERS))
    assert rows == [["", "x", "y", "z", "Total"], ["Groupes", "<5", "0", "12", "—"]]


@pytest.mark.parametrize(
    "label",
    ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "＝1+1", "  =cmd|' /C calc'!A0"],
)
def test_formulas_are_defused(label: str) -> None:
    table = suppress_table([[7]])
    text = table_to_csv([label], [label], table, **MARKERS, corner_label=label)
    for row in read(text):
        for field in row:
            assert not field.lstrip(" ").startswith(FORMULA_STARTS), field


def test_defuse_leaves_plain_text_alone() -> None:
    assert defuse("Afrique") == "Afrique"
    assert defuse("<5") == "<5"
    assert defuse("=x") == "'=x"


def test_arabic_labels_survive_utf8() -> None:
    table = suppress_table([[1, 22]])
    text = table_to_csv(["الشرق الأوسط"], ["تهديدات", "اعتقال"], table, **MARKERS)
    data = csv_bytes(text)
    assert data.startswith(b"\xef\xbb\xbf")
    assert read(data.decode("utf-8-sig"))[1] == ["الشرق الأوسط", "<5", "22", "—"]


def test_labels_must_match_the_table() -> None:
    with pytest.raises(ValueError):
        table_to_csv(["one"], ["a"], suppress_table([[1], [2]]), **MARKERS)


counts = st.sampled_from([0, 0, 1, 2, 3, 4, 5, 9, 30])


@settings(max_examples=40, deadline=None)
@given(
    grid=st.integers(1, 4).flatmap(
        lambda cols: st.lists(
            st.lists(counts, min_size=cols, max_size=cols), min_size=1, max_size=4
        )
    )
)
def test_csv_matches_the_table_and_never_holds_one_to_four(grid: list[list[int]]) -> None:
    table = suppress_table(grid)
    rows = [f"r{i}" for i in range(len(grid))]
    cols = [f"c{j}" for j in range(len(grid[0]))]
    body = read(table_to_csv(rows, cols, table, **MARKERS))[1:]
    for i, cells in enumerate(table.cells):
        expected = [c.label(primary="<5", complementary="—") for c in cells]
        assert body[i][1:-1] == expected
    for row in body:
        for field in row[1:]:
            assert field not in {"1", "2", "3", "4"}
