"""How much each suppression strategy hides on realistic sparse tables, and how fast.

Run: PYTHONPATH=. python bench/insights_suppression.py
"""

from __future__ import annotations

import random
import time

from forum.insights.suppression import CellKind, suppress_table

SHAPES = {
    "5x10 regions x risks": (5, 10),
    "10x24 risks x months": (10, 24),
    "10x3 outcomes": (10, 3),
    "1x9 groups": (1, 9),
}


def sparse_count(rng: random.Random, mean: float) -> int:
    """Negative binomial (geometric mixture): many zeros and small counts, a long tail."""
    p = 1 / (1 + mean)
    count = 0
    while rng.random() > p:
        count += 1
    return count


def measure(rows: int, cols: int, mean: float, strategy: str, n: int = 40) -> str:
    rng = random.Random(2024)
    primary = complementary = cells = hidden_totals = totals = 0
    elapsed = 0.0
    for _ in range(n):
        counts = [[sparse_count(rng, mean) for _ in range(cols)] for _ in range(rows)]
        start = time.perf_counter()
        table = suppress_table(counts, strategy=strategy)  # type: ignore[arg-type]
        elapsed += time.perf_counter() - start
        for row in table.cells:
            for cell in row:
                cells += 1
                primary += cell.kind is CellKind.PRIMARY
                complementary += cell.kind is CellKind.COMPLEMENTARY
        margin = [table.grand_total]
        margin += list(table.row_totals) if cols > 1 else []
        margin += list(table.col_totals) if rows > 1 else []
        totals += len(margin)
        hidden_totals += sum(not c.is_shown for c in margin)
    return (
        f"primary {100 * primary / cells:4.1f}% of cells, "
        f"complementary {100 * complementary / cells:4.1f}% of cells, "
        f"totals hidden {100 * hidden_totals / totals:5.1f}%, "
        f"{1000 * elapsed / n:6.1f} ms/table"
    )


def main() -> None:
    for mean in (6.0, 20.0):
        for name, (rows, cols) in SHAPES.items():
            for strategy in ("pattern", "minimal"):
                result = measure(rows, cols, mean, strategy)
                print(f"mean {mean:4.0f}  {name:22} {strategy:8} {result}")


if __name__ == "__main__":
    main()
