"""The insights heat table on a 1440 px screen and a 360 px phone: the page never scrolls
sideways, and on a desktop the whole table (its Total row and column too) is in view."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import demo_login, set_everyones_locale

SIZES = {"desktop": 1440, "phone": 360}

# The page's width, and the heat table's own width against the box that holds it.
WIDTHS = """() => {
  const root = document.documentElement;
  const table = document.querySelector("#table-regions");
  const box = table.closest(".table-scroll");
  return {page: root.scrollWidth, screen: root.clientWidth,
          table: box.scrollWidth, room: box.clientWidth};
}"""


@pytest.mark.parametrize("locale", ["es", "ar"])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_heat_table_fits_the_page(demo_server, new_page, screenshot, locale, viewport):
    set_everyones_locale(locale)
    page = new_page(viewport, locale=locale)
    demo_login(page, demo_server, "organizer")
    page.goto(demo_server + "/insights/")
    page.locator("#table-regions").wait_for()
    screenshot(page, f"insights-{locale}-{viewport}")
    found = page.evaluate(WIDTHS)
    assert found["page"] <= found["screen"], found
    if viewport == "desktop":
        assert found["table"] <= found["room"], found
    assert page.locator("#caption-regions").is_visible()
