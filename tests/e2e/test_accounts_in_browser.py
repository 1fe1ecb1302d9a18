"""Sign-up, sign-in, sign-out, role changes and the layout, as a person does them."""

import re

from playwright.sync_api import expect

from forum.models import Role
from tests.conftest import PASSWORD
from tests.e2e.conftest import VIEWPORTS, browser_login


def test_sign_up_sign_out_and_sign_in(live_server, new_page, screenshot):
    page = new_page()
    page.goto(live_server + "/")
    page.get_by_role("link", name="Create account").click()
    page.get_by_label("Username").fill("amina")
    page.get_by_label("Display name").fill("Amina K.")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Repeat the password").fill("short")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Use at least 10 characters.")).to_be_visible()
    screenshot(page, "signup-error")

    page.get_by_label("Password", exact=True).fill("river lantern cobalt mango")
    page.get_by_label("Repeat the password").fill("river lantern cobalt mango")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Welcome, Amina K. — your account is ready.")).to_be_visible()
    screenshot(page, "signed-up")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("Username").fill("amina")
    page.get_by_label("Password").fill("river lantern cobalt mango")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Amina K.")).to_be_visible()


def test_admin_grants_a_role_in_the_browser(live_server, new_page, make_user, screenshot):
    make_user("root", roles=[Role.ADMIN], display_name="Root")
    make_user("lucia", display_name="Lucía")
    page = new_page("phone")
    browser_login(page, live_server, "root", PASSWORD)
    page.get_by_role("link", name="Administration").click()
    row = page.get_by_role("row").filter(has_text="Lucía")
    row.get_by_role("combobox").select_option("organizer")
    row.get_by_role("button", name="Grant").click()
    expect(page.get_by_text("Lucía is now Organizer.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Lucía")).to_contain_text("Organizer")
    screenshot(page, "roles-phone")


def test_arabic_is_right_to_left_and_quick_exit_is_the_first_tab_stop(
    live_server, new_page, screenshot
):
    page = new_page("phone", locale="ar")
    page.goto(live_server + "/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.hasAttribute('data-quick-exit')")
    assert focused is True
    # Mirrored: the quick-exit button sits on the left edge in Arabic.
    box = page.locator("[data-quick-exit]").bounding_box()
    assert box["x"] < 360 / 2
    screenshot(page, "home-arabic-phone")


def test_language_switcher_works_without_javascript(live_server, new_page):
    page = new_page(java_script_enabled=False)
    page.goto(live_server + "/auth/login")
    page.get_by_role("button", name="Português").click()
    expect(page.locator("html")).to_have_attribute("lang", "pt")
    expect(page.get_by_role("heading", name="Entrar")).to_be_visible()
    assert re.search(r"/auth/login$", page.url)


def test_arabic_mirrors_and_quick_exit_comes_first_on_every_kind_of_page(
    live_server, new_page, make_user, screenshot
):
    make_user("layla", display_name="ليلى", locale="ar")
    page = new_page("desktop", locale="ar")
    browser_login(page, live_server, "layla", PASSWORD)
    for path in ("/", "/events/", "/exchanges/", "/exchanges/new", "/account/"):
        for viewport, width in (("desktop", 1440), ("phone", 360)):
            page.set_viewport_size(VIEWPORTS[viewport])
            page.goto(live_server + path)
            expect(page.locator("html")).to_have_attribute("dir", "rtl")
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.hasAttribute('data-quick-exit')"), path
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.className") == "skip-link", path
            # Mirrored: quick exit on the left, the site's name on the right.
            exit_box = page.locator("[data-quick-exit]").bounding_box()
            brand_box = page.locator(".brand").bounding_box()
            assert exit_box["x"] + exit_box["width"] < width / 2, path
            assert brand_box["x"] + brand_box["width"] > width / 2, path
            assert page.evaluate("document.documentElement.scrollWidth") <= width, path
            screenshot(page, f"{path.strip('/').replace('/', '-') or 'home'}-{viewport}")
        # The skip link takes the focus to the main content.
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main", path


def test_quick_exit_by_keyboard_leaves_no_way_back(live_server, new_page):
    """Enter on the first tab stop leaves for a neutral site and replaces this page in the
    history, so Back does not bring it back on a shared phone."""
    page = new_page("phone")
    page.route("https://www.bbc.com/**", lambda route: route.fulfill(body="Weather"))
    page.goto(live_server + "/")
    page.goto(live_server + "/events/")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.startswith("https://www.bbc.com/")
    page.go_back()
    assert page.url == live_server + "/"  # the events page is gone from the history


def test_pages_work_without_javascript(live_server, new_page, make_user, db):
    """Scripts only enhance: with JavaScript off a member still registers and cancels
    (without the confirmation prompt), and the quick exit is an ordinary link."""
    from tests.registration.factories import create_event

    organizer = make_user("lucia", roles=[Role.ORGANIZER], display_name="Lucía")
    event = create_event(1, organizers=[organizer], title="Protection seminar")
    make_user("amina", display_name="Amina K.")
    page = new_page("phone", java_script_enabled=False)
    browser_login(page, live_server, "amina", PASSWORD)
    assert page.locator("[data-quick-exit]").get_attribute("href").startswith("https://")
    page.goto(f"{live_server}/events/{event.slug}/")
    page.get_by_role("link", name="Register").click()
    page.get_by_label("I have read the privacy notice above and agree to it.").check()
    page.locator("main form.registration-form [type=submit]").click()
    expect(page.locator(".my-registration .status-badge").first).to_have_text("Approved")
    page.get_by_role("button", name="Cancel registration").click()
    expect(page.get_by_text("Your registration is cancelled.")).to_be_visible()
