"""Organizers write once, in several languages, to the registrants they choose; each
person reads the message on the event page in their language; emails name no event."""

from __future__ import annotations

import sqlalchemy as sa

from forum.events.registration import services as registrations
from forum.events.registration.models import Answer, Question, RegistrationStatus
from forum.extensions import db as _db
from forum.messages.models import Message, MessageText
from forum.messages.queries import Recipients, recipient_ids
from forum.models import AuditEntry, Role, utcnow
from forum.notices.models import Notice
from forum.profiles.data_rights import erase_user, export_user
from forum.queue.runner import queue_of
from tests.conftest import login
from tests.events.conftest import ADDRESS, VENUE
from tests.registration.factories import enrol_user

TITLE = "Collective protection in practice"
SUBJECT_EN = "Bring your passport"
BODY_EN = "The security check at the entrance asks for an identity document."
SUBJECT_ES = "Trae tu pasaporte"
BODY_ES = "El control de seguridad de la entrada pide un documento de identidad."


def form(**overrides: str) -> dict[str, str]:
    data = {
        "status": "",
        "checked_in": "",
        "answer": "",
        "default_locale": "en",
        "text_en-subject": SUBJECT_EN,
        "text_en-body": BODY_EN,
        "text_es-subject": SUBJECT_ES,
        "text_es-body": BODY_ES,
    }
    data.update(overrides)
    return data


def count(model) -> int:  # noqa: ANN001
    return _db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def sign_in(client, username: str) -> None:  # noqa: ANN001
    client.post("/auth/logout")
    assert login(client, username).status_code == 302


def test_each_person_reads_the_message_in_their_language_on_the_event_page(
    client, db, make_event, make_user, organizer
):
    event = make_event(texts={"en": TITLE})
    amina = make_user("amina", locale="es")
    joao = make_user("joao", locale="pt")
    stranger = make_user("stranger")
    enrol_user(event, amina)
    enrol_user(event, joao)
    sign_in(client, "lucia")
    response = client.post(f"/events/{event.slug}/manage/messages/send", data=form())
    assert response.status_code == 303
    assert "2 people" in client.get(response.headers["Location"]).get_data(as_text=True)

    sign_in(client, "amina")
    page = client.get(f"/events/{event.slug}/").get_data(as_text=True)
    assert SUBJECT_ES in page and BODY_ES in page and SUBJECT_EN not in page
    assert "Mensajes de los organizadores" in page
    sign_in(client, "joao")
    page = client.get(f"/events/{event.slug}/").get_data(as_text=True)
    # No Portuguese version: the main one, said to be in English, in Portuguese.
    assert SUBJECT_EN in page and "inglês" in page
    notices = client.get("/notices/").get_data(as_text=True)
    assert "Os organizadores enviaram-lhe uma mensagem" in notices
    sign_in(client, "stranger")
    assert SUBJECT_EN not in client.get(f"/events/{event.slug}/").get_data(as_text=True)
    assert stranger.id not in {n.user_id for n in db.session.scalars(sa.select(Notice))}


def test_recipients_by_status_check_in_and_answer(db, make_event, make_user):
    event = make_event(capacity=2)
    question = Question(
        event_id=event.id,
        kind="single_choice",
        labels={"en": "Meals"},
        choices=[
            {"key": "c1", "labels": {"en": "Vegetarian"}},
            {"key": "c2", "labels": {"en": "Any"}},
        ],
    )
    db.session.add(question)
    db.session.commit()
    people = [make_user(name) for name in ("ana", "bia", "caio")]
    enrolled = [enrol_user(event, person) for person in people]  # caio waits
    enrolled[0].checked_in_at = utcnow()
    db.session.add(Answer(registration_id=enrolled[1].id, question_id=question.id, value='"c1"'))
    db.session.commit()
    ana, bia, caio = (person.id for person in people)
    assert recipient_ids(event.id, Recipients()) == [ana, bia, caio]
    assert recipient_ids(event.id, Recipients(status="waitlisted")) == [caio]
    assert recipient_ids(event.id, Recipients(status="approved", checked_in="yes")) == [ana]
    assert recipient_ids(event.id, Recipients(checked_in="no")) == [bia, caio]
    assert recipient_ids(event.id, Recipients(question_id=question.id, answer="c1")) == [bia]
    assert recipient_ids(event.id, Recipients(question_id=question.id, answer="c2")) == []
    enrolled[0].status = RegistrationStatus.CANCELLED.value
    db.session.commit()
    assert recipient_ids(event.id, Recipients()) == [bia, caio]  # not someone who left


def test_bad_input_is_answered_field_by_field_in_the_organizers_language(
    client, db, make_event, make_user
):
    make_user("rosa", roles=[Role.ORGANIZER], locale="fr")
    event = make_event(co_organizers=("rosa",))
    enrol_user(event, make_user("amina"))
    sign_in(client, "rosa")
    before = (count(Message), count(Notice), count(AuditEntry))
    url = f"/events/{event.slug}/manage/messages/send"

    empty = client.post(url, data=form(**{"text_en-body": "", "text_es-body": ""}))
    assert empty.status_code == 422
    assert "Écrivez le message dans au moins une langue." in empty.get_data(as_text=True)

    long = client.post(url, data=form(**{"text_en-body": "x" * 5001}))
    assert long.status_code == 422
    assert "5000" in long.get_data(as_text=True)

    half = client.post(url, data=form(**{"text_es-subject": ""}))
    assert half.status_code == 422
    assert "Donnez aussi un objet dans cette langue." in half.get_data(as_text=True)

    unknown = client.post(url, data=form(status="friends"))
    assert unknown.status_code == 422

    nobody = client.post(url, data=form(status="declined"))
    assert nobody.status_code == 422
    assert "Personne ne correspond à ces choix" in nobody.get_data(as_text=True)
    assert (count(Message), count(Notice), count(AuditEntry)) == before


def test_preview_counts_and_renders_without_sending(client, db, make_event, make_user):
    event = make_event()
    enrol_user(event, make_user("amina"))
    sign_in(client, "lucia")
    page = client.post(f"/events/{event.slug}/manage/messages/new", data=form())
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "This message will go to 1 person." in text
    assert BODY_ES in text and "Português" in text  # Portuguese readers get the main one
    assert count(Message) == 0 and count(Notice) == 1  # only amina's "approved"


def test_compose_is_prefilled_from_the_registrations_table(client, make_event):
    event = make_event()
    sign_in(client, "lucia")
    page = client.get(
        f"/events/{event.slug}/manage/messages/new?status=waitlisted&checked_in=yes&answer=9:x"
    ).get_data(as_text=True)
    assert '<option selected value="waitlisted">' in page
    assert '<option selected value="yes">' in page
    registrations = client.get(f"/events/{event.slug}/manage/registrations?status=approved")
    assert "/manage/messages/new?status=approved" in registrations.get_data(as_text=True)


def test_every_message_is_audited_without_its_content_or_recipients(
    client, db, make_event, make_user, organizer
):
    event = make_event()
    for name in ("amina", "joao", "layla"):
        enrol_user(event, make_user(name))
    sign_in(client, "lucia")
    client.post(f"/events/{event.slug}/manage/messages/send", data=form())
    [entry] = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "message.send"))
    message = db.session.scalar(sa.select(Message))
    assert entry.actor_id == organizer.id and entry.event_id == event.id
    assert entry.target_id == message.id and entry.detail == "3"
    assert message.recipient_count == 3 and message.sender_id == organizer.id
    log = client.get(f"/events/{event.slug}/manage/audit").get_data(as_text=True)
    assert "Sent a message to registrants (number of recipients)" in log
    # The text is encrypted at rest.
    stored = db.session.execute(sa.text("SELECT subject, body FROM event_message_texts")).all()
    assert all(SUBJECT_EN not in row[0] and BODY_EN not in row[1] for row in stored)


def test_a_confidential_venue_is_written_only_to_approved_participants(
    client, db, make_event, make_user
):
    event = make_event(confidential=True, requires_approval=True)
    amina, joao = make_user("amina"), make_user("joao")
    enrol_user(event, amina)  # pending: may not know the venue
    approved = enrol_user(event, joao)
    registrations.decide(
        event.id, [approved.id], registrations.Decision.APPROVE, actor=event.organizers[0]
    )
    db.session.commit()
    sign_in(client, "lucia")
    leaking = form(
        **{"text_en-body": f"We meet at {VENUE.upper()}, {ADDRESS}.", "text_es-body": "x"}
    )
    refused = client.post(f"/events/{event.slug}/manage/messages/send", data=leaking)
    assert refused.status_code == 422
    assert "The venue is confidential" in refused.get_data(as_text=True)
    assert count(Message) == 0
    sent = client.post(
        f"/events/{event.slug}/manage/messages/send", data={**leaking, "status": "approved"}
    )
    assert sent.status_code == 303
    message = db.session.scalar(sa.select(Message))
    assert message.recipient_count == 1
    sign_in(client, "amina")
    assert VENUE.upper() not in client.get(f"/events/{event.slug}/").get_data(as_text=True)
    sign_in(client, "joao")
    assert VENUE.upper() in client.get(f"/events/{event.slug}/").get_data(as_text=True)
    # João leaves: the message he received no longer shows him the venue.
    registrations.cancel(event.id, joao)
    db.session.commit()
    page = client.get(f"/events/{event.slug}/").get_data(as_text=True)
    assert VENUE.upper() not in page and ADDRESS not in page
    assert "1 message names the confidential venue" in page


def test_the_email_carries_a_link_and_no_event_title(app, client, db, make_event, make_user, smtp):
    event = make_event(texts={"en": TITLE}, confidential=True)
    amina = make_user("amina", locale="es")
    amina.email, amina.notice_emails = "amina@example.org", True
    db.session.commit()
    enrol_user(event, amina)
    queue_of(app).pending.clear()
    sign_in(client, "lucia")
    client.post(
        f"/events/{event.slug}/manage/messages/send",
        data=form(**{"text_en-subject": f"{TITLE}: bring your passport"}),
    )
    assert [name for name, _ in queue_of(app).pending] == ["notices.email_range"]
    queue_of(app).run_pending()
    [email] = smtp.messages()
    text = email.as_string()
    assert email["Subject"] == "Novedades sobre tu inscripción"
    assert TITLE not in text and event.slug not in text and VENUE not in text
    assert SUBJECT_ES not in text and BODY_ES not in text  # the message itself stays inside
    assert "https://forum.example.org/notices/" in text
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_eager_queue_delivers_within_the_request(app, client, db, make_event, make_user, smtp):
    app.config["FORUM_QUEUE"] = "eager"
    event = make_event()
    for name in ("amina", "joao"):
        person = make_user(name)
        person.email, person.notice_emails = f"{name}@example.org", True
        db.session.commit()
        enrol_user(event, person)
    queue_of(app).pending.clear()
    before = len(smtp.messages())
    sign_in(client, "lucia")
    assert client.post(f"/events/{event.slug}/manage/messages/send", data=form()).status_code == 303
    assert len(smtp.messages()) - before == 2
    states = set(db.session.scalars(sa.select(Notice.email_state).where(Notice.kind == "message")))
    assert states == {"sent"}


def test_a_thousand_recipients_queue_in_a_few_statements(
    app, db, make_event, organizer, count_queries, smtp
):
    from forum.auth.passwords import hash_password
    from forum.events.registration.models import Registration
    from forum.messages import services
    from forum.models import User

    event = make_event()
    password = hash_password("not used in this test")
    db.session.execute(
        sa.insert(User),
        [
            {
                "username": f"p{n}",
                "display_name": f"P{n}",
                "password_hash": password,
                "notice_emails": True,
            }
            for n in range(1000)
        ],
    )
    ids = db.session.scalars(sa.select(User.id).where(User.username.like("p%"))).all()
    db.session.execute(sa.update(User).where(User.id.in_(ids)).values(email="someone@example.org"))
    db.session.execute(
        sa.insert(Registration),
        [{"event_id": event.id, "user_id": user_id, "status": "approved"} for user_id in ids],
    )
    db.session.commit()
    queue_of(app).pending.clear()
    data = services.MessageData("en", {"en": (SUBJECT_EN, BODY_EN)})
    with count_queries() as counter:
        message = services.send_message(organizer, event, data)
        db.session.commit()
    assert message.recipient_count == 1000
    # A count, the message, its text, the notices (one INSERT … SELECT), the audit entry,
    # the commit: the same number for ten people or ten thousand.
    assert counter.count <= 10, counter.statements
    assert len(queue_of(app).pending) == 10  # one task per hundred emails


def test_my_data_holds_the_messages_sent_to_me_and_erasure_removes_them(
    client, db, make_event, make_user, organizer
):
    event = make_event()
    amina = make_user("amina")
    enrol_user(event, amina)
    sign_in(client, "lucia")
    client.post(f"/events/{event.slug}/manage/messages/send", data=form())
    exported = export_user(amina)
    [received] = exported["messages_received"]
    assert received["texts"]["en"] == {"subject": SUBJECT_EN, "body": BODY_EN}
    assert export_user(organizer)["messages_sent"][0]["recipients"] == 1
    erase_user(amina, keep_posts=False)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).where(Notice.kind == "message")) == 0
    erase_user(organizer, keep_posts=False)
    db.session.commit()
    message = db.session.scalar(sa.select(Message))
    assert message is not None and message.sender_id is None  # the event keeps it
    assert count(MessageText) == 2


def test_sending_is_rate_limited_per_account(
    app, database_url, tmp_path, db, make_event, make_user
):
    from tests.conftest import make_app

    limited = make_app(database_url, tmp_path, FORUM_RATELIMIT_ENABLED="1")
    event = make_event()
    enrol_user(event, make_user("amina"))
    client = limited.test_client()
    assert login(client, "lucia").status_code == 302
    url = f"/events/{event.slug}/manage/messages/send"
    codes = [client.post(url, data=form()).status_code for _ in range(6)]
    assert codes == [303] * 5 + [429]
    with limited.app_context():
        assert _db.session.scalar(sa.select(sa.func.count()).select_from(Message)) == 5


def test_only_fixed_answers_of_questions_not_sensitive_choose_recipients(
    client, db, make_event, make_user
):
    event = make_event()
    visa = Question(event_id=event.id, kind="yes_no", labels={"en": "Need a visa letter?"})
    health = Question(
        event_id=event.id, kind="yes_no", labels={"en": "Health needs?"}, sensitive=True
    )
    db.session.add_all([visa, health])
    db.session.commit()
    amina, joao = make_user("amina"), make_user("joao")
    enrol_user(event, amina, {visa.id: "yes"})
    enrol_user(event, joao, {visa.id: "no"})
    sign_in(client, "lucia")
    page = client.get(f"/events/{event.slug}/manage/messages/new").get_data(as_text=True)
    assert f'value="{visa.id}:yes"' in page and "Need a visa letter?: Yes" in page
    assert "Health needs?" not in page
    preview = client.post(
        f"/events/{event.slug}/manage/messages/new", data=form(answer=f"{visa.id}:yes")
    )
    assert "This message will go to 1 person." in preview.get_data(as_text=True)
    refused = client.post(
        f"/events/{event.slug}/manage/messages/send", data=form(answer=f"{health.id}:yes")
    )
    assert refused.status_code == 422 and count(Message) == 0
