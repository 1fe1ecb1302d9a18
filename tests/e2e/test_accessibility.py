"""axe-core finds no serious or critical problems, in English and in Arabic."""

import pytest

from forum.models import Role
from tests.conftest import PASSWORD
from tests.e2e.a11y import axe_violations
from tests.e2e.conftest import browser_login, demo_login, first_thread_id, set_everyones_locale

PUBLIC_PAGES = ["/", "/auth/login", "/auth/signup", "/no-such-page"]
MEMBER_PAGES = ["/account/"]
EVENT = "proteccion-colectiva-bogota"
# The pages the issue names, on the demo data (real texts in five languages, a full
# timetable, a registration with answers, a thread with nested replies).
DEMO_PAGES = {
    "mariana": [
        "/",
        "/events/",
        f"/events/{EVENT}/",
        f"/events/{EVENT}/agenda",
        f"/events/{EVENT}/register",
        "/exchanges/",
        "/exchanges/?q=abogadas",
        "/exchanges/{thread}",
        "/exchanges/{thread}/reply",
        "/exchanges/new",
        "/account/",
        "/account/profile",
        "/account/data",
        f"/events/{EVENT}/proposals/mine",
    ],
    "organizer": [
        f"/events/{EVENT}/manage/",
        f"/events/{EVENT}/manage/edit",
        f"/events/{EVENT}/manage/sessions/new",
        f"/events/{EVENT}/manage/questions",
        f"/events/{EVENT}/manage/registrations",
        f"/events/{EVENT}/manage/call",
    ],
    "moderator": ["/moderation/", "/exchanges/{thread}"],
}


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


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_event_agenda_registration_thread_search_and_account_pages(demo_server, new_page, locale):
    set_everyones_locale(locale)
    thread = first_thread_id()
    problems = {}
    for username, paths in DEMO_PAGES.items():
        page = new_page(locale=locale)
        demo_login(page, demo_server, username)
        for path in paths:
            path = path.format(thread=thread)
            response = page.goto(demo_server + path)
            assert response.status == 200, path
            assert page.locator("html").get_attribute("lang") == locale
            found = axe_violations(page)
            if found:
                problems[f"{username} {path}"] = found
    assert problems == {}


def test_the_checker_reports_real_problems(live_server, new_page):
    """Guard against a checker that silently finds nothing."""
    page = new_page()
    page.goto(live_server + "/auth/login")
    page.evaluate("document.querySelector('label[for=username]').remove()")
    assert any("label" in problem for problem in axe_violations(page))
