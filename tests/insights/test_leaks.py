"""Attack what a member gets: the page, its tables, its SVG charts and its CSV files.

The attacker parses only what is published, knows the rules ("<5" is 1-4, a hidden
cell is 5 or more, a hidden total any count) and, across tables, assumes every thread
has one tag of each kind, so that margins with the same meaning are equal. It then asks
an integer program for the range of every hidden count. Nothing may be pinned.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
import sqlalchemy as sa

from forum.insights.suppression import COMPLEMENTARY, PRIMARY, SuppressedCell, SuppressedTable
from forum.models import User
from tests.conftest import login
from tests.insights.conftest import milp_ranges, published_counts

TABLES = ("regions", "trend", "groups", "outcomes")


def parse(cell: str) -> SuppressedCell:
    if cell == "<5":
        return PRIMARY
    if cell == "hidden":
        return COMPLEMENTARY
    return SuppressedCell.shown(int(cell.replace(",", "")))


def csv_table(text: str) -> tuple[list[str], SuppressedTable]:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    header, body = rows[0], rows[1:]
    n_cols = len(header) - 2
    cells_rows = body if len(body) == 1 else body[:-1]
    cells = tuple(tuple(parse(c) for c in row[1 : 1 + n_cols]) for row in cells_rows)
    row_totals = tuple(parse(row[-1]) for row in cells_rows)
    if len(body) == 1:
        col_totals, grand = cells[0], row_totals[0]
    else:
        col_totals = tuple(parse(c) for c in body[-1][1 : 1 + n_cols])
        grand = parse(body[-1][-1])
    if n_cols == 1:
        row_totals = tuple(row[0] for row in cells)
    return header[1 : 1 + n_cols], SuppressedTable(cells, row_totals, col_totals, grand)


def margins(key: str, labels: list[str], table: SuppressedTable) -> dict:
    """What each published margin means, for lining tables up against each other."""
    found = {"all": table.grand_total}
    if key in ("regions", "trend"):
        found |= {("risk", label): c for label, c in zip(labels, table.col_totals, strict=True)}
    return found


def with_known(table: SuppressedTable, key: str, labels: list[str], known: dict) -> SuppressedTable:
    cols = list(table.col_totals)
    grand = known.get("all", table.grand_total)
    if key in ("regions", "trend") and table.n_rows > 1:
        cols = [known.get(("risk", label), c) for label, c in zip(labels, cols, strict=True)]
    rows = list(table.row_totals)
    if table.n_rows == 1:
        rows = [grand]
    return SuppressedTable(table.cells, tuple(rows), tuple(cols), grand)


def truth(viewer, query: dict | None = None):
    """The true count at a position, to tell a real leak from a wrong guess."""
    from forum.insights import queries, services

    filters = queries.InsightFilters(**(query or {}))
    specs = services._specs(queries.count_exchanges(viewer, filters), filters, services.TABLE_KEYS)
    return lambda key, position: specs[key].value(position)


def attack(downloads: dict[str, str], true_value=None) -> None:
    parsed = {key: csv_table(text) for key, text in downloads.items()}
    shown: dict = {}
    for key, (labels, table) in parsed.items():
        for name, cell in margins(key, labels, table).items():
            if cell.is_shown:
                shown[name] = cell
        # a column whose cells are all shown publishes its sum too
        if key in ("regions", "trend"):
            for j, label in enumerate(labels):
                column = [row[j] for row in table.cells]
                if all(c.is_shown for c in column):
                    shown[("risk", label)] = SuppressedCell.shown(sum(c.value for c in column))
        if all(c.is_shown for row in table.cells for c in row):
            shown["all"] = SuppressedCell.shown(sum(c.value for row in table.cells for c in row))
    for key, (labels, table) in parsed.items():
        for table_seen in (table, with_known(table, key, labels, shown)):
            for position, (low, high) in milp_ranges(table_seen).items():
                if low == high and true_value is not None:
                    # pinned under the one-tag assumption: a leak only if it is right
                    assert true_value(key, position) != low, f"{key}: {position} leaks"
                else:
                    assert low < high, f"{key}: {position} is pinned at {low}"


@pytest.fixture
def sparse(add_threads):
    """Small and large counts side by side, one tag of each kind per thread."""
    add_threads(6, replies=1, region="africa", risk="digital", group="women", outcome="worked")
    add_threads(2, region="africa", risk="threats", group="lawyers", outcome="failed")
    add_threads(5, region="americas", risk="threats", group="women", outcome="worked")
    add_threads(1, region="mena", risk="threats", group="journalists", days_ago=40)
    add_threads(7, region="mena", risk="raids", group="lawyers", days_ago=70, outcome="partly")
    add_threads(3, region="asia-pacific", risk="raids", group="women", days_ago=100)


def downloads(client, query: str = "") -> dict[str, str]:
    out = {}
    for key in TABLES:
        response = client.get(f"/insights/{key}.csv{query}")
        assert response.status_code == 200
        assert response.mimetype == "text/csv"
        out[key] = response.data.decode("utf-8-sig")
    return out


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"months": 6},
        {"region": "africa"},
        {"risk": "threats"},
        {"region": "africa", "risk": "threats", "group": "women"},
        {"country": "BR", "language": "en"},
    ],
)
def test_no_hidden_count_can_be_recovered_from_the_csv(client, sparse, login_as, query):
    login_as("amina")
    names = {"months": "period"}
    url = "?" + "&".join(f"{names.get(k, k)}={v}" for k, v in query.items())
    attack(downloads(client, url))


def test_csv_is_exactly_the_page(client, sparse, login_as):
    login_as("amina")
    html = client.get("/insights/").get_data(as_text=True)
    page_cells = published_counts(html)
    csv_cells = []
    for key in TABLES:
        rows = list(csv.reader(io.StringIO(downloads(client)[key])))
        body = rows[1:]
        for row in body:
            csv_cells.extend(row[1:] if len(rows[0]) > 2 else row[1:2])
    # The page shows the same cells in the same order, table after table.
    assert page_cells == csv_cells


def test_small_counts_never_appear_in_page_or_svg(client, sparse, login_as):
    login_as("amina")
    html = client.get("/insights/").get_data(as_text=True)
    cells = published_counts(html)
    assert "<5" in cells and "hidden" in cells
    assert not set(cells) & {"1", "2", "3", "4"}
    for svg in re.findall(r"<svg.*?</svg>", html, re.S):
        texts = re.findall(r"<(?:text|title)[^>]*>([^<]*)<", svg)
        for text in texts:
            for number in re.findall(r"(?<![\w.])\d+(?![\w.])", text):
                assert number not in {"1", "2", "3", "4"}, text


def test_hidden_points_are_drawn_the_same_whatever_the_count(client, add_threads, login_as):
    """A "<5" of 1 and a "<5" of 4 give the same chart."""
    login_as("amina")
    add_threads(1, region="africa", risk="digital", group="women")
    one = client.get("/insights/").get_data(as_text=True)
    add_threads(3, region="africa", risk="digital", group="women")
    four = client.get("/insights/").get_data(as_text=True)
    charts = lambda html: re.findall(r"<svg.*?</svg>", html, re.S)  # noqa: E731
    assert charts(one) == charts(four)


def test_demo_data_shows_no_count_from_1_to_4(runner, client, db):
    result = runner.invoke(args=["forum", "seed-demo"])
    assert result.exit_code == 0, result.output
    amina = db.session.scalar(sa.select(User).where(User.username == "amina"))
    amina.locale = "en"  # the attacker below reads English markers
    db.session.commit()
    assert login(client, "amina", "demo-member-passphrase").status_code == 302
    html = client.get("/insights/").get_data(as_text=True)
    cells = published_counts(html)
    assert cells and not set(cells) & {"1", "2", "3", "4"}
    csvs = downloads(client)
    for text in csvs.values():
        for row in csv.reader(io.StringIO(text)):
            assert not set(row[1:]) & {"1", "2", "3", "4"}
    attack(csvs, truth(amina))
