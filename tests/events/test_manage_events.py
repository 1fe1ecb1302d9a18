"""Organizers create, edit, publish, cancel and delete events; others cannot."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa

from forum.events.models import Event, EventStatus
from forum.models import AuditEntry, Role
from tests.checks import assert_private_page
from tests.events.conftest import edit_form, event_form


def count_events(db) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Event))


def test_an_organizer_creates_a_bilingual_draft(client, db, login_as):
    lucia = login_as("lucia", Role.ORGANIZER, display_name="Lucía Organiza")
    page = client.get("/events/new")
    assert page.status_code == 200
    assert_private_page(page.get_data(as_text=True))

    response = client.post("/events/new", data=event_form())
    assert response.status_code == 303
    event = db.session.scalar(sa.select(Event))
    assert response.headers["Location"] == f"/events/{event.slug}/manage/"
    assert event.slug == "collective-protection-in-rural-colombia"
    assert event.status == EventStatus.DRAFT.value
    assert [user.id for user in event.organizers] == [lucia.id]
    # 09:00 in Bogotá (UTC−5) is stored as 14:00 UTC, without a zone.
    assert event.starts_at == datetime(2027, 3, 10, 14, 0)
    assert event.ends_at == datetime(2027, 3, 11, 22, 30)
    assert event.registration_closes_at == datetime(2027, 3, 2, 4, 59)
    texts = {text.locale: text for text in event.texts}
    assert set(texts) == {"en", "es"}
    assert texts["es"].title == "Protección colectiva en la Colombia rural"
    assert "<strong>guardias comunitarias</strong>" in texts["es"].description_html
    assert "<h2>Programa</h2>" in texts["es"].description_html
    assert event.interpretation_languages == ["en", "es"]
    assert event.capacity == 60


def test_the_slug_is_editable_and_kept_unique(client, db, login_as, make_event):
    make_event("Collective protection in rural Colombia")
    login_as("ana", Role.ORGANIZER)
    client.post("/events/new", data=event_form())
    slugs = set(db.session.scalars(sa.select(Event.slug)))
    assert slugs == {
        "collective-protection-in-rural-colombia",
        "collective-protection-in-rural-colombia-2",
    }
    client.post("/events/new", data=event_form(slug="bogota-2027"))
    assert db.session.scalar(sa.select(Event).where(Event.slug == "bogota-2027")) is not None


def test_an_arabic_only_title_still_gets_an_address(client, db, login_as):
    login_as("layla", Role.ORGANIZER)
    form = event_form(
        default_locale="ar",
        **{"text_en-title": "", "text_en-summary": "", "text_en-description": ""},
        **{"text_es-title": "", "text_es-summary": "", "text_es-description": ""},
        **{"text_ar-title": "ورشة الحماية الرقمية"},
    )
    assert client.post("/events/new", data=form).status_code == 303
    assert db.session.scalar(sa.select(Event.slug)) == "event"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_at": "2027-03-10T08:00"}, "The end must come after the start."),
        ({"ends_at": "2027-03-10T09:00"}, "The end must come after the start."),
        ({"starts_at": "10/03/2027"}, "Enter a date and time, for example 2027-03-10 09:30."),
        ({"starts_at": ""}, "This field is required."),
        ({"starts_at": "   "}, "This field is required."),
        ({"ends_at": "\t"}, "This field is required."),
        ({"purge_after_days": " "}, "This field is required."),
        ({"timezone": "Mars/Olympus_Mons"}, "Choose a time zone from the list."),
        (
            {"registration_closes_at": "2027-03-12T09:00"},
            "Registration cannot close after the event ends.",
        ),
        (
            {"registration_opens_at": "2027-03-02T09:00"},
            "Registration must open before it closes.",
        ),
        ({"slug": "Bogotá 2027"}, "Use only lowercase letters a–z, digits and single hyphens"),
        ({"slug": "new"}, "This address is reserved."),
        ({"text_en-title": "x" * 201}, "Use at most 200 characters."),
        ({"text_es-summary": "x" * 501}, "Use at most 500 characters."),
        ({"text_en-description": "x" * 20_001}, "Use at most 20000 characters."),
        ({"venue_address": "x" * 501}, "Use at most 500 characters."),
        (
            {"online_url": "http://meet.example.org/room"},
            "Enter a full link starting with https://",
        ),
        ({"online_url": "javascript:alert(1)"}, "Enter a full link starting with https://"),
        ({"online_url": "https://"}, "Enter a full link starting with https://"),
        ({"online_url": "https://user:pw@meet.example.org/"}, "Enter a full link starting with"),
        ({"country": "XX"}, "Choose a country from the list."),
        ({"country": ""}, "Give the country where the event takes place, or an online link."),
        ({"capacity": "0"}, "Enter a number from 1 to 100000."),
        ({"capacity": "many"}, "Enter a whole number."),
        ({"purge_after_days": "-1"}, "Enter a number from 0 to 3650."),
        ({"kind": "party"}, "Choose one of the kinds offered."),
        ({"interpretation_languages": ["en", "klingon"]}, "Choose only from the options offered."),
        (
            {"text_es-title": "", "text_es-summary": "Resumen sin título"},
            "Give a title in this language, or leave its summary and description empty.",
        ),
        ({"default_locale": "fr"}, "The main language needs a title."),
        ({"default_locale": "xx"}, "Choose one of the languages offered."),
        # 02:30 on 28 March 2027 never happens in Paris: the clocks jump from 02:00 to 03:00.
        (
            {"timezone": "Europe/Paris", "starts_at": "2027-03-28T02:30"},
            "This time does not exist in the event",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    client, db, login_as, overrides, message
):
    login_as("lucia", Role.ORGANIZER)
    response = client.post("/events/new", data=event_form(**overrides))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True).replace("&#39;", "'")
    assert count_events(db) == 0


def test_an_event_needs_a_title_in_some_language(client, db, login_as):
    login_as("lucia", Role.ORGANIZER)
    blank = {
        f"text_{code}-{part}": ""
        for code in ("en", "es")
        for part in ("title", "summary", "description")
    }
    response = client.post("/events/new", data=event_form(**blank))
    assert response.status_code == 422
    assert "Give the event a title in at least one language." in response.get_data(as_text=True)
    assert count_events(db) == 0


def test_a_taken_slug_is_refused(client, db, login_as, make_event):
    make_event(slug="bogota-2027")
    login_as("ana", Role.ORGANIZER)
    response = client.post("/events/new", data=event_form(slug="bogota-2027"))
    assert response.status_code == 422
    assert "This web address is already used by another event." in response.get_data(as_text=True)
    assert count_events(db) == 1


def test_control_characters_are_dropped_and_lines_kept(client, db, login_as):
    login_as("lucia", Role.ORGANIZER)
    form = event_form(
        venue_address="Calle 45\r\nBarrio Teusaquillo\x00",
        co_organizers="\x00",
        **{"text_en-title": "Safe\x00 houses", "text_en-description": "One\x00\n\nTwo"},
    )
    assert client.post("/events/new", data=form).status_code == 303
    event = db.session.scalar(sa.select(Event))
    assert event.venue_address == "Calle 45\nBarrio Teusaquillo"
    text = event.text_for("en")
    assert text.title == "Safe houses" and text.description == "One\n\nTwo"


def test_validation_messages_are_translated(client, db, login_as):
    login_as("lucia", Role.ORGANIZER, locale="es")
    response = client.post("/events/new", data=event_form(ends_at="2027-03-09T08:00"))
    assert response.status_code == 422
    assert "El final debe ser posterior al inicio." in response.get_data(as_text=True)


def test_an_online_only_event_needs_no_country(client, db, login_as):
    login_as("lucia", Role.ORGANIZER)
    form = event_form(
        venue_name="",
        venue_address="",
        city="",
        country="",
        online_url="https://meet.example.org/protection",
    )
    assert client.post("/events/new", data=form).status_code == 303
    event = db.session.scalar(sa.select(Event))
    assert event.country is None and event.online_url == "https://meet.example.org/protection"


def test_members_cannot_create_events(client, db, login_as):
    assert client.get("/events/new").status_code == 302  # to the sign-in page
    login_as("amina")
    assert client.get("/events/new").status_code == 403
    assert client.post("/events/new", data=event_form()).status_code == 403
    assert count_events(db) == 0


def test_co_organizers_are_added_by_username_and_shown_by_display_name(
    client, db, login_as, make_user
):
    make_user("kwame", roles=[Role.ORGANIZER], display_name="Kwame A.")
    make_user("amina", display_name="Amina K.")  # a member, not an organizer
    login_as("lucia", Role.ORGANIZER)

    response = client.post("/events/new", data=event_form(co_organizers="amina\nnobody"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    # The same message for an unknown name and a member without the role.
    assert "No account that can organise events has these usernames: amina, nobody." in page
    assert count_events(db) == 0

    assert client.post("/events/new", data=event_form(co_organizers="Kwame")).status_code == 303
    event = db.session.scalar(sa.select(Event))
    assert sorted(user.username for user in event.organizers) == ["kwame", "lucia"]
    services_publish(client, event)
    page = client.get(f"/events/{event.slug}/").get_data(as_text=True)
    assert "Kwame A." in page
    assert "kwame" not in page  # never the username


def services_publish(client, event) -> None:
    assert client.post(f"/events/{event.slug}/manage/publish").status_code == 303


def test_only_the_events_organizers_and_admins_edit(client, db, make_event, make_user, login_as):
    event = make_event()
    make_user("other", roles=[Role.ORGANIZER])
    make_user("staffer", roles=[Role.STAFF])
    make_user("root", roles=[Role.ADMIN])
    from tests.conftest import login

    edit = f"/events/{event.slug}/manage/edit"
    login(client, "other")
    assert client.get(edit).status_code == 403
    assert client.post(edit, data=event_form()).status_code == 403
    assert client.get(f"/events/{event.slug}/manage/").status_code == 403

    client.post("/auth/logout")
    login(client, "staffer")
    overview = client.get(f"/events/{event.slug}/manage/")
    assert overview.status_code == 200  # staff see everything…
    page = overview.get_data(as_text=True)
    assert "only its organizers and administrators can change it" in page
    assert "Edit the event" not in page and "Add a session" not in page
    assert client.get(edit).status_code == 403  # …but change nothing
    assert client.post(f"/events/{event.slug}/manage/cancel").status_code == 403

    client.post("/auth/logout")
    login(client, "root")
    assert client.get(edit).status_code == 200
    response = client.post(edit, data=edit_form(event, **{"text_en-title": "Renamed by the admin"}))
    assert response.status_code == 303
    db.session.refresh(event)
    assert event.text_for("en").title == "Renamed by the admin"


def test_editing_keeps_what_is_unchanged_and_rerenders_markdown(client, db, make_event, organizer):
    event = make_event(texts={"en": "Digital security clinic"})
    from tests.conftest import login

    login(client, "lucia")
    page = client.get(f"/events/{event.slug}/manage/edit").get_data(as_text=True)
    assert "Digital security clinic" in page
    assert 'value="2026' in page or 'value="2027' in page  # times filled back in local time
    assert_private_page(page)
    response = client.post(
        f"/events/{event.slug}/manage/edit",
        data=edit_form(
            event,
            **{"text_en-description": "Bring *no* phone.", "text_es-title": ""},
            **{"text_es-summary": "", "text_es-description": ""},
        ),
    )
    assert response.status_code == 303
    db.session.refresh(event)
    assert [text.locale for text in event.texts] == ["en"]
    assert event.texts[0].description_html == "<p>Bring <em>no</em> phone.</p>\n"


def test_organizers_can_be_removed_but_not_all_of_them(client, db, make_event, make_user):
    make_user("kwame", roles=[Role.ORGANIZER], display_name="Kwame A.")
    event = make_event(co_organizers=("kwame",))
    lucia, kwame = sorted(event.organizers, key=lambda user: user.username)[::-1]
    from tests.conftest import login

    login(client, "lucia")
    edit = f"/events/{event.slug}/manage/edit"
    response = client.post(edit, data=edit_form(event, keep_organizers=[]))
    assert response.status_code == 422
    assert "An event needs at least one organizer." in response.get_data(as_text=True)
    response = client.post(edit, data=edit_form(event, keep_organizers=[str(lucia.id)]))
    assert response.status_code == 303
    db.session.refresh(event)
    assert [user.username for user in event.organizers] == ["lucia"]


def test_dates_cannot_move_away_from_the_agenda(client, db, make_event, make_session):
    event = make_event(starts_at=datetime(2027, 3, 10, 14, 0), hours=32)
    make_session(event, start_hours=30, hours=1)  # on the second day
    from tests.conftest import login

    login(client, "lucia")
    response = client.post(
        f"/events/{event.slug}/manage/edit",
        data=edit_form(event, ends_at="2027-03-10T18:00"),
    )
    assert response.status_code == 422
    assert "1 session of the agenda falls outside these dates." in response.get_data(as_text=True)
    db.session.refresh(event)
    assert event.ends_at == datetime(2027, 3, 11, 22, 0)


def test_publish_cancel_and_delete(client, db, make_event):
    draft = make_event("A draft", status="draft")
    published = make_event("Published one")
    from tests.conftest import login

    login(client, "lucia")
    assert client.post(f"/events/{published.slug}/manage/delete").status_code == 303
    assert db.session.get(Event, published.id) is not None  # published: refused
    assert "Only a draft can be deleted." in client.get("/events/").get_data(as_text=True)

    assert client.post(f"/events/{published.slug}/manage/cancel").status_code == 303
    db.session.refresh(published)
    assert published.status == "cancelled" and published.cancelled_at is not None
    detail = client.get(f"/events/{published.slug}/").get_data(as_text=True)
    assert "This event is cancelled." in detail

    assert client.post(f"/events/{draft.slug}/manage/cancel").status_code == 303
    db.session.refresh(draft)
    assert draft.status == "draft"  # a draft is deleted, not cancelled
    assert client.post(f"/events/{draft.slug}/manage/publish").status_code == 303
    db.session.refresh(draft)
    assert draft.status == "published" and draft.published_at is not None

    another = make_event("Deletable", status="draft")
    response = client.post(f"/events/{another.slug}/manage/delete")
    assert response.status_code == 303 and response.headers["Location"] == "/events/"
    another_id = another.id
    db.session.expunge_all()
    assert db.session.get(Event, another_id) is None
    actions = set(db.session.scalars(sa.select(AuditEntry.action)))
    assert actions == {"event.cancel", "event.delete"}


def test_drafts_are_hidden_from_everyone_but_their_team(client, db, make_event, make_user):
    draft = make_event("Secret planning", status="draft")
    make_user("other", roles=[Role.ORGANIZER])
    make_user("staffer", roles=[Role.STAFF])
    make_user("amina")
    from tests.conftest import login

    paths = [f"/events/{draft.slug}/", f"/events/{draft.slug}/agenda"]
    paths += [f"/events/{draft.slug}/manage/", f"/events/{draft.slug}/manage/edit"]
    for path in paths:
        assert client.get(path).status_code == 404, path
    for name in ("amina", "other"):
        login(client, name)
        for path in paths:
            assert client.get(path).status_code == 404, (name, path)
        assert client.post(f"/events/{draft.slug}/manage/publish").status_code == 404
        client.post("/auth/logout")
    login(client, "staffer")
    assert client.get(f"/events/{draft.slug}/").status_code == 200
    client.post("/auth/logout")
    login(client, "lucia")
    page = client.get(f"/events/{draft.slug}/").get_data(as_text=True)
    assert "This is a draft" in page


def test_more_seats_go_at_once_to_the_people_waiting(client, db, make_event, organizer, login_as):
    from forum.events.registration.models import Registration, RegistrationStatus
    from tests.conftest import login

    event = make_event(capacity=1)
    people = [login_as(f"member{n}") for n in range(3)]
    client.post("/auth/logout")
    for position, person in enumerate(people):
        approved = position == 0
        db.session.add(
            Registration(
                event_id=event.id,
                user_id=person.id,
                status=(RegistrationStatus.APPROVED if approved else RegistrationStatus.WAITLISTED),
                waitlist_position=None if approved else position,
                listing="nobody",
            )
        )
    db.session.commit()
    login(client, organizer.username)
    response = client.post(f"/events/{event.slug}/manage/edit", data=edit_form(event, capacity="2"))
    assert response.status_code == 303
    statuses = dict(
        db.session.execute(
            sa.select(Registration.user_id, Registration.status).execution_options(
                populate_existing=True
            )
        ).all()
    )
    assert statuses == {
        people[0].id: "approved",
        people[1].id: "approved",  # first in line took the new seat
        people[2].id: "waitlisted",
    }
