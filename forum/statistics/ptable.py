"""The perturbation table: (true count, cell key) -> the published count.

This is the cell key method of the Australian Bureau of Statistics' TableBuilder and of
Eurostat's guidelines on statistical disclosure control, with one fixed table:

* a count of 0 is published as 0 (an empty cell stays empty);
* a count from 1 to `SMALL_MAX` is never published as a number, only as "<5";
* a count of 5 or more is published as `max(5, count + adjustment)`, where the adjustment
  is read from `SHAPE` at a position fixed by the count and the cell key.

`SHAPE` holds the 256 adjustments, one per cell key: half are 0, and the rest move the
count by 1 (80 keys), 2 (32), 3 (8), 4 (4), 5 (2) or 6 (2), up or down in equal numbers,
so figures are unbiased (apart from the floor at 5) and mostly within 2 of the truth.
The row of a count is `SHAPE` turned by `ROW_STEP` places per unit of count, so two cells
with the same key but different counts get unrelated adjustments.

Because the published count is a function of the true count and of the cell key only, and
the cell key of the sum of the keys of the cell's records (`keys`), a cell reached by any
route - another filter, a total, a chart, a CSV file, a repeated query - gets the same
published count. Asking again, or another way, averages nothing out.

What an attacker can do: subtract published figures from each other. A count hidden as
"<5" then comes out only up to the sum of the adjustments of the figures used, each
unknown and between -6 and +6, so the difference is a guess, not knowledge. Being sure
needs every figure used to sit at an end of the table (2 keys in 256 each).
"""

from __future__ import annotations

from collections import Counter

from forum.statistics.keys import KEY_RANGE

#: Counts from 1 to SMALL_MAX are never published as numbers.
SMALL_MAX = 4
#: The smallest count ever published as a number (besides 0).
THRESHOLD = SMALL_MAX + 1
#: How many of the 256 cell keys give each adjustment.
SPREAD = {0: 128, 1: 40, 2: 16, 3: 4, 4: 2, 5: 1, 6: 1}
#: The largest adjustment, either way.
MAX_ADJUSTMENT = max(SPREAD)
#: How far a count's row is turned from the previous count's (coprime with 256).
ROW_STEP = 97


def _shape() -> tuple[int, ...]:
    """The 256 adjustments, interleaved so that nearby keys get different adjustments."""
    pool: list[int] = []
    for size, keys in SPREAD.items():
        if size == 0:
            pool += [0] * keys
        else:
            pool += [size, -size] * keys
    if len(pool) != KEY_RANGE:
        raise AssertionError("the perturbation table must have one entry per cell key")
    # A fixed shuffle (multiplication by an odd number permutes 0..255): no randomness,
    # so every process and every deployment publishes the same figures.
    shuffled = [0] * KEY_RANGE
    for i, value in enumerate(pool):
        shuffled[(i * 149 + 31) % KEY_RANGE] = value
    return tuple(shuffled)


SHAPE = _shape()


def adjustment(count: int, key: int) -> int:
    """The table's entry for a true count and a cell key (before the floor at 5)."""
    return SHAPE[(key + ROW_STEP * count) % KEY_RANGE]


def published_count(count: int, key: int) -> int | None:
    """The count as published; None means "<5" (a count from 1 to 4)."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError("a count is a non-negative integer")
    if count == 0:
        return 0
    if count <= SMALL_MAX:
        return None
    return max(THRESHOLD, count + adjustment(count, key % KEY_RANGE))


def possible_counts(published: int | None) -> range:
    """Every true count that could be published as `published` (what an attacker knows)."""
    if published is None:
        return range(1, THRESHOLD)
    if published == 0:
        return range(0, 1)
    low = max(THRESHOLD, published - MAX_ADJUSTMENT)
    return range(low, published + MAX_ADJUSTMENT + 1)


def adjustment_frequencies() -> Counter[int]:
    """How many cell keys give each adjustment (for the README and the utility bench)."""
    return Counter(SHAPE)
