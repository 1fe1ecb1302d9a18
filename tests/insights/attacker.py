"""An attacker on the insights CSV files, sharing no code with `forum.statistics`.

It reads only what a member downloads and the published rules:

* "<5" is a count from 1 to 4; "0" is exactly 0;
* before the cell key method, a number was exact and "hidden" a cell of 5 or more (or
  any total); with it, a number v is a true count within `SPREAD` of v, and never below 5.

`Attacker.collect` downloads every table with every filter value alone and in pairs.
Each published figure becomes a linear constraint on *atoms*: the number of posts with
one value of every dimension (threads in the planted data carry one tag of each kind,
so every figure is a sum of atoms). An integer program (HiGHS, through scipy) then gives
the smallest and largest value of every hidden count (certain recovery when they meet),
and a best fit of all atoms to all figures gives the attacker's best guess.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

from forum import taxonomy
from forum.exchanges.labels import OUTCOMES
from forum.i18n import LOCALES

TABLES = ("regions", "trend", "groups", "outcomes")
#: The published bound on an adjustment (README: at most 5 either way).
SPREAD = 5
BIG = 10**6

DIMENSIONS = ("region", "country", "risk", "group", "language", "outcome")


def parse_csv(text: str) -> tuple[list[str], list[str], list[list[str]]]:
    """(column labels, row labels, rows of cells with the row total last) of one table."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if [] in rows:
        rows = rows[: rows.index([])]
    header, body = rows[0], rows[1:]
    return header[1:-1], [r[0] for r in body], [r[1:] for r in body]


def bounds(text: str, *, adjusted: bool, total: bool) -> tuple[int, int]:
    """What one published figure tells the attacker about its true count."""
    if text == "<5":
        return 1, 4
    if text == "hidden":
        return (0 if total else 5), BIG
    value = int(text.replace(",", ""))
    if value == 0 or not adjusted:
        return value, value
    return max(5, value - SPREAD), value + SPREAD


@dataclass
class Figure:
    """One published figure: which atoms it sums, and what was published."""

    atoms: frozenset[int]
    text: str
    total: bool
    query: str


@dataclass
class Attacker:
    """Atoms are tuples of dimension values; `universe` lists the values of each."""

    universe: dict[str, list[str]]
    adjusted: bool = True
    atoms: list[dict[str, str]] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)

    def __post_init__(self) -> None:
        names = list(self.universe)
        for values in itertools.product(*(self.universe[n] for n in names)):
            atom = dict(zip(names, values, strict=True))
            if atom["region"] != taxonomy.region_of(atom["country"]):
                continue
            self.atoms.append(atom)
        self.labels = {
            "region": {str(taxonomy.label(taxonomy.REGIONS, c)): c for c in taxonomy.REGIONS},
            "risk": {str(taxonomy.label(taxonomy.RISK_TYPES, c)): c for c in taxonomy.RISK_TYPES},
            "group": {
                str(taxonomy.label(taxonomy.DEFENDER_GROUPS, c)): c
                for c in taxonomy.DEFENDER_GROUPS
            },
            "outcome": {str(label): code for code, label in OUTCOMES.items()},
        }

    # --- the queries a member can make ------------------------------------------------

    def queries(self, with_pairs: bool = True) -> list[dict[str, str]]:
        """No filter, every value of every dimension, and every pair of two dimensions."""
        single = [
            {name: value}
            for name in ("period", "region", "country", "risk", "group", "language")
            for value in self.filter_values(name)
        ]
        out = [{}, *single]
        if with_pairs:
            for a, b in itertools.combinations(single, 2):
                if a.keys() == b.keys():
                    continue
                both = a | b
                region, country = both.get("region"), both.get("country")
                if region and country and taxonomy.region_of(country) != region:
                    continue  # the form refuses it
                out.append(both)
        return out

    def filter_values(self, name: str) -> list[str]:
        if name == "period":
            return ["6", "12", "24"]
        return list(self.universe[name])

    def collect(self, client, with_pairs: bool = True) -> int:  # noqa: ANN001
        """Download every table for every query; returns the number of requests."""
        requests = 0
        for query in self.queries(with_pairs):
            url = "&".join(f"{k}={v}" for k, v in query.items())
            for table in TABLES:
                response = client.get(f"/insights/{table}.csv?{url}")
                requests += 1
                assert response.status_code == 200, (table, query)
                self.read(table, query, response.data.decode("utf-8-sig"))
        return requests

    def matches(self, atom: dict[str, str], query: dict[str, str]) -> bool:
        return all(atom.get(k) == v for k, v in query.items() if k != "period")

    def read(self, table: str, query: dict[str, str], text: str) -> None:
        cols, rows, cells = parse_csv(text)
        row_dim, col_dim = {
            "regions": ("region", "risk"),
            "trend": (None, "risk"),  # rows are months: the planted posts share one
            "groups": (None, "group"),
            "outcomes": ("risk", "outcome"),
        }[table]
        base = [i for i, atom in enumerate(self.atoms) if self.matches(atom, query)]
        if table == "outcomes":
            base = [i for i in base if self.atoms[i]["outcome"] in OUTCOMES]

        if table == "trend":
            # one month holds every planted post; the other months must all be 0
            month_cells = [row for row in cells if any(c not in ("0",) for c in row)] or cells[:1]
            cells = month_cells[:1] + ([cells[-1]] if len(rows) > 1 else [])
            rows = ["month"] + (["Total"] if len(rows) > 1 else [])
        one_row = len(rows) == 1
        body_rows = rows if one_row else rows[:-1]
        for r, row_label in enumerate(body_rows):
            rl = None if row_label in ("month", "Exchanges") else row_label
            for c, col_label in enumerate(cols + ["Total"]):
                cl = None if c == len(cols) else col_label
                self.add(base, row_dim, rl, col_dim, cl, cells[r][c], c == len(cols), query)
        if not one_row:
            for c, col_label in enumerate(cols + ["Total"]):
                cl = None if c == len(cols) else col_label
                self.add(base, row_dim, None, col_dim, cl, cells[-1][c], True, query)

    def add(self, base, row_dim, rl, col_dim, cl, text, total, query) -> None:  # noqa: ANN001
        def ok(i: int, dim: str | None, label: str | None) -> bool:
            return dim is None or label is None or self.atoms[i][dim] == self.labels[dim][label]

        atoms = frozenset(i for i in base if ok(i, row_dim, rl) and ok(i, col_dim, cl))
        total = total or rl is None
        self.figures.append(Figure(atoms, text, total, str(query)))

    # --- solving ------------------------------------------------------------------------

    def inconsistencies(self) -> list[tuple[frozenset[int], set[str]]]:
        """Atom sets published with two different texts (the cell key method forbids it)."""
        seen: dict[frozenset[int], set[str]] = {}
        for f in self.figures:
            if f.atoms:
                seen.setdefault(f.atoms, set()).add(f.text)
        return [(atoms, texts) for atoms, texts in seen.items() if len(texts) > 1]

    def _system(self) -> tuple[list[Figure], np.ndarray, np.ndarray]:
        unique: dict[tuple[frozenset[int], str], Figure] = {}
        for f in self.figures:
            if f.atoms:
                unique.setdefault((f.atoms, f.text), f)
        figures = list(unique.values())
        lows, highs = [], []
        for f in figures:
            lo, hi = bounds(f.text, adjusted=self.adjusted, total=f.total)
            lows.append(lo)
            highs.append(hi)
        return figures, np.array(lows, float), np.array(highs, float)

    def ranges(self, targets: Sequence[frozenset[int]]) -> list[tuple[int, int]]:
        """Exact integer min and max of the sum of each target's atoms."""
        figures, lows, highs = self._system()
        n = len(self.atoms)
        a = lil_matrix((len(figures), n))
        for k, f in enumerate(figures):
            for i in f.atoms:
                a[k, i] = 1
        constraint = LinearConstraint(a.tocsr(), lows, highs)
        box = Bounds(np.zeros(n), np.full(n, float(BIG)))
        out = []
        for target in targets:
            c = np.zeros(n)
            c[list(target)] = 1
            ends = []
            for sign in (1, -1):
                res = milp(sign * c, constraints=constraint, bounds=box, integrality=np.ones(n))
                assert res.success, res.message
                ends.append(round(sign * res.fun))
            out.append((ends[0], ends[1]))
        return out

    def best_guess(self) -> np.ndarray:
        """Atoms that fit every figure best (least total distance to the published numbers)."""
        figures, lows, highs = self._system()
        n, m = len(self.atoms), len(figures)
        # variables: atoms, then for each figure a slack below and above its published value
        a = lil_matrix((m, n + 2 * m))
        lo, hi = np.empty(m), np.empty(m)
        cost = np.zeros(n + 2 * m)
        for k, f in enumerate(figures):
            for i in f.atoms:
                a[k, i] = 1
            if lows[k] == highs[k] or f.text in ("<5", "hidden"):
                lo[k], hi[k] = lows[k], highs[k]
            else:
                a[k, n + 2 * k] = -1
                a[k, n + 2 * k + 1] = 1
                lo[k] = hi[k] = float(f.text.replace(",", ""))
                cost[n + 2 * k] = cost[n + 2 * k + 1] = 1
        upper = np.concatenate([np.full(n, float(BIG)), np.full(2 * m, float(SPREAD))])
        res = milp(
            cost,
            constraints=LinearConstraint(a.tocsr(), lo, hi),
            bounds=Bounds(np.zeros(n + 2 * m), upper),
            integrality=np.concatenate([np.ones(n), np.zeros(2 * m)]),
        )
        assert res.success, res.message
        return np.round(res.x[:n]).astype(int)

    def hidden_targets(self) -> list[frozenset[int]]:
        """Every distinct set of atoms published as "<5" somewhere."""
        return sorted(
            {f.atoms for f in self.figures if f.text == "<5" and f.atoms},
            key=lambda atoms: sorted(atoms),
        )


def atom_values(attacker: Attacker, truth: Iterable[tuple[dict[str, str], int]]) -> np.ndarray:
    """The true atom counts, from (atom, count) pairs, to score the attacker."""
    index = {tuple(sorted(atom.items())): i for i, atom in enumerate(attacker.atoms)}
    values = np.zeros(len(attacker.atoms), int)
    for atom, count in truth:
        values[index[tuple(sorted(atom.items()))]] += count
    return values


__all__ = ["LOCALES", "Attacker", "atom_values", "bounds", "parse_csv"]
