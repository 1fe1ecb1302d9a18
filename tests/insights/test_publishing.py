"""Tables over the same posts are suppressed together (forum.insights.publishing)."""

from __future__ import annotations

import subprocess
import sys

from forum.insights.publishing import TableSpec, publish_together, rebuild
from forum.insights.suppression import CellKind, suppress_table
from tests.insights.conftest import milp_ranges


def test_rebuild_without_extra_cells_is_the_pattern_rule():
    import random

    rng = random.Random(3)
    for _ in range(200):
        rows, cols = rng.randint(1, 5), rng.randint(1, 5)
        counts = [[rng.choice([0, 0, 1, 3, 5, 7, 12]) for _ in range(cols)] for _ in range(rows)]
        spec = TableSpec(counts, [None] * rows, [None] * cols, None)
        assert rebuild(spec) == suppress_table(counts)


def test_a_margin_shown_elsewhere_cannot_pin_a_small_cell():
    """Months x risks hides risk 0's total; regions x risks would show it as a sum."""
    trend = [[3, 5], [5, 6], [6, 0]]
    heat = [[9, 6], [5, 5]]  # risk 0: 14 = 3 + 5 + 6, all shown on its own
    alone = suppress_table(heat)
    assert all(c.is_shown for row in alone.cells for c in row)
    published_trend, published_heat = publish_together(
        [
            TableSpec(trend, [None] * 3, ["r0", "r1"], "all"),
            TableSpec(heat, [None] * 2, ["r0", "r1"], "all"),
        ]
    )
    column = [row[0] for row in published_heat.cells]
    assert all(c.kind is CellKind.COMPLEMENTARY for c in column)
    assert published_heat.cells[0][1].is_shown  # risk 1 did not need hiding
    # the attacker who knows heat's column sums can no longer pin trend's "<5"
    known = sum(c.value for c in column if c.is_shown)
    assert known == 0
    for low, high in milp_ranges(published_trend).values():
        assert low < high


def test_the_same_data_is_always_published_the_same_way():
    """String hashing changes between processes; the published table must not."""
    code = (
        "from forum.insights.publishing import TableSpec, publish_together\n"
        "t=[[3,5,1],[5,6,0],[6,0,7]]; h=[[9,6,4],[5,5,4]]; g=[[14,11,8]]\n"
        "s=[TableSpec(t,[None]*3,['a','b','c'],'all'),TableSpec(h,[None]*2,['a','b','c'],'all'),"
        "TableSpec(g,['all'],[None]*3,'all')]\n"
        "print([[[c.kind.value for c in r] for r in x.cells] for x in publish_together(s)])\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": str(seed), "PYTHONPATH": "."},
        ).stdout
        for seed in (1, 2, 3, 4)
    }
    assert len(outputs) == 1
