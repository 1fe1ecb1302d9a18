"""In a real browser: a registrant reading Convene in Arabic asks for an invitation
letter on a phone, the letter issuer issues it, and the registrant downloads the PDF."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import expect

from forum.letters.models import LetterRequest
from forum.models import Role
from tests.conftest import PASSWORD
from tests.e2e.a11y import axe_violations
from tests.e2e.conftest import browser_login
from tests.exports.helpers import pdf_pages_text, squash
from tests.registration.factories import create_event, enrol_user


def test_a_letter_is_asked_for_in_arabic_issued_and_downloaded(
    live_server, new_page, screenshot, db, make_user, tmp_path
):
    organizer = make_user("lucia", roles=[Role.ORGANIZER])
    event = create_event(1, organizers=[organizer], title="Protection forum", city="Nairobi")
    nadia = make_user("nadia", display_name="نادية", locale="ar")
    enrol_user(event, nadia, locale="ar")
    make_user("ines", roles=[Role.LETTER_ISSUER], display_name="Inés")

    page = new_page("phone", locale="ar")
    browser_login(page, live_server, "nadia", PASSWORD)
    page.goto(f"{live_server}/events/{event.slug}/register")
    page.get_by_role("link", name="تحتاج إلى تأشيرة؟ اطلب رسالة دعوة").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    form = page.locator("form.letter-form")
    form.locator("[name=legal_name]").fill("Nadia Ben Salah")
    form.locator("[name=nationality]").select_option("TN")
    form.locator("[name=passport_number]").fill("Z 1234 567")
    form.locator("[name=birth_date]").fill("1990-06-01")
    # Expired: refused, with the reason in Arabic, and nothing kept.
    form.locator("[name=passport_expiry]").fill("2020-01-01")
    form.locator("[type=submit]").click()
    expect(page.get_by_text("انتهت صلاحية هذا الجواز")).to_be_visible()
    assert db.session.query(LetterRequest).count() == 0
    assert axe_violations(page) == []
    form.locator("[name=passport_expiry]").fill((date.today() + timedelta(days=800)).isoformat())
    form.locator("[type=submit]").click()
    expect(page.locator("[data-letter-status=requested]")).to_be_visible()
    screenshot(page, "letter-requested-ar")
    assert axe_violations(page) == []

    issuer = new_page("desktop")
    browser_login(issuer, live_server, "ines", PASSWORD)
    issuer.get_by_role("link", name="Letters").click()
    expect(issuer.locator("table.letter-requests")).not_to_contain_text("Z1234567")
    issuer.get_by_role("link", name="نادية").click()
    expect(issuer.locator(".letter-details")).to_contain_text("Z1234567")
    expect(issuer.locator(".letter-details")).to_contain_text("Tunisia")
    assert axe_violations(issuer) == []
    screenshot(issuer, "letter-review")
    issuer.get_by_role("button", name="Issue the letter").click()
    expect(issuer.get_by_text("Letter issued.")).to_be_visible()

    page.reload()
    with page.expect_download() as download:
        page.get_by_role("link", name="تنزيل الرسالة (PDF)").click()
    saved = tmp_path / "letter.pdf"
    download.value.save_as(saved)
    [text] = pdf_pages_text(saved.read_bytes())
    assert squash("Z1234567") in squash(text) and "رسالة دعوة" in text
