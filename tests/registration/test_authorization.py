"""Every way we could think of to read someone else's hidden registration data.

A victim registers with a legal name for organizers, a contact for herself, a sensitive
answer, a badge name and an organizer's note. Other members, an organizer of another
event, a fellow participant, a moderator and a signed-out visitor then try every page and
export this feature adds; none of them may see any of it or change anything.
"""

import json

import pytest
import sqlalchemy as sa

from forum.events.registration import services
from forum.events.registration.models import Question, Registration
from forum.models import Role
from tests.checks import assert_private_page
from tests.conftest import login

SECRETS = (
    "Belisaria Vondracek",  # legal name, shared with organizers only
    "vondracek@signal",  # contact, for herself only
    "Insulin twice daily",  # sensitive answer
    "Bel V. Badge",  # badge name
    "Vetted by Kestrelhaus",  # organizers' note to her
)


@pytest.fixture
def scene(db, make_user, make_event, make_question, enrol):
    from forum.profiles.services import save_profile

    lucia = make_user("lucia", roles=[Role.ORGANIZER], display_name="Lucía")
    event = make_event(requires_approval=True, capacity=5, organizers=[lucia])
    other_organizer = make_user("otherorg", roles=[Role.ORGANIZER], display_name="Other Org")
    other_event = make_event(organizers=[other_organizer])
    health = make_question(event, label="Medical needs", sensitive=True)
    victim = make_user("victim", display_name="Victim Pseudonym")
    save_profile(
        victim,
        {
            "legal_name": SECRETS[0],
            "legal_name_visibility": "organizers",
            "contact": SECRETS[1],
            "contact_visibility": "me",
        },
    )
    db.session.commit()
    registration = enrol(
        event, victim, {health.id: SECRETS[2]}, badge_name=SECRETS[3], listing="members"
    )
    services.decide(
        event.id, [registration.id], services.Decision.APPROVE, actor=lucia, note=SECRETS[4]
    )
    db.session.commit()
    fellow = make_user("fellow", display_name="Fellow")
    fellow_registration = enrol(event, fellow)
    services.decide(event.id, [fellow_registration.id], services.Decision.APPROVE, actor=lucia)
    enrol(other_event, make_user("otherguest"))
    make_user("nosy", display_name="Nosy")
    make_user("mod", roles=[Role.MODERATOR])
    db.session.commit()
    return {
        "event": event,
        "other_event": other_event,
        "question": health,
        "registration": registration,
    }


ATTACKERS = [None, "nosy", "otherorg", "fellow", "mod"]


def pages(scene):
    slug = scene["event"].slug
    question = scene["question"].id
    return [
        f"/events/{slug}/manage/registrations",
        f"/events/{slug}/manage/registrations?status=approved",
        f"/events/{slug}/manage/audit",
        f"/events/{slug}/manage/questions",
        f"/events/{slug}/manage/questions/new",
        f"/events/{slug}/manage/questions/{question}",
        f"/events/{slug}/participants",
        f"/events/{slug}/register",
        "/account/",
        "/account/profile",
        "/account/data",
        "/account/data/export.json",
    ]


def as_(client, username):
    client.post("/auth/logout")
    if username:
        assert login(client, username).status_code == 302


@pytest.mark.parametrize("attacker", ATTACKERS)
def test_no_page_or_export_shows_the_victims_hidden_data(client, scene, attacker):
    as_(client, attacker)
    for path in pages(scene):
        response = client.get(path, follow_redirects=True)
        body = response.get_data(as_text=True)
        for secret in SECRETS:
            assert secret not in body, (attacker, path, secret)
        if response.mimetype == "text/html":
            assert_private_page(body)


@pytest.mark.parametrize("attacker", ATTACKERS)
def test_team_pages_are_closed_to_outsiders(client, scene, attacker):
    as_(client, attacker)
    for path in pages(scene)[:6]:
        status = client.get(path).status_code
        # The event is published: signed-in outsiders may know it, not run it (403).
        assert status == (302 if attacker is None else 403), (attacker, path, status)


@pytest.mark.parametrize("attacker", ATTACKERS)
def test_no_one_outside_the_team_can_change_anything(client, db, scene, attacker):
    as_(client, attacker)
    slug = scene["event"].slug
    registration = scene["registration"]
    question = scene["question"]
    attempts = [
        (f"/events/{slug}/manage/registrations/decide", {"ids": [registration.id], "decline": "1"}),
        (f"/events/{slug}/manage/registrations/{registration.id}/check-in", {"arrived": "1"}),
        (
            f"/events/{slug}/manage/questions/new",
            {"kind": "short_text", "purpose": "other", "label_en": "Home address?"},
        ),
        (
            f"/events/{slug}/manage/questions/{question.id}",
            {"kind": "short_text", "purpose": "other", "label_en": "Changed"},
        ),
        (f"/events/{slug}/manage/questions/{question.id}/remove", {}),
        (f"/events/{slug}/manage/questions/{question.id}/move", {"direction": "down"}),
    ]
    for path, data in attempts:
        assert client.post(path, data=data).status_code in (302, 403), (attacker, path)
    db.session.expire_all()
    victim = db.session.get(Registration, registration.id)
    assert (victim.status, victim.checked_in_at) == ("approved", None)
    assert db.session.get(Question, question.id).labels == {"en": "Medical needs"}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Question)) == 1


def test_cancel_and_listing_only_ever_touch_my_own_registration(client, db, scene):
    as_(client, "nosy")
    slug = scene["event"].slug
    client.post(f"/events/{slug}/register/cancel")
    assert (
        client.post(f"/events/{slug}/register/listing", data={"listing": "nobody"}).status_code
        == 404
    )
    db.session.expire_all()
    victim = db.session.get(Registration, scene["registration"].id)
    assert (victim.status, victim.listing) == ("approved", "members")


def test_an_organizer_sees_nothing_of_another_events_registrations(client, scene):
    as_(client, "otherorg")
    other = scene["other_event"].slug
    page = client.get(f"/events/{other}/manage/registrations").get_data(as_text=True)
    assert "Victim Pseudonym" not in page and "Otherguest" in page
    # Registration ids from the other event cannot be smuggled through this event's URLs.
    response = client.post(
        f"/events/{other}/manage/registrations/decide",
        data={"ids": [scene["registration"].id], "decline": "1"},
    )
    assert response.status_code == 303


def test_the_export_holds_only_the_requesters_data(client, scene):
    as_(client, "fellow")
    data = json.loads(client.get("/account/data/export.json").get_data(as_text=True))
    assert data["account"]["username"] == "fellow"
    assert [r["event"]["slug"] for r in data["registrations"]] == [scene["event"].slug]
    assert "Victim" not in json.dumps(data)


def test_the_team_does_see_what_was_shared_with_it(client, scene):
    """The same pages are not simply empty: the organizer sees what the victim shared."""
    as_(client, "lucia")
    page = client.get(f"/events/{scene['event'].slug}/manage/registrations").get_data(as_text=True)
    for secret in (SECRETS[0], SECRETS[2], SECRETS[3], SECRETS[4]):
        assert secret in page
    assert SECRETS[1] not in page  # her contact stays hers
