"""An organizer prints badges, waits for a large export and reads the attendee list, in a
real browser: downloads arrive, and the progress page reloads by itself (HTTP `Refresh`,
no script)."""

from __future__ import annotations

from playwright.sync_api import expect

import forum.auth.models  # noqa: F401 - maps User fully before the event queries load
from forum.events.exports.badges import services
from forum.events.registration import services as registrations
from forum.models import Role
from tests.conftest import PASSWORD
from tests.e2e.a11y import axe_violations
from tests.e2e.conftest import browser_login
from tests.exports.helpers import pdf_pages_text, squash
from tests.registration.factories import create_event, enrol_user


def test_organizer_prints_badges_and_reads_the_attendee_list(
    live_server, new_page, screenshot, db, make_user, monkeypatch, tmp_path
):
    organizer = make_user("lucia", roles=[Role.ORGANIZER], display_name="Lucía")
    event = create_event(1, organizers=[organizer], title="Protection seminar")
    for username, badge in (("dora", "Dora Quispe"), ("amal", "أمل الحسيني"), ("ines", "Inês")):
        registration = enrol_user(event, make_user(username), badge_name=badge)
        registrations.decide(
            event.id, [registration.id], registrations.Decision.APPROVE, actor=organizer
        )
    db.session.commit()

    page = new_page("desktop")
    browser_login(page, live_server, "lucia", PASSWORD)
    page.goto(f"{live_server}/events/{event.slug}/manage/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Print badges").click()
    expect(page.get_by_role("heading", name="Badges: Protection seminar")).to_be_visible()
    screenshot(page, "badges")
    assert axe_violations(page) == []

    # Everyone, A6: a PDF downloads at once.
    page.get_by_label("A6, one badge a page").check()
    with page.expect_download() as everyone:
        page.get_by_role("button", name="Print badges for everyone approved (3)").click()
    everyone.value.save_as(tmp_path / "everyone.pdf")
    everyone_pdf = (tmp_path / "everyone.pdf").read_bytes()
    assert everyone_pdf.startswith(b"%PDF") and len(pdf_pages_text(everyone_pdf)) == 3

    # One person ticked.
    page.get_by_label("Inês").check()
    with page.expect_download() as ticked:
        page.get_by_role("button", name="Print badges for the people ticked").click()
    ticked.value.save_as(tmp_path / "ticked.pdf")
    text = squash(" ".join(pdf_pages_text((tmp_path / "ticked.pdf").read_bytes())))
    assert "Inês" in text and "DoraQuispe" not in text

    # A "large" export goes to the background; the page reloads until it is ready.
    monkeypatch.setattr(services, "INLINE_LIMIT", 1)
    page.goto(f"{live_server}/events/{event.slug}/manage/badges")
    page.get_by_role("button", name="Print badges for everyone approved (3)").click()
    expect(page.get_by_role("heading", name="Badge export")).to_be_visible()
    expect(page.get_by_text("Your badges are ready.")).to_be_visible(timeout=60_000)
    screenshot(page, "export-ready")
    assert axe_violations(page) == []
    with page.expect_download() as background:
        page.get_by_role("link", name="Download the badges (PDF)").click()
    background.value.save_as(tmp_path / "background.pdf")
    assert len(pdf_pages_text((tmp_path / "background.pdf").read_bytes())) == 1  # 3 on A4

    # The attendee list, and its CSV.
    page.get_by_role("link", name="Attendee list").click()
    expect(page.get_by_role("cell", name="Dora Quispe")).to_be_visible()
    screenshot(page, "attendees")
    assert axe_violations(page) == []
    with page.expect_download() as listing:
        page.get_by_role("link", name="Download as CSV").click()
    assert listing.value.suggested_filename == f"attendees-{event.slug}.csv"
