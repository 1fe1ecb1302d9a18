"""An organizer builds a bilingual event in the browser; a Spanish reader finds it, and the
confidential venue stays hidden from them on every page."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import Page, expect

from forum.models import Role
from tests.conftest import PASSWORD
from tests.e2e.conftest import browser_login

VENUE = "Casa Semilla de Paz"
ADDRESS = "Calle 45 # 12-30, Teusaquillo"
TITLE_EN = "Collective protection in rural Colombia"
TITLE_ES = "Protección colectiva en la Colombia rural"


def fill_event(page: Page, first_day: date) -> None:
    page.get_by_label("Kind of event").select_option("seminar")
    page.get_by_label("Main language").select_option("en")
    page.locator("#text_en-title").fill(TITLE_EN)
    page.locator("#text_en-summary").fill("Two days on community early-warning networks.")
    page.locator("#text_en-description").fill("With **community guards** from Cauca.")
    page.locator("#text_es-title").fill(TITLE_ES)
    page.locator("#text_es-summary").fill("Dos días sobre redes comunitarias de alerta temprana.")
    page.locator("#text_es-description").fill("Con **guardias comunitarias** del Cauca.")
    page.get_by_label("Time zone").select_option("America/Bogota")
    second_day = first_day + timedelta(days=1)
    page.get_by_label("Starts", exact=True).fill(f"{first_day.isoformat()}T09:00")
    page.get_by_label("Ends", exact=True).fill(f"{second_day.isoformat()}T17:00")
    page.get_by_label("Venue", exact=True).fill(VENUE)
    page.get_by_label("Address", exact=True).fill(ADDRESS)
    page.get_by_label("City", exact=True).fill("Bogotá")
    page.get_by_label("Country", exact=True).select_option("CO")
    page.get_by_label("Keep the venue and the online link confidential").check()
    page.get_by_label("Capacity", exact=True).fill("40")
    page.get_by_label("Organizers approve each registration").check()
    page.get_by_role("checkbox", name="Spanish", exact=True).check()


def add_session(
    page: Page, day: date, start: str, end: str, en: str, es: str, room: str = ""
) -> None:
    page.get_by_role("link", name="Add a session").click()
    page.locator("#text_en-title").fill(en)
    page.locator("#text_es-title").fill(es)
    page.get_by_label("Starts", exact=True).fill(f"{day.isoformat()}T{start}")
    page.get_by_label("Ends", exact=True).fill(f"{day.isoformat()}T{end}")
    page.get_by_label("Room", exact=True).fill(room)
    page.get_by_label("Speakers", exact=True).fill("Doña Rosa\nJ. P.")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("The session is added to the agenda.")).to_be_visible()


def test_organizer_builds_a_bilingual_event_and_the_venue_stays_hidden(
    live_server, new_page, make_user, screenshot
):
    make_user("lucia", roles=[Role.ORGANIZER], display_name="Lucía Organiza", locale="en")
    make_user("rosa", display_name="Rosa", locale="es")
    first_day = date.today() + timedelta(days=60)
    second_day = first_day + timedelta(days=1)

    page = new_page()
    browser_login(page, live_server, "lucia", PASSWORD)
    page.get_by_role("link", name="Events", exact=True).click()
    page.get_by_role("link", name="New event").click()
    fill_event(page, first_day)
    page.get_by_label("Ends", exact=True).fill(f"{first_day.isoformat()}T08:00")  # a mistake first
    page.get_by_role("button", name="Save event").click()
    expect(page.get_by_text("The end must come after the start.")).to_be_visible()
    screenshot(page, "event-form-error")
    page.get_by_label("Ends", exact=True).fill(f"{second_day.isoformat()}T17:00")
    page.get_by_role("button", name="Save event").click()
    expect(page.get_by_text("The event is saved as a draft.")).to_be_visible()

    add_session(page, first_day, "09:00", "10:00", "Opening plenary", "Plenaria de apertura")
    add_session(
        page, first_day, "10:30", "12:00", "Mapping risks", "Mapa de riesgos", "Sala Magdalena"
    )
    add_session(
        page, first_day, "10:30", "12:00", "Phone trees", "Cadenas de llamadas", "Sala Orinoco"
    )
    add_session(page, second_day, "09:00", "11:00", "Legal defence", "Defensa jurídica", "Sala 1")

    # A bilingual registration question, then back to the event to publish it.
    page.get_by_role("link", name="Registration questions").click()
    page.get_by_role("link", name="Add a question").click()
    page.get_by_label("Kind of answer").select_option("single_choice")
    page.get_by_label("Purpose").select_option("interpretation")
    page.locator("#label_en").fill("Which language do you follow the sessions in?")
    page.locator("#label_es").fill("¿En qué idioma sigues las sesiones?")
    page.get_by_label("An answer is required").check()
    page.locator("#choices-0-label_en").fill("Spanish")
    page.locator("#choices-0-label_es").fill("Español")
    page.locator("#choices-1-label_en").fill("English")
    page.locator("#choices-1-label_es").fill("Inglés")
    page.get_by_role("button", name="Save question").click()
    expect(page.get_by_text("The question is added.")).to_be_visible()
    expect(page.get_by_role("heading", name="Which language do you follow")).to_be_visible()
    screenshot(page, "questions-desktop")
    page.get_by_role("link", name="Manage this event").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("The event is published")).to_be_visible()
    screenshot(page, "manage-desktop")
    slug = page.url.rstrip("/").split("/")[-2]

    for viewport in ("desktop", "phone"):
        visitor = new_page(viewport, locale="es-ES")
        visitor.goto(live_server + "/")
        expect(visitor.get_by_role("link", name=TITLE_ES)).to_be_visible()
        assert VENUE not in visitor.content()
        visitor.get_by_role("link", name="Eventos", exact=True).click()
        expect(visitor.get_by_role("link", name=TITLE_ES)).to_be_visible()
        assert VENUE not in visitor.content()
        screenshot(visitor, f"list-{viewport}")

        visitor.get_by_role("link", name=TITLE_ES).click()
        expect(visitor.get_by_role("heading", name=TITLE_ES, level=1)).to_be_visible()
        expect(visitor.get_by_text("Dos días sobre redes comunitarias")).to_be_visible()
        expect(visitor.get_by_text("Bogotá, Colombia")).to_be_visible()
        content = visitor.content()
        assert VENUE not in content and "Teusaquillo" not in content
        assert TITLE_EN not in content
        screenshot(visitor, f"detail-{viewport}")

        visitor.get_by_role("link", name="Ver el programa").click()
        expect(visitor.get_by_text("Mapa de riesgos")).to_be_visible()
        expect(visitor.get_by_text("Defensa jurídica")).to_be_visible()
        assert VENUE not in visitor.content() and "Mapping risks" not in visitor.content()
        screenshot(visitor, f"agenda-{viewport}")

        for path in (f"/events/{slug}/manage/", f"/events/{slug}/manage/edit", "/events/x/"):
            response = visitor.goto(live_server + path)
            assert response.status in (200, 403, 404)  # the sign-in page, or refused
            assert VENUE not in visitor.content()

    # A Spanish member sees the question in Spanish on the registration form.
    reader = new_page("phone", locale="es-ES")
    browser_login(reader, live_server, "rosa", PASSWORD)
    reader.goto(f"{live_server}/events/{slug}/register")
    expect(reader.get_by_text("¿En qué idioma sigues las sesiones?")).to_be_visible()
    expect(reader.get_by_label("Inglés")).to_be_visible()
    screenshot(reader, "register-form-phone")

    # The organizer still sees the venue.
    page.goto(f"{live_server}/events/{slug}/")
    expect(page.get_by_text(VENUE)).to_be_visible()
