"""A whole conference in a real browser, once in English and once in Arabic (right to
left): the organizer opens a call for proposals; two members propose sessions, one
speaker under a pseudonym and one withheld; the reviewer named for the call reads and
scores them without any name in sight, and the organizer, just as blind, accepts them and
puts them on the agenda, where each speaker appears only as they chose; a member registers
and asks for a visa letter; the organizer approves every pending request at once with a
note, then writes to them; the member takes a seat in a workshop; her badge is printed
with its check-in code; the desk scans it with a phone camera; after the event she answers
the surveys and the organizer reads the results, every figure published through
`forum.statistics`, the session's rating on the organizers' agenda only.

Each step the flow is about is done through the pages; only accounts, roles, two other
requests and the move of the event into the past come from factories. axe-core checks
fourteen pages of the flow in each language.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from babel.support import Translations
from playwright.sync_api import expect

from forum import ROOT
from forum.events.exports.badges.layouts import code_words
from forum.events.registration.models import Registration
from forum.letters.models import LetterRequest
from forum.models import Role, User
from tests.conftest import PASSWORD
from tests.e2e.a11y import axe_violations
from tests.e2e.camera import browser_with_camera, qr_video
from tests.e2e.conftest import VIEWPORTS, browser_login
from tests.exports.helpers import pdf_pages_text
from tests.registration.factories import create_event, enrol_user, shift_event

# Names the reviewer must never see: accounts, display names, the speakers' legal names,
# and the pseudonym (it belongs to the agenda, not to the review).
SUBMITTERS = ("valsecret", "Valentina Secreta", "nadia", "Nadia Haddad")
SPEAKERS = ("Berta Oculta", "Rosa Reservada")
PSEUDONYM = "La Ceiba"
# The sessions' titles, written in the language of the run.
TITLES = {
    "en": ("Phone trees without data", "Documenting raids safely"),
    "ar": ("شجرة الهاتف بلا بيانات", "توثيق المداهمات بأمان"),
}
NAMES = (*SUBMITTERS, *SPEAKERS, PSEUDONYM)
ANONYMOUS = (
    "Anonymous review: no page, file or notice here names who sent a proposal or who would speak."
)
NOTE = "Bring your passport to the desk."
MESSAGE = {
    "en": ("The programme is out", "The agenda is online: sign up for the workshops."),
    "ar": ("صدر البرنامج", "جدول الأعمال متاح: سجّلوا في ورش العمل."),
}
CATALOGS = {"ar": Translations.load(str(ROOT / "translations"), ["ar"])}


def say(language: str, msgid: str, **values: object) -> str:
    """What the page says in `language`: the catalog's words, which must exist."""
    text = msgid if language == "en" else CATALOGS[language].gettext(msgid)
    assert language == "en" or text != msgid, f"not translated into {language}: {msgid!r}"
    return text % values if values else text


def say_n(language: str, singular: str, plural: str, num: int) -> str:
    text = (
        (singular if num == 1 else plural)
        if language == "en"
        else CATALOGS[language].ngettext(singular, plural, num)
    )
    assert language == "en" or text not in (singular, plural), f"not translated: {singular!r}"
    return text % {"num": num}


def _local(moment) -> str:  # noqa: ANN001
    return moment.strftime("%Y-%m-%dT%H:%M")


def _no_names(page, where: str) -> None:  # noqa: ANN001
    html = page.content()
    for name in NAMES:
        assert name not in html, f"{name!r} on the reviewer's {where}"


def _no_axe(page, where: str) -> None:  # noqa: ANN001
    assert axe_violations(page) == [], where


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_conference_from_call_to_results(
    live_server, browser, new_page, screenshot, db, make_user, tmp_path, language
):
    t = lambda msgid, **values: say(language, msgid, **values)  # noqa: E731
    WORKSHOP, TALK = TITLES[language]  # noqa: N806
    direction = "rtl" if language == "ar" else "ltr"
    browser_locale = "ar" if language == "ar" else "en-US"
    lucia = make_user("lucia", roles=[Role.ORGANIZER], display_name="Lucía", locale=language)
    make_user("kofi", display_name="Kofi Mensah", locale=language, two_factor=True)
    make_user("sofia", roles=[Role.STAFF], display_name="Sofía", locale=language)
    make_user("valsecret", display_name="Valentina Secreta", locale=language)
    make_user("nadia", display_name="Nadia Haddad", locale=language)
    event = create_event(1, [lucia], title="Protection forum", capacity=40, requires_approval=True)
    for username in ("amal", "joao"):  # two more requests waiting for a decision
        enrol_user(event, make_user(username, locale=language))
    slug, starts_at = event.slug, event.starts_at
    base = f"{live_server}/events/{slug}"

    # 1. The organizer opens the call.
    org = new_page("desktop", locale=browser_locale)
    browser_login(org, live_server, "lucia", PASSWORD)
    org.goto(f"{base}/manage/")
    expect(org.locator("html")).to_have_attribute("dir", direction)
    org.get_by_role("link", name=t("Call for proposals"), exact=True).click()
    org.locator("[name=opens_at]").fill("2026-01-01T09:00")
    org.locator("[name=closes_at]").fill(_local(starts_at - timedelta(days=7)))
    org.locator("input[name=formats][value=talk]").check()
    org.locator("input[name=formats][value=workshop]").check()
    org.locator("[name=tracks]").fill("Digital security\nDocumentation")
    org.locator("[name=reviewers]").fill("kofi")
    _no_axe(org, "call form")
    org.locator("main form button[type=submit]").click()
    expect(org).to_have_url(f"{base}/manage/proposals")

    # 2. Two members propose: a workshop led under a pseudonym, a talk with its speaker
    #    withheld. The second proposer will also attend.
    def propose(page, title, fmt, track, speaker, listing, pseudonym=""):  # noqa: ANN001, ANN202
        page.goto(f"{base}/call")
        page.get_by_role("link", name=t("Propose a session")).click()
        expect(page.locator("html")).to_have_attribute("dir", direction)
        page.locator("[name=title]").fill(title)
        page.locator("[name=abstract]").fill(f"{title}: {title}.")
        page.locator("[name=format]").select_option(fmt)
        page.locator("[name=language]").select_option(language)
        page.locator("[name=track]").select_option(track)
        page.locator("[name='speaker_1-name']").fill(speaker)
        if pseudonym:
            page.locator("[name='speaker_1-pseudonym']").fill(pseudonym)
        page.locator("[name='speaker_1-listing']").select_option(listing)
        page.locator("[name=consent]").check()
        page.locator("main form button[type=submit]").click()
        expect(
            page.get_by_text(t("Your proposal is sent. You can edit it until the call closes."))
        ).to_be_visible()

    val = new_page("phone", locale=browser_locale)
    browser_login(val, live_server, "valsecret", PASSWORD)
    propose(val, WORKSHOP, "workshop", "Digital security", SPEAKERS[0], "pseudonym", PSEUDONYM)
    nadia = new_page("phone", locale=browser_locale)
    browser_login(nadia, live_server, "nadia", PASSWORD)
    propose(nadia, TALK, "talk", "Documentation", SPEAKERS[1], "withheld")
    _no_axe(nadia, "proposal sent")

    # 3. The reviewer named for the call finds the proposals from the event page, reads
    #    and scores them: no name anywhere, in the list, the CSV, a proposal, its history
    #    or the reviewer's notices.
    rev = new_page("desktop", locale=browser_locale)
    browser_login(rev, live_server, "kofi", PASSWORD)
    rev.goto(f"{base}/")
    rev.get_by_role("link", name=t("Review proposals")).click()
    expect(rev.get_by_text(t(ANONYMOUS))).to_be_visible()
    _no_names(rev, "list")
    _no_axe(rev, "review list")
    links = {
        title: rev.get_by_role("link", name=title).get_attribute("href")
        for title in (WORKSHOP, TALK)
    }
    csv = rev.request.get(f"{base}/manage/proposals.csv")
    assert csv.ok and WORKSHOP in csv.text()
    assert not [name for name in NAMES if name in csv.text()]
    for title, score in ((WORKSHOP, "5"), (TALK, "4")):
        rev.goto(live_server + links[title])
        _no_names(rev, title)
        expect(rev.locator("form[action$='/decide']")).to_have_count(0)
        rev.locator("form[action$='/score'] [name=score]").select_option(score)
        rev.locator("form[action$='/score'] [name=comment]").fill("Timely and practical.")
        rev.locator("form[action$='/score'] button").click()
        expect(rev.get_by_text(t("Your review is saved."))).to_be_visible()
    _no_axe(rev, "proposal review")
    rev.get_by_role("link", name=t("History")).click()
    _no_names(rev, "history")
    rev.goto(f"{live_server}/notices/")
    _no_names(rev, "notices")

    # 3b. The organizer, just as blind to names, accepts both and puts them on the agenda:
    #     the slot offered is the proposal's kind of session.
    sessions = {}
    for title, kind, hour in ((WORKSHOP, "workshop", 2), (TALK, "plenary", 4)):
        org.goto(live_server + links[title])
        org.locator("form[action$='/decide'] [name=decision]").select_option("accepted")
        org.locator("form[action$='/decide'] [name=message]").fill("Welcome!")
        org.locator("form[action$='/decide'] button").click()
        _no_names(org, f"decided {title}")
        schedule = org.locator("form[action$='/schedule']")
        expect(schedule.locator("[name=kind]")).to_have_value(kind)
        schedule.locator("[name=starts_at]").fill(_local(starts_at + timedelta(hours=hour)))
        schedule.locator("[name=ends_at]").fill(_local(starts_at + timedelta(hours=hour + 1)))
        schedule.locator("[name=room]").fill("Sala 1")
        schedule.locator("button").click()
        expect(org).to_have_url(re.compile(rf"{base}/agenda#session-\d+$"))
        sessions[kind] = int(org.url.rsplit("-", 1)[1])

    # 4. The agenda lists the sessions with each speaker as they chose, for everyone.
    nadia.goto(f"{base}/agenda")
    workshop = nadia.locator(f"#session-{sessions['workshop']}")
    expect(workshop).to_contain_text(WORKSHOP)
    expect(workshop.locator(".session-speakers")).to_have_text(re.compile(PSEUDONYM))
    expect(nadia.locator(f"#session-{sessions['plenary']} .session-speakers")).to_contain_text(
        t("Speaker withheld")
    )
    assert not [name for name in SPEAKERS if name in nadia.content()]
    _no_axe(nadia, "agenda")
    feed = nadia.request.get(f"{base}/agenda.ics")
    assert feed.ok and PSEUDONYM in feed.text()
    printed_agenda = nadia.request.get(f"{base}/agenda.pdf")
    [agenda_text] = pdf_pages_text(printed_agenda.body())
    assert PSEUDONYM in agenda_text and t("Speaker withheld") in agenda_text
    assert not [name for name in SPEAKERS if name in agenda_text]
    assert not [name for name in SPEAKERS if name in feed.text()]

    # 5. Nadia registers and asks for an invitation letter for her visa.
    nadia.goto(f"{base}/")
    nadia.locator(".registration-panel").get_by_role("link", name=t("Register")).click()
    nadia.locator("form.registration-form [name=locale]").select_option(language)
    nadia.locator("form.registration-form [name=badge_name]").fill("Nadia Haddad")
    nadia.locator("form.registration-form [name=consent]").check()
    _no_axe(nadia, "registration form")
    nadia.locator("form.registration-form [type=submit]").click()
    nadia.get_by_role("link", name=t("Need a visa? Ask for an invitation letter")).click()
    letter = nadia.locator("form.letter-form")
    letter.locator("[name=legal_name]").fill("Nadia Haddad")
    letter.locator("[name=nationality]").select_option("LB")
    letter.locator("[name=passport_number]").fill("RL 1234 567")
    letter.locator("[name=birth_date]").fill("1990-06-01")
    letter.locator("[name=passport_expiry]").fill(_local(starts_at + timedelta(days=900))[:10])
    _no_axe(nadia, "letter form")
    letter.locator("[type=submit]").click()
    expect(nadia.locator("[data-letter-status=requested]")).to_be_visible()
    assert db.session.query(LetterRequest).count() == 1

    # 6. The organizer approves every pending request at once, with a note...
    org.goto(f"{base}/manage/")
    org.get_by_role("link", name=t("Registrations"), exact=True).click()
    org.locator(".status-nav a[href*='status=pending']").click()
    expect(org.locator(".registration-table tbody tr")).to_have_count(3)
    org.locator("#scope-matching").check()
    org.locator("#bulk input[name=action][value=approve]").check()
    org.locator("#bulk [name=note]").fill(NOTE)
    _no_axe(org, "registrations table")
    with org.expect_navigation():
        org.locator("#bulk [type=submit]").click()
    expect(
        org.get_by_text(say_n(language, "%(num)d approved.", "%(num)d approved.", 3), exact=True)
    ).to_be_visible()
    # ...then writes to everyone approved, in both languages, through the message queue.
    org.locator(".status-nav a[href*='status=approved']").click()
    org.get_by_role("link", name=t("Write to these people")).click()
    for code, (subject, body) in MESSAGE.items():
        org.locator(f"#text_{code}-subject").fill(subject)
        org.locator(f"#text_{code}-body").fill(body)
    org.locator("[name=preview]").click()
    expect(
        org.get_by_text(
            say_n(
                language,
                "This message will go to %(num)d person.",
                "This message will go to %(num)d people.",
                3,
            )
        )
    ).to_be_visible()
    org.locator("[name=send]").click()
    expect(
        org.get_by_text(
            say_n(
                language,
                "The message is on its way to %(num)d person.",
                "The message is on its way to %(num)d people.",
                3,
            )
        )
    ).to_be_visible()
    nadia.goto(f"{base}/register")
    expect(nadia.locator(".my-registration .decision-note")).to_have_text(NOTE)
    nadia.goto(f"{base}/")
    expect(nadia.locator("#messages")).to_contain_text(MESSAGE[language][1])

    # 7. The workshop takes sign-ups; Nadia takes a seat.
    org.goto(f"{base}/manage/")
    org.locator(f"#session-{sessions['workshop']} a[href$='/workshop']").click()
    org.locator("[name=capacity]").fill("12")
    org.locator("main form [type=submit]").click()
    expect(org.get_by_text(t("The sign-up settings are saved."))).to_be_visible()
    nadia.goto(f"{base}/")
    nadia.locator(".registration-panel").get_by_role("link", name=t("Workshops")).click()
    nadia.locator(f"#w-{sessions['workshop']} form[action$='/sign-up'] button").click()
    expect(
        nadia.get_by_text(t("You have a seat. The session is in your personal calendar feed."))
    ).to_be_visible()
    _no_axe(nadia, "workshops")

    # 8. Her badge is printed, in the event's language for her, with its code in words.
    db.session.expire_all()
    registration = db.session.query(Registration).join(User).filter(User.username == "nadia")
    registration = registration.one()
    org.goto(f"{base}/manage/")
    org.get_by_role("link", name=t("Print badges")).click()
    org.locator("[name=language]").select_option(language)
    org.locator(f"#badge-{registration.id}").check()
    _no_axe(org, "badges")
    with org.expect_download() as printed:
        org.locator("button[name=scope][value=selected]").click()
    printed.value.save_as(tmp_path / "badge.pdf")
    [badge] = pdf_pages_text((tmp_path / "badge.pdf").read_bytes())
    assert "Nadia Haddad" in badge
    # The code under the QR code, in groups of four, is what the desk's camera will see.
    printed_code = re.search(r"(?:[\w-]{4} ){3,}[\w-]{1,4}", badge, re.ASCII).group()
    assert printed_code == code_words(registration.checkin_token)
    video = qr_video(printed_code.replace(" ", ""), tmp_path / "badge.y4m")

    # 9. At the desk, a phone's camera reads the badge.
    with browser_with_camera(browser, video) as camera_browser:
        context = camera_browser.new_context(viewport=VIEWPORTS["phone"], locale=browser_locale)
        context.set_default_timeout(20_000)
        context.grant_permissions(["camera"], origin=live_server)
        desk = context.new_page()
        browser_login(desk, live_server, "sofia", PASSWORD)
        desk.goto(f"{base}/manage/check-in")
        expect(desk.locator("html")).to_have_attribute("dir", direction)
        count = desk.locator("[data-arrivals-count]")
        arrived = "%(arrived)s of %(expected)s approved people have arrived."
        expect(count).to_have_text(t(arrived, arrived=0, expected=3))
        _no_axe(desk, "check-in desk")
        desk.get_by_role("button", name=t("Scan with the camera")).click()
        result = desk.locator("[data-checkin-result]")
        expect(result).to_contain_text(t("Checked in. Welcome!"))
        expect(result).to_contain_text("Nadia Haddad")
        expect(count).to_have_text(t(arrived, arrived=1, expected=3))
        screenshot(desk, f"desk-{language}")
        desk.get_by_role("button", name=t("Stop the camera")).click()
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).checked_in_at is not None

    # 10. The organizer prepares the surveys: the event, with a question, and the workshop.
    org.goto(f"{base}/manage/")
    org.get_by_role("link", name=t("Feedback surveys")).click()
    org.locator("[name=about]").select_option("event")
    org.locator("main form:has([name=about]) [type=submit]").click()
    org.get_by_role("link", name=t("Add a question")).click()
    org.locator("[name=kind]").select_option("single_choice")
    org.locator("[name=label_en]").fill("Will you use what you learned?")
    org.locator("[name=label_ar]").fill("هل ستستخدم ما تعلمته؟")
    for index, (english, arabic) in enumerate((("Yes", "نعم"), ("Not yet", "ليس بعد"))):
        org.locator(f"[name='choices-{index}-label_en']").fill(english)
        org.locator(f"[name='choices-{index}-label_ar']").fill(arabic)
    org.locator("main form [type=submit]").click()
    org.get_by_role("button", name=t("Open the survey")).click()
    org.locator("[name=about]").select_option(str(sessions["workshop"]))
    org.locator("main form:has([name=about]) [type=submit]").click()
    org.locator("section.card", has_text=WORKSHOP).get_by_role(
        "button", name=t("Open the survey")
    ).click()
    expect(org.get_by_role("button", name=t("Close the survey"))).to_have_count(2)
    _no_axe(org, "surveys")

    # 11. The event is over; Nadia answers both surveys.
    db.session.expire_all()
    shift_event(event, -(event.ends_at - starts_at) - timedelta(days=32))
    nadia.goto(f"{base}/")
    nadia.locator(".registration-panel").get_by_role("link", name=t("Feedback")).click()
    for about in (t("The whole event"), WORKSHOP):
        nadia.locator("li", has_text=about).get_by_role("link", name=t("Answer the survey")).click()
        nadia.locator("input[name=rating][value='5']").check()
        if about != WORKSHOP:
            nadia.get_by_label("نعم" if language == "ar" else "Yes", exact=True).check()
            _no_axe(nadia, "survey")
        nadia.locator("form.survey-form [type=submit]").click()
        expect(
            nadia.get_by_text(t("Thank you. Your answers are saved without your name."))
        ).to_be_visible()
    # Ratings are for the organizers: the public agenda shows none.
    nadia.goto(f"{base}/agenda")
    expect(nadia.locator(".session-ratings")).to_have_count(0)

    # 12. The organizer reads the results: a single answer shows as "<5".
    org.goto(f"{base}/manage/surveys")
    org.locator("section.card", has_text=t("The whole event")).get_by_role(
        "link", name=t("Results")
    ).click()
    expect(org.get_by_text(t("Responses: %(figure)s", figure="<5"))).to_be_visible()
    expect(org.locator("td.num", has_text=re.compile(r"^\s*1\s*$"))).to_have_count(0)
    _no_axe(org, "results")
    screenshot(org, f"results-{language}")
    org.goto(f"{base}/manage/")
    ratings = org.locator(f"#session-{sessions['workshop']} .session-ratings")
    expect(ratings).to_contain_text(t("Ratings:"))
    expect(ratings).to_contain_text("<5")
