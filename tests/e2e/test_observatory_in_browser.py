"""The observatory in a browser, on the demo data: every page passes axe in English and
Arabic at 360 and 1440 px without spilling sideways on a phone; the map's tiles are
links a keyboard reaches; an editor adds a step and the country's status follows."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.observatory.models import Instrument
from tests.e2e.a11y import axe_violations
from tests.e2e.conftest import VIEWPORTS, demo_login, set_everyones_locale

PUBLIC = [
    "/observatory/",
    "/observatory/instruments",
    "/observatory/instruments?region=africa&status=in_force",
    "/observatory/countries/CO",
    "/observatory/countries/EG",
    "/observatory/instruments/{instrument}",
    "/observatory/compare?country=MX&country=CO&country=BR&country=HN",
    "/topics/country/MX",
]
EDITOR = [
    "/observatory/instruments/new",
    "/observatory/instruments/{instrument}/edit",
    "/observatory/instruments/{instrument}/status",
    "/observatory/instruments/{instrument}/assess/{element}",
    "/observatory/instruments/{instrument}/history",
    "/observatory/checklist",
]


def _ids() -> dict[str, int]:
    from forum.observatory.models import Element

    instrument = db.session.scalar(
        sa.select(Instrument.id).where(Instrument.country == "MX").order_by(Instrument.id)
    )
    element = db.session.scalar(sa.select(Element.id).order_by(Element.id))
    return {"instrument": instrument, "element": element}


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_observatory_pages_pass_axe_at_both_widths(demo_server, new_page, screenshot, locale):
    set_everyones_locale(locale)
    ids = _ids()
    problems: dict[str, object] = {}
    for who, paths in ((None, PUBLIC), ("staff", EDITOR)):
        page = new_page("desktop", locale=locale)
        if who:
            demo_login(page, demo_server, who)
        for template in paths:
            path = template.format(**ids)
            for viewport in ("desktop", "phone"):
                page.set_viewport_size(VIEWPORTS[viewport])
                response = page.goto(demo_server + path)
                assert response.status == 200, path
                assert page.locator("html").get_attribute("dir") == (
                    "rtl" if locale == "ar" else "ltr"
                )
                found = axe_violations(page)
                if found:
                    problems[f"{who} {path} {viewport}"] = found
                if viewport == "phone":
                    width = page.evaluate("document.documentElement.scrollWidth")
                    if width > VIEWPORTS["phone"]["width"]:
                        problems[f"{who} {path}"] = f"{width}px wide on a phone"
                name = (who or "visitor") + path.replace("/", "_").replace("?", "_")
                screenshot(page, f"observatory-{locale}-{name}-{viewport}"[:120])
    assert problems == {}


def test_a_map_tile_is_a_link_the_keyboard_reaches(demo_server, new_page):
    page = new_page("phone")
    page.goto(demo_server + "/observatory/")
    tile = page.locator("svg.tile-grid a[aria-label^='MX · Mexico']")
    assert tile.count() == 1
    tile.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/observatory/countries/MX")
    assert page.locator("h1").inner_text() == "Mexico"


def test_an_editor_adds_a_step_and_the_status_follows(demo_server, new_page):
    set_everyones_locale("en")
    instrument_id = db.session.scalar(
        sa.select(Instrument.id).where(Instrument.country == "PH", Instrument.kind == "bill")
    )
    page = new_page("desktop")
    demo_login(page, demo_server, "staff")
    page.goto(f"{demo_server}/observatory/instruments/{instrument_id}")
    page.get_by_role("link", name="Add a step").click()
    page.get_by_label("Status").select_option("adopted")
    page.get_by_label("Date").fill(date.today().isoformat())
    page.get_by_label("Español").fill("Aprobada por el Senado.")
    with page.expect_navigation():
        page.get_by_role("button", name="Add to the timeline").click()
    assert "The step is on the timeline." in page.content()
    assert page.locator(".obs-timeline li").last.inner_text().find("Adopted") >= 0
    page.goto(f"{demo_server}/observatory/countries/PH")
    assert "Strongest status: Adopted" in page.locator("main").inner_text()
    page.goto(f"{demo_server}/observatory/instruments/{instrument_id}/history")
    assert "Step added to the timeline" in page.locator("main").inner_text()
