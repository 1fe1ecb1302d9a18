"""Try to break the small-cell rule: no count 1-4 ever published, nothing worked out."""

from __future__ import annotations

import itertools
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forum.insights.suppression import (
    COMPLEMENTARY,
    PRIMARY,
    CellKind,
    Position,
    SuppressedCell,
    SuppressedTable,
    audit_table,
    feasible_ranges,
    suppress_table,
)

STRATEGIES = ("pattern", "minimal")

NASTY = {
    "single small cell in a row": [[3, 9, 12, 20]],
    "row of small cells": [[1, 2, 3, 4, 1]],
    "four ones: total 4 would pin them": [[1, 1, 1, 1]],
    "two fours: total 8 would pin them": [[4, 4]],
    "one non-zero cell": [[0, 0, 0], [0, 3, 0], [0, 0, 0]],
    "one big cell": [[0, 0, 0], [0, 30, 0]],
    "zeros around a small cell": [[0, 0, 0], [0, 2, 0], [9, 0, 7]],
    "small cell beside one big": [[2, 0], [0, 9]],
    "totals of 1-4": [[1, 0, 0], [0, 2, 0], [0, 0, 1]],
    "all ones 2x2": [[1, 1], [1, 1]],
    "one by one small": [[3]],
    "one by one zero": [[0]],
    "one by one big": [[12]],
    "column": [[1], [8], [9]],
    "all zero": [[0, 0], [0, 0]],
    "no small cells": [[5, 6], [7, 80]],
    "small in a corner": [[4, 5, 5], [5, 5, 5], [5, 5, 5]],
    "replay trap": [[0, 0, 1], [4, 4, 5]],
    "sparse 5x10": [
        [0, 3, 0, 12, 1, 0, 0, 7, 2, 0],
        [5, 0, 0, 0, 0, 44, 1, 0, 0, 0],
        [0, 0, 2, 0, 0, 0, 0, 0, 0, 1],
        [9, 1, 0, 8, 0, 3, 0, 0, 15, 0],
        [0, 0, 0, 0, 4, 0, 0, 6, 0, 0],
    ],
}


def all_positions(table: SuppressedTable) -> list[Position]:
    rows, cols = table.n_rows, table.n_cols
    return (
        [Position("cell", i, j) for i in range(rows) for j in range(cols)]
        + [Position("row_total", i) for i in range(rows)]
        + [Position("col_total", None, j) for j in range(cols)]
        + [Position("grand_total")]
    )


def truth(counts: list[list[int]], pos: Position) -> int:
    if pos.part == "cell":
        return counts[pos.row][pos.col]
    if pos.part == "row_total":
        return sum(counts[pos.row])
    if pos.part == "col_total":
        return sum(r[pos.col] for r in counts)
    return sum(map(sum, counts))


def check_published(counts: list[list[int]], table: SuppressedTable, attack) -> None:
    """Every property the page relies on, checked against an independent attacker."""
    for pos in all_positions(table):
        cell = table.at(pos)
        value = truth(counts, pos)
        if cell.is_shown:
            assert cell.value == value, pos
            assert not 1 <= cell.value <= 4, pos
        if pos.part == "cell":
            assert (cell.kind is CellKind.PRIMARY) == (1 <= value <= 4), pos
        if cell.kind is CellKind.COMPLEMENTARY and pos.part == "cell":
            assert value >= 5, pos
    ranges = attack(table)
    for pos, (low, high) in ranges.items():
        assert low < high, f"{pos} is pinned at {low} in {counts}"
        assert low <= truth(counts, pos) <= high
    assert audit_table(table) == []
    mine = feasible_ranges(table)
    assert set(mine) == set(table.suppressed_positions())
    for pos, (low, high) in mine.items():
        assert (low, high if high is not None else 10**6) == ranges[pos], pos


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("name", NASTY)
def test_nasty_tables_disclose_nothing(name: str, strategy: str, attack) -> None:
    counts = NASTY[name]
    check_published(counts, suppress_table(counts, strategy=strategy), attack)


@pytest.mark.parametrize("name", [n for n in NASTY if n != "sparse 5x10"])
def test_brute_force_agrees(name: str, brute_attack) -> None:
    counts = NASTY[name]
    table = suppress_table(counts)
    found = brute_attack(table, cap=max(map(max, counts)) + 10)
    for pos, (low, high) in found.items():
        assert low < high, pos
    for pos, (low, high) in feasible_ranges(table).items():
        assert found[pos][0] == low
        assert high is None or found[pos][1] == high


sparse_count = st.sampled_from([0, 0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 9, 12, 20, 41])


@st.composite
def tables(draw, max_rows: int = 5, max_cols: int = 6) -> list[list[int]]:
    rows = draw(st.integers(1, max_rows))
    cols = draw(st.integers(1, max_cols))
    return [[draw(sparse_count) for _ in range(cols)] for _ in range(rows)]


SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(counts=tables(), strategy=st.sampled_from(STRATEGIES))
def test_random_tables_disclose_nothing(counts: list[list[int]], strategy: str, attack) -> None:
    check_published(counts, suppress_table(counts, strategy=strategy), attack)


@SETTINGS
@given(counts=tables(max_rows=4, max_cols=4))
def test_auditor_matches_attacker_on_unsafe_tables(counts: list[list[int]], attack) -> None:
    """Publishing only "<5" (totals shown) often discloses; the auditor must see it."""
    naive = SuppressedTable(
        cells=tuple(
            tuple(PRIMARY if 1 <= v <= 4 else SuppressedCell.shown(v) for v in row)
            for row in counts
        ),
        row_totals=tuple(_naive_total(sum(r), len(r) == 1, r[0]) for r in counts),
        col_totals=tuple(
            _naive_total(sum(col), len(counts) == 1, col[0]) for col in zip(*counts, strict=True)
        ),
        grand_total=_naive_total(
            sum(map(sum, counts)), len(counts) * len(counts[0]) == 1, counts[0][0]
        ),
    )
    if len(counts) == 1:  # the grand total is the single row's total
        naive = SuppressedTable(
            naive.cells, naive.row_totals, naive.col_totals, naive.row_totals[0]
        )
    if len(counts[0]) == 1:
        naive = SuppressedTable(
            naive.cells, naive.row_totals, naive.col_totals, naive.col_totals[0]
        )
    pinned = {pos for pos, (low, high) in attack(naive).items() if low == high}
    assert set(audit_table(naive)) == pinned & set(naive.suppressed_positions())


def _naive_total(total: int, single: bool, only: int) -> SuppressedCell:
    value = only if single else total
    return PRIMARY if 1 <= value <= 4 else SuppressedCell.shown(value)


def test_auditor_flags_a_small_cell_next_to_a_shown_total() -> None:
    table = SuppressedTable(
        cells=((PRIMARY, SuppressedCell.shown(9)),),
        row_totals=(SuppressedCell.shown(12),),
        col_totals=(PRIMARY, SuppressedCell.shown(9)),
        grand_total=SuppressedCell.shown(12),
    )
    assert audit_table(table) == [Position("cell", 0, 0)]
    assert feasible_ranges(table)[Position("cell", 0, 0)] == (3, 3)


def test_auditor_counts_shown_zeros() -> None:
    """A zero next to a small cell is exact knowledge: hiding the total must still work."""
    shown = SuppressedCell.shown
    table = SuppressedTable(
        cells=((PRIMARY, shown(0)), (COMPLEMENTARY, shown(0))),
        row_totals=(PRIMARY, COMPLEMENTARY),
        col_totals=(shown(11), shown(0)),
        grand_total=shown(11),
    )
    # Column 0 sums to 11 with a "<5" cell and a hidden 5+ cell: both keep four values.
    assert feasible_ranges(table)[Position("cell", 0, 0)] == (1, 4)
    assert feasible_ranges(table)[Position("cell", 1, 0)] == (7, 10)


def test_inconsistent_publication_is_refused() -> None:
    shown = SuppressedCell.shown
    table = SuppressedTable(((shown(5), shown(6)),), (shown(99),), (shown(5), shown(6)), shown(99))
    with pytest.raises(ValueError, match="inconsistent"):
        audit_table(table)


def replay_groups(strategy: str, rows: int, cols: int, top: int) -> dict:
    groups: dict = defaultdict(list)
    for values in itertools.product(range(top + 1), repeat=rows * cols):
        counts = [list(values[i * cols : (i + 1) * cols]) for i in range(rows)]
        groups[suppress_table(counts, strategy=strategy)].append(counts)
    return groups


@pytest.mark.parametrize(("rows", "cols", "top"), [(1, 3, 9), (2, 2, 6), (1, 4, 6)])
def test_pattern_strategy_survives_replay(rows: int, cols: int, top: int) -> None:
    """Someone who reruns our code on every candidate table still cannot pin a cell."""
    for published, candidates in replay_groups("pattern", rows, cols, top).items():
        for pos in published.suppressed_positions():
            if pos.part == "cell":
                assert len({c[pos.row][pos.col] for c in candidates}) >= 2, (pos, candidates)


def test_minimal_strategy_is_only_safe_against_the_rule_set() -> None:
    """Documented limit: which counts "minimal" hides depends on hidden values."""
    published = suppress_table([[0, 0, 1], [4, 4, 5]], strategy="minimal")
    assert audit_table(published) == []
    hidden = [p for p in published.suppressed_positions() if p.part == "cell"]
    assert all(published.at(p).kind is CellKind.PRIMARY for p in hidden)
    candidates = []
    for values in itertools.product(range(1, 5), repeat=len(hidden)):
        counts = [[0, 0, 1], [4, 4, 5]]
        for p, v in zip(hidden, values, strict=True):
            counts[p.row][p.col] = v
        if suppress_table(counts, strategy="minimal") == published:
            candidates.append(counts)
    assert candidates == [[[0, 0, 1], [4, 4, 5]]]  # the replay pins all three "<5" cells


def test_pattern_hides_exactly_the_totals_over_small_cells() -> None:
    table = suppress_table([[2, 9, 7], [6, 8, 30]])
    assert [c.kind for c in table.row_totals] == [CellKind.COMPLEMENTARY, CellKind.SHOWN]
    assert [c.kind for c in table.col_totals] == [
        CellKind.COMPLEMENTARY,
        CellKind.SHOWN,
        CellKind.SHOWN,
    ]
    assert table.grand_total.kind is CellKind.COMPLEMENTARY
    assert [c.value for c in table.cells[1]] == [6, 8, 30]


def test_one_dimensional_tables_repeat_cells_as_column_totals() -> None:
    table = suppress_table([[3, 0, 12]])
    assert table.col_totals == table.cells[0]
    assert table.grand_total == table.row_totals[0] == COMPLEMENTARY
    assert suppress_table([[7, 0, 12]]).grand_total == SuppressedCell.shown(19)


def test_same_input_same_output() -> None:
    counts = NASTY["sparse 5x10"]
    for strategy in STRATEGIES:
        assert suppress_table(counts, strategy=strategy) == suppress_table(
            counts, strategy=strategy
        )


def test_a_large_table_is_quick() -> None:
    import random
    import time

    rng = random.Random(7)
    counts = [[rng.choice([0, 0, 1, 2, 3, 5, 8, 13, 40]) for _ in range(24)] for _ in range(10)]
    for strategy in STRATEGIES:
        start = time.perf_counter()
        table = suppress_table(counts, strategy=strategy)
        assert time.perf_counter() - start < 5
        assert audit_table(table) == []


@pytest.mark.parametrize("value", [1, 2, 3, 4, -1])
def test_a_shown_count_of_one_to_four_cannot_exist(value: int) -> None:
    with pytest.raises(ValueError):
        SuppressedCell.shown(value)


def test_a_hidden_count_carries_no_value() -> None:
    with pytest.raises(ValueError):
        SuppressedCell(CellKind.PRIMARY, 3)
    assert PRIMARY.value is None and COMPLEMENTARY.value is None


def test_labels_come_from_the_caller() -> None:
    assert PRIMARY.label(primary="أقل من 5", complementary="—") == "أقل من 5"
    assert COMPLEMENTARY.label(primary="<5", complementary="masqué") == "masqué"
    assert (
        SuppressedCell.shown(1200).label(primary="", complementary="", number="{:,}".format)
        == "1,200"
    )


@pytest.mark.parametrize("counts", [[], [[]], [[1, 2], [3]], [[-1]], [[True]], [[1.5]]], ids=str)
def test_bad_input_is_refused(counts) -> None:
    with pytest.raises(ValueError):
        suppress_table(counts)


def test_unknown_strategy_is_refused() -> None:
    with pytest.raises(ValueError):
        suppress_table([[1]], strategy="guess")  # type: ignore[arg-type]
