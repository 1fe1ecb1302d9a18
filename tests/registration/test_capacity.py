"""Capacity, the waiting list and automatic promotion, through the services."""

import pytest
import sqlalchemy as sa

from forum.events.registration import services
from forum.events.registration.capacity import fill_seats
from forum.events.registration.locking import lock_event
from forum.events.registration.models import Registration
from forum.events.registration.services import Decision, RegistrationError


def state(db, event):
    db.session.expire_all()
    rows = db.session.scalars(
        sa.select(Registration).where(Registration.event_id == event.id).order_by(Registration.id)
    ).all()
    return [(r.user.username, r.status, r.waitlist_position) for r in rows]


@pytest.fixture
def people(make_user):
    return {name: make_user(name) for name in ("ana", "ben", "cai", "dee", "eli")}


@pytest.fixture
def organizer(make_user):
    return make_user("boss", display_name="Boss")


def test_cancelling_a_seat_promotes_the_head_of_the_queue(db, make_event, enrol, people):
    event = make_event(capacity=2)
    for name in ("ana", "ben", "cai", "dee"):
        enrol(event, people[name])
    result = services.cancel(event.id, people["ana"])
    db.session.commit()
    assert [r.user.username for r in result.promoted] == ["cai"]
    assert state(db, event) == [
        ("ana", "cancelled", None),
        ("ben", "approved", None),
        ("cai", "approved", None),
        ("dee", "waitlisted", 2),
    ]


def test_leaving_the_queue_promotes_nobody(db, make_event, enrol, people):
    event = make_event(capacity=1)
    for name in ("ana", "ben", "cai"):
        enrol(event, people[name])
    assert services.cancel(event.id, people["ben"]).promoted == []
    db.session.commit()
    assert state(db, event)[2] == ("cai", "waitlisted", 2)
    from forum.events.registration.capacity import waitlist_rank

    registration = db.session.scalar(
        sa.select(Registration).where(Registration.user_id == people["cai"].id)
    )
    assert waitlist_rank(registration) == 1  # the rank shown to the person closes the gap


def test_approval_events_promote_to_review_not_straight_to_a_seat(
    db, make_event, enrol, people, organizer
):
    event = make_event(capacity=1, requires_approval=True, organizers=[organizer])
    first = enrol(event, people["ana"])
    services.decide(event.id, [first.id], Decision.APPROVE, actor=organizer)
    db.session.commit()
    enrol(event, people["ben"])  # full: queued without review
    enrol(event, people["cai"])
    assert [s[1] for s in state(db, event)] == ["approved", "waitlisted", "waitlisted"]
    services.cancel(event.id, people["ana"])
    db.session.commit()
    # The head of the queue now awaits review; the seat is held for that review.
    assert state(db, event)[1:] == [("ben", "pending", None), ("cai", "waitlisted", 2)]
    ben = db.session.scalar(sa.select(Registration).where(Registration.user_id == people["ben"].id))
    result = services.decide(event.id, [ben.id], Decision.APPROVE, actor=organizer)
    db.session.commit()
    assert result.approved == [ben]
    assert state(db, event)[1:] == [("ben", "approved", None), ("cai", "waitlisted", 2)]


def test_declining_the_promoted_person_promotes_the_next(db, make_event, enrol, people, organizer):
    event = make_event(capacity=1, requires_approval=True, organizers=[organizer])
    ana = enrol(event, people["ana"])
    services.decide(event.id, [ana.id], Decision.APPROVE, actor=organizer)
    db.session.commit()
    enrol(event, people["ben"])
    enrol(event, people["cai"])
    services.cancel(event.id, people["ana"])
    db.session.commit()
    ben = db.session.scalar(sa.select(Registration).where(Registration.user_id == people["ben"].id))
    result = services.decide(event.id, [ben.id], Decision.DECLINE, actor=organizer, note="Sorry")
    db.session.commit()
    assert [r.user.username for r in result.promoted] == ["cai"]
    assert state(db, event)[1:] == [("ben", "declined", None), ("cai", "pending", None)]


def test_approvals_beyond_capacity_queue_and_are_seated_first_when_a_place_frees(
    db, make_event, enrol, people, organizer
):
    event = make_event(capacity=1, requires_approval=True, organizers=[organizer])
    ana, ben = enrol(event, people["ana"]), enrol(event, people["ben"])
    result = services.decide(event.id, [ana.id, ben.id], Decision.APPROVE, actor=organizer)
    db.session.commit()
    assert (result.approved, result.waitlisted) == ([ana], [ben])
    assert state(db, event) == [("ana", "approved", None), ("ben", "waitlisted", 1)]
    services.cancel(event.id, people["ana"])
    db.session.commit()
    # Ben was approved already: he takes the seat without a second review.
    assert state(db, event)[1] == ("ben", "approved", None)


def test_declining_an_approved_person_frees_the_seat(db, make_event, enrol, people, organizer):
    event = make_event(capacity=1, organizers=[organizer])
    ana = enrol(event, people["ana"])
    enrol(event, people["ben"])
    result = services.decide(event.id, [ana.id], Decision.DECLINE, actor=organizer)
    db.session.commit()
    assert [r.user.username for r in result.promoted] == ["ben"]


def test_reviews_never_hold_more_people_than_seats(db, make_event, enrol, people, organizer):
    event = make_event(capacity=2, requires_approval=True, organizers=[organizer])
    ana, ben = enrol(event, people["ana"]), enrol(event, people["ben"])
    services.decide(event.id, [ana.id, ben.id], Decision.APPROVE, actor=organizer)
    db.session.commit()
    for name in ("cai", "dee", "eli"):
        enrol(event, people[name])
    services.cancel(event.id, people["ana"])
    services.cancel(event.id, people["ben"])
    db.session.commit()
    assert [s[1:] for s in state(db, event)[2:]] == [
        ("pending", None),
        ("pending", None),
        ("waitlisted", 3),
    ]


def test_events_without_a_limit_never_queue(db, make_event, enrol, people):
    event = make_event(capacity=None)
    for name in people:
        enrol(event, people[name])
    assert {s[1] for s in state(db, event)} == {"approved"}


def test_decisions_ignore_registrations_of_other_events(db, make_event, enrol, people, organizer):
    mine = make_event(requires_approval=True, organizers=[organizer])
    other = make_event(requires_approval=True)
    theirs = enrol(other, people["ana"])
    result = services.decide(mine.id, [theirs.id], Decision.APPROVE, actor=organizer)
    db.session.commit()
    assert result.approved == [] and state(db, other)[0][1] == "pending"


def test_cancelled_registrations_cannot_be_approved_or_cancelled_twice(
    db, make_event, enrol, people, organizer
):
    event = make_event(requires_approval=True, organizers=[organizer])
    ana = enrol(event, people["ana"])
    services.cancel(event.id, people["ana"])
    db.session.commit()
    result = services.decide(event.id, [ana.id], Decision.APPROVE, actor=organizer)
    assert result.skipped == [ana]
    with pytest.raises(RegistrationError, match="no registration to cancel"):
        services.cancel(event.id, people["ana"])


def test_a_person_leaving_frees_their_seats_everywhere(db, make_event, enrol, people):
    first, second = make_event(capacity=1), make_event(capacity=1)
    for event in (first, second):
        enrol(event, people["ana"])
        enrol(event, people["ben"])
    assert services.withdraw_everywhere(people["ana"]) == 2
    db.session.commit()
    assert state(db, first) == [("ben", "approved", None)]
    assert state(db, second) == [("ben", "approved", None)]


def test_more_places_seat_the_waiting_list_in_order(db, make_event, enrol, people):
    event = make_event(capacity=1)
    for name in ("ana", "ben", "cai", "dee"):
        enrol(event, people[name])
    locked = lock_event(event.id)  # as the event service does when the capacity changes
    locked.capacity = 3
    promoted = fill_seats(locked)
    db.session.commit()
    assert [r.user.username for r in promoted] == ["ben", "cai"]
    assert state(db, event)[3] == ("dee", "waitlisted", 3)
