"""The logistics page of an event: who may see it, what it counts, what it hides."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from forum.events.registration.models import Answer, Registration
from forum.events.registration.questions import services as question_services
from forum.events.registration.questions.answers import (
    store_answer,
)
from forum.events.registration.questions.services import ChoiceInput, QuestionInput
from forum.models import AuditEntry, Role
from forum.profiles.services import save_profile
from tests.conftest import login
from tests.insights.conftest import figure_text, published_counts


def _labels(text: str) -> dict[str, str]:
    return {"en": text}


@pytest.fixture
def gathering(db, make_event, make_user):
    """An event with 7 people from Senegal, 2 from Brazil, and their needs."""
    event = make_event(slug="gathering", interpretation_languages=["fr", "pt"])
    organizer = make_user("orla", roles=[Role.ORGANIZER])
    event.organizers.append(organizer)
    diet = question_services.create_question(
        event,
        QuestionInput(
            kind="multiple_choice",
            purpose="dietary",
            required=False,
            sensitive=True,
            labels=_labels("Dietary needs"),
            choices=[ChoiceInput(None, _labels("Vegan")), ChoiceInput(None, _labels("Halal"))],
        ),
    )
    access = question_services.create_question(
        event,
        QuestionInput(
            kind="long_text",
            purpose="accessibility",
            required=False,
            sensitive=True,
            labels=_labels("Accessibility needs"),
        ),
    )
    db.session.flush()
    people = [("SN", "approved")] * 5 + [("SN", "pending")] * 2 + [("BR", "approved")] * 2
    for n, (country, status) in enumerate(people):
        user = make_user(f"person{n}")
        save_profile(user, {"country": country, "country_visibility": "members"})
        registration = Registration(
            event_id=event.id, user_id=user.id, status=status,
            checked_in_at=event.starts_at if n < 3 else None,
        )  # fmt: skip
        db.session.add(registration)
        db.session.flush()
        if n % 2 == 0:
            answer = Answer(registration_id=registration.id, question_id=diet.id)
            store_answer(answer, diet, [diet.choices[0]["key"]])
            db.session.add(answer)
        if n == 1:
            answer = Answer(registration_id=registration.id, question_id=access.id)
            store_answer(answer, access, "Step-free access")
            db.session.add(answer)
    db.session.commit()
    return event


def _people(db, event, **where):
    query = sa.select(Registration.id).where(Registration.event_id == event.id)
    for name, value in where.items():
        query = query.where(getattr(Registration, name) == value)
    return db.session.scalars(query).all()


def test_organizer_sees_statuses_exact_needs_and_check_ins(client, db, gathering):
    login(client, "orla")
    response = client.get("/events/gathering/manage/logistics")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    approved = figure_text(db, Registration, _people(db, gathering, status="approved"))
    assert f"&lt;5 of {approved} approved participants" in html  # 3 checked in
    assert "Vegan" in html and "People who answered: 5</p>" in html
    assert "People who answered: 1</p>" in html  # accessibility: exact, for planning
    assert "FR" in html and "PT" in html
    entry = db.session.scalars(sa.select(AuditEntry)).one()
    assert entry.action == "logistics.view_exact" and entry.event_id == gathering.id


def test_staff_see_needs_adjusted_like_any_figure(client, db, gathering, make_user):
    make_user("kwame", roles=[Role.STAFF])
    login(client, "kwame")
    html = client.get("/events/gathering/manage/logistics").get_data(as_text=True)
    assert "People who answered: &lt;5</p>" in html  # the one accessibility answer
    assert "People who answered: 1</p>" not in html
    assert "Exact counts are shown to the event’s organizers only" in html
    entry = db.session.scalars(sa.select(AuditEntry)).one()
    assert entry.action == "logistics.view" and entry.target_id == gathering.id


def test_countries_with_few_people_are_hidden_and_the_rest_adjusted(client, db, gathering):
    login(client, "orla")
    html = client.get("/events/gathering/manage/logistics").get_data(as_text=True)
    cells = published_counts(html)
    assert "Brazil" in html and "Senegal" in html
    # Brazil's two approved people, Senegal's two pending: "<5", never a number
    assert "<5" in cells and not set(cells) & {"1", "2", "3", "4"}
    # every other count is published from its people's keys, totals as cells of their own
    active = _people(db, gathering)
    assert figure_text(db, Registration, active) in cells
    assert "slightly adjusted" in html


def test_the_overview_links_to_logistics_for_the_team_only(client, gathering):
    login(client, "orla")
    assert "/manage/logistics" in client.get("/events/gathering/manage/").get_data(as_text=True)


@pytest.mark.parametrize("who", ["member", "participant", "other-organizer"])
def test_others_are_refused(client, db, gathering, make_user, make_event, who):
    user = make_user("visitor", roles=[Role.ORGANIZER] if who == "other-organizer" else [])
    if who == "participant":
        db.session.add(Registration(event_id=gathering.id, user_id=user.id, status="approved"))
    if who == "other-organizer":
        elsewhere = make_event(slug="elsewhere")
        elsewhere.organizers.append(user)
    db.session.commit()
    login(client, "visitor")
    assert client.get("/events/gathering/manage/logistics").status_code == 403


def test_staff_may_see_it_and_anonymous_visitors_may_not(client, gathering, make_user):
    assert client.get("/events/gathering/manage/logistics").status_code in (302, 401)
    make_user("kwame", roles=[Role.STAFF])
    login(client, "kwame")
    assert client.get("/events/gathering/manage/logistics").status_code == 200
