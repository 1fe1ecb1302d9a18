"""An organizer writes to the approved registrants from the registrations table, previews,
sends; a Spanish-speaking participant reads it on the event page — in a real browser."""

from __future__ import annotations

from playwright.sync_api import expect

from forum.models import Role
from tests.conftest import PASSWORD
from tests.e2e.conftest import browser_login
from tests.registration.factories import create_event, enrol_user


def test_organizer_writes_previews_and_sends_a_participant_reads_it(
    live_server, new_page, screenshot, db, make_user
):
    organizer = make_user("lucia", roles=[Role.ORGANIZER], display_name="Lucía")
    event = create_event(1, organizers=[organizer], title="Protection seminar")
    for name, locale in (("amina", "es"), ("joao", "pt")):
        enrol_user(event, make_user(name, locale=locale))

    page = new_page("desktop")
    browser_login(page, live_server, "lucia", PASSWORD)
    page.goto(f"{live_server}/events/{event.slug}/manage/registrations?status=approved")
    page.get_by_role("link", name="Write to these people").click()
    expect(page.get_by_label("Registration status")).to_have_value("approved")
    page.locator("#text_en-subject").fill("Bring your passport")
    page.locator("#text_en-body").fill("The entrance asks for an identity document.")
    page.locator("#text_es-subject").fill("Trae tu pasaporte")
    page.locator("#text_es-body").fill("La entrada pide un documento de identidad.")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("This message will go to 2 people.")).to_be_visible()
    screenshot(page, "message-preview-desktop")
    page.get_by_role("button", name="Send the message").click()
    expect(page.get_by_text("The message is on its way to 2 people.")).to_be_visible()

    member = new_page("phone")
    browser_login(member, live_server, "amina", PASSWORD)
    member.goto(f"{live_server}/events/{event.slug}/")
    panel = member.locator("#messages")
    expect(panel).to_contain_text("Trae tu pasaporte")
    expect(panel).to_contain_text("La entrada pide un documento de identidad.")
    screenshot(member, "message-received-phone")
