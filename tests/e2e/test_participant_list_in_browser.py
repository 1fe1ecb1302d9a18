"""The participant list on a 360 px phone: long names (Latin and Arabic), long shared
profile details and role badges wrap inside the page instead of pushing it sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Role
from forum.profiles.services import save_profile
from tests.conftest import PASSWORD
from tests.e2e.conftest import browser_login
from tests.registration.factories import create_event, enrol_user

# (username, display name at the 60-character limit or close to it, role at the event)
PEOPLE = [
    ("maria", "María Fernanda Gutiérrez-Castañeda de la Santísima Trinidad", "speaker"),
    ("nomvula", "Nomvulaxolisilekhethiwekazimthandazozamantungwakhulu", "participant"),
    ("abd", "عبد الرحمن بن عبد العزيز بن محمد آل سعود الحسيني القرشي", "interpreter"),
    ("fatima", "فاطمةالزهراءبنتمحمدبنعبداللهبنعبدالمطلبالهاشمية", "participant"),
    ("joao", "João Pedro dos Santos Albuquerque Vasconcelos e Silva Júnior", "staff"),
    ("nguyen", "Nguyễn Thị Minh Khai-Trần Hưng Đạo-Lê Thánh Tông-Phạm Ngũ Lão", "participant"),
    ("layla", "ليلى", "participant"),
    ("tenzin", "Tenzin", "participant"),
]
SHARED = {
    "organisation": "Asociación Interamericana para la Defensa de los Derechos Humanos y "
    "del Medio Ambiente (AIDDHMA)",
    "contact": "https://matrix.to/#/@defensora.de.derechos.humanos.internacional:"
    "matrix.organizacion-de-derechos-humanos.example.org",
    "pronouns": "ella/she/elle/ela/هي",
    "country": "CO",
    "languages": ["ar", "en", "es", "fr", "pt"],
    "bio": "Acompañamiento_psicosocial_a_defensoras_comunitarias_en_territorios_"
    "afectados_por_el_conflicto_armado https://example.org/" + "a" * 80,
}


@pytest.mark.parametrize(
    ("locale", "heading"),
    [("en", "Participants: Protection seminar"), ("ar", "المشاركون")],
    ids=["en", "ar"],
)
def test_participant_list_fits_a_360px_phone(
    live_server, new_page, screenshot, make_user, locale, heading
):
    organizer = make_user("lucia", roles=[Role.ORGANIZER], display_name="Lucía")
    event = create_event(1, organizers=[organizer], title="Protection seminar", capacity=50)
    viewer = make_user("viewer", display_name="Amina K.", locale=locale)
    enrol_user(event, viewer, listing="participants")
    for username, display_name, role in PEOPLE:
        person = make_user(username, display_name=display_name, locale=locale)
        values: dict[str, object] = dict(SHARED)
        values.update({f"{name}_visibility": "participants" for name in SHARED})
        save_profile(person, values)
        db.session.commit()
        registration = enrol_user(event, person, listing="participants")
        registration.role = role
        db.session.commit()

    page = new_page("phone", locale=locale)
    browser_login(page, live_server, "viewer", PASSWORD)
    page.goto(f"{live_server}/events/{event.slug}/participants")
    expect(page.locator("h1")).to_contain_text(heading)
    expect(page.locator(".participant-list > li")).to_have_count(len(PEOPLE) + 1)
    screenshot(page, f"participants-{locale}-phone")
    scroll, client, wide = page.evaluate(WIDTHS)
    assert scroll <= client, f"the page is {scroll} px wide in a {client} px screen: {wide}"


# The page's widths, and the deepest elements that stick out of the screen (for the message).
WIDTHS = """() => {
  const root = document.documentElement, screen = root.clientWidth;
  const out = [...document.querySelectorAll("main *")].filter((el) => {
    const box = el.getBoundingClientRect();
    return (box.right > screen + 0.5 || box.left < -0.5) && !el.querySelector("*");
  });
  const names = out.slice(0, 5).map((el) => el.tagName.toLowerCase() + "." + el.className);
  return [root.scrollWidth, screen, names];
}"""
