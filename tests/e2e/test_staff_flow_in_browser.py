"""A staff member's day at the venue, in a real browser: approve the last request, print
the badges in every layout, print the agenda in two languages, and check people in at
the desk — once with mouse and scanner, once by keyboard alone.

The pages' details are tested elsewhere (test_exports_in_browser, test_calendar_checkin_
in_browser); here they are used one after the other, as a person would on the day.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

import forum.auth.models  # noqa: F401 - maps User fully before the event queries load
from forum.events import agenda
from forum.events.models import EventText, Session, SessionText
from forum.events.registration import services as registrations
from forum.events.registration.models import Registration
from forum.models import Role
from tests.conftest import PASSWORD
from tests.e2e.a11y import axe_violations
from tests.e2e.conftest import VIEWPORTS, browser_login
from tests.exports.helpers import pdf_pages_text, squash
from tests.registration.factories import create_event, enrol_user

#: Already approved before the day starts; with the request approved in the flow, 7
#: badges: one A4 sheet of 8, seven A6 pages, two US Letter sheets of 6.
APPROVED = ("Dora Quispe", "أمل الحسيني", "Inês Sá", "Kwame Mensah", "Lin Wei", "Rosa Flores")
NEWCOMER = "Amina Diallo"
SHEETS = {"a4-8": 1, "a6": 7, "letter-6": 2}
LAYOUT_LABELS = {
    "a4-8": "A4, 8 badges a sheet, with cut marks",
    "a6": "A6, one badge a page (badge printers, pre-cut cards)",
    "letter-6": "US Letter, 6 badges a sheet, with cut marks",
}


def _venue_day(db, make_user):
    """A seminar that vets requests, a staff member on its team, six people approved,
    one request waiting, and an agenda in English and Spanish with a cancelled lunch."""
    staff = make_user("sofia", roles=[Role.STAFF], display_name="Sofía")
    event = create_event(1, organizers=[staff], title="Protection seminar", requires_approval=True)
    event.texts.append(EventText(locale="es", title="Seminario de protección", summary=""))
    for hours, kind, titles in (
        (1, "plenary", {"en": "Opening plenary", "es": "Plenaria de apertura"}),
        (3, "break", {"en": "Community lunch", "es": "Almuerzo comunitario"}),
        (5, "workshop", {"en": "Digital security clinic", "es": "Clínica de seguridad digital"}),
    ):
        session = Session(
            event_id=event.id,
            kind=kind,
            starts_at=event.starts_at + timedelta(hours=hours),
            ends_at=event.starts_at + timedelta(hours=hours + 1),
        )
        session.texts = [SessionText(locale=code, title=title) for code, title in titles.items()]
        db.session.add(session)
        if kind == "break":
            db.session.flush()
            agenda.cancel_session(session)
    for number, badge in enumerate(APPROVED):
        seated = enrol_user(event, make_user(f"person{number}"), badge_name=badge)
        registrations.decide(event.id, [seated.id], registrations.Decision.APPROVE, actor=staff)
    request = enrol_user(event, make_user("amina", display_name="Amina"), badge_name=NEWCOMER)
    db.session.commit()
    assert request.status == "pending"
    return event, request


def _both_widths(page, screenshot, name: str) -> None:
    """Screenshots at 1440 px and at 360 px; the page goes back to the desktop width."""
    screenshot(page, f"{name}-desktop")
    page.set_viewport_size(VIEWPORTS["phone"])
    screenshot(page, f"{name}-phone")
    page.set_viewport_size(VIEWPORTS["desktop"])


def _pdf_text(download, tmp_path, name: str) -> tuple[int, str]:
    """Pages and squashed text of a downloaded PDF."""
    path = tmp_path / name
    download.save_as(path)
    body = path.read_bytes()
    assert body.startswith(b"%PDF")
    pages = pdf_pages_text(body)
    return len(pages), squash(" ".join(pages))


def _opened_pdf(page, link, tmp_path, name: str) -> tuple[str, str]:  # noqa: ANN001
    """Follow a link to a PDF the browser shows in its viewer; the PDF's language and text.

    The viewer keeps the bytes to itself, so they are fetched again from the link's
    address with the same browser session (cookies included).
    """
    address = link.evaluate("link => link.href")
    with page.expect_response(lambda response: response.url == address) as opened:
        link.click()
    page.wait_for_url(address)
    assert opened.value.status == 200
    assert opened.value.headers["content-type"] == "application/pdf"
    again = page.request.get(address)
    body = again.body()
    (tmp_path / name).write_bytes(body)
    assert body.startswith(b"%PDF")
    return again.headers["content-language"], squash(" ".join(pdf_pages_text(body)))


def _checked_in(db, registration: Registration) -> bool:
    db.session.expire_all()
    return db.session.get(Registration, registration.id).checked_in_at is not None


def test_staff_day_at_the_venue(live_server, new_page, screenshot, db, make_user, tmp_path):
    event, request = _venue_day(db, make_user)
    page = new_page("desktop")
    browser_login(page, live_server, "sofia", PASSWORD)

    # 1. The last request: approve it from its card; its badge turns to "Approved".
    page.goto(f"{live_server}/events/{event.slug}/manage/registrations?status=pending")
    card = page.locator(".registration-table tbody tr").filter(has_text=NEWCOMER)
    expect(card.locator(".badge").first).to_have_text("Awaiting approval")
    assert axe_violations(page) == []
    _both_widths(page, screenshot, "1-registrations-pending")
    card.get_by_text("Decide").click()
    card.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("1 approved.")).to_be_visible()
    expect(card).to_have_count(0)  # no longer waiting
    page.get_by_role("navigation", name="Filter by status").get_by_role(
        "link", name="Approved (7)"
    ).click()
    expect(card.locator(".badge").first).to_have_text("Approved")
    expect(card.get_by_role("button", name="Check in")).to_be_visible()
    _both_widths(page, screenshot, "2-registrations-approved")

    # 2. Badges, in each of the three layouts: sheets fit the layout, and the newcomer
    # has a badge.
    page.get_by_role("navigation", name="Event management").get_by_role(
        "link", name="Badges"
    ).click()
    expect(page.get_by_role("heading", name="Badges: Protection seminar")).to_be_visible()
    expect(page.get_by_text("7 people are approved.")).to_be_visible()
    assert axe_violations(page) == []
    _both_widths(page, screenshot, "3-badges")
    for layout, sheets in SHEETS.items():
        page.get_by_label(LAYOUT_LABELS[layout]).check()
        with page.expect_download() as printed:
            page.get_by_role("button", name="Print badges for everyone approved (7)").click()
        assert printed.value.suggested_filename == f"badges-{event.slug}-{layout}.pdf"
        pages, text = _pdf_text(printed.value, tmp_path, f"{layout}.pdf")
        assert pages == sheets, layout
        assert squash(NEWCOMER) in text and squash("Dora Quispe") in text, layout

    # 3. The agenda, printed in English and in Spanish, from the agenda page's links.
    page.goto(f"{live_server}/events/{event.slug}/agenda")
    _both_widths(page, screenshot, "4-agenda")
    agenda_url = page.url
    language, text = _opened_pdf(
        page, page.get_by_role("link", name="Print the agenda (PDF)"), tmp_path, "agenda-en.pdf"
    )
    assert language == "en" and squash("Opening plenary") in text
    assert squash("Session cancelled Community lunch") in text
    page.goto(agenda_url)
    language, text = _opened_pdf(
        page, page.get_by_role("link", name="Español"), tmp_path, "agenda-es.pdf"
    )
    assert language == "es"
    assert "PROGRAMA" in text  # "Agenda", set in capitals above the title
    assert squash("Seminario de protección") in text
    assert squash("Sesión cancelada Almuerzo comunitario") in text
    assert squash("Session cancelled") not in text and squash("Opening plenary") not in text

    # 4. The desk: a scanner types the code and presses Enter.
    page.goto(f"{live_server}/events/{event.slug}/manage/registrations")
    page.get_by_role("link", name="Check-in desk").click()
    box = page.get_by_label("Badge code")
    result = page.locator("[data-checkin-result]")
    expect(box).to_be_focused()
    box.type(request.checkin_token)
    box.press("Enter")
    expect(result).to_contain_text("Checked in. Welcome!")
    expect(result).to_contain_text(NEWCOMER)
    expect(box).to_be_focused()
    _both_widths(page, screenshot, "5-checkin-welcome")
    assert axe_violations(page) == []

    box.type(request.checkin_token)
    box.press("Enter")
    expect(result).to_contain_text("Already checked in")
    expect(result).to_contain_text(NEWCOMER)
    expect(result.locator(".notice-warning")).to_be_visible()
    _both_widths(page, screenshot, "6-checkin-twice")

    # A code from something else entirely (a wifi QR code), a mistyped one, a huge one.
    for wrong in (
        "WIFI:S:venue-guests;T:WPA;P:olive;;",
        request.checkin_token[:-3] + "xyz",
        "A" * 300,
    ):
        box.type(wrong)
        box.press("Enter")
        expect(result).to_contain_text("Unknown badge: no registration has this code.")
        expect(result).not_to_contain_text(NEWCOMER)
        expect(box).to_be_focused()
    _both_widths(page, screenshot, "7-checkin-unknown")

    # The registrations page agrees.
    page.goto(f"{live_server}/events/{event.slug}/manage/registrations?status=approved")
    card = page.locator(".registration-table tbody tr").filter(has_text=NEWCOMER)
    expect(card.get_by_text("checked in", exact=True)).to_be_visible()
    assert _checked_in(db, request)
    arrived = sa.select(sa.func.count()).where(Registration.checked_in_at.is_not(None))
    assert db.session.scalar(arrived) == 1  # the wrong codes let nobody in


# --- by keyboard alone ---------------------------------------------------------------


def _focused(page) -> str:  # noqa: ANN001
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e ? (e.getAttribute('aria-label') || e.innerText || e.value || e.name || '')"
        ".trim() : ''; }"
    )


def _tab_to(page, target, *, backwards: bool = False, limit: int = 120) -> None:  # noqa: ANN001
    """Press Tab (or Shift+Tab) until `target` has the focus, as a keyboard user would."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if target.evaluate("element => element === document.activeElement"):
            # A keyboard user must see where they are.
            assert target.evaluate(
                "element => element.matches(':focus-visible')"
                " && getComputedStyle(element).outlineStyle !== 'none'"
            ), f"{target} has the focus but shows no focus ring"
            return
    pytest.fail(f"{target} is never reached with {key} (last focus: {_focused(page)!r})")


def test_staff_day_by_keyboard_alone(live_server, new_page, screenshot, db, make_user, tmp_path):
    event, request = _venue_day(db, make_user)
    page = new_page("desktop")
    browser_login(page, live_server, "sofia", PASSWORD)

    # Approve: open the card's "Decide" with Enter, then Tab to "Approve" and press Space.
    page.goto(f"{live_server}/events/{event.slug}/manage/registrations?status=pending")
    card = page.locator(".registration-table tbody tr").filter(has_text=NEWCOMER)
    _tab_to(page, card.locator("summary", has_text="Decide"))
    page.keyboard.press("Enter")
    approve = card.get_by_role("button", name="Approve")
    expect(approve).to_be_visible()
    _tab_to(page, approve)
    screenshot(page, "keyboard-1-approve-focused")
    with page.expect_navigation():
        page.keyboard.press("Space")
    expect(page.get_by_text("1 approved.")).to_be_visible()
    expect(card).to_have_count(0)

    # Badges: Tab back up from the page's end to the layouts, pick A6 with the arrow
    # keys (the radio group's own keys), Tab on to the print button and press Enter.
    page.goto(f"{live_server}/events/{event.slug}/manage/badges")
    a4 = page.get_by_label(LAYOUT_LABELS["a4-8"])
    _tab_to(page, a4)
    expect(a4).to_be_checked()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label(LAYOUT_LABELS["a6"])).to_be_checked()
    button = page.get_by_role("button", name="Print badges for everyone approved (7)")
    _tab_to(page, button)
    screenshot(page, "keyboard-2-print-focused")
    with page.expect_download() as printed:
        page.keyboard.press("Enter")
    pages, text = _pdf_text(printed.value, tmp_path, "a6.pdf")
    assert pages == SHEETS["a6"] and squash(NEWCOMER) in text

    # One person's badge: tick them with Space, then reach "the people ticked" button.
    tick = page.get_by_label(NEWCOMER)
    _tab_to(page, tick)
    page.keyboard.press("Space")
    expect(tick).to_be_checked()
    _tab_to(page, page.get_by_role("button", name="Print badges for the people ticked"))
    with page.expect_download() as ticked:
        page.keyboard.press("Enter")
    pages, text = _pdf_text(ticked.value, tmp_path, "ticked.pdf")
    assert pages == 1 and squash(NEWCOMER) in text and squash("Dora Quispe") not in text

    # The agenda's Spanish PDF, by Shift+Tab from the end of the page.
    page.goto(f"{live_server}/events/{event.slug}/agenda")
    spanish = page.get_by_role("link", name="Español")
    _tab_to(page, spanish)
    with page.expect_response(lambda response: ".pdf" in response.url) as opened:
        page.keyboard.press("Enter")
    page.wait_for_url("**/agenda.pdf?lang=es")
    assert opened.value.status == 200
    assert opened.value.headers["content-language"] == "es"
    assert opened.value.headers["content-type"] == "application/pdf"

    # The desk: the box has the focus on arrival; type and Enter, again and again.
    page.goto(f"{live_server}/events/{event.slug}/manage/check-in")
    result = page.locator("[data-checkin-result]")
    expect(page.get_by_label("Badge code")).to_be_focused()
    page.keyboard.type(request.checkin_token)
    page.keyboard.press("Enter")
    expect(result).to_contain_text("Checked in. Welcome!")
    expect(result).to_contain_text(NEWCOMER)
    page.keyboard.type(request.checkin_token)
    page.keyboard.press("Enter")
    expect(result).to_contain_text("Already checked in")
    page.keyboard.type("not-a-badge")
    page.keyboard.press("Enter")
    expect(result).to_contain_text("Unknown badge")
    screenshot(page, "keyboard-3-checkin")

    # No badge? Search by name with the keyboard; the result's button checks in.
    page.goto(f"{live_server}/events/{event.slug}/manage/check-in")
    search = page.get_by_label("Search by badge name")
    _tab_to(page, search)
    page.keyboard.type("Quispe")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_in = page.locator(".checkin-results").get_by_role("button", name="Check in")
    _tab_to(page, check_in, backwards=True)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(result).to_contain_text("Checked in. Welcome!")
    expect(result).to_contain_text("Dora Quispe")
    assert _checked_in(db, request)


# --- accessibility, in Arabic too ----------------------------------------------------


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_staff_pages_pass_axe(live_server, new_page, db, make_user, locale):
    event, request = _venue_day(db, make_user)
    page = new_page("desktop", locale=locale)
    browser_login(page, live_server, "sofia", PASSWORD)
    for path in (
        "manage/registrations",
        "manage/registrations?status=pending",
        "manage/badges",
        "manage/check-in",
        "manage/check-in?q=Diallo",
    ):
        page.goto(f"{live_server}/events/{event.slug}/{path}")
        expect(page.locator("html")).to_have_attribute("lang", locale)
        assert axe_violations(page) == [], path
    # The desk's answer, shown in place by the script.
    page.get_by_label("Badge code" if locale == "en" else "رمز الشارة").fill(request.checkin_token)
    page.keyboard.press("Enter")
    expect(page.locator("[data-checkin-result] .checkin-name")).to_have_text(NEWCOMER)
    assert axe_violations(page) == []
