"""The heat table's Total row shows published totals: each total is a cell of its own
(forum.statistics), shown as a number whenever its own count is 5 or more, even when every
cell above it reads "<5"; it is never the sum of the published cells, and never "hidden"."""

from __future__ import annotations

import html as html_module
import re

import pytest

from forum import taxonomy
from tests.insights.conftest import posts_text


@pytest.fixture
def spread(add_threads):
    """Threats: two small cells (3 and 2 posts) whose column holds 5; digital: one large
    cell and one small one; raids: a single large cell."""
    return {
        "threats": add_threads(3, region="africa", risk="threats")
        + add_threads(2, region="americas", risk="threats"),
        "digital": add_threads(6, replies=1, region="africa", risk="digital")
        + add_threads(1, region="mena", risk="digital"),
        "raids": add_threads(7, region="mena", risk="raids"),
    }


def _footer(page: str, table: str) -> list[str]:
    found = re.search(rf'id="table-{table}".*?<tfoot>(.*?)</tfoot>', page, re.S)
    assert found, f"the {table} table has no Total row"
    return [html_module.unescape(c) for c in re.findall(r"<td[^>]*>([^<]*)</td>", found.group(1))]


def _body(page: str, table: str) -> list[str]:
    found = re.search(rf'id="table-{table}".*?<tbody>(.*?)</tbody>', page, re.S)
    return [html_module.unescape(c) for c in re.findall(r"<td[^>]*>([^<]*)</td>", found.group(1))]


def test_total_row_shows_each_columns_published_total(client, db, spread, login_as):
    login_as("amina")
    page = client.get("/insights/").get_data(as_text=True)
    footer = _footer(page, "regions")
    risks = list(taxonomy.RISK_TYPES)
    assert len(footer) == len(risks) + 1  # one per risk type, then the grand total
    expected = {risk: posts_text(db, spread.get(risk, [])) for risk in risks}
    assert dict(zip(risks, footer, strict=False)) == expected
    assert footer[-1] == posts_text(db, [t for ids in spread.values() for t in ids])
    # Both threats cells are small, the column is not: its total is a number of its own.
    assert set(_body(page, "regions")[risks.index("threats") :: len(risks) + 1]) <= {"<5", "0"}
    assert footer[risks.index("threats")] not in ("<5", "0")
    assert "hidden" not in footer


def test_total_row_of_the_csv_is_the_pages(client, db, spread, login_as):
    login_as("amina")
    page = client.get("/insights/").get_data(as_text=True)
    text = client.get("/insights/regions.csv").get_data(as_text=True).lstrip("\ufeff")
    total_line = next(line for line in text.splitlines() if line.startswith("Total,"))
    assert total_line.split(",")[1:] == _footer(page, "regions")
