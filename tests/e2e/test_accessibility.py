"""axe-core finds no serious or critical problems, in English and in Arabic."""

import pytest

from forum.models import Role
from tests.conftest import PASSWORD
from tests.e2e.a11y import axe_violations
from tests.e2e.conftest import browser_login

PUBLIC_PAGES = ["/", "/auth/login", "/auth/signup", "/no-such-page"]
MEMBER_PAGES = ["/account/"]


@pytest.mark.parametrize("locale", ["en-US", "ar"])
def test_public_pages_have_no_serious_violations(live_server, new_page, locale):
    page = new_page(locale=locale)
    problems = {}
    for path in PUBLIC_PAGES:
        page.goto(live_server + path)
        found = axe_violations(page)
        if found:
            problems[path] = found
    assert problems == {}


@pytest.mark.parametrize("locale", ["en-US", "ar"])
def test_signed_in_pages_have_no_serious_violations(live_server, new_page, make_user, locale):
    make_user("amina", display_name="Amina K.")
    make_user("root", roles=[Role.ADMIN])
    page = new_page(locale=locale)
    browser_login(page, live_server, "amina", PASSWORD)
    problems = {}
    for path in MEMBER_PAGES:
        page.goto(live_server + path)
        found = axe_violations(page)
        if found:
            problems[path] = found
    assert problems == {}


def test_the_checker_reports_real_problems(live_server, new_page):
    """Guard against a checker that silently finds nothing."""
    page = new_page()
    page.goto(live_server + "/auth/login")
    page.evaluate("document.querySelector('label[for=username]').remove()")
    assert any("label" in problem for problem in axe_violations(page))
