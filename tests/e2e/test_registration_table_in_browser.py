"""An organizer filters the registrations table, selects all that match (on every page)
and approves them in one go; the event has fewer places than requests, so the page says
how many went to the waiting list instead — in English and in Arabic, in a real browser."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from forum.events.registration.models import Registration
from forum.models import Role
from tests.conftest import PASSWORD
from tests.e2e.a11y import axe_violations
from tests.e2e.conftest import browser_login
from tests.registration.factories import create_event, create_question, enrol_user

PEOPLE = [
    ("amina", "Amina K.", "SN"),
    ("carla", "Carla Ruiz", "CO"),
    ("diego", "Diego", "CO"),
    ("elena", "Elena", "CO"),
    ("farid", "Farid", "LB"),
    ("gabriel", "Gabriel", "CO"),
]
# (locale, the flash for 3 approved, the flash for 1 queued, "registrations match")
LANGUAGES = [
    (
        "en-US",
        "3 approved.",
        "1 approved but the event is full: on the waiting list.",
        "4 registrations match.",
    ),
    (
        "ar",
        "وُوفق على 3 طلبات.",
        "وُوفق على طلب واحد لكن الفعالية مكتملة: أُضيف إلى قائمة الانتظار.",
        "يطابق 4 تسجيلات.",
    ),
]


def _statuses(db, event) -> dict[str, str]:
    db.session.expire_all()
    rows = db.session.scalars(sa.select(Registration).where(Registration.event_id == event.id))
    return {registration.user.username: registration.status for registration in rows}


@pytest.mark.parametrize(("locale", "approved", "queued", "matching"), LANGUAGES, ids=["en", "ar"])
def test_filter_select_all_matching_and_approve_within_capacity(
    live_server, new_page, screenshot, db, make_user, locale, approved, queued, matching
):
    organizer = make_user("lucia", roles=[Role.ORGANIZER], display_name="Lucía")
    event = create_event(
        1, organizers=[organizer], title="Protection seminar", capacity=3, requires_approval=True
    )
    country = create_question(event, "country", label={"en": "Country", "ar": "البلد"})
    for username, name, code in PEOPLE:
        enrol_user(event, make_user(username, display_name=name), {country.id: code})

    page = new_page("desktop", locale=locale)
    browser_login(page, live_server, "lucia", PASSWORD)
    page.goto(f"{live_server}/events/{event.slug}/manage/registrations?status=pending")
    if locale == "ar":
        expect(page.locator("html")).to_have_attribute("dir", "rtl")

    # 1. Filter: people from Colombia (the form keeps the status filter).
    page.locator("#filter-country").select_option("CO")
    with page.expect_navigation():
        page.locator("form.filter-form [type=submit]").click()
    expect(page.locator("#match-count")).to_have_text(matching)
    rows = page.locator(".registration-table tbody tr")
    expect(rows).to_have_count(4)
    expect(page.locator(".registration-table")).not_to_contain_text("Amina K.")
    assert axe_violations(page) == []
    screenshot(page, f"1-filtered-{locale}")

    # 2. Select all that match, approve: three places, so one waits.
    page.locator("#scope-matching").check()
    page.locator("#bulk input[name=action][value=approve]").check()
    screenshot(page, f"2-select-all-{locale}")
    with page.expect_navigation():
        page.locator("#bulk [type=submit]").click()
    expect(page.get_by_text(approved, exact=True)).to_be_visible()
    expect(page.get_by_text(queued, exact=True)).to_be_visible()
    screenshot(page, f"3-approved-{locale}")

    statuses = _statuses(db, event)
    assert sorted(statuses.values()).count("approved") == 3
    assert [u for u, s in statuses.items() if s == "waitlisted"] == ["gabriel"]
    assert statuses["amina"] == statuses["farid"] == "pending"  # not in the filter
