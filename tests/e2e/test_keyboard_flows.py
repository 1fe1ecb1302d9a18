"""The main flows by keyboard alone — Tab, Shift+Tab, Enter, Space and arrows, no clicks:
an organizer builds and publishes a bilingual event with an agenda and questions; a
member signs up in Spanish, is waitlisted and moves up; members post a tactic and reply
to a reply, and a moderator hides a reported reply. Screenshots at 1440 and 360 px."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import Page, expect

from forum.models import Role
from tests.conftest import PASSWORD
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.keyboard import (
    choose,
    follow,
    pick_radio,
    sign_in,
    tab_to,
    tick,
    type_datetime,
    type_into,
)
from tests.registration.factories import create_event, create_question, enrol_user


def both_widths(page: Page, screenshot, name: str) -> None:  # noqa: ANN001
    for viewport in ("desktop", "phone"):
        page.set_viewport_size(VIEWPORTS[viewport])
        screenshot(page, f"{name}-{viewport}")
    page.set_viewport_size(VIEWPORTS["desktop"])


def link(page: Page, name: str):  # noqa: ANN201
    return page.get_by_role("link", name=name, exact=True).first


def button(page: Page, name: str):  # noqa: ANN201
    return page.get_by_role("button", name=name, exact=True).first


def test_organizer_publishes_a_bilingual_event_by_keyboard(
    live_server, new_page, make_user, screenshot
):
    make_user("lucia", roles=[Role.ORGANIZER], display_name="Lucía Organiza", locale="en")
    day = date.today() + timedelta(days=45)
    page = new_page()
    sign_in(page, live_server, "lucia", PASSWORD)

    follow(page, link(page, "Events"))
    follow(page, link(page, "New event"))
    choose(page, page.get_by_label("Kind of event"), "Seminar")
    choose(page, page.get_by_label("Main language"), "English")
    type_into(page, page.locator("#text_en-title"), "Safe houses that last")
    type_into(page, page.locator("#text_en-summary"), "A day on temporary relocation.")
    type_into(page, page.locator("#text_es-title"), "Casas seguras que duran")
    type_into(page, page.locator("#text_es-summary"), "Un día sobre reubicación temporal.")
    choose(page, page.get_by_label("Time zone"), "America/Bogota")
    type_datetime(page, page.get_by_label("Starts", exact=True), f"{day.isoformat()}T09:00")
    type_datetime(page, page.get_by_label("Ends", exact=True), f"{day.isoformat()}T17:00")
    type_into(page, page.get_by_label("City", exact=True), "Medellín")
    choose(page, page.get_by_label("Country", exact=True), "Colombia")
    type_into(page, page.get_by_label("Capacity", exact=True), "30")
    tick(page, page.get_by_role("checkbox", name="Spanish", exact=True))
    follow(page, button(page, "Save event"))
    expect(page.get_by_text("The event is saved as a draft.")).to_be_visible()

    for start, end, english, spanish in (
        ("09:00", "10:30", "Opening circle", "Círculo de apertura"),
        ("11:00", "12:30", "Choosing a safe house", "Elegir una casa segura"),
    ):
        follow(page, link(page, "Add a session"))
        type_into(page, page.locator("#text_en-title"), english)
        type_into(page, page.locator("#text_es-title"), spanish)
        type_datetime(page, page.get_by_label("Starts", exact=True), f"{day}T{start}")
        type_datetime(page, page.get_by_label("Ends", exact=True), f"{day}T{end}")
        follow(page, button(page, "Save session"))
        expect(page.get_by_text("The session is added to the agenda.")).to_be_visible()

    follow(page, link(page, "Registration questions"))
    follow(page, link(page, "Add a question"))
    choose(page, page.get_by_label("Kind of answer"), "Single choice")
    type_into(page, page.locator("#label_en"), "Do you need a room for the night?")
    type_into(page, page.locator("#label_es"), "¿Necesitas habitación para la noche?")
    tick(page, page.get_by_label("An answer is required"))
    type_into(page, page.locator("#choices-0-label_en"), "Yes")
    type_into(page, page.locator("#choices-0-label_es"), "Sí")
    type_into(page, page.locator("#choices-1-label_en"), "No")
    type_into(page, page.locator("#choices-1-label_es"), "No")
    follow(page, button(page, "Save question"))
    expect(page.get_by_text("The question is added.")).to_be_visible()
    both_widths(page, screenshot, "questions")

    follow(page, link(page, "Manage this event"))
    follow(page, button(page, "Publish"))
    expect(page.get_by_text("The event is published")).to_be_visible()
    both_widths(page, screenshot, "published")

    # Back up the page with Shift+Tab: the agenda link is reachable that way too.
    tab_to(page, link(page, "View the agenda"), backwards=True)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Choosing a safe house")).to_be_visible()
    both_widths(page, screenshot, "agenda")


def test_spanish_member_signs_up_registers_waits_and_moves_up_by_keyboard(
    live_server, new_page, db, make_user, screenshot
):
    organizer = make_user("lucia", roles=[Role.ORGANIZER], display_name="Lucía")
    event = create_event(
        1, organizers=[organizer], title="Casas seguras", default_locale="es", capacity=1
    )
    room = create_question(
        event,
        "single_choice",
        label={"es": "¿Necesitas habitación?", "en": "Do you need a room?"},
        choices=[{"es": "Sí", "en": "Yes"}, {"es": "No", "en": "No"}],
        required=True,
    )
    enrol_user(event, make_user("first", display_name="First", locale="en"), {room.id: "c2"})
    db.session.commit()

    # A new member signs up; the browser asks for Spanish.
    page = new_page(locale="es-ES")
    page.goto(live_server + "/")
    follow(page, link(page, "Crear cuenta"))
    type_into(page, page.locator("#username"), "sofia")
    type_into(page, page.locator("#display_name"), "Sofía R.")
    type_into(page, page.locator("#password"), "quetzal volcán niebla río")
    type_into(page, page.locator("#confirm"), "quetzal volcán niebla río")
    follow(page, page.locator("main [type=submit]"))
    expect(page.get_by_text("Te damos la bienvenida, Sofía R.")).to_be_visible()

    # Events → the event → register, answering by keyboard.
    follow(page, link(page, "Eventos"))
    follow(page, link(page, "Casas seguras"))
    follow(page, link(page, "Inscribirme"))
    expect(page.get_by_text("El evento está completo")).to_be_visible()
    pick_radio(page, page.locator(f"input[name=q_{room.id}]"), page.get_by_label("Sí", exact=True))
    tick(page, page.get_by_label("He leído el aviso de privacidad anterior y lo acepto."))
    both_widths(page, screenshot, "register-form")
    follow(page, page.locator("main form.registration-form [type=submit]"))
    expect(page.locator(".my-registration .status-badge").first).to_have_text("En lista de espera")
    both_widths(page, screenshot, "waitlisted")

    # The seated person cancels from their account page, by keyboard too.
    first = new_page()
    first.on("dialog", lambda dialog: dialog.accept())  # the browser's own "are you sure?"
    sign_in(first, live_server, "first", PASSWORD)
    first.goto(live_server + "/account/")
    follow(first, button(first, "Cancel registration"))
    expect(first.get_by_text("Your registration is cancelled.")).to_be_visible()

    # Sofía moved up: her place is confirmed, in Spanish.
    page.reload()
    expect(page.locator(".my-registration .status-badge").first).to_have_text("Aprobada")
    both_widths(page, screenshot, "promoted")


TACTIC = "Permanence juridique joignable la nuit"


def test_tactic_reply_to_a_reply_and_moderation_by_keyboard(
    live_server, new_page, make_user, screenshot
):
    for username, name in (("amina", "Amina K."), ("joao", "João"), ("olena", "Olena")):
        make_user(username, display_name=name)
    make_user("layla", display_name="Layla")
    make_user("nadia", roles=[Role.MODERATOR], display_name="Nadia")

    amina = new_page()
    sign_in(amina, live_server, "amina", PASSWORD)
    follow(amina, link(amina, "Exchanges"))
    follow(amina, link(amina, "Start an exchange"))
    type_into(amina, amina.get_by_label("Title"), TACTIC)
    type_into(
        amina,
        amina.get_by_label("What happened, what you tried, what you learned"),
        "Des avocates **joignables** jour et nuit.\nDès la garde à vue, l'une se déplace.",
    )
    choose(amina, amina.get_by_label("Language of your text"), "Français")
    tick(amina, amina.get_by_label("Africa", exact=True))
    tick(amina, amina.get_by_label("Criminalisation & judicial harassment"))
    tick(amina, amina.get_by_label("Women defenders", exact=True))
    pick_radio(
        amina, amina.locator("input[name=outcome]"), amina.get_by_label("Worked", exact=True)
    )
    follow(amina, button(amina, "Publish"))
    expect(amina.get_by_text("Your exchange is published.")).to_be_visible()
    expect(amina.locator(".post-body").first).to_have_text(
        "Des avocates joignables jour et nuit.\nDès la garde à vue, l'une se déplace."
    )
    thread_url = amina.url

    joao = new_page()
    sign_in(joao, live_server, "joao", PASSWORD)
    joao.goto(thread_url)
    type_into(
        joao, joao.get_by_label("Your reply", exact=True), "Au Brésil aussi, avec des juristes."
    )
    follow(joao, button(joao, "Send reply"))
    expect(joao.get_by_text("Your reply is published.")).to_be_visible()

    olena = new_page()
    sign_in(olena, live_server, "olena", PASSWORD)
    olena.goto(thread_url)
    joao_post = olena.locator("article.post").filter(has_text="Au Brésil")
    follow(olena, joao_post.get_by_role("link", name="Reply"))
    expect(olena.get_by_role("heading", name="Reply to João")).to_be_visible()
    type_into(olena, olena.get_by_label("Your reply", exact=True), "Qui paie les trajets ?")
    follow(olena, button(olena, "Send reply"))
    nested = olena.locator("article.post").filter(has_text="Qui paie les trajets")
    expect(nested).to_have_class(re.compile(r"\bindent-2\b"))
    both_widths(olena, screenshot, "thread")

    layla = new_page()
    sign_in(layla, live_server, "layla", PASSWORD)
    layla.goto(thread_url)
    report = (
        layla.locator("article.post")
        .filter(has_text="Au Brésil")
        .get_by_role("link", name="Report")
    )
    follow(layla, report)
    pick_radio(layla, layla.locator("input[type=radio]"), layla.get_by_label("Spam or advertising"))
    type_into(
        layla, layla.get_by_label("Anything moderators should know (optional)"), "Hors sujet."
    )
    follow(layla, button(layla, "Report to moderators"))
    expect(layla.get_by_text("Thank you. Moderators will look at it")).to_be_visible()

    nadia = new_page()
    sign_in(nadia, live_server, "nadia", PASSWORD)
    follow(nadia, link(nadia, "Moderation"))
    item = nadia.locator(".queue-item").filter(has_text="Au Brésil")
    expect(item).to_contain_text("Hors sujet.")
    both_widths(nadia, screenshot, "moderation-queue")
    follow(nadia, item.get_by_role("button", name="Hide"))
    expect(nadia.get_by_text("This message is hidden.")).to_be_visible()

    layla.goto(thread_url)
    expect(layla.get_by_text("Au Brésil")).to_have_count(0)
    expect(layla.get_by_text("This message was hidden by the moderators.")).to_be_visible()
    expect(layla.locator("article.post").filter(has_text="Qui paie les trajets")).to_be_visible()
    both_widths(layla, screenshot, "thread-after-moderation")
