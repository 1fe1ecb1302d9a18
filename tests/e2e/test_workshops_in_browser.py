"""A participant signs up for a workshop, finds it in their personal calendar feed, and
after the session answers its feedback survey anonymously — in a real browser, in English
and (the survey) in Arabic."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from forum.events.calendar import services as calendar_services
from forum.events.feedback.models import Survey, SurveyQuestion, SurveyResponse
from forum.events.workshops import services as workshop_services
from forum.models import Role
from tests.conftest import PASSWORD
from tests.e2e.a11y import axe_violations
from tests.e2e.conftest import browser_login
from tests.registration.factories import create_event, enrol_user
from tests.workshops.conftest import add_workshop
from tests.workshops.test_feedback import _started


def test_sign_up_then_personal_agenda_then_survey(live_server, new_page, screenshot, db, make_user):
    organizer = make_user("lucia", roles=[Role.ORGANIZER], display_name="Lucía")
    event = create_event(1, organizers=[organizer], title="Protection seminar", capacity=30)
    workshop = add_workshop(event, title="Secure phones clinic", capacity=2)
    add_workshop(event, title="Opening plenary", capacity=None, hours_in=1)
    ines = make_user("ines", display_name="Inés")
    enrol_user(event, ines)
    samira = make_user("samira", display_name="سميرة")
    enrol_user(event, samira)
    token = calendar_services.issue_feed(ines)
    db.session.commit()

    # 1. Inés finds the workshops from the event page and takes a seat.
    page = new_page("desktop")
    browser_login(page, live_server, "ines", PASSWORD)
    page.goto(f"{live_server}/events/{event.slug}/")
    page.locator(".registration-panel").get_by_role("link", name="Workshops").click()
    card = page.locator(f"#w-{workshop.id}")
    expect(card).to_contain_text("2 seats left")
    card.get_by_role("button", name="Sign up").click()
    expect(
        page.get_by_text("You have a seat. The session is in your personal calendar feed.")
    ).to_be_visible()
    expect(card).to_contain_text("1 seat left")
    expect(page.locator("#my-agenda-title")).to_have_text("Your workshops")
    screenshot(page, "workshop-signed-up-desktop")
    assert axe_violations(page) == []

    # 2. Her personal feed now holds the workshop, marked, beside the plenary.
    feed = page.request.get(f"{live_server}/calendar/{token}.ics")
    assert feed.ok
    body = re.sub(r"\r\n[ \t]", "", feed.text())
    assert "SUMMARY:Secure phones clinic" in body
    assert "You have a seat in this workshop." in body
    assert "SUMMARY:Opening plenary" in body

    # 3. Samira takes the other seat; the session takes place; the organizers open its survey.
    workshop_services.sign_up(samira, event, workshop.id)
    db.session.commit()
    _started(event)
    survey = Survey(event_id=event.id, session_id=workshop.id, is_open=True)
    survey.questions.append(
        SurveyQuestion(
            kind="single_choice",
            labels={"en": "Which part helped most?", "ar": "أي جزء أفادك أكثر؟"},
            choices=[
                {"key": "c1", "labels": {"en": "Threat modelling", "ar": "نمذجة التهديدات"}},
                {"key": "c2", "labels": {"en": "Phone settings", "ar": "إعدادات الهاتف"}},
            ],
            required=True,
            position=0,
        )
    )
    survey.questions.append(
        SurveyQuestion(
            kind="long_text",
            labels={"en": "What should we change?", "ar": "ماذا نغيّر؟"},
            position=1,
        )
    )
    db.session.add(survey)
    db.session.commit()

    # 4. Inés answers from the event page; a second answer is not offered.
    page.goto(f"{live_server}/events/{event.slug}/")
    page.locator(".registration-panel").get_by_role("link", name="Feedback").click()
    page.get_by_role("link", name="Answer the survey").click()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("This question needs an answer.")).to_be_visible()
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Phone settings").check()
    page.get_by_label("What should we change?").fill("More time for questions")
    screenshot(page, "survey-answer-desktop")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Thank you. Your answers are saved without your name.")).to_be_visible()
    expect(page.get_by_text("You have answered. Thank you.")).to_be_visible()
    page.goto(f"{live_server}/events/{event.slug}/surveys/{survey.id}")
    expect(page.get_by_text("You have already answered this survey.")).to_be_visible()

    # 5. Samira answers in Arabic, right to left.
    arabic = new_page("phone", locale="ar")
    browser_login(arabic, live_server, "samira", PASSWORD)
    arabic.goto(f"{live_server}/events/{event.slug}/surveys/{survey.id}")
    expect(arabic.locator("html")).to_have_attribute("dir", "rtl")
    arabic.get_by_label("5 – مفيد جدًا").check()
    arabic.get_by_label("نمذجة التهديدات").check()
    screenshot(arabic, "survey-answer-arabic-phone")
    assert axe_violations(arabic) == []
    arabic.get_by_role("button", name="أرسل إجاباتي").click()
    expect(arabic.get_by_text("شكرًا لك. حُفظت إجاباتك دون اسمك.")).to_be_visible()

    db.session.expire_all()
    assert db.session.query(SurveyResponse).count() == 2

    # 6. The organizer reads the results: figures under 5 are hidden.
    desk = new_page("desktop")
    browser_login(desk, live_server, "lucia", PASSWORD)
    desk.goto(f"{live_server}/events/{event.slug}/manage/surveys/{survey.id}/results")
    expect(desk.get_by_text("Responses: <5")).to_be_visible()
    # Two answers: their words could be told apart, so they wait for more answers.
    expect(desk.get_by_text("More time for questions")).to_have_count(0)
    expect(desk.get_by_text("Written answers are shown once at least 5")).to_be_visible()
    assert axe_violations(desk) == []
    screenshot(desk, "survey-results-desktop")
    desk.goto(f"{live_server}/events/{event.slug}/manage/")
    expect(desk.locator(f"#session-{workshop.id}")).to_contain_text("2 of 2 seats taken.")
    expect(desk.locator(f"#session-{workshop.id}")).to_contain_text("Ratings:")
