"""The library in a real browser: a curator uploads a work in English and adds its
Spanish edition; a member who reads Spanish finds it by searching in Spanish, sees both
editions and opens the work. Every page on the way passes axe, in English and Arabic."""

from __future__ import annotations

import pytest

from forum.models import Role
from forum.profiles.models import Profile
from tests.conftest import PASSWORD
from tests.e2e.a11y import axe_violations
from tests.e2e.conftest import browser_login
from tests.library import samples

ENGLISH = "Rapid response networks protect land defenders"
SPANISH = "Las redes de respuesta rápida protegen a quienes defienden la tierra"


def _check(page, problems: dict[str, object], name: str) -> None:  # noqa: ANN001
    found = axe_violations(page)
    if found:
        problems[name] = found


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_a_curator_adds_two_editions_and_a_member_finds_it_in_spanish(
    live_server, new_page, screenshot, db, make_user, tmp_path, locale
):  # noqa: ANN001
    make_user("curator", roles=[Role.STAFF], locale=locale)
    member = make_user("amina", locale=locale)
    db.session.add(Profile(user_id=member.id, languages=["es"]))
    db.session.commit()
    english = tmp_path / "manual-en.pdf"
    english.write_bytes(samples.pdf([("en", ENGLISH)]))
    spanish = tmp_path / "manual-es.pdf"
    spanish.write_bytes(samples.pdf([("es", SPANISH)]))
    problems: dict[str, object] = {}

    # The curator: the upload form, then the work, then its Spanish edition.
    page = new_page("desktop", locale=locale)
    browser_login(page, live_server, "curator", PASSWORD)
    page.goto(live_server + "/library/new")
    assert page.locator("html").get_attribute("dir") == ("rtl" if locale == "ar" else "ltr")
    _check(page, problems, "upload form")
    page.locator("main input[name=file]").set_input_files(str(english))
    page.locator("main select[name=language]").select_option("en")
    page.locator("main input[name=title]").fill("Protection manual for land defenders")
    page.locator("main select[name=kind]").select_option("manual")
    page.locator("main input[name=published_on]").fill("2025-02-01")
    page.locator("main textarea[name=organisations]").fill("Protection Desk")
    page.locator("main input[name=visibility][value=members]").check()
    page.locator("main input[name=risks][value=criminalisation]").check()
    with page.expect_navigation():
        page.locator("main form[enctype] button[type=submit]").click()
    assert "/library/" in page.url and "/new" not in page.url, page.locator("main").inner_text()
    work_url = page.url
    _check(page, problems, "work page, one edition")
    page.locator(f"main a[href$='{work_url.rsplit('/', 1)[1]}/editions/new']").click()
    page.wait_for_url("**/editions/new")
    _check(page, problems, "edition form")
    page.locator("main input[name=file]").set_input_files(str(spanish))
    page.locator("main select[name=language]").select_option("es")
    page.locator("main input[name=title]").fill("Manual de protección para defensoras de la tierra")
    with page.expect_navigation():
        page.locator("main form[enctype] button[type=submit]").click()
    assert page.url == work_url
    assert page.locator("main a[hreflang=es]").count() == 1
    screenshot(page, f"library-{locale}-curator-work")

    # The member: a search in Spanish finds the work, both editions listed.
    page = new_page("desktop", locale=locale)
    browser_login(page, live_server, "amina", PASSWORD)
    page.goto(live_server + "/library/")
    _check(page, problems, "list")
    page.locator("main input[name=q]").fill("redes de respuesta rápida")
    with page.expect_navigation():
        page.locator("main input[name=q]").press("Enter")
    _check(page, problems, "search results")
    work_path = work_url.removeprefix(live_server)
    result = page.locator(f"main .library-item:has(h2 a[href='{work_path}'])")
    assert result.count() == 1, page.locator("main").inner_text()
    assert result.locator("a[hreflang=es]").count() == 1
    assert result.locator("a[hreflang=en]").count() == 1
    screenshot(page, f"library-{locale}-member-search")
    with page.expect_navigation():
        result.locator("h2 a").click()
    assert page.url == work_url
    assert page.locator("main a[hreflang=es]").count() == 1
    _check(page, problems, "work page, member")
    screenshot(page, f"library-{locale}-member-work")
    assert problems == {}
