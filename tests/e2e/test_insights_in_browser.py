"""Insights in a browser: Portuguese and Arabic (mirrored), accessible, CSV downloads."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from tests.e2e.a11y import axe_violations
from tests.e2e.conftest import browser_login
from tests.exchanges.conftest import make_event  # noqa: F401 - fixture
from tests.insights.conftest import add_threads  # noqa: F401 - fixture
from tests.insights.test_logistics import gathering  # noqa: F401 - fixture


@pytest.fixture
def content(add_threads):  # noqa: F811
    add_threads(7, replies=1, region="mena", risk="threats", group="journalists")
    add_threads(6, region="africa", risk="digital", group="women", days_ago=40)
    add_threads(2, region="americas", risk="raids", group="lawyers", days_ago=70)


@pytest.mark.parametrize("locale", ["pt", "ar"])
def test_member_reads_the_insights_in_their_language(
    live_server, new_page, make_user, content, screenshot, locale
):
    make_user("layla", locale=locale)
    page = new_page(locale=locale)
    browser_login(page, live_server, "layla", PASSWORD)
    page.goto(live_server + "/insights/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if locale == "ar" else "ltr")
    assert page.locator("#table-regions").is_visible()
    assert page.locator("#chart-trend").is_visible()
    assert axe_violations(page) == []
    screenshot(page, f"insights-{locale}")
    # the time axis runs the way the language reads: the oldest month is on the right in Arabic
    xs = [float(x) for x in page.locator("#chart-trend .x-label").evaluate_all(
        "labels => labels.map(l => l.getAttribute('x'))"
    )]  # fmt: skip
    assert (xs[0] > xs[-1]) == (locale == "ar")
    with page.expect_download() as download:
        page.locator("a[href*='regions.csv']").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "<5" in text
    assert not {"1", "2", "3", "4"} & {cell for row in text.splitlines() for cell in row.split(",")}


@pytest.mark.parametrize("locale", ["en-US", "ar"])
def test_logistics_page_is_accessible(live_server, new_page, gathering, locale):  # noqa: F811
    page = new_page(locale=locale)
    browser_login(page, live_server, "orla", PASSWORD)
    page.goto(live_server + "/events/gathering/manage/logistics")
    assert page.locator("h1").is_visible()
    assert axe_violations(page) == []
