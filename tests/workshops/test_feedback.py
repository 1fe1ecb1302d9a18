"""Feedback surveys: built with the registration question engine, answered once per
registration without a link to the person, results only as published figures."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from forum.events.feedback import services
from forum.events.feedback.models import (
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from forum.events.feedback.tokens import response_token
from forum.events.registration.models import Registration
from forum.extensions import db as _db
from forum.models import AuditEntry, Role, utcnow
from tests.conftest import login


def _started(event) -> None:  # noqa: ANN001
    """Move the event (and its sessions) so it began yesterday."""
    shift = event.starts_at - (utcnow() - timedelta(days=1))
    event.starts_at -= shift
    event.ends_at -= shift
    for session in event.sessions:
        session.starts_at -= shift
        session.ends_at -= shift
    _db.session.commit()


def _survey(event, session=None, *, questions=(), is_open=True) -> Survey:  # noqa: ANN001
    survey = Survey(event_id=event.id, session_id=session.id if session else None, is_open=is_open)
    _db.session.add(survey)
    for position, (kind, label, choices, required) in enumerate(questions):
        survey.questions.append(
            SurveyQuestion(
                kind=kind,
                labels={"en": label},
                choices=[
                    {"key": f"c{i + 1}", "labels": {"en": text}} for i, text in enumerate(choices)
                ],
                required=required,
                position=position,
            )
        )
    _db.session.commit()
    return survey


QUESTIONS = (
    ("single_choice", "Which format helped most?", ["Role play", "Case study"], True),
    ("long_text", "What should we change?", [], False),
)


def _responses(db) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(SurveyResponse))


@pytest.fixture
def surveyed(db, make_event, approved):
    """A started event with an open survey and an approved participant, signed in."""

    def make(client, username="ines"):  # noqa: ANN001, ANN202
        event = make_event()
        person = approved(event, username)
        _started(event)
        survey = _survey(event, questions=QUESTIONS)
        login(client, person.username)
        return event, survey, person

    return make


def _form(survey: Survey, **overrides):  # noqa: ANN003, ANN202
    first, second = survey.questions
    data = {"rating": "4", f"q_{first.id}": "c1", f"q_{second.id}": "More breaks, please."}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_a_participant_answers_once(client, db, surveyed):
    event, survey, person = surveyed(client)
    url = f"/events/{event.slug}/surveys/{survey.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Which format helped most?" in page and "Role play" in page
    response = client.post(url, data=_form(survey))
    assert response.status_code == 303
    assert "saved without your name" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    assert _responses(db) == 1

    again = client.post(url, data=_form(survey, rating="2"))
    assert again.status_code == 409
    assert "You have already answered this survey." in again.get_data(as_text=True)
    assert _responses(db) == 1


def test_the_service_refuses_a_second_answer_even_past_the_page(client, db, surveyed):
    event, survey, person = surveyed(client)
    first = survey.questions[0].id
    services.answer(person, survey, 5, {first: "c1"})
    _db.session.commit()
    with pytest.raises(services.SurveyError):
        services.answer(person, survey, 1, {first: "c2"})
    _db.session.rollback()
    # A row forged with the same token is refused by the database itself.
    registration = db.session.scalar(sa.select(Registration))
    _db.session.add(
        SurveyResponse(
            survey_id=survey.id,
            token=response_token(survey.id, registration.id),
            answered_on=utcnow().date(),
        )
    )
    with pytest.raises(sa.exc.IntegrityError):
        _db.session.commit()
    _db.session.rollback()
    assert _responses(db) == 1


def test_the_answer_row_joins_to_nobody(client, db, surveyed):
    event, survey, person = surveyed(client)
    client.post(f"/events/{event.slug}/surveys/{survey.id}", data=_form(survey))
    inspector = sa.inspect(_db.engine)
    for table in ("survey_responses", "survey_answers"):
        columns = {column["name"] for column in inspector.get_columns(table)}
        assert not any("user" in name or "registration" in name for name in columns), columns
        targets = {fk["referred_table"] for fk in inspector.get_foreign_keys(table)}
        assert targets <= {"surveys", "survey_questions", "survey_responses"}, targets
    row = _db.session.execute(sa.text("SELECT * FROM survey_responses")).mappings().one()
    registration = db.session.scalar(sa.select(Registration))
    values = {str(value) for value in row.values()}
    assert str(person.id) not in values - {str(row["rating"]), str(row["stat_key"])}
    assert str(registration.id) not in {row["id"], row["token"]}
    assert len(row["id"]) == 32  # random, not a sequence
    # The day only; and a dump without the key cannot recompute the token.
    assert str(row["answered_on"]) == str(utcnow().date())
    assert row["token"] != response_token(survey.id + 1, registration.id)
    # Free text is encrypted at rest.
    raw = _db.session.execute(sa.text("SELECT value, secret FROM survey_answers")).all()
    assert all("More breaks" not in str(cell) for line in raw for cell in line)


def test_bad_answers_are_refused_and_nothing_saved(client, db, surveyed):
    event, survey, person = surveyed(client)
    url = f"/events/{event.slug}/surveys/{survey.id}"
    first, second = survey.questions
    for data, message in [
        (_form(survey, rating="9"), "Choose a rating from 1 to 5."),
        (_form(survey, **{f"q_{first.id}": None}), "This question needs an answer."),
        (_form(survey, **{f"q_{first.id}": "c99"}), "Choose one of the options offered."),
        (_form(survey, **{f"q_{second.id}": "x" * 2001}), "Use at most 2000 characters."),
    ]:
        response = client.post(url, data=data)
        assert response.status_code == 422, data
        assert message in response.get_data(as_text=True)
    assert _responses(db) == 0
    client.post("/locale", data={"locale": "ar"})
    response = client.post(url, data=_form(survey, rating="9"))
    assert response.status_code == 422
    assert "Choose a rating from 1 to 5." not in response.get_data(as_text=True)
    assert _responses(db) == 0


def test_closed_and_not_yet_started_surveys_take_no_answers(client, db, make_event, approved):
    event = make_event()
    person = approved(event, "ines")
    early = _survey(event, questions=())
    login(client, person.username)
    response = client.post(f"/events/{event.slug}/surveys/{early.id}", data={"rating": "5"})
    assert response.status_code == 409
    assert "The survey opens once the session has started." in response.get_data(as_text=True)
    _started(event)
    early.is_open = False
    _db.session.commit()
    response = client.post(f"/events/{event.slug}/surveys/{early.id}", data={"rating": "5"})
    assert "This survey is not open." in response.get_data(as_text=True)
    assert _responses(db) == 0


def test_people_without_an_approved_registration_cannot_answer(client, db, make_event, make_user):
    event = make_event()
    _started(event)
    survey = _survey(event)
    login(client, make_user("stranger").username)
    assert client.post(f"/events/{event.slug}/surveys/{survey.id}", data={}).status_code == 403
    assert _responses(db) == 0


# --- results -------------------------------------------------------------------------------


def _answer_many(event, survey, people, rating=4, choice="c1") -> None:  # noqa: ANN001
    first, second = survey.questions
    for index, person in enumerate(people):
        services.answer(
            person,
            survey,
            rating,
            {first.id: choice, second.id: f"Idea number {index}"},
        )
    _db.session.commit()


def test_small_counts_are_suppressed(client, db, make_event, approved):
    event = make_event()
    people = [approved(event, f"p{i}") for i in range(3)]
    _started(event)
    survey = _survey(event, questions=QUESTIONS)
    _answer_many(event, survey, people)
    login(client, event.organizers[0].username)
    page = client.get(f"/events/{event.slug}/manage/surveys/{survey.id}/results").get_data(
        as_text=True
    )
    assert "Responses: &lt;5" in page
    assert 'class="num">3<' not in page
    assert "&lt;5" in page
    # Three people's words could be told apart: held back until the count is shown.
    assert "Idea number" not in page
    assert "Written answers are shown once at least 5 people have answered" in page


def test_results_show_published_figures_and_free_text_to_organizers(
    client, db, make_event, approved, make_user
):
    event = make_event()
    people = [approved(event, f"p{i}") for i in range(12)]
    _started(event)
    survey = _survey(event, questions=QUESTIONS)
    _answer_many(event, survey, people)
    url = f"/events/{event.slug}/manage/surveys/{survey.id}/results"

    login(client, event.organizers[0].username)
    page = client.get(url).get_data(as_text=True)
    assert "Idea number 7" in page
    assert "slightly adjusted" in page
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "survey.free_text_view")
        )
        == 1
    )

    client.post("/auth/logout")
    login(client, make_user("staffer", roles=[Role.STAFF]).username)
    page = client.get(url).get_data(as_text=True)
    assert "Idea number" not in page
    assert "Written answers are read by the event" in page

    client.post("/auth/logout")
    login(client, people[0].username)
    assert client.get(url).status_code == 403


def test_session_ratings_show_in_the_organizers_agenda(
    client, db, make_event, make_workshop, approved
):
    event = make_event()
    people = [approved(event, f"p{i}") for i in range(8)]
    workshop = make_workshop(event, capacity=None)  # a session without sign-up
    _started(event)
    survey = _survey(event, workshop, questions=QUESTIONS)
    _answer_many(event, survey, people, rating=5)
    login(client, event.organizers[0].username)
    page = client.get(f"/events/{event.slug}/manage/").get_data(as_text=True)
    assert "Ratings:" in page
    # The public agenda says nothing about ratings.
    assert "Ratings:" not in client.get(f"/events/{event.slug}/agenda").get_data(as_text=True)


# --- the organizers' survey builder -------------------------------------------------------


def test_organizers_build_and_open_a_survey(client, db, make_event, make_workshop):
    event = make_event()
    workshop = make_workshop(event)
    login(client, event.organizers[0].username)
    base = f"/events/{event.slug}/manage/surveys"
    assert client.get(base).status_code == 200
    assert client.post(base, data={"about": str(workshop.id)}).status_code == 303
    survey = db.session.scalar(sa.select(Survey))
    assert survey.session_id == workshop.id and not survey.is_open
    # The same session twice is refused.
    response = client.post(base, data={"about": str(workshop.id)})
    assert response.status_code == 422
    assert "This session has a survey already." in response.get_data(as_text=True)

    response = client.post(
        f"{base}/{survey.id}/questions/new",
        data={
            "kind": "single_choice",
            "label_en": "Pace?",
            "label_ar": "الإيقاع؟",
            "choices-0-label_en": "Too fast",
            "choices-1-label_en": "Right",
        },
    )
    assert response.status_code == 303
    db.session.expire_all()
    question = db.session.scalar(sa.select(SurveyQuestion))
    assert question.labels == {"en": "Pace?", "ar": "الإيقاع؟"}
    assert [c["key"] for c in question.choices] == ["c1", "c2"]

    assert client.post(f"{base}/{survey.id}/state", data={"state": "open"}).status_code == 303
    db.session.expire_all()
    assert db.session.get(Survey, survey.id).is_open


def test_bad_survey_questions_are_refused_and_nothing_saved(client, db, make_event):
    event = make_event()
    survey = _survey(event, is_open=False)
    login(client, event.organizers[0].username)
    url = f"/events/{event.slug}/manage/surveys/{survey.id}/questions/new"
    for data, message in [
        ({"kind": "country", "label_en": "Where from?"}, "Choose one of the kinds offered."),
        ({"kind": "short_text"}, "Write the question in at least one language."),
        ({"kind": "single_choice", "label_en": "Pick"}, "Give at least one choice."),
        ({"kind": "short_text", "label_en": "x" * 301}, "Use at most 300 characters."),
    ]:
        response = client.post(url, data=data)
        assert response.status_code == 422, data
        assert message in response.get_data(as_text=True)
    bad = client.post(f"/events/{event.slug}/manage/surveys", data={"about": "999999"})
    assert bad.status_code == 422
    assert "Choose the event or one of its sessions." in bad.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SurveyQuestion)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Survey)) == 1


def test_questions_are_fixed_once_people_answered(client, db, surveyed):
    event, survey, person = surveyed(client)
    services.answer(person, survey, 3, {survey.questions[0].id: "c2"})
    _db.session.commit()
    client.post("/auth/logout")
    login(client, event.organizers[0].username)
    response = client.post(
        f"/events/{event.slug}/manage/surveys/{survey.id}/questions/new",
        data={"kind": "short_text", "label_en": "Late question"},
    )
    assert response.status_code == 422
    assert "its questions cannot change" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SurveyAnswer)) == 1


def test_erasing_the_account_leaves_anonymous_answers(client, db, surveyed):
    from forum.profiles import data_rights

    event, survey, person = surveyed(client)
    services.answer(person, survey, 3, {survey.questions[0].id: "c2"})
    _db.session.commit()
    assert "survey" not in str(data_rights.export_user(person))
    data_rights.erase_user(person, keep_posts=False)
    _db.session.commit()
    assert _responses(db) == 1


def test_a_workshop_survey_is_for_those_who_had_a_seat(
    client, db, make_event, make_workshop, approved
):
    from forum.events.workshops import services as workshop_services

    event = make_event()
    workshop = make_workshop(event, capacity=5)
    seated, other = approved(event, "seated"), approved(event, "other")
    workshop_services.sign_up(seated, event, workshop.id)
    _db.session.commit()
    _started(event)
    survey = _survey(event, workshop)
    login(client, other.username)
    url = f"/events/{event.slug}/surveys/{survey.id}"
    response = client.post(url, data={"rating": "2"})
    assert response.status_code == 422
    assert "Only people who had a seat in this workshop can answer." in response.get_data(
        as_text=True
    )
    assert _responses(db) == 0
    client.post("/auth/logout")
    login(client, seated.username)
    assert client.post(url, data={"rating": "5"}).status_code == 303
    assert _responses(db) == 1
