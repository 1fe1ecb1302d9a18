"""When the organizers move or cancel an event or one of its sessions, everyone still
coming is told, in their language, in-app and by email when they asked for it."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import sqlalchemy as sa

from forum.events import agenda, services
from forum.events.registration import services as registrations
from forum.notices.models import Notice
from forum.queue.runner import queue_of
from tests.conftest import login
from tests.events.conftest import VENUE
from tests.registration.factories import enrol_user

TITLE = "Collective protection in practice"


def kinds(db, user) -> list[str]:  # noqa: ANN001
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(Notice.kind).where(Notice.user_id == user.id).order_by(Notice.id)
        )
    )


def event_data(event):  # noqa: ANN001, ANN201
    from forum.events.manage.forms import EventForm

    return EventForm.for_event(event).to_data()


def test_a_new_time_or_place_is_told_to_everyone_still_coming(
    app, db, make_event, make_user, organizer
):
    event = make_event(capacity=1)
    amina, joao, layla = make_user("amina"), make_user("joao"), make_user("layla")
    enrol_user(event, amina)
    enrol_user(event, joao)  # waiting list
    gone = enrol_user(event, layla)
    registrations.cancel(event.id, layla)
    db.session.commit()
    with app.test_request_context():
        data = event_data(event)
    services.update_event(organizer, event, replace(data, venue_name="Casa Nueva"))
    db.session.commit()
    assert kinds(db, amina)[-1] == "event_changed"
    assert kinds(db, joao)[-1] == "event_changed"
    assert "event_changed" not in kinds(db, layla) and gone.status == "cancelled"


def test_an_edit_that_moves_nothing_tells_nobody(app, db, make_event, make_user, organizer):
    event = make_event()
    amina = make_user("amina")
    enrol_user(event, amina)
    with app.test_request_context():
        data = event_data(event)
    services.update_event(organizer, event, replace(data, capacity=40))
    db.session.commit()
    assert kinds(db, amina) == ["approved"]


def test_cancelling_the_event_or_a_session_is_noticed_in_my_language(
    client, db, make_event, make_session, make_user, organizer
):
    event = make_event(texts={"en": TITLE})
    session = make_session(event, room="Sala 1")
    amina = make_user("amina", locale="fr")
    enrol_user(event, amina)
    data = services.SessionData(
        texts={"en": services.SessionTextData(title="Moved")},
        starts_at=session.starts_at + timedelta(hours=2),
        ends_at=session.ends_at + timedelta(hours=2),
        room="Sala 1",
    )
    agenda.update_session(session, data)
    db.session.commit()
    agenda.cancel_session(session)
    db.session.commit()
    services.cancel_event(organizer, event)
    db.session.commit()
    assert kinds(db, amina)[-3:] == ["session_changed", "session_cancelled", "event_cancelled"]
    assert (
        db.session.scalar(sa.select(Notice.session_id).where(Notice.kind == "session_changed"))
        == session.id
    )
    assert login(client, "amina").status_code == 302
    page = client.get("/notices/").get_data(as_text=True)
    assert "Les organisateurs ont annulé cet événement." in page
    assert "Une session du programme a changé d’horaire ou de salle." in page


def test_the_change_email_names_no_event_and_no_venue(app, db, make_event, make_user, smtp):
    event = make_event(texts={"en": TITLE}, confidential=True, requires_approval=True)
    amina = make_user("amina", locale="pt")
    amina.email, amina.notice_emails = "amina@example.org", True
    db.session.commit()
    enrol_user(event, amina)  # pending: not entitled to the venue
    queue_of(app).run_pending()
    services.cancel_event(event.organizers[0], event)
    db.session.commit()
    assert [name for name, _ in queue_of(app).pending] == ["notices.email_range"]
    queue_of(app).run_pending()
    email = smtp.messages()[-1]
    text = email.as_string()
    assert email["Subject"] == "Novidades sobre a sua inscrição"
    assert TITLE not in text and VENUE not in text and event.slug not in text
