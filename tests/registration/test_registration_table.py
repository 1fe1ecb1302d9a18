"""The registrations table at scale: filters, search, sort, pages, bulk decisions within
capacity (audited, notified, refused cleanly on bad input) and a fixed query count."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from forum.events.registration.models import Registration
from forum.models import AuditEntry, Role, User
from forum.notices.models import Notice
from tests.conftest import login
from tests.registration.conftest import choice_key


def reload_all(db, event) -> list[Registration]:
    db.session.expire_all()
    return db.session.scalars(
        sa.select(Registration).where(Registration.event_id == event.id).order_by(Registration.id)
    ).all()


def statuses(db, event) -> dict[str, int]:
    found: dict[str, int] = {}
    for registration in reload_all(db, event):
        found[registration.status] = found.get(registration.status, 0) + 1
    return found


def actions(db, event) -> list[str]:
    return db.session.scalars(
        sa.select(AuditEntry.action).where(AuditEntry.event_id == event.id).order_by(AuditEntry.id)
    ).all()


def add_people(db, event, count: int, *, prefix: str = "p", answers=None) -> list[Registration]:
    """Many pending requests at once, written directly (the services would be slow)."""
    from forum.events.registration.models import Answer

    users = [
        User(username=f"{prefix}{n}", display_name=f"Person {prefix}{n}", password_hash="x")
        for n in range(count)
    ]
    db.session.add_all(users)
    db.session.flush()
    registrations = []
    for n, user in enumerate(users):
        registration = Registration(
            event_id=event.id,
            user_id=user.id,
            status="pending",
            badge_name=f"Badge {prefix}{n}",
            locale="en",
        )
        for question, value in (answers(n) if answers else {}).items():
            answer = Answer(question=question)
            answer.value = f'"{value}"' if not question.sensitive else None
            answer.secret = f'"{value}"' if question.sensitive else None
            registration.answers.append(answer)
        registrations.append(registration)
    db.session.add_all(registrations)
    db.session.commit()
    return registrations


@pytest.fixture
def conference(make_event, make_user, make_question, enrol):
    """An approval conference with 3 places, a country and a meal question, and six
    requests: three from Colombia, two vegan."""
    organizer = make_user("lucia", roles=[Role.ORGANIZER], display_name="Lucía")
    event = make_event(requires_approval=True, capacity=3, organizers=[organizer])
    country = make_question(event, "country", label="Country you work in")
    meal = make_question(event, "single_choice", label="Meal", choices=["Vegan", "Any"])
    vegan, anything = choice_key(meal, "Vegan"), choice_key(meal, "Any")
    people = [
        ("amina", "Amina K.", "SN", vegan),
        ("joao", "João", "BR", anything),
        ("carla", "Carla Ruiz", "CO", vegan),
        ("diego", "Diego", "CO", anything),
        ("elena", "Elena", "CO", anything),
        ("farid", "Farid", "LB", anything),
    ]
    registrations = [
        enrol(
            event,
            make_user(username, display_name=name),
            {country.id: code, meal.id: choice},
            badge_name=f"{name} badge",
        )
        for username, name, code, choice in people
    ]
    return event, organizer, registrations, country, meal


def page(client, event, query: str = "") -> tuple[int, str]:
    response = client.get(f"/events/{event.slug}/manage/registrations{query}")
    return response.status_code, response.get_data(as_text=True)


def test_filters_by_country_answer_check_in_and_badge_name(client, db, conference):
    event, _, (amina, *_), _, meal = conference
    login(client, "lucia")
    code, html = page(client, event, "?country=CO")
    assert code == 200
    assert "Carla Ruiz" in html and "Diego" in html and "Amina K." not in html
    assert "3 registrations match." in html
    code, html = page(client, event, f"?answer={meal.id}:{choice_key(meal, 'Vegan')}")
    assert "Amina K." in html and "Carla Ruiz" in html and "João" not in html
    code, html = page(client, event, "?q=ruiz")
    assert "Carla Ruiz" in html and "Amina K." not in html
    code, html = page(client, event, "?q=amina+k.+badge")
    assert "Amina K." in html and "1 registration matches." in html
    code, html = page(client, event, "?checked_in=yes")
    assert "Nobody matches these filters." in html


def test_sorts_by_badge_name_and_by_country(client, db, conference):
    event, *_ = conference
    login(client, "lucia")
    _, html = page(client, event, "?sort=name&order=desc")
    names = re.findall(r'<th scope="row">\s*<bdi id="name-\d+">([^<]+)</bdi>', html)
    assert names == ["João", "Farid", "Elena", "Diego", "Carla Ruiz", "Amina K."]
    _, html = page(client, event, "?sort=country")
    names = re.findall(r'<th scope="row">\s*<bdi id="name-\d+">([^<]+)</bdi>', html)
    assert names[0] == "João" and names[-1] == "Amina K."  # Brazil … Senegal


@pytest.mark.parametrize(
    "query",
    [
        "?country=XX",
        "?country=%00",
        "?answer=abc",
        "?answer=999999:c1",
        "?checked_in=maybe",
        "?sort=password_hash",
        "?order=sideways",
        "?q=" + "x" * 101,
        "?q=a%01b",
        "?status=everyone",
    ],
)
def test_refuses_unknown_filters(client, db, conference, query):
    event, *_ = conference
    login(client, "lucia")
    assert page(client, event, query)[0] == 400


def test_the_answer_filter_refuses_a_question_of_another_event(
    client, db, conference, make_event, make_question
):
    event, organizer, *_ = conference
    other = make_event(organizers=[organizer])
    foreign = make_question(other, "yes_no", label="Other event's question")
    login(client, "lucia")
    assert page(client, event, f"?answer={foreign.id}:yes")[0] == 400


def test_views_are_audited_with_the_filter_names_never_what_was_typed(client, db, conference):
    event, *_ = conference
    login(client, "lucia")
    page(client, event, "?q=Carla&country=CO")
    detail = db.session.scalars(
        sa.select(AuditEntry.detail).where(AuditEntry.action == "registrations.view")
    ).all()
    assert detail == ["status=all page=1 filters=country,q"]


def bulk(client, event, **data):
    payload = {"scope": "selected", "action": "approve", **data}
    return client.post(f"/events/{event.slug}/manage/registrations/bulk", data=payload)


def test_approving_all_matching_stops_at_capacity_and_says_how_many_wait(client, db, conference):
    event, organizer, registrations, *_ = conference
    login(client, "lucia")
    _, html = page(client, event, "?status=pending")
    assert "All 6 registrations matching the filters" in html
    response = bulk(client, event, scope="matching", status="pending", expected="6")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("status=pending")
    assert statuses(db, event) == {"approved": 3, "waitlisted": 3}
    approved = [r for r in reload_all(db, event) if r.status == "approved"]
    assert [r.user.display_name for r in approved] == ["Amina K.", "João", "Carla Ruiz"]
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "3 approved." in html
    assert "3 approved but the event is full: on the waiting list." in html
    kinds = db.session.scalars(sa.select(Notice.kind).where(Notice.event_id == event.id)).all()
    assert kinds.count("approved") == 3 and kinds.count("waitlisted") == 3
    logged = actions(db, event)
    assert logged.count("registration.approve") == 6
    assert logged.count("registrations.bulk") == 1
    detail = db.session.scalar(
        sa.select(AuditEntry.detail).where(AuditEntry.action == "registrations.bulk")
    )
    assert detail == "action=approve scope=matching count=6 changed=6"


def test_approving_a_filtered_selection_acts_on_the_matching_people_only(client, db, conference):
    event, *_ = conference
    login(client, "lucia")
    response = bulk(client, event, scope="matching", country="CO", expected="3")
    assert response.status_code == 303
    by_name = {r.user.display_name: r.status for r in reload_all(db, event)}
    assert by_name == {
        "Amina K.": "pending",
        "João": "pending",
        "Carla Ruiz": "approved",
        "Diego": "approved",
        "Elena": "approved",
        "Farid": "pending",
    }


def test_a_list_that_changed_since_it_was_loaded_is_refused(client, db, conference):
    event, *_ = conference
    login(client, "lucia")
    response = bulk(client, event, scope="matching", status="pending", expected="5")
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "The list changed since you loaded it: 6 people match now, not 5." in html
    assert statuses(db, event) == {"pending": 6}
    assert "registrations.bulk" not in actions(db, event)


def test_waitlisting_and_declining_in_bulk(client, db, conference):
    event, _, registrations, *_ = conference
    login(client, "lucia")
    ids = [r.id for r in registrations[:2]]
    bulk(client, event, ids=ids, action="approve")
    response = bulk(client, event, ids=ids + [registrations[2].id], action="waitlist")
    assert response.status_code == 303
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "3 put on the waiting list." in html
    after = {r.id: r for r in reload_all(db, event)}
    # Waitlisted by hand: not vetted, so a freed seat sends them back to review, in turn.
    assert all(after[i].decided_at is None for i in ids + [registrations[2].id])
    assert {after[i].status for i in ids} <= {"waitlisted", "pending"}
    bulk(client, event, ids=[registrations[5].id], action="decline")
    assert reload_all(db, event)[5].status == "declined"


@pytest.mark.parametrize(
    "data",
    [
        {"action": "delete"},
        {"action": ""},
        {"scope": "everyone"},
        {"ids": ["1; DROP TABLE"]},
        {"ids": []},
        {"scope": "matching", "expected": "-1"},
        {"scope": "matching", "expected": "many"},
        {"scope": "matching", "expected": "6", "country": "XX"},
        {"note": "x" * 1001},
    ],
)
def test_bad_bulk_input_is_refused_with_a_message_and_changes_nothing(client, db, conference, data):
    event, _, registrations, *_ = conference
    login(client, "lucia")
    payload = {"ids": [registrations[0].id], **data}
    response = bulk(client, event, **payload)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="bulk-error"' in html
    assert statuses(db, event) == {"pending": 6}
    assert "registrations.bulk" not in actions(db, event)


def test_staff_see_the_table_but_cannot_decide_in_bulk(client, db, conference, make_user):
    event, _, registrations, *_ = conference
    make_user("sam", roles=[Role.STAFF])
    login(client, "sam")
    code, html = page(client, event)
    assert code == 200 and 'id="bulk"' not in html
    assert bulk(client, event, ids=[registrations[0].id]).status_code == 403
    assert statuses(db, event) == {"pending": 6}


def test_bulk_needs_a_csrf_token(csrf_app, db):
    client = csrf_app.test_client()
    response = client.post("/events/any/manage/registrations/bulk", data={"action": "approve"})
    assert response.status_code == 400


def test_the_table_costs_the_same_queries_for_20_and_200_registrations(
    client, db, make_event, make_user, make_question, count_queries
):
    organizer = make_user("lucia", roles=[Role.ORGANIZER])
    small = make_event(organizers=[organizer], requires_approval=True)
    large = make_event(organizers=[organizer], requires_approval=True)
    costs = []
    login(client, "lucia")
    for event, count in ((small, 20), (large, 200)):
        country = make_question(event, "country", label="Country")
        secret = make_question(event, "short_text", label="Needs", sensitive=True)
        add_people(
            db,
            event,
            count,
            prefix=f"e{event.id}-",
            answers=lambda n, c=country, s=secret: {c: ("CO", "SN")[n % 2], s: "step-free"},
        )
        queries = ["", "?q=badge+e&sort=name", "?country=CO&sort=country&order=desc"]
        if count > 50:
            queries.append("?page=3")  # a later page costs what the first does
        page(client, event)  # the first visit warms what every later one reuses
        for query in queries:
            with count_queries() as counter:
                assert page(client, event, query)[0] == 200
            costs.append((event.id, query, counter.count))
    small_costs = [c for e, q, c in costs if e == small.id]
    large_costs = [c for e, q, c in costs if e == large.id]
    assert small_costs == large_costs[:3], costs
    assert large_costs[3] == large_costs[0], costs


def test_the_table_costs_the_same_queries_for_50_and_2000_registrations(
    client, db, make_event, make_user, make_question, count_queries
):
    """Every way of reading the table, on its first and its last page: the same
    statements for 2,000 people as for 50 (no query per row, none per page)."""
    organizer = make_user("lucia", roles=[Role.ORGANIZER])
    login(client, "lucia")
    costs = {}
    for count in (50, 2000):
        event = make_event(organizers=[organizer], requires_approval=True)
        country = make_question(event, "country", label="Country")
        access = make_question(event, "yes_no", label="Step-free access?", sensitive=True)
        add_people(
            db,
            event,
            count,
            prefix=f"e{event.id}-",
            answers=lambda n, c=country, a=access: {
                c: ("CO", "SN")[n % 2],
                a: ("yes", "no")[n % 3 > 0],
            },
        )
        last = f"?page={count // 50}"
        queries = [
            "",
            last,
            "?q=badge&sort=name",
            "?country=CO&sort=country&order=desc",
            f"?answer={access.id}:yes&sort=status",
            "?checked_in=no&sort=checked_in&order=desc&page=2"
            if count > 50
            else "?checked_in=no&sort=checked_in&order=desc",
        ]
        page(client, event)  # the first visit warms what every later one reuses
        for query in queries:
            with count_queries() as counter:
                code, html = page(client, event, query)
            assert code == 200 and html.count('<tr id="registration-') > 0, query
            costs.setdefault(count, []).append(counter.count)
        _, html = page(client, event, last)
        assert html.count('<tr id="registration-') == 50
    assert costs[50] == costs[2000], costs


def test_sorts_by_status_check_in_and_the_waiting_list_in_its_order(client, db, conference):
    """The database orders these: the same order on SQLite and PostgreSQL, reversed
    whole by "descending"."""
    from datetime import datetime, timedelta

    event, _, registrations, *_ = conference
    amina, joao, carla, diego, elena, farid = registrations
    for registration, status, position in (
        (amina, "approved", None),
        (joao, "waitlisted", 2),
        (carla, "waitlisted", 1),
        (diego, "declined", None),
        (elena, "cancelled", None),
    ):
        registration.status, registration.waitlist_position = status, position
    arrived = datetime(2027, 3, 10, 9, 0)
    diego.checked_in_at, amina.checked_in_at = arrived, arrived + timedelta(minutes=5)
    db.session.commit()
    login(client, "lucia")

    def names(query: str) -> list[str]:
        _, html = page(client, event, query)
        return re.findall(r'<th scope="row">\s*<bdi id="name-\d+">([^<]+)</bdi>', html)

    by_status = ["Farid", "Amina K.", "Carla Ruiz", "João", "Diego", "Elena"]
    assert names("?sort=status") == by_status
    assert names("?sort=status&order=desc") == by_status[::-1]
    by_arrival = ["Diego", "Amina K.", "João", "Carla Ruiz", "Elena", "Farid"]
    assert names("?sort=checked_in") == by_arrival
    assert names("?sort=checked_in&order=desc") == by_arrival[::-1]
    assert names("?status=waitlisted") == ["Carla Ruiz", "João"]  # the queue
    assert names("?status=waitlisted&order=desc") == ["João", "Carla Ruiz"]
    assert names("") == ["Amina K.", "João", "Carla Ruiz", "Diego", "Elena", "Farid"]
    assert names("?order=desc") == ["Farid", "Elena", "Diego", "Carla Ruiz", "João", "Amina K."]


def test_bulk_approval_of_200_respects_capacity_exactly(client, db, make_event, make_user):
    organizer = make_user("lucia", roles=[Role.ORGANIZER])
    event = make_event(organizers=[organizer], requires_approval=True, capacity=120)
    add_people(db, event, 200)
    login(client, "lucia")
    response = bulk(client, event, scope="matching", expected="200")
    assert response.status_code == 303
    assert statuses(db, event) == {"approved": 120, "waitlisted": 80}
    positions = [r.waitlist_position for r in reload_all(db, event) if r.status == "waitlisted"]
    assert len(set(positions)) == 80
