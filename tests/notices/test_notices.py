"""People are told what happened to their registration: in-app always, by email when
they asked for it, and the email names no gathering."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from forum.events.registration import services as registrations
from forum.models import utcnow
from forum.notices import jobs
from forum.notices.labels import NoticeKind
from forum.notices.mail import unsubscribe_token
from forum.notices.models import Notice
from forum.profiles.data_rights import export_user
from forum.queue.runner import queue_of
from forum.queue.worker import run_sweeps
from tests.conftest import login
from tests.registration.factories import enrol_user

TITLE = "Collective protection in practice"


def kinds(db, user) -> list[tuple[str, int | None]]:
    db.session.expire_all()
    return [
        (notice.kind, notice.position)
        for notice in db.session.scalars(
            sa.select(Notice).where(Notice.user_id == user.id).order_by(Notice.id)
        )
    ]


def test_each_step_of_a_registration_is_noticed(db, make_event, make_user, organizer):
    event = make_event(requires_approval=True, capacity=1)
    amina, joao = make_user("amina"), make_user("joao")
    first = enrol_user(event, amina)
    second = enrol_user(event, joao)
    assert kinds(db, amina) == [("received", None)]
    registrations.decide(event.id, [first.id], registrations.Decision.APPROVE, actor=organizer)
    registrations.decide(event.id, [second.id], registrations.Decision.APPROVE, actor=organizer)
    db.session.commit()
    assert kinds(db, amina) == [("received", None), ("approved", None)]
    # The only seat is taken: João waits, first in line.
    assert kinds(db, joao) == [("received", None), ("waitlisted", 1)]
    registrations.cancel(event.id, amina)
    db.session.commit()
    assert kinds(db, joao)[-1] == ("promoted", None)


def test_a_declined_request_is_noticed(db, make_event, make_user, organizer):
    event = make_event(requires_approval=True)
    layla = make_user("layla")
    registration = enrol_user(event, layla)
    registrations.decide(
        event.id, [registration.id], registrations.Decision.DECLINE, actor=organizer
    )
    db.session.commit()
    assert kinds(db, layla)[-1] == ("declined", None)


def test_the_notices_page_shows_my_notices_only_in_my_language(client, db, make_event, make_user):
    event = make_event(capacity=1, texts={"en": TITLE, "es": "Protección colectiva"})
    mine, other = make_user("mine", locale="es"), make_user("other")
    enrol_user(event, other)
    enrol_user(event, mine)  # full: waiting list, number 1
    assert login(client, "mine").status_code == 302
    page = client.get("/notices/").get_data(as_text=True)
    assert "Protección colectiva" in page
    assert "eres el número 1 en la lista de espera" in page
    assert "aprobada" not in page  # the other person's approval is not mine to see
    assert db.session.scalar(sa.select(sa.func.count()).where(Notice.read_at.is_(None))) == 1


def test_visitors_are_sent_to_sign_in(client):
    response = client.get("/notices/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


# --- email -------------------------------------------------------------------------------


def opted_in(db, user, email: str = "amina@example.org"):
    user.email = email
    user.notice_emails = True
    db.session.commit()
    return user


def test_the_email_names_no_event_and_offers_one_click_unsubscribe(
    app, client, db, make_event, make_user, smtp
):
    event = make_event(texts={"en": TITLE})
    amina = opted_in(db, make_user("amina", locale="fr"))
    enrol_user(event, amina)
    assert queue_of(app).pending == [("notices.email", (kinds_id := _last_id(db, amina),))]
    assert queue_of(app).run_pending() == 1
    [message] = smtp.messages()
    text = message.as_string()
    assert message["Subject"] == "Du nouveau sur votre inscription"
    assert TITLE not in text and event.slug not in text
    assert "https://forum.example.org/notices/" in text
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"] == f"<notice.{kinds_id}@forum.example.org>"
    unsubscribe = message["List-Unsubscribe"].strip("<>").removeprefix("https://forum.example.org")
    # The mail program posts it, signed out, without a CSRF token.
    client.post("/auth/logout")
    assert client.post(unsubscribe, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    db.session.expire_all()
    assert amina.notice_emails is False


def _last_id(db, user) -> int:
    return db.session.scalar(sa.select(sa.func.max(Notice.id)).where(Notice.user_id == user.id))


def test_no_email_without_asking_for_it(app, db, make_event, make_user, smtp):
    event = make_event()
    joao = make_user("joao")
    joao.email = "joao@example.org"  # an address for password resets is not a yes
    db.session.commit()
    enrol_user(event, joao)
    assert queue_of(app).pending == []
    assert kinds(db, joao) == [("approved", None)]


def test_a_rolled_back_change_sends_nothing(app, db, make_event, make_user, smtp):
    event = make_event()
    amina = opted_in(db, make_user("amina"))
    registrations.register(
        event.id,
        amina,
        registrations.RegistrationRequest(
            badge_name="", locale="en", listing="nobody", consent=True
        ),
    )
    db.session.rollback()
    db.session.commit()
    assert queue_of(app).pending == [] and smtp.messages() == []


def test_an_smtp_outage_loses_nothing_and_sends_nothing_twice(app, db, make_event, make_user, smtp):
    event = make_event()
    people = [opted_in(db, make_user(f"person{n}"), f"p{n}@example.org") for n in range(3)]
    smtp.stop()  # the mail server is down while the notices are written and sent
    for person in people:
        enrol_user(event, person)
    queue = queue_of(app)
    for _name, args in list(queue.pending):
        queue.pending.clear()
        with pytest.raises(Exception):  # noqa: B017 - the queue retries whatever failed
            jobs.email_notice(*args)
    assert db.session.scalars(sa.select(Notice.email_state)).all() == ["pending"] * 3
    smtp.start()
    # The queue's retries come back (twice for the first, as a retry and a redelivery can).
    ids = db.session.scalars(sa.select(Notice.id).order_by(Notice.id)).all()
    for notice_id in [ids[0], *ids, ids[0]]:
        jobs.email_notice(notice_id)
    # And the sweep finds nothing more to send, even later.
    db.session.execute(
        sa.update(Notice).values(
            created_at=utcnow() - timedelta(hours=1), emailed_at=utcnow() - timedelta(hours=1)
        )
    )
    db.session.commit()
    assert run_sweeps(app) == 0
    assert sorted(m["To"] for m in smtp.messages()) == [f"p{n}@example.org" for n in range(3)]
    assert db.session.scalars(sa.select(Notice.email_state)).all() == ["sent"] * 3


def test_the_sweep_sends_again_what_was_lost(app, db, make_event, make_user, smtp):
    event = make_event()
    amina = opted_in(db, make_user("amina"))
    enrol_user(event, amina)
    queue_of(app).pending.clear()  # the task was lost (Redis restarted)
    db.session.execute(sa.update(Notice).values(created_at=utcnow() - timedelta(minutes=11)))
    db.session.commit()
    assert run_sweeps(app) == 1
    queue_of(app).run_pending()
    assert len(smtp.messages()) == 1


def test_a_bad_unsubscribe_link_is_not_found(client, make_user):
    assert client.get("/notices/unsubscribe/not-a-token").status_code == 404
    assert client.post("/notices/unsubscribe/xyz.abc").status_code == 404


def test_unsubscribing_drops_emails_not_yet_sent(app, client, db, make_event, make_user, smtp):
    event = make_event()
    amina = opted_in(db, make_user("amina"))
    enrol_user(event, amina)
    with app.test_request_context():
        token = unsubscribe_token(amina)
    assert "Stop these emails" in client.get(f"/notices/unsubscribe/{token}").get_data(as_text=True)
    client.post(f"/notices/unsubscribe/{token}")
    queue_of(app).run_pending()
    assert smtp.messages() == []


# --- the account page and my data -----------------------------------------------------------


def test_the_choice_is_on_the_account_page_and_needs_an_address(client, db, make_user):
    user = make_user("amina")
    assert login(client, "amina").status_code == 302
    form = {"display_name": "Amina", "locale": "en", "timezone": "UTC", "notice_emails": "y"}
    client.post("/account/", data={**form, "email": ""})
    db.session.expire_all()
    assert user.notice_emails is False  # no address: nothing to send to
    client.post("/account/", data={**form, "email": "amina@example.org"})
    db.session.expire_all()
    assert user.notice_emails is True
    assert "Email me when there is news about my registrations" in client.get("/account/").get_data(
        as_text=True
    )


def test_my_data_holds_my_notices_and_erasure_removes_them(db, make_event, make_user):
    from forum.profiles.data_rights import erase_user

    event = make_event()
    amina = make_user("amina")
    enrol_user(event, amina)
    exported = export_user(amina)
    assert exported["notices"][0]["kind"] == "approved" and exported["notice_emails"] is False
    erase_user(amina, keep_posts=False)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notice)) == 0


def test_telling_many_people_queues_one_task_per_hundred(app, db, make_event, make_user, smtp):
    from forum.notices.services import notify_many

    event = make_event()
    people = [make_user(f"person{n}") for n in range(3)]
    for person in people[:2]:
        opted_in(db, person, f"{person.username}@example.org")
    notify_many([person.id for person in people], event.id, NoticeKind.APPROVED)
    db.session.commit()
    queue = queue_of(app)
    [(name, (first, last))] = queue.pending
    assert name == "notices.email_range" and last > first
    smtp.stop()
    with pytest.raises(Exception):  # noqa: B017 - the queue retries whatever failed
        queue.run_pending()
    smtp.start()
    jobs.email_range(first, last)
    jobs.email_range(first, last)  # a second copy: nothing left to send
    assert sorted(m["To"] for m in smtp.messages()) == [
        "person0@example.org",
        "person1@example.org",
    ]
    assert [kinds(db, person) for person in people] == [[("approved", None)]] * 3
