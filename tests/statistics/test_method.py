"""The cell key method (forum.statistics): what a reader of published figures can rely on."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest

from forum.statistics.csv_export import table_to_csv
from forum.statistics.figures import SMALL, Figure, Tally, publish
from forum.statistics.keys import KEY_RANGE, cell_key, new_record_key
from forum.statistics.ptable import (
    MAX_ADJUSTMENT,
    SHAPE,
    SMALL_MAX,
    adjustment_frequencies,
    possible_counts,
    published_count,
)
from forum.statistics.tables import publish_series, publish_table, tabulate


def test_the_table_has_one_adjustment_per_key_and_is_balanced():
    assert len(SHAPE) == KEY_RANGE
    freq = adjustment_frequencies()
    assert freq[0] == KEY_RANGE // 2
    for size in range(1, MAX_ADJUSTMENT + 1):
        assert freq[size] == freq[-size] > 0
    assert sum(SHAPE) == 0


def test_zero_stays_zero_and_small_counts_are_never_numbers():
    for key in range(KEY_RANGE):
        assert published_count(0, key) == 0
        for count in range(1, SMALL_MAX + 1):
            assert published_count(count, key) is None
        for count in range(SMALL_MAX + 1, 60):
            value = published_count(count, key)
            assert value is not None and value > SMALL_MAX
            assert abs(value - count) <= MAX_ADJUSTMENT
            assert count in possible_counts(value)


@pytest.mark.parametrize("bad", [-1, 1.5, True, "3"])
def test_a_count_must_be_a_non_negative_integer(bad):
    with pytest.raises(ValueError):
        published_count(bad, 0)


def test_a_figure_of_1_to_4_cannot_be_built():
    for value in range(1, SMALL_MAX + 1):
        with pytest.raises(ValueError):
            Figure(value)
    with pytest.raises(ValueError):
        Figure(-3)
    assert SMALL.hidden and SMALL.label(small="<5") == "<5"
    assert Figure(12).label(small="<5", number=lambda v: f"#{v}") == "#12"


def test_the_same_records_always_give_the_same_figure():
    keys = [new_record_key() for _ in range(40)]
    first = publish(Tally.of(keys))
    assert all(publish(Tally.of(list(reversed(keys)))) == first for _ in range(5))
    # gathered as two parts added together: the same cell, the same figure
    assert publish(Tally.of(keys[:13]) + Tally.of(keys[13:])) == first


def test_one_record_more_gives_an_unrelated_adjustment():
    """Adding one record moves the key, so the adjustment is not the previous one plus 1."""
    differences = Counter()
    for base in range(KEY_RANGE):
        for extra in range(0, KEY_RANGE, 17):
            small = published_count(30, base)
            large = published_count(31, cell_key(base + extra))
            differences[large - small] += 1
    assert len(differences) > 5  # spread out, not a fixed step of 1


def test_totals_are_cells_of_their_own():
    tallies = {("a", "x"): Tally(3, 10), ("a", "y"): Tally(9, 200), ("b", "x"): Tally(7, 5)}
    table = publish_table(tallies, ["a", "b"], ["x", "y"])
    assert table.cell("a", "x").hidden
    assert table.row_totals[0] == publish(Tally(12, 210))
    assert table.col_totals[0] == publish(Tally(10, 15))
    assert table.grand_total == publish(Tally(19, 215))
    assert table.cell("b", "y") == Figure(0)
    # a total passed by the caller (distinct people) is published as given
    other = publish_table(tallies, ["a", "b"], ["x", "y"], grand_total=Tally(15, 99))
    assert other.grand_total == publish(Tally(15, 99))


def test_a_series_and_records_counted_in_python():
    series = publish_series({"x": Tally(8, 3), "y": Tally(2, 1)}, ["x", "y", "z"])
    assert series.n_rows == 1 and series.cells[0][2] == Figure(0)
    assert series.cells[0][1].hidden and series.grand_total == publish(Tally(10, 4))
    table = tabulate([(5, "a", "x"), (9, "a", "x"), (1, "b", "x")], ["a", "b"], ["x"])
    assert table.cells[0][0].hidden and table.row_totals[1].hidden


def test_an_empty_table_is_refused():
    with pytest.raises(ValueError):
        publish_table({}, [], ["x"])


def test_csv_writes_markers_totals_and_the_note():
    tallies = {("a", "x"): Tally(3, 10), ("a", "y"): Tally(9, 200), ("b", "x"): Tally(7, 5)}
    table = publish_table(tallies, ["a", "b"], ["x", "y"])
    data = table_to_csv(
        ["=A", "B"], ["x", "y"], table, small_label="<5", total_label="Total", note="Adjusted."
    )
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["", "x", "y", "Total"]
    assert rows[1][0] == "'=A" and rows[1][1] == "<5"
    assert rows[3][0] == "Total"
    assert rows[-1] == ["Adjusted."]
    with pytest.raises(ValueError):
        table_to_csv(["a"], ["x"], table, small_label="<5", total_label="T", note="")
