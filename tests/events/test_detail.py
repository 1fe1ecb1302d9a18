"""`/events/<slug>/` and its agenda: language fallback, time zones, registration panel."""

from __future__ import annotations

from datetime import datetime

import pytest
from flask import template_rendered
from jinja2 import Template

from forum.events.registration.models import Registration
from forum.models import Role
from tests.checks import assert_private_page
from tests.conftest import login

# 09:00 in Bogotá on 10 March 2027.
START = datetime(2027, 3, 10, 14, 0)


@pytest.fixture
def bilingual(make_event, make_session):
    event = make_event(
        texts={"en": "Collective protection", "es": "Protección colectiva"},
        default_locale="es",
        starts_at=START,
        hours=32,
    )
    make_session(
        event,
        texts={"en": "Opening plenary", "es": "Plenaria de apertura"},
        room="Sala 1",
        speakers=["Doña Rosa"],
    )
    make_session(event, texts={"es": "Sólo en español"}, start_hours=2, room="Sala 1")
    return event


def test_each_reader_gets_their_language_or_a_note(client, bilingual):
    client.set_cookie("forum_locale", "es")
    page = client.get(f"/events/{bilingual.slug}/").get_data(as_text=True)
    assert '<h1 lang="es" dir="auto">Protección colectiva</h1>' in page
    assert "fallback-note" not in page

    client.set_cookie("forum_locale", "en")
    page = client.get(f"/events/{bilingual.slug}/").get_data(as_text=True)
    assert '<h1 lang="en" dir="auto">Collective protection</h1>' in page

    client.set_cookie("forum_locale", "pt")  # no Portuguese text: the main language, noted
    page = client.get(f"/events/{bilingual.slug}/").get_data(as_text=True)
    assert '<h1 lang="es" dir="auto">Protección colectiva</h1>' in page
    assert "fallback-note" in page and "espanhol" in page

    client.set_cookie("forum_locale", "en")
    agenda = client.get(f"/events/{bilingual.slug}/agenda").get_data(as_text=True)
    assert "Opening plenary" in agenda
    assert '<span class="session-name" lang="es" dir="auto">' in agenda  # Spanish-only one


def test_times_are_in_the_events_zone_with_the_viewers_alongside(client, bilingual, login_as):
    page = client.get(f"/events/{bilingual.slug}/").get_data(as_text=True)
    assert "Mar 10, 2027, 9:00" in page
    assert "Times are in Colombia Time (UTC−05:00)." in page
    assert "Your time (UTC): Mar 10, 2027, 2:00" in page  # anonymous: the site default
    assert '<time datetime="2027-03-10T14:00:00Z">' in page

    login_as("mariana", timezone="America/Bogota")
    page = client.get(f"/events/{bilingual.slug}/").get_data(as_text=True)
    assert "Your time" not in page  # the same clock: nothing to add
    agenda = client.get(f"/events/{bilingual.slug}/agenda").get_data(as_text=True)
    assert "your time" not in agenda


def test_the_default_timezone_setting_is_used_for_visitors(app, client, bilingual):
    app.config["FORUM_DEFAULT_TIMEZONE"] = "Europe/Madrid"
    page = client.get(f"/events/{bilingual.slug}/").get_data(as_text=True)
    assert "Your time (Spain (Madrid) Time): Mar 10, 2027, 3:00" in page
    agenda = client.get(f"/events/{bilingual.slug}/agenda").get_data(as_text=True)
    assert "(your time 3:00" in agenda


def rendered_context(app, client, path: str) -> dict:
    """The context the detail template received for one request."""
    seen = {}

    def record(sender: object, template: Template, context: dict, **extra: object) -> None:
        seen[template.name] = context

    with template_rendered.connected_to(record, app):
        client.get(path)
    return seen["events/detail.html"]


def test_the_detail_page_passes_the_viewers_registration(app, client, db, bilingual, login_as):
    path = f"/events/{bilingual.slug}/"
    assert rendered_context(app, client, path)["my_registration"] is None

    amina = login_as("amina")
    assert rendered_context(app, client, path)["my_registration"] is None
    db.session.add(Registration(event_id=bilingual.id, user_id=amina.id))
    db.session.commit()
    registration = rendered_context(app, client, path)["my_registration"]
    assert registration is not None and registration.user_id == amina.id


def test_descriptions_are_sanitised_and_organizers_shown_by_display_name(
    client, db, make_event, make_user
):
    from forum.events import services
    from forum.events.services import EventData, EventTextData

    author = make_user("lucia_r", roles=[Role.ORGANIZER], display_name="Lucía R.")
    event = services.create_event(
        author,
        EventData(
            kind="workshop",
            default_locale="en",
            texts={
                "en": EventTextData(
                    title="Safe communications",
                    description=(
                        "Hello <script>alert(1)</script> [x](javascript:alert(2)) "
                        '<img src="https://tracker.example/p.gif">'
                    ),
                )
            },
            timezone="UTC",
            starts_at=START,
            ends_at=datetime(2027, 3, 10, 18, 0),
            country="KE",
            city="Nairobi",
        ),
    )
    services.publish_event(event)
    db.session.commit()
    page = client.get(f"/events/{event.slug}/").get_data(as_text=True)
    description = page.split('class="event-description', 1)[1].split("</section>", 1)[0]
    assert "Hello &lt;script&gt;" in description  # shown as text, never run
    assert "<script" not in description and "<img" not in description
    assert 'href="javascript' not in description
    assert "Lucía R." in page and "lucia_r" not in page
    assert_private_page(page)


def test_event_pages_are_private_in_every_language(client, bilingual, login_as):
    login_as("root", Role.ADMIN)
    for locale in ("en", "es", "fr", "pt", "ar"):
        client.set_cookie("forum_locale", locale)
        for path in (
            "/events/",
            f"/events/{bilingual.slug}/",
            f"/events/{bilingual.slug}/agenda",
            f"/events/{bilingual.slug}/manage/",
            f"/events/{bilingual.slug}/manage/edit",
            f"/events/{bilingual.slug}/manage/sessions/new",
            "/events/new",
        ):
            response = client.get(path)
            assert response.status_code == 200, (locale, path)
            html = response.get_data(as_text=True)
            assert f'<html lang="{locale}"' in html
            assert_private_page(html)


def test_unknown_events_are_not_found(client):
    paths = ("/events/nothing/", "/events/nothing/agenda", "/events/%00/", "/events/x" * 40)
    paths += ("/events/%00/manage/", "/events/%C3%A9v%C3%A9nement/", "/events/%FF/agenda")
    for path in paths:
        assert client.get(path).status_code == 404, path
    assert client.get("/events/nothing").status_code in (308, 404)


def test_agenda_lays_out_days_and_rooms(client, make_event, make_session):
    event = make_event(starts_at=START, hours=32)
    make_session(event, "Welcome", start_hours=0, hours=1)
    make_session(event, "Risk maps", start_hours=1, room="Sala 1")
    make_session(event, "Legal aid", start_hours=1, room="Sala 2")
    make_session(event, "Coffee", start_hours=2, hours=0.5, kind="break")
    make_session(event, "Day two plenary", start_hours=24)
    login(client, "lucia")
    page = client.get(f"/events/{event.slug}/agenda").get_data(as_text=True)
    assert page.count('class="agenda-day"') == 2
    assert "Wednesday, March 10, 2027" in page and "Thursday, March 11, 2027" in page
    day_one = page.split('class="agenda-day"')[1]
    assert day_one.count('class="tt-row tt-span"') == 2  # welcome, coffee
    assert day_one.count('<span class="tt-room">') == 2
    assert day_one.index("Welcome") < day_one.index("Risk maps") < day_one.index("Coffee")
    assert "kind-break" in day_one


def test_lists_use_the_comma_of_the_page_language(client, make_event):
    """Arabic separates list items with the Arabic comma, not the Latin one."""
    event = make_event(interpretation_languages=["en", "es", "fr"])
    client.set_cookie("forum_locale", "ar")
    html = client.get(f"/events/{event.slug}/").get_data(as_text=True)
    assert "الإنجليزية، الإسبانية، الفرنسية" in html
    client.set_cookie("forum_locale", "es")
    html = client.get(f"/events/{event.slug}/").get_data(as_text=True)
    assert "inglés, español, francés" in html
