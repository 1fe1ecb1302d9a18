"""One count on its way out: the true tally in, a published figure out.

A `Tally` is what a query finds for one cell: how many records, and the sum of their
record keys. `publish` turns it into a `Figure`, the only thing pages, charts and CSV
files ever receive. A hidden figure carries no value at all, so nothing downstream can
leak it, and a figure of 1 to 4 cannot even be built.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from forum.statistics.keys import cell_key
from forum.statistics.ptable import SMALL_MAX, published_count


@dataclass(frozen=True, slots=True)
class Tally:
    """The truth about one cell: its count and the sum of its records' keys. Never shown."""

    count: int = 0
    keys: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.count + other.count, self.keys + other.keys)

    @classmethod
    def of(cls, record_keys: Iterable[int]) -> Tally:
        """The tally of records counted one by one (e.g. answers decrypted in Python)."""
        keys = list(record_keys)
        return cls(len(keys), sum(keys))

    @classmethod
    def total(cls, tallies: Iterable[Tally]) -> Tally:
        """The cell made of several cells' records: a total, counted as a cell of its own."""
        out = cls()
        for tally in tallies:
            out = out + tally
        return out


@dataclass(frozen=True, slots=True)
class Figure:
    """A published count: 0, a number of 5 or more, or hidden ("<5", value None)."""

    value: int | None

    def __post_init__(self) -> None:
        if self.value is not None and (self.value < 0 or 1 <= self.value <= SMALL_MAX):
            raise ValueError(f"a published count is 0 or above {SMALL_MAX}")

    @property
    def is_shown(self) -> bool:
        return self.value is not None

    @property
    def hidden(self) -> bool:
        return self.value is None

    def label(self, *, small: str, number: Callable[[int], str] = str) -> str:
        """Text for this figure; the "<5" marker is passed in so it can be translated."""
        return small if self.value is None else number(self.value)


SMALL = Figure(None)


def publish(tally: Tally) -> Figure:
    """The published figure of a cell: same tally, same figure, whatever the query."""
    return Figure(published_count(tally.count, cell_key(tally.keys)))
