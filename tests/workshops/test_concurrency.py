"""Workshop seats are never given twice, however many people press "Sign up" at once;
a survey is answered once per registration even when the same person sends twice at once.

Each thread is a separate person with their own test client (their own app context and
database connection); a barrier starts them together. Run on PostgreSQL with
FORUM_TEST_DATABASE_URL; the SQLite variant runs everywhere.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from forum.events.feedback.models import SurveyResponse
from forum.events.workshops.models import WorkshopSignup
from tests.registration.test_concurrency import (
    ON_POSTGRES,
    _all_at_once,
    _app_with_room,
    _signed_in_clients,
)
from tests.workshops.test_feedback import _started, _survey

needs_postgres = pytest.mark.skipif(
    not ON_POSTGRES, reason="needs PostgreSQL: set FORUM_TEST_DATABASE_URL"
)


def _sign_up_many(database_url, tmp_path, db, make_event, make_workshop, approved, people, seats):
    event = make_event(capacity=people + 5)
    workshop = make_workshop(event, capacity=seats)
    usernames = [approved(event, f"person{i}").username for i in range(people)]
    app = _app_with_room(database_url, tmp_path, people)
    clients = _signed_in_clients(app, usernames)
    url = f"/events/{event.slug}/workshops/{workshop.id}/sign-up"
    results = _all_at_once(clients, lambda client: client.post(url))
    errors = [r for r in results if isinstance(r, Exception) or r.status_code != 303]
    assert errors == []
    db.session.expire_all()
    taken = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(WorkshopSignup)
        .where(WorkshopSignup.session_id == workshop.id)
    )
    assert taken == seats
    # Everyone else was told the session is full.
    pages = [
        client.get(f"/events/{event.slug}/workshops").get_data(as_text=True) for client in clients
    ]
    assert sum("You have a seat" in page for page in pages) == seats
    return event, workshop, clients


@needs_postgres
@pytest.mark.postgres
def test_forty_simultaneous_sign_ups_for_eight_seats(
    database_url, tmp_path, db, make_event, make_workshop, approved
):
    _sign_up_many(
        database_url, tmp_path, db, make_event, make_workshop, approved, people=40, seats=8
    )


@needs_postgres
@pytest.mark.postgres
def test_seats_given_back_at_once_are_taken_again_without_overbooking(
    database_url, tmp_path, db, make_event, make_workshop, approved
):
    event, workshop, clients = _sign_up_many(
        database_url, tmp_path, db, make_event, make_workshop, approved, people=20, seats=5
    )
    # Everyone presses again while the five seated people leave: never more than 5.
    leave = f"/events/{event.slug}/workshops/{workshop.id}/leave"
    join = f"/events/{event.slug}/workshops/{workshop.id}/sign-up"
    seated = set(range(5))  # ids are in lock order, but who is seated does not matter here
    results = _all_at_once(
        clients,
        lambda client: client.post(leave if clients.index(client) in seated else join),
    )
    assert all(not isinstance(r, Exception) and r.status_code == 303 for r in results)
    db.session.expire_all()
    taken = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(WorkshopSignup)
        .where(WorkshopSignup.session_id == workshop.id)
    )
    assert taken <= 5


def test_simultaneous_sign_ups_on_sqlite(
    database_url, tmp_path, db, make_event, make_workshop, approved
):
    if ON_POSTGRES:
        pytest.skip("the PostgreSQL variants above cover it")
    _sign_up_many(
        database_url, tmp_path, db, make_event, make_workshop, approved, people=8, seats=3
    )


def test_the_same_person_answering_twice_at_once_is_counted_once(
    database_url, tmp_path, db, make_event, approved
):
    event = make_event()
    person = approved(event, "ines")
    _started(event)
    survey = _survey(event)
    app = _app_with_room(database_url, tmp_path, 6)
    clients = _signed_in_clients(app, [person.username] * 6)
    url = f"/events/{event.slug}/surveys/{survey.id}"
    results = _all_at_once(clients, lambda client: client.post(url, data={"rating": "5"}))
    assert not [r for r in results if isinstance(r, Exception)]
    assert sorted(r.status_code for r in results).count(303) == 1
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SurveyResponse)) == 1
