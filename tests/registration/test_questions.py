"""Organizers' questions: every kind, labels per language, order, and safe changes."""

import pytest
import sqlalchemy as sa

from forum.events.registration.models import Answer, Question
from forum.models import Role
from tests.checks import assert_private_page
from tests.conftest import login
from tests.registration.conftest import choice_key


@pytest.fixture
def organizer(make_user):
    return make_user("lucia", roles=[Role.ORGANIZER], display_name="Lucía")


@pytest.fixture
def event(make_event, organizer):
    return make_event(organizers=[organizer])


def question_form(**fields):
    data = {"kind": "short_text", "purpose": "other", "label_en": "", "label_es": ""}
    data.update(fields)
    return data


def questions(db, event):
    db.session.expire_all()
    return db.session.scalars(
        sa.select(Question).where(Question.event_id == event.id).order_by(Question.position)
    ).all()


def test_organizers_add_a_choice_question_in_several_languages(client, db, event):
    login(client, "lucia")
    page = client.get(f"/events/{event.slug}/manage/questions/new").get_data(as_text=True)
    assert_private_page(page)
    response = client.post(
        f"/events/{event.slug}/manage/questions/new",
        data=question_form(
            kind="multiple_choice",
            purpose="dietary",
            label_en="Dietary needs",
            label_ar="الاحتياجات الغذائية",
            sensitive="y",
            **{
                "choices-0-label_en": "Vegetarian",
                "choices-0-label_ar": "نباتي",
                "choices-1-label_en": "Halal",
                "choices-2-label_en": "",
            },
        ),
    )
    assert response.status_code == 303
    (question,) = questions(db, event)
    assert question.labels == {"en": "Dietary needs", "ar": "الاحتياجات الغذائية"}
    assert (question.kind, question.purpose, question.sensitive) == (
        "multiple_choice",
        "dietary",
        True,
    )
    assert [(c["key"], c["labels"]) for c in question.choices] == [
        ("c1", {"en": "Vegetarian", "ar": "نباتي"}),
        ("c2", {"en": "Halal"}),
    ]
    listing = client.get(f"/events/{event.slug}/manage/questions").get_data(as_text=True)
    assert "Dietary needs" in listing and "sensitive" in listing
    assert_private_page(listing)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "Write the question in at least one language."),
        ({"label_en": "x" * 301}, "Use at most 300 characters."),
        ({"label_en": "Q", "kind": "essay"}, "Choose one of the kinds offered."),
        ({"label_en": "Q", "purpose": "gossip"}, "Choose one of the purposes offered."),
        ({"label_en": "Q", "kind": "single_choice"}, "Give at least one choice."),
        (
            {"label_en": "Q", "kind": "single_choice", "choices-0-label_en": "c" * 121},
            "Use at most 120 characters.",
        ),
    ],
)
def test_bad_questions_are_refused(client, db, event, fields, message):
    login(client, "lucia")
    response = client.post(
        f"/events/{event.slug}/manage/questions/new", data=question_form(**fields)
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert questions(db, event) == []


def test_questions_are_reordered(client, db, event, make_question):
    first = make_question(event, label="First")
    second = make_question(event, label="Second")
    third = make_question(event, label="Third")
    login(client, "lucia")
    url = f"/events/{event.slug}/manage/questions/{third.id}/move"
    assert client.post(url, data={"direction": "up"}).status_code == 303
    assert [q.id for q in questions(db, event)] == [first.id, third.id, second.id]
    client.post(
        f"/events/{event.slug}/manage/questions/{first.id}/move", data={"direction": "down"}
    )
    assert [q.id for q in questions(db, event)] == [third.id, first.id, second.id]
    assert client.post(url, data={"direction": "sideways"}).status_code == 400
    page = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert page.index("Third") < page.index("First") < page.index("Second")


def test_removing_a_choice_keeps_earlier_answers_readable(
    client, db, event, make_question, make_user, enrol
):
    question = make_question(event, "single_choice", label="Meal", choices=["Fish", "Beans"])
    enrol(
        event, make_user("amina", display_name="Amina"), {question.id: choice_key(question, "Fish")}
    )
    login(client, "lucia")
    response = client.post(
        f"/events/{event.slug}/manage/questions/{question.id}",
        data=question_form(
            kind="single_choice",
            label_en="Main course",
            **{
                "choices-0-key": "c1",
                "choices-0-label_en": "Fish",
                "choices-0-removed": "y",
                "choices-1-key": "c2",
                "choices-1-label_en": "Beans and rice",
                "choices-2-label_en": "Lentils",
            },
        ),
    )
    assert response.status_code == 303
    (saved,) = questions(db, event)
    assert [(c["key"], c["removed"]) for c in saved.choices] == [
        ("c1", True),
        ("c2", False),
        ("c3", False),
    ]
    page = client.get(f"/events/{event.slug}/manage/registrations").get_data(as_text=True)
    assert "Main course" in page and "Fish" in page  # the old answer, as it was given
    client.post("/auth/logout")
    login_as_member = make_user("joao")
    login(client, login_as_member.username)
    form = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert "Lentils" in form and "Fish" not in form  # no longer offered


def test_answered_questions_keep_their_kind_and_their_encryption(
    client, db, event, make_question, make_user, enrol
):
    question = make_question(event, label="Allergies", sensitive=True)
    enrol(event, make_user("amina"), {question.id: "bees"})
    login(client, "lucia")
    url = f"/events/{event.slug}/manage/questions/{question.id}"
    changed_kind = client.post(
        url, data=question_form(kind="long_text", label_en="Allergies", sensitive="y")
    )
    assert changed_kind.status_code == 422
    assert "its kind cannot change" in changed_kind.get_data(as_text=True)
    not_sensitive = client.post(url, data=question_form(label_en="Allergies"))
    assert not_sensitive.status_code == 422
    assert "must stay sensitive" in not_sensitive.get_data(as_text=True)
    assert questions(db, event)[0].sensitive is True


def test_making_a_question_sensitive_encrypts_the_answers_given(
    client, db, event, make_question, make_user, enrol
):
    question = make_question(event, label="Medication")
    enrol(event, make_user("amina"), {question.id: "Zorblatine 20mg"})
    login(client, "lucia")
    response = client.post(
        f"/events/{event.slug}/manage/questions/{question.id}",
        data=question_form(label_en="Medication", sensitive="y"),
    )
    assert response.status_code == 303
    raw = db.session.execute(sa.text("SELECT value, secret FROM answers")).one()
    assert raw.value is None and "Zorblatine" not in raw.secret
    db.session.expire_all()
    assert db.session.scalar(sa.select(Answer)).stored == '"Zorblatine 20mg"'


def test_answered_questions_are_archived_not_deleted(
    client, db, event, make_question, make_user, enrol
):
    answered = make_question(event, label="Visa letter?", required=True)
    unanswered = make_question(event, label="Unused")
    enrol(event, make_user("amina"), {answered.id: "yes please"})
    login(client, "lucia")
    client.post(f"/events/{event.slug}/manage/questions/{unanswered.id}/remove")
    client.post(f"/events/{event.slug}/manage/questions/{answered.id}/remove")
    remaining = questions(db, event)
    assert [q.id for q in remaining] == [answered.id]
    assert remaining[0].archived_at is not None
    assert "yes please" in client.get(f"/events/{event.slug}/manage/registrations").get_data(
        as_text=True
    )
    client.post("/auth/logout")
    login(client, make_user("joao").username)
    assert "Visa letter?" not in client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    client.post("/auth/logout")
    login(client, "lucia")
    client.post(f"/events/{event.slug}/manage/questions/{answered.id}/restore")
    assert questions(db, event)[0].archived_at is None


def test_questions_of_another_event_cannot_be_reached(client, db, event, make_event, make_question):
    other = make_question(make_event(), label="Not yours")
    login(client, "lucia")
    base = f"/events/{event.slug}/manage/questions/{other.id}"
    assert client.get(base).status_code == 404
    assert client.post(base + "/remove").status_code == 404
    assert client.post(base + "/move", data={"direction": "up"}).status_code == 404
    assert db.session.get(Question, other.id) is not None
