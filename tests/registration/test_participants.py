"""The participant list: only consenting approved people, only for approved participants
and the team, showing only the profile fields each person shares with the viewer."""

import pytest

from forum.events.registration import services
from forum.models import Role
from tests.checks import assert_private_page
from tests.conftest import login


@pytest.fixture
def gathering(db, make_event, make_user, enrol):
    from forum.profiles.services import save_profile

    organizer = make_user("lucia", roles=[Role.ORGANIZER], display_name="Lucía")
    event = make_event(capacity=10, organizers=[organizer])
    amina = make_user("amina", display_name="Amina K.")
    save_profile(
        amina,
        {
            "legal_name": "Aminata Kourouma-Diallo",
            "legal_name_visibility": "organizers",
            "organisation": "Collectif Terre",
            "organisation_visibility": "participants",
            "pronouns": "elle",
            "pronouns_visibility": "members",
            "contact": "@amina_signal",
            "contact_visibility": "me",
        },
    )
    db.session.commit()
    enrol(event, amina, listing="participants")
    enrol(event, make_user("joao", display_name="João Hidden"), listing="nobody")
    enrol(event, make_user("layla", display_name="Layla M."), listing="members")
    tenzin = make_user("tenzin", display_name="Tenzin")
    enrol(event, tenzin)
    waiting = make_event(capacity=10, requires_approval=True, organizers=[organizer])
    mariana = make_user("mariana", display_name="Mariana Pending")
    db.session.commit()
    return {"event": event, "organizer": organizer, "mariana": mariana, "other": waiting}


def page_of(client, event):
    return client.get(f"/events/{event.slug}/participants")


def test_an_approved_participant_sees_who_consented_and_what_they_share(client, gathering):
    login(client, "tenzin")
    response = page_of(client, gathering["event"])
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Amina K." in page and "Layla M." in page
    assert "João Hidden" not in page  # chose nobody
    assert "Tenzin" not in page.split('id="main"', 1)[1]  # the viewer chose nobody too
    assert "Collectif Terre" in page and "elle" in page  # participants / members fields
    assert "Aminata" not in page  # organizers only
    assert "@amina_signal" not in page  # only her
    assert_private_page(page)


def test_pending_people_are_not_listed(client, db, gathering, enrol):
    event = gathering["event"]
    event.requires_approval = True
    db.session.commit()
    enrol(event, gathering["mariana"], listing="members")
    login(client, "tenzin")
    assert "Mariana Pending" not in page_of(client, event).get_data(as_text=True)


def test_organizers_see_what_is_shared_with_organizers(client, gathering):
    login(client, "lucia")
    page = page_of(client, gathering["event"]).get_data(as_text=True)
    assert "Aminata Kourouma-Diallo" in page and "Collectif Terre" in page
    assert "@amina_signal" not in page


def test_withdrawing_consent_removes_a_person_at_once(client, db, gathering):
    login(client, "amina")
    response = client.post(
        f"/events/{gathering['event'].slug}/register/listing", data={"listing": "nobody"}
    )
    assert response.status_code == 303
    client.post("/auth/logout")
    login(client, "tenzin")
    assert "Amina K." not in page_of(client, gathering["event"]).get_data(as_text=True)


def test_a_bad_listing_choice_changes_nothing(client, db, gathering):
    login(client, "amina")
    url = f"/events/{gathering['event'].slug}/register/listing"
    assert client.post(url, data={"listing": "world"}).status_code == 400
    client.post("/auth/logout")
    login(client, "tenzin")
    assert "Amina K." in page_of(client, gathering["event"]).get_data(as_text=True)


def test_the_list_is_closed_to_everyone_else(client, db, gathering, make_user, enrol):
    event = gathering["event"]
    assert page_of(client, event).status_code == 302  # signed out: sign in first
    make_user("stranger")
    login(client, "stranger")
    assert page_of(client, event).status_code == 403
    client.post("/auth/logout")
    # Pending, waitlisted or cancelled people are not participants yet (or any more).
    mariana = gathering["mariana"]
    event.requires_approval = True
    db.session.commit()
    enrol(event, mariana)
    login(client, "mariana")
    assert page_of(client, event).status_code == 403
    client.post("/auth/logout")
    services.cancel(event.id, mariana)
    db.session.commit()
    login(client, "mariana")
    assert page_of(client, event).status_code == 403
    client.post("/auth/logout")
    login(client, "tenzin")
    assert page_of(client, gathering["other"]).status_code == 403  # another event
    client.post("/auth/logout")
    make_user("otherorg", roles=[Role.ORGANIZER])
    login(client, "otherorg")
    assert page_of(client, event).status_code == 403
