"""/account/data: download everything held about me; erase my account for good."""

import json
import sys
import types

import pytest
import sqlalchemy as sa

from forum.events.models import Event
from forum.events.registration.models import Answer, Registration
from forum.models import AuditEntry, Role, User
from forum.profiles import data_rights
from forum.profiles.models import Profile
from forum.security.events import is_event_organizer
from tests.checks import assert_private_page
from tests.conftest import PASSWORD, login
from tests.rawdb import raw_database_text

LEGAL_NAME = "Ottoline Brackenbury-Nkemelu"


@pytest.fixture
def amina(make_user, make_profile, make_event, make_question, enrol, db):
    """A member with a profile and a registration holding a sensitive answer."""
    person = make_user("amina", display_name="Amina Quillfeather")
    make_profile(person, legal_name=(LEGAL_NAME, "organizers"), country=("SN", "members"))
    event = make_event(capacity=1, title="Dakar convening")
    question = make_question(event, label="Emergency contact", sensitive=True)
    enrol(event, person, {question.id: "Brother: +221 77 000 Saltmarsh"}, badge_name="Amina Q.")
    return person, event


def test_the_data_page_is_private_and_needs_sign_in(client, login_as):
    assert client.get("/account/data").status_code == 302
    assert client.get("/account/data/export.json").status_code == 302
    login_as("someone")
    page = client.get("/account/data").get_data(as_text=True)
    assert "Download (JSON)" in page and "Erase my account" in page
    assert_private_page(page)


def test_the_export_holds_my_account_profile_registrations_and_answers(
    client, amina, make_user, enrol
):
    person, event = amina
    other = make_user("joao", display_name="João Elsewhere")
    enrol(event, other, badge_name="Joao Badge")
    login(client, "amina")
    response = client.get("/account/data/export.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["username"] == "amina"
    assert data["profile"]["legal_name"] == {"value": LEGAL_NAME, "visible_to": "organizers"}
    (registration,) = data["registrations"]
    assert registration["event"]["title"] == "Dakar convening"
    assert registration["status"] == "approved" and registration["badge_name"] == "Amina Q."
    assert registration["answers"] == [
        {
            "question": "Emergency contact",
            "answer": "Brother: +221 77 000 Saltmarsh",
            "stored_value": "Brother: +221 77 000 Saltmarsh",
            "sensitive": True,
        }
    ]
    text = response.get_data(as_text=True)
    assert "João" not in text and "Joao Badge" not in text and "joao" not in text


def test_feature_modules_take_part_in_export_and_erasure(client, db, amina, monkeypatch):
    calls = []
    fake = types.ModuleType("tests_fake_feature_data_rights")
    fake.export_for = lambda user: {"fake_items": [{"body": "hello"}]}
    fake.erase_for = lambda user, *, keep_posts: calls.append(keep_posts)
    monkeypatch.setitem(sys.modules, fake.__name__, fake)
    monkeypatch.setattr(
        data_rights, "FEATURE_MODULES", (*data_rights.FEATURE_MODULES, fake.__name__)
    )
    login(client, "amina")
    assert json.loads(client.get("/account/data/export.json").get_data())["fake_items"] == [
        {"body": "hello"}
    ]
    response = client.post(
        "/account/data/erase", data={"password": PASSWORD, "posts": "keep", "confirm": "y"}
    )
    assert response.status_code == 303
    assert calls == [True]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"password": "not my password", "posts": "delete", "confirm": "y"},
            "Your password is not right.",
        ),
        (
            {"password": PASSWORD, "posts": "delete"},
            "Please confirm that you want to erase everything.",
        ),
        (
            {"password": PASSWORD, "posts": "archive", "confirm": "y"},
            "Choose what happens to your posts.",
        ),
        ({"posts": "delete", "confirm": "y"}, "This field is required."),
    ],
)
def test_erasure_needs_the_password_and_a_clear_choice(client, db, amina, data, message):
    login(client, "amina")
    response = client.post("/account/data/erase", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) >= 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 1


def test_erasing_deletes_everything_and_gives_my_seat_away(client, db, amina, make_user, enrol):
    person, event = amina
    person_id = person.id
    waiting = make_user("joao")
    enrol(event, waiting)
    login(client, "amina")
    client.get(f"/events/{event.slug}/register")  # leaves no trace either
    response = client.post(
        "/account/data/erase", data={"password": PASSWORD, "posts": "delete", "confirm": "y"}
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, person_id) is None
    assert db.session.get(Profile, person_id) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Answer)) == 0
    remaining = db.session.scalars(sa.select(Registration)).all()
    assert [(r.user_id, r.status) for r in remaining] == [(waiting.id, "approved")]
    raw = raw_database_text(db.engine)
    for trace in ("amina", "Quillfeather", "Amina Q.", "Ottoline", "Saltmarsh"):
        assert trace not in raw, trace
    # Signed out: the old session cannot come back.
    assert client.get("/account/").status_code == 302


def test_an_erased_organizer_leaves_no_seat_for_a_reused_id(client, db, make_user, make_event):
    organizer = make_user("lucia", roles=[Role.ORGANIZER])
    event = make_event(organizers=[organizer], created_by_id=organizer.id)
    login(client, "lucia")
    client.get(f"/events/{event.slug}/manage/registrations")  # an audited view
    response = client.post(
        "/account/data/erase", data={"password": PASSWORD, "posts": "delete", "confirm": "y"}
    )
    assert response.status_code == 303
    event_id = event.id
    db.session.expunge_all()  # forget the erased account, as a new request would
    newcomer = make_user("newcomer")
    event = db.session.get(Event, event_id)
    assert not is_event_organizer(newcomer, event)
    assert event.created_by_id is None
    entry = db.session.scalar(sa.select(AuditEntry))
    assert entry.actor_id is None  # the record stays, without the person


def test_the_last_administrator_cannot_erase_their_account(client, db, make_user):
    make_user("root", roles=[Role.ADMIN])
    login(client, "root")
    response = client.post(
        "/account/data/erase", data={"password": PASSWORD, "posts": "delete", "confirm": "y"}
    )
    assert response.status_code == 422
    assert "You are the last administrator." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1
