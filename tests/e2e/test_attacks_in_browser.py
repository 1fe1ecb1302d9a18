"""A documenter records an incident in Arabic on a 360 px phone, verifies it, and it
shows in the patterns (as "<5" on the map, as the disclosure-control layer publishes one
incident)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from forum.models import Role
from tests.conftest import PASSWORD
from tests.e2e.conftest import browser_login


def test_documenter_records_verifies_and_sees_it_in_the_patterns(
    live_app, live_server, new_page, screenshot, make_user
) -> None:
    make_user("sofia", roles=[Role.DOCUMENTER], locale="ar", display_name="صوفيا")
    page = new_page("phone", locale="ar")
    browser_login(page, live_server, "sofia", PASSWORD)

    page.goto(live_server + "/attacks/patterns")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    senegal = page.locator("#attack-map g", has=page.locator("text", has_text=re.compile("^SN$")))
    expect(senegal).to_have_class("tile tile-0")

    page.goto(live_server + "/attacks/records/new")
    expect(page.locator("h1")).to_have_text("تسجيل حادثة")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the form is wider than the phone: {width}px"
    page.locator("#act-threats-death-threat").check()
    page.locator("input[name=occurred_on]").fill("2025-05-14")
    page.locator("input[name=date_precision][value=month]").check()
    page.locator("select[name=country]").select_option("SN")
    page.locator("input[name=setting][value=rural]").check()
    page.locator("select[name=target_gender]").select_option("woman")
    page.locator("input[name=groups][value=women]").check()
    page.locator("textarea[name=account]").fill("تهديد بالقتل بعد اجتماع المجتمع المحلي.")
    page.locator("input[name=consents][value=aggregate]").check()
    screenshot(page, "incident-form-ar-phone")
    with page.expect_navigation():
        page.locator("button[name=save]").press("Enter")
    expect(page.locator("h1")).to_contain_text("الحادثة")
    expect(page.locator(".attack-account")).to_contain_text("تهديد بالقتل")

    page.locator("input[name=status][value=verified]").check()
    with page.expect_navigation():
        page.get_by_role("button", name="حفظ القرار").click()
    expect(page.locator(".flash")).to_contain_text("تم التحقق منه")

    page.goto(live_server + "/attacks/patterns")
    senegal = page.locator("#attack-map g", has=page.locator("text", has_text=re.compile("^SN$")))
    expect(senegal).to_have_class("tile tile-suppressed")
    expect(senegal.locator("title")).to_have_text(re.compile("<5"))
    screenshot(page, "patterns-ar-phone")
