"""In a real browser: staff scan badges at the check-in desk (the box keeps its focus),
and a member subscribes to their personal calendar feed."""

from __future__ import annotations

from icalendar import Calendar
from playwright.sync_api import expect

from forum.events.registration.models import Registration
from forum.models import Role
from tests.conftest import PASSWORD
from tests.e2e.a11y import axe_violations
from tests.e2e.conftest import browser_login
from tests.registration.factories import create_event


def _registration(db, event, user, status: str, **fields) -> Registration:
    registration = Registration(event_id=event.id, user_id=user.id, status=status, **fields)
    db.session.add(registration)
    db.session.commit()
    return registration


def test_scanning_badges_at_the_desk(live_server, new_page, screenshot, db, make_user):
    organizer = make_user("lucia", roles=[Role.ORGANIZER])
    event = create_event(1, organizers=[organizer], title="Protection forum")
    amina = _registration(
        db, event, make_user("amina"), "approved", badge_name="Amina Diallo", role="speaker"
    )
    noor = _registration(db, event, make_user("noor"), "pending", badge_name="Noor")
    make_user("sofia", roles=[Role.STAFF])

    page = new_page("phone")
    browser_login(page, live_server, "sofia", PASSWORD)
    page.goto(f"{live_server}/events/{event.slug}/manage/")
    page.get_by_role("link", name="Check-in desk").click()
    desk_url = page.url
    box = page.locator("input[name=token]")
    expect(box).to_be_focused()

    # A scanner types the code and presses Enter; the answer appears in place.
    box.type(amina.checkin_token)
    box.press("Enter")
    result = page.locator("[data-checkin-result]")
    expect(result).to_contain_text("Checked in. Welcome!")
    expect(result).to_contain_text("Amina Diallo")
    expect(result).to_contain_text("Speaker")
    expect(box).to_be_focused()
    expect(box).to_have_value("")
    assert page.url == desk_url
    screenshot(page, "checkin-desk-welcome")
    assert axe_violations(page) == []

    box.type(amina.checkin_token)
    box.press("Enter")
    expect(result).to_contain_text("Already checked in")
    expect(box).to_be_focused()

    box.type(noor.checkin_token)
    box.press("Enter")
    expect(result).to_contain_text("Not approved")
    expect(result).to_contain_text("Noor")

    box.type("no-such-badge-code")
    box.press("Enter")
    expect(result).to_contain_text("Unknown badge")
    expect(box).to_be_focused()
    screenshot(page, "checkin-desk-unknown")

    # Without the script, the same desk answers with a page (the search path included).
    page.goto(f"{desk_url}?q=diallo")
    expect(page.locator(".checkin-results")).to_contain_text("Amina Diallo")
    expect(page.locator(".checkin-results")).to_contain_text("Checked in at")
    assert axe_violations(page) == []

    db.session.expire_all()
    assert db.session.get(Registration, amina.id).checked_in_at is not None
    assert db.session.get(Registration, noor.id).checked_in_at is None


def test_member_subscribes_to_their_feed(live_server, new_page, screenshot, db, make_user):
    organizer = make_user("lucia", roles=[Role.ORGANIZER])
    member = make_user("amina")
    mine = create_event(1, organizers=[organizer], title="Mine")
    pending = create_event(2, organizers=[organizer], title="Not yet")
    from forum.events.models import Session, SessionText

    for event, title in ((mine, "Opening"), (pending, "Hidden")):
        session = Session(event_id=event.id, starts_at=event.starts_at, ends_at=event.ends_at)
        session.texts = [SessionText(locale="en", title=title)]
        db.session.add(session)
    db.session.commit()
    _registration(db, mine, member, "approved")
    _registration(db, pending, member, "pending")

    page = new_page("desktop")
    browser_login(page, live_server, "amina", PASSWORD)
    page.goto(f"{live_server}/account/")
    page.get_by_role("button", name="Create my calendar address").click()
    webcal = page.get_by_role("link", name="Subscribe in your calendar app")
    assert webcal.get_attribute("href").startswith("webcal://")
    address = page.locator("#calendar-feed-url").input_value()
    screenshot(page, "account-calendar-feed")
    assert axe_violations(page) == []

    # A calendar app: no cookie, just the address.
    calendar_app = new_page("desktop")
    response = calendar_app.request.get(address)
    assert response.status == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    events = Calendar.from_ical(response.body()).walk("VEVENT")
    assert [str(vevent["summary"]) for vevent in events] == ["Opening"]

    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Make a new address").click()
    expect(page.get_by_text("The old one no longer works")).to_be_visible()
    assert calendar_app.request.get(address).status == 404
