"""A call for proposals end to end in a real browser, in English and in Arabic: the
organizer opens a call, a member proposes a session with a pseudonymous and a withheld
speaker, the organizer reviews it without any name in sight, accepts it with a message
and puts it on the agenda, where the speakers appear only as they chose; the member
reads the decision in their language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Role
from tests.conftest import PASSWORD
from tests.e2e.a11y import axe_violations
from tests.e2e.conftest import browser_login
from tests.registration.factories import create_event

LEGAL_NAMES = ("Berta Oculta", "Rosa Reservada", "Valentina Secreta", "valsecret")
PSEUDONYM = "La Ceiba"

WORDS = {
    "en": {
        "propose": "Propose a session",
        "sent": "Your proposal is sent. You can edit it until the call closes.",
        "anonymous": "Anonymous review",
        "withheld": "Speaker withheld",
        "accepted": "Your proposal was accepted.",
        "dir": "ltr",
    },
    "ar": {
        "propose": "اقترح جلسة",
        "sent": "أُرسل مقترحك. يمكنك تعديله حتى إغلاق الدعوة.",
        "anonymous": "مراجعة مجهولة الهوية",
        "withheld": "متحدّث محجوب الاسم",
        "accepted": "تم قبول مقترحك.",
        "dir": "rtl",
    },
}


def _local(moment) -> str:  # noqa: ANN001
    return moment.strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_call_proposal_anonymous_review_accept_and_agenda(
    live_server, new_page, screenshot, make_user, language
):
    words = WORDS[language]
    organizer = make_user("lucia", roles=[Role.ORGANIZER], display_name="Lucía", locale=language)
    make_user("valsecret", display_name="Valentina Secreta", locale=language)
    event = create_event(1, [organizer], title="Protection seminar")
    slug, starts_at = event.slug, event.starts_at
    db.session.commit()

    # 1. The organizer opens the call.
    org = new_page("desktop")
    browser_login(org, live_server, "lucia", PASSWORD)
    org.goto(f"{live_server}/events/{slug}/manage/call")
    expect(org.locator("html")).to_have_attribute("dir", words["dir"])
    org.locator("[name=opens_at]").fill("2026-01-01T09:00")
    org.locator("[name=closes_at]").fill("2099-01-01T09:00")
    org.locator("input[name=formats][value=talk]").check()
    org.locator("input[name=formats][value=workshop]").check()
    org.locator("[name=tracks]").fill("Digital security\nLand defenders")
    org.locator("main form button[type=submit]").click()
    expect(org).to_have_url(f"{live_server}/events/{slug}/manage/proposals")

    # 2. A member finds the call on the event page and proposes a session.
    member = new_page("phone")
    browser_login(member, live_server, "valsecret", PASSWORD)
    member.goto(f"{live_server}/events/{slug}/")
    member.locator(f"a[href='/events/{slug}/call']").click()
    member.get_by_role("link", name=words["propose"]).click()
    member.locator("[name=title]").fill("Phone trees without data")
    member.locator("[name=abstract]").fill("How rural networks warn each other in time.")
    member.locator("[name=format]").select_option("workshop")
    member.locator("[name=language]").select_option(language)
    member.locator("[name=track]").select_option("Digital security")
    member.locator("[name='speaker_1-name']").fill("Berta Oculta")
    member.locator("[name='speaker_1-pseudonym']").fill(PSEUDONYM)
    member.locator("[name='speaker_1-listing']").select_option("pseudonym")
    member.locator("[name='speaker_2-name']").fill("Rosa Reservada")
    member.locator("[name='speaker_2-listing']").select_option("withheld")
    member.locator("[name=consent]").check()
    screenshot(member, f"proposal-form-{language}-phone")
    assert axe_violations(member) == []
    member.locator("main form button[type=submit]").click()
    expect(member.get_by_text(words["sent"])).to_be_visible()

    # 3. The organizer reviews it: no name anywhere on the list or the proposal.
    org.goto(f"{live_server}/events/{slug}/manage/proposals")
    expect(org.get_by_text(words["anonymous"])).to_be_visible()
    for name in (*LEGAL_NAMES, PSEUDONYM):
        assert name not in org.content()
    assert axe_violations(org) == []
    org.get_by_role("link", name="Phone trees without data").click()
    for name in (*LEGAL_NAMES, PSEUDONYM):
        assert name not in org.content()
    org.locator("form[action$='/score'] [name=score]").select_option("5")
    org.locator("form[action$='/score'] [name=comment]").fill("Timely and practical.")
    org.locator("form[action$='/score'] button").click()
    org.locator("form[action$='/decide'] [name=decision]").select_option("accepted")
    org.locator("form[action$='/decide'] [name=message]").fill("Welcome!")
    org.locator("form[action$='/decide'] button").click()
    screenshot(org, f"review-accepted-{language}")
    assert axe_violations(org) == []
    for name in (*LEGAL_NAMES, PSEUDONYM):
        assert name not in org.content()

    # 4. The accepted proposal goes on the agenda, speakers listed as they chose.
    org.locator("form[action$='/schedule'] [name=starts_at]").fill(
        _local(starts_at + timedelta(hours=1))
    )
    org.locator("form[action$='/schedule'] [name=ends_at]").fill(
        _local(starts_at + timedelta(hours=2))
    )
    org.locator("form[action$='/schedule'] [name=room]").fill("Sala 1")
    org.locator("form[action$='/schedule'] [name=kind]").select_option("workshop")
    org.locator("form[action$='/schedule'] button").click()
    expect(org).to_have_url(f"{live_server}/events/{slug}/agenda#session-1")
    session = org.locator("#session-1")
    expect(session).to_contain_text("Phone trees without data")
    expect(session.locator(".session-speakers")).to_contain_text(PSEUDONYM)
    expect(session.locator(".session-speakers")).to_contain_text(words["withheld"])
    for name in LEGAL_NAMES:
        assert name not in org.content()
    screenshot(org, f"agenda-{language}")

    # 5. The member reads the decision, in their language, and the organizers' message.
    member.goto(f"{live_server}/notices/")
    expect(member.get_by_text(words["accepted"])).to_be_visible()
    member.goto(f"{live_server}/events/{slug}/proposals/mine")
    expect(member.locator(".decision-message")).to_have_text("Welcome!")
    assert axe_violations(member) == []
