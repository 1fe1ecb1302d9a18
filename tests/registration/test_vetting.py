"""The team's registrations list: filters, decisions singly and in bulk, check-in, audit."""

import re

import pytest
import sqlalchemy as sa

from forum.events.registration.models import Registration
from forum.models import AuditEntry, Role
from tests.checks import assert_private_page


def audit_actions(db, event):
    return db.session.scalars(
        sa.select(AuditEntry.action).where(AuditEntry.event_id == event.id).order_by(AuditEntry.id)
    ).all()


def reload(db, registration):
    db.session.expire_all()
    return db.session.get(Registration, registration.id)


@pytest.fixture
def vetted_event(make_event, make_user, make_question, enrol):
    """An approval event with two requests; returns (event, organizer, [registrations])."""
    organizer = make_user("lucia", roles=[Role.ORGANIZER], display_name="Lucía")
    event = make_event(requires_approval=True, capacity=1, organizers=[organizer])
    question = make_question(event, label="Accessibility needs", sensitive=True)
    requests = [
        enrol(event, make_user("amina", display_name="Amina K."), {question.id: "Step-free room"}),
        enrol(event, make_user("joao", display_name="João")),
    ]
    return event, organizer, requests


def test_the_list_shows_answers_to_organizers_and_every_view_is_audited(client, db, vetted_event):
    from tests.conftest import login

    event, organizer, _ = vetted_event
    login(client, "lucia")
    response = client.get(f"/events/{event.slug}/manage/registrations")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Amina K." in page and "João" in page and "Step-free room" in page
    assert "amina" not in page.replace("Amina", "")  # never the username
    assert_private_page(page)
    client.get(f"/events/{event.slug}/manage/registrations?status=pending")
    entries = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.event_id == event.id)).all()
    assert [(e.actor_id, e.action, e.detail) for e in entries] == [
        (organizer.id, "registrations.view", "status=all page=1"),
        (organizer.id, "registrations.view", "status=pending page=1"),
    ]


def test_filters_by_status_and_refuses_unknown_ones(client, db, vetted_event, enrol, make_user):
    from tests.conftest import login

    event, _, (amina, _) = vetted_event
    login(client, "lucia")
    client.post(
        f"/events/{event.slug}/manage/registrations/decide",
        data={"ids": [amina.id], "approve": "Approve"},
    )
    page = client.get(f"/events/{event.slug}/manage/registrations?status=approved").get_data(
        as_text=True
    )
    assert "Amina K." in page and "João" not in page
    for bad in ("?status=everyone", "?status=%00", "?page=abc&status=x"):
        assert client.get(f"/events/{event.slug}/manage/registrations{bad}").status_code == 400


def test_single_decision_with_a_note_the_person_reads(client, db, vetted_event):
    from tests.conftest import login

    event, _, (amina, joao) = vetted_event
    login(client, "lucia")
    response = client.post(
        f"/events/{event.slug}/manage/registrations/decide",
        data={"ids": [joao.id], "decline": "Decline", "note": "We are full of lawyers, sorry."},
    )
    assert response.status_code == 303
    joao = reload(db, joao)
    assert (joao.status, joao.decision_note) == ("declined", "We are full of lawyers, sorry.")
    assert "registration.decline" in audit_actions(db, event)
    client.post("/auth/logout")
    login(client, "joao")
    page = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert "We are full of lawyers, sorry." in page and "Declined" in page


def test_a_note_keeps_its_own_direction_in_the_other_scripts_page(client, db, vetted_event):
    """An English note on an Arabic page (or the reverse) is laid out in its own
    direction, where it is typed and where it is read: without it, the full stop of
    "Bring your passport." jumped to the start of the sentence."""
    from tests.conftest import login

    event, organizer, (amina, _) = vetted_event
    organizer.locale = amina.user.locale = "ar"
    db.session.commit()
    login(client, "lucia")
    page = client.get(f"/events/{event.slug}/manage/registrations").get_data(as_text=True)
    for box in re.findall(r"<textarea[^>]*name=\"note\"[^>]*>", page):
        assert 'dir="auto"' in box
    client.post(
        f"/events/{event.slug}/manage/registrations/decide",
        data={"ids": [amina.id], "approve": "Approve", "note": "Bring your passport."},
    )
    page = client.get(f"/events/{event.slug}/manage/registrations").get_data(as_text=True)
    assert re.search(r'dir="auto">Bring your passport\.<', page)
    client.post("/auth/logout")
    login(client, "amina")
    page = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert 'dir="rtl"' in page
    assert re.search(r'dir="auto">Bring your passport\.<', page)


def test_bulk_approval_seats_in_request_order_and_queues_the_rest(client, db, vetted_event):
    from tests.conftest import login

    event, _, (amina, joao) = vetted_event
    login(client, "lucia")
    response = client.post(
        f"/events/{event.slug}/manage/registrations/decide",
        data={"ids": [joao.id, amina.id], "approve": "Approve"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "1 approved." in page
    assert "1 approved but the event is full: on the waiting list." in page
    assert (reload(db, amina).status, reload(db, joao).status) == ("approved", "waitlisted")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"approve": "Approve"}, "Select at least one registration."),
        ({"ids": ["1; DROP TABLE users"], "approve": "Approve"}, "The selection is not valid."),
        ({"ids": ["1"]}, "Choose to approve or to decline."),
        ({"ids": ["1"], "approve": "Approve", "note": "n" * 1001}, "Use at most 1000 characters."),
    ],
)
def test_bad_decisions_are_refused_and_change_nothing(client, db, vetted_event, data, message):
    from tests.conftest import login

    event, _, (amina, _) = vetted_event
    login(client, "lucia")
    response = client.post(f"/events/{event.slug}/manage/registrations/decide", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert reload(db, amina).status == "pending"


def test_staff_see_the_list_and_check_in_but_do_not_vet(client, db, vetted_event, make_user):
    from tests.conftest import login

    event, organizer, (amina, _) = vetted_event
    make_user("kwame", roles=[Role.STAFF], display_name="Kwame")
    login(client, "lucia")
    client.post(
        f"/events/{event.slug}/manage/registrations/decide",
        data={"ids": [amina.id], "approve": "Approve"},
    )
    client.post("/auth/logout")
    login(client, "kwame")
    page = client.get(f"/events/{event.slug}/manage/registrations").get_data(as_text=True)
    assert "Step-free room" in page and 'name="approve"' not in page
    response = client.post(
        f"/events/{event.slug}/manage/registrations/decide",
        data={"ids": [amina.id], "decline": "Decline"},
    )
    assert response.status_code == 403
    assert reload(db, amina).status == "approved"
    response = client.post(
        f"/events/{event.slug}/manage/registrations/{amina.id}/check-in", data={"arrived": "1"}
    )
    assert response.status_code == 303
    assert reload(db, amina).checked_in_at is not None
    assert audit_actions(db, event)[-1] == "registration.check_in"
    client.post(
        f"/events/{event.slug}/manage/registrations/{amina.id}/check-in", data={"arrived": "0"}
    )
    assert reload(db, amina).checked_in_at is None
    assert audit_actions(db, event)[-1] == "registration.check_in_undone"
    # Staff read the list but not the audit log about their own reading.
    assert client.get(f"/events/{event.slug}/manage/audit").status_code == 403


def test_only_approved_people_can_be_checked_in(client, db, vetted_event):
    from tests.conftest import login

    event, _, (amina, _) = vetted_event
    login(client, "lucia")
    response = client.post(
        f"/events/{event.slug}/manage/registrations/{amina.id}/check-in",
        data={"arrived": "1"},
        follow_redirects=True,
    )
    assert "Only approved participants can be checked in." in response.get_data(as_text=True)
    assert reload(db, amina).checked_in_at is None
    bad = client.post(
        f"/events/{event.slug}/manage/registrations/{amina.id}/check-in", data={"arrived": "yes"}
    )
    assert bad.status_code == 400


def test_check_in_refuses_registrations_of_another_event(
    client, db, vetted_event, make_event, make_user, enrol
):
    from tests.conftest import login

    event, _, _ = vetted_event
    other = make_event()
    stranger = enrol(other, make_user("stranger"))
    login(client, "lucia")
    response = client.post(
        f"/events/{event.slug}/manage/registrations/{stranger.id}/check-in", data={"arrived": "1"}
    )
    assert response.status_code == 404
    assert reload(db, stranger).checked_in_at is None


def test_the_event_audit_log_is_for_its_organizers_and_admins(client, db, vetted_event, make_user):
    from tests.conftest import login

    event, _, _ = vetted_event
    login(client, "lucia")
    client.get(f"/events/{event.slug}/manage/registrations")
    page = client.get(f"/events/{event.slug}/manage/audit").get_data(as_text=True)
    assert "Viewed the registrations list" in page and "Lucía" in page
    assert_private_page(page)
    client.post("/auth/logout")
    make_user("root", roles=[Role.ADMIN])
    login(client, "root")
    assert client.get(f"/events/{event.slug}/manage/audit").status_code == 200


def test_the_list_costs_the_same_number_of_queries_for_many_people(
    client, db, make_event, make_user, make_question, enrol, count_queries
):
    from tests.conftest import login

    organizer = make_user("lucia", roles=[Role.ORGANIZER])
    event = make_event(capacity=3, organizers=[organizer])
    questions = [make_question(event, label=f"Q{i}", sensitive=i % 2 == 0) for i in range(3)]
    login(client, "lucia")

    def add_people(start, count):
        for i in range(start, start + count):
            enrol(event, make_user(f"p{i}"), {q.id: f"answer {i}" for q in questions})

    add_people(0, 4)
    with count_queries() as few:
        assert client.get(f"/events/{event.slug}/manage/registrations").status_code == 200
    add_people(4, 20)
    with count_queries() as many:
        assert client.get(f"/events/{event.slug}/manage/registrations").status_code == 200
    assert many.count == few.count
    assert many.count <= 24
