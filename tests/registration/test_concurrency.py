"""Seats are never given twice, however many people press "Register" at the same moment.

Each thread is a separate person with their own test client: every request runs in its own
app context with its own database connection, and a barrier starts them together.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

from forum.events.registration.locking import LockOrderError, lock_event
from forum.events.registration.models import Registration
from tests.conftest import POSTGRES_URL, login, make_app
from tests.registration.conftest import form_data

ON_POSTGRES = POSTGRES_URL.startswith("postgresql")
needs_postgres = pytest.mark.skipif(
    not ON_POSTGRES,
    reason="needs PostgreSQL: set FORUM_TEST_DATABASE_URL to a postgresql+psycopg:// URL "
    "(the SQLite variants below run everywhere)",
)


def _app_with_room(database_url: str, tmp_path, connections: int):
    """An app whose pool gives every thread its own connection at once."""
    return make_app(
        database_url,
        tmp_path / "concurrent",
        FORUM_DB_POOL_SIZE="5",
        FORUM_DB_MAX_OVERFLOW=str(connections),
        FORUM_DB_POOL_TIMEOUT="60",
    )


def _signed_in_clients(app, usernames: list[str]) -> list[Any]:
    clients = []
    for username in usernames:
        client = app.test_client()
        assert login(client, username).status_code == 302
        clients.append(client)
    return clients


def _all_at_once(clients: list[Any], send: Callable[[Any], Any]) -> list[Any]:
    """Run `send(client)` in one thread per client, released together by a barrier."""
    barrier = threading.Barrier(len(clients))
    results: list[Any] = [None] * len(clients)

    def run(index: int, client: Any) -> None:
        barrier.wait()
        try:
            results[index] = send(client)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            results[index] = error

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def _statuses(db, event_id: int) -> list[Registration]:
    db.session.expire_all()
    return db.session.scalars(
        sa.select(Registration).where(Registration.event_id == event_id).order_by(Registration.id)
    ).all()


def _assert_seats_then_queue(registrations: list[Registration], seats: int) -> None:
    """The first `seats` to take the lock got seats; the rest queued 1..n in lock order.

    Ids are assigned inside the lock, so id order is the order the lock was held, which
    is the commit order.
    """
    approved = [r for r in registrations if r.status == "approved"]
    waiting = [r for r in registrations if r.status == "waitlisted"]
    assert len(approved) == seats
    assert len(waiting) == len(registrations) - seats
    assert max(r.id for r in approved) < min(r.id for r in waiting)
    assert [r.waitlist_position for r in waiting] == list(range(1, len(waiting) + 1))


def _register_many(database_url, tmp_path, db, make_user, make_event, people, seats):
    event = make_event(capacity=seats)
    usernames = [make_user(f"person{i}").username for i in range(people)]
    app = _app_with_room(database_url, tmp_path, people)
    clients = _signed_in_clients(app, usernames)
    url = f"/events/{event.slug}/register"
    results = _all_at_once(clients, lambda client: client.post(url, data=form_data()))
    errors = [r for r in results if isinstance(r, Exception) or r.status_code != 303]
    assert errors == []
    registrations = _statuses(db, event.id)
    assert len(registrations) == people
    _assert_seats_then_queue(registrations, seats)
    return event, registrations, clients


@needs_postgres
@pytest.mark.postgres
def test_fifty_simultaneous_registrations_for_ten_seats(
    database_url, tmp_path, db, make_user, make_event
):
    _register_many(database_url, tmp_path, db, make_user, make_event, people=50, seats=10)


@needs_postgres
@pytest.mark.postgres
def test_simultaneous_cancellations_promote_the_waiting_list_in_order(
    database_url, tmp_path, db, make_user, make_event, enrol
):
    _cancel_many(database_url, tmp_path, db, make_user, make_event, enrol, people=50, seats=10)


def _cancel_many(database_url, tmp_path, db, make_user, make_event, enrol, people, seats):
    """Some seated people and some queued people cancel at once; the head of the queue
    fills exactly the freed seats."""
    event = make_event(capacity=seats)
    users = [make_user(f"person{i}") for i in range(people)]
    for user in users:
        enrol(event, user)
    registrations = _statuses(db, event.id)
    seated = [r.user for r in registrations if r.status == "approved"]
    queue = [r for r in registrations if r.status == "waitlisted"]
    leaving_seats = seated[: seats // 2 + 1]
    # People far back in the queue leave too; they are never promoted meanwhile.
    leaving_queue = [r.user for r in queue[-3:]]
    leaving = leaving_seats + leaving_queue
    app = _app_with_room(database_url, tmp_path, len(leaving))
    clients = _signed_in_clients(app, [user.username for user in leaving])
    url = f"/events/{event.slug}/register/cancel"
    results = _all_at_once(clients, lambda client: client.post(url))
    assert [r.status_code if not isinstance(r, Exception) else r for r in results] == [303] * len(
        leaving
    )
    after = {r.user_id: r for r in _statuses(db, event.id)}
    left_ids = {user.id for user in leaving}
    assert all(after[user_id].status == "cancelled" for user_id in left_ids)
    approved = [r for r in after.values() if r.status == "approved"]
    assert len(approved) == seats
    promoted = queue[: len(leaving_seats)]
    assert all(after[r.user_id].status == "approved" for r in promoted)
    still_waiting = sorted(
        (r for r in after.values() if r.status == "waitlisted"), key=lambda r: r.waitlist_position
    )
    expected = [r.user_id for r in queue[len(leaving_seats) : -3]]
    assert [r.user_id for r in still_waiting] == expected


def test_eight_simultaneous_registrations_for_three_seats_on_this_database(
    database_url, tmp_path, db, make_user, make_event
):
    """The same guarantee on whichever database this run uses (SQLite by default)."""
    _register_many(database_url, tmp_path, db, make_user, make_event, people=8, seats=3)


def test_simultaneous_cancellations_on_this_database(
    database_url, tmp_path, db, make_user, make_event, enrol
):
    _cancel_many(database_url, tmp_path, db, make_user, make_event, enrol, people=10, seats=4)


def test_a_second_writer_waits_for_the_event_lock(database_url, tmp_path, db, make_event):
    """While one transaction holds the lock, another asking for it waits until the commit."""
    event = make_event(capacity=1)
    app = _app_with_room(database_url, tmp_path, 4)
    holding, release = threading.Event(), threading.Event()
    timeline: list[str] = []

    def first() -> None:
        with app.app_context():
            from forum.extensions import db as app_db

            lock_event(event.id)
            timeline.append("first locked")
            holding.set()
            release.wait(10)
            timeline.append("first commits")
            app_db.session.commit()

    def second() -> None:
        holding.wait(10)
        with app.app_context():
            from forum.extensions import db as app_db

            lock_event(event.id)
            timeline.append("second locked")
            app_db.session.commit()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    holding.wait(10)
    time.sleep(0.5)  # the second thread has had time to ask for the lock
    assert timeline == ["first locked"]
    release.set()
    for thread in threads:
        thread.join(30)
    assert timeline == ["first locked", "first commits", "second locked"]


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite only: PostgreSQL locks the row mid-transaction")
def test_on_sqlite_the_lock_must_come_before_any_write(db, make_event, make_user):
    event = make_event()
    user = make_user("amina")
    user.display_name = "Changed"
    db.session.flush()
    with pytest.raises(LockOrderError):
        lock_event(event.id)
    db.session.rollback()
    assert db.session.get(type(user), user.id).display_name == "Amina"  # nothing half-done


def _bulk_and_walk_ins_at_once(database_url, tmp_path, db, make_user, make_event, enrol):
    """Two organizers approve "all matching" and two walk-ins arrive, all at the same
    moment, for an event with 10 places and 30 requests: never more than 10 approved."""
    from forum.models import Role

    organizers = [make_user(f"org{i}", roles=[Role.ORGANIZER]) for i in range(2)]
    event = make_event(capacity=10, requires_approval=True, organizers=organizers)
    for i in range(30):
        enrol(event, make_user(f"person{i}"))
    for i in range(2):
        make_user(f"walker{i}")
    app = _app_with_room(database_url, tmp_path, 4)
    clients = _signed_in_clients(app, ["org0", "org1", "org0", "org1"])
    bulk_url = f"/events/{event.slug}/manage/registrations/bulk"
    walk_url = f"/events/{event.slug}/manage/check-in/walk-in"
    sends = [
        lambda c: c.post(
            bulk_url,
            data={"scope": "matching", "action": "approve", "status": "pending", "expected": "30"},
        ),
        lambda c: c.post(
            bulk_url,
            data={"scope": "matching", "action": "approve", "status": "pending", "expected": "30"},
        ),
        lambda c: c.post(walk_url, data={"username": "walker0"}),
        lambda c: c.post(walk_url, data={"username": "walker1"}),
    ]
    clients_and_sends = list(zip(clients, sends, strict=True))
    results = _all_at_once(clients_and_sends, lambda pair: pair[1](pair[0]))
    assert not [r for r in results if isinstance(r, Exception)], results
    codes = sorted(r.status_code for r in results)
    registrations = _statuses(db, event.id)
    approved = [r for r in registrations if r.status == "approved"]
    assert len(approved) == 10
    waiting = sorted(r.waitlist_position for r in registrations if r.status == "waitlisted")
    assert len(waiting) == len(set(waiting))
    # Whoever took the lock first seated people; a bulk action after it found a changed
    # list (409, nothing done) or the rest to queue; a walk-in after a full house was
    # refused (409) and saved nothing.
    assert set(codes) <= {200, 303, 409}
    walk_ins = [r for r in registrations if r.user.username.startswith("walker")]
    assert all(r.status == "approved" and r.checked_in_at for r in walk_ins)


@needs_postgres
@pytest.mark.postgres
def test_bulk_approvals_and_walk_ins_at_once_never_overbook(
    database_url, tmp_path, db, make_user, make_event, enrol
):
    _bulk_and_walk_ins_at_once(database_url, tmp_path, db, make_user, make_event, enrol)


def test_bulk_approvals_and_walk_ins_at_once_never_overbook_on_sqlite(
    database_url, tmp_path, db, make_user, make_event, enrol
):
    if ON_POSTGRES:
        pytest.skip("the PostgreSQL variant above runs")
    _bulk_and_walk_ins_at_once(database_url, tmp_path, db, make_user, make_event, enrol)
