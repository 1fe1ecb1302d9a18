"""Two-factor sign-in as a person sets it up and uses it, in a real browser."""

import pyotp
from playwright.sync_api import expect

from forum.models import Role
from tests.conftest import PASSWORD, current_code
from tests.e2e.conftest import browser_login


def test_a_member_turns_on_two_factor_and_signs_in_with_a_code(
    live_server, new_page, make_user, screenshot
):
    make_user("amina", display_name="Amina K.")
    page = new_page()
    browser_login(page, live_server, "amina", PASSWORD)
    page.get_by_role("link", name="Amina K.").click()
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    qr = page.locator("svg.qr-code")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box["width"] >= 150 and abs(box["width"] - box["height"]) < 2  # square, scannable
    screenshot(page, "setup")

    secret = page.locator("code.secret-key").inner_text().replace(" ", "")
    page.get_by_label("Code from the app").fill("12")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_text("This code is not right.")).to_be_visible()

    page.get_by_label("Code from the app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.locator("ol.recovery-codes li")).to_have_count(10)
    screenshot(page, "recovery-codes")

    page.get_by_role("link", name="I have saved them — continue").click()
    expect(page.get_by_text("You have 10 unused recovery codes.")).to_be_visible()
    page.get_by_role("button", name="Sign out", exact=True).click()

    page.goto(live_server + "/auth/login")
    page.get_by_label("Username").fill("amina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Two-factor sign-in")).to_be_visible()
    screenshot(page, "code-step")
    # (The code that turned it on may be from this same 30-second step, and would be
    # refused as a replay; `current_code` lets the account use it again.)
    page.get_by_label("Code").fill(current_code("amina"))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("link", name="Amina K.")).to_be_visible()


def test_an_administrator_without_two_factor_is_taken_to_set_it_up(
    live_server, new_page, make_user, screenshot
):
    make_user("root", roles=[Role.ADMIN], two_factor=False, display_name="جذر", locale="ar")
    page = new_page("phone", locale="ar")
    browser_login(page, live_server, "root", PASSWORD)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator(".two-factor-banner")).to_be_visible()
    expect(page.locator("svg.qr-code")).to_be_visible()
    screenshot(page, "setup-arabic-phone")
    secret = page.locator("code.secret-key").inner_text().replace(" ", "")
    page.locator("input[name=code]").fill(pyotp.TOTP(secret).now())
    page.locator("form[action$='/account/two-factor/setup'] [type=submit]").click()
    expect(page.locator("ol.recovery-codes li")).to_have_count(10)
    expect(page.locator(".two-factor-banner")).to_have_count(0)
    page.goto(live_server + "/admin/roles")
    expect(page.locator("h1")).to_have_text("الأدوار")
