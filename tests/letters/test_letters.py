"""Invitation letters as the people involved meet them: the registrant asks and
downloads, the letter issuer reads and decides, nobody else sees passport details, a
database dump shows none of them, and the retention purge leaves nothing behind."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from forum.events.registration import services as registration_services
from forum.letters import services
from forum.letters.document import letter_document, letter_html
from forum.letters.models import LetterRequest, LetterStatus
from forum.models import AuditEntry, Role, utcnow
from tests.conftest import login
from tests.exports.helpers import pdf_pages_text, squash
from tests.letters.factories import LEGAL_NAME, PASSPORT, letter_details
from tests.rawdb import raw_database_text


def as_(client, user) -> None:
    client.get("/auth/logout")
    client.post("/auth/logout")
    assert login(client, user.username).status_code == 302


def ask(client, scene, **overrides):
    data = {
        "legal_name": LEGAL_NAME,
        "nationality": "PE",
        "passport_number": "xk 773-1904",
        "birth_date": "1987-03-14",
        "passport_expiry": (date.today() + timedelta(days=900)).isoformat(),
        "purpose": "Arriving 3 May, leaving 9 May.",
        **overrides,
    }
    return client.post(f"/events/{scene['event'].slug}/letter", data=data)


def only_request(db) -> LetterRequest:
    db.session.expire_all()
    return db.session.scalars(sa.select(LetterRequest)).one()


def test_registrant_asks_and_the_passport_number_is_encrypted_at_rest(client, db, scene):
    as_(client, scene["amaru"])
    page = client.get(f"/events/{scene['event'].slug}/letter")
    assert page.status_code == 200
    assert "Full name, exactly as in your passport" in page.get_data(as_text=True)
    response = ask(client, scene)
    assert response.status_code == 303
    request = only_request(db)
    assert request.passport_number == PASSPORT  # spaces and dashes dropped, upper case
    assert request.status == LetterStatus.REQUESTED.value
    raw = raw_database_text(db.engine)
    for secret in (PASSPORT, LEGAL_NAME, "Quispe", "1987-03-14", "Arriving 3 May"):
        assert secret not in raw
    # The registrant's page does not show the details back (a shared device).
    page = client.get(f"/events/{scene['event'].slug}/letter").get_data(as_text=True)
    assert "Waiting for the issuer" in page and PASSPORT not in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("legal_name", "", "This field is required."),
        ("legal_name", "A" * 201, "Use at most 200 characters."),
        ("nationality", "XX", "Choose a country from the list."),
        ("nationality", "", "This field is required."),
        ("passport_number", "12", "A passport number has 5 to 20 letters and digits"),
        ("passport_number", "ABC<>1234", "A passport number has 5 to 20 letters and digits"),
        ("birth_date", "14/03/1987", "Enter a date as year-month-day"),
        ("birth_date", "2999-01-01", "Enter your date of birth as in your passport."),
        ("birth_date", "", "This field is required."),
        ("passport_expiry", "2020-01-01", "This passport has expired"),
        ("passport_expiry", "not a date", "Enter a date as year-month-day"),
        ("purpose", "x" * 501, "Use at most 500 characters."),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(client, db, scene, field, value, message):
    as_(client, scene["amaru"])
    response = ask(client, scene, **{field: value})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LetterRequest)) == 0


def test_a_passport_expiring_before_the_event_ends_is_refused(client, db, scene):
    as_(client, scene["amaru"])
    response = ask(client, scene, passport_expiry=scene["event"].starts_at.date().isoformat())
    assert response.status_code == 422
    assert "expires before the event ends" in response.get_data(as_text=True)


def test_bad_input_is_translated(client, db, scene, make_user):
    scene["amaru"].locale = "es"
    db.session.commit()
    as_(client, scene["amaru"])
    response = ask(client, scene, passport_number="1")
    assert response.status_code == 422
    assert "número de pasaporte" in response.get_data(as_text=True).lower()


def test_only_the_letter_issuer_sees_passport_details_and_each_view_is_audited(client, db, scene):
    services.request_letter(scene["amaru"], scene["registration"], letter_details(), "en")
    db.session.commit()
    request = only_request(db)
    # Organizers, staff and administrators: refused, and the list is not theirs either.
    for user in (scene["organizer"], scene["admin"]):
        as_(client, user)
        assert client.get(f"/letters/{request.id}").status_code == 403
        assert client.get("/letters/").status_code == 403
        registrations = client.get(f"/events/{scene['event'].slug}/manage/registrations")
        assert PASSPORT not in registrations.get_data(as_text=True)
    as_(client, scene["issuer"])
    listing = client.get("/letters/").get_data(as_text=True)
    assert "Amaru" in listing
    assert PASSPORT not in listing and LEGAL_NAME not in listing  # the list holds no details
    before = _views(db)
    for _ in range(2):
        page = client.get(f"/letters/{request.id}").get_data(as_text=True)
        assert PASSPORT in page and LEGAL_NAME in page and "Peru" in page
    views = _views(db)
    assert len(views) == len(before) + 2
    assert all(e.actor_id == scene["issuer"].id and e.target_id == request.id for e in views)
    # The audit log says who looked at which request, never what was in it.
    assert all(not e.detail and e.event_id is None for e in views)


def _views(db) -> list[AuditEntry]:
    return list(db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "letter.view")))


def test_issued_letter_is_downloaded_by_the_registrant_only(client, db, scene, make_user):
    services.request_letter(scene["amaru"], scene["registration"], letter_details(), "en")
    db.session.commit()
    request = only_request(db)
    slug = scene["event"].slug
    as_(client, scene["amaru"])
    assert client.get(f"/events/{slug}/letter.pdf").status_code == 404  # not issued yet
    as_(client, scene["issuer"])
    assert client.post(f"/letters/{request.id}/issue").status_code == 303
    assert only_request(db).status == "issued"
    # Another registrant of the same event gets nothing (their own request does not exist).
    other = make_user("bea")
    from tests.registration.factories import enrol_user

    enrol_user(scene["event"], other)
    as_(client, other)
    assert client.get(f"/events/{slug}/letter.pdf").status_code == 404
    as_(client, scene["amaru"])
    response = client.get(f"/events/{slug}/letter.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    [text] = pdf_pages_text(response.data)
    for shown in (
        LEGAL_NAME,
        PASSPORT,
        "Peru",
        "March 14, 1987",
        "Nairobi, Kenya",
        "Protection seminar 1",
    ):
        assert squash(shown).lower() in squash(text).lower(), shown
    downloads = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "letter.download")
    ).all()
    assert [(e.actor_id, e.target_id) for e in downloads] == [(scene["amaru"].id, request.id)]


def test_pending_registration_may_ask_but_the_letter_waits_for_approval(
    client, db, make_user, scene
):
    from tests.registration.factories import create_event, enrol_user

    event = create_event(2, [scene["organizer"]], requires_approval=True)
    bea = make_user("bea")
    registration = enrol_user(event, bea)
    assert registration.status == "pending"
    as_(client, bea)
    assert ask(client, {"event": event}).status_code == 303
    request = db.session.scalar(sa.select(LetterRequest).where(LetterRequest.user_id == bea.id))
    as_(client, scene["issuer"])
    response = client.post(f"/letters/{request.id}/issue", follow_redirects=True)
    assert "Only an approved registration can get a letter" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(LetterRequest, request.id).status == "requested"


def test_decline_with_a_reason_and_ask_again(client, db, scene):
    services.request_letter(scene["amaru"], scene["registration"], letter_details(), "en")
    db.session.commit()
    request = only_request(db)
    as_(client, scene["issuer"])
    too_long = client.post(f"/letters/{request.id}/decline", data={"note": "x" * 501})
    assert too_long.status_code == 422
    assert "Use at most 500 characters." in too_long.get_data(as_text=True)
    assert only_request(db).status == "requested"
    client.post(f"/letters/{request.id}/decline", data={"note": "The passport scan is unclear"})
    assert only_request(db).status == "declined"
    as_(client, scene["amaru"])
    page = client.get(f"/events/{scene['event'].slug}/letter").get_data(as_text=True)
    assert "The passport scan is unclear" in page and "Ask again" in page
    assert ask(client, scene, passport_number="P9988776").status_code == 303
    again = only_request(db)
    assert (again.id, again.status, again.passport_number) == (request.id, "requested", "P9988776")


def test_withdrawing_or_cancelling_deletes_the_passport_details(client, db, scene):
    as_(client, scene["amaru"])
    ask(client, scene)
    slug = scene["event"].slug
    assert client.post(f"/events/{slug}/letter/withdraw").status_code == 303
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LetterRequest)) == 0
    ask(client, scene)
    registration_services.cancel(scene["event"].id, scene["amaru"])
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LetterRequest)) == 0
    assert PASSPORT not in raw_database_text(db.engine)


def test_retention_purge_leaves_nothing_of_the_request(db, runner, scene, client):
    event = scene["event"]
    services.request_letter(scene["amaru"], scene["registration"], letter_details(), "ar")
    db.session.commit()
    request = only_request(db)
    as_(client, scene["issuer"])
    client.get(f"/letters/{request.id}")
    client.post(f"/letters/{request.id}/issue")
    event.starts_at = utcnow() - timedelta(days=40)
    event.ends_at = utcnow() - timedelta(days=38)
    event.purge_after_days = 30
    db.session.commit()
    result = runner.invoke(args=["forum", "purge"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LetterRequest)) == 0
    raw = raw_database_text(db.engine)
    for secret in (PASSPORT, LEGAL_NAME, "Quispe", "1987-03-14", "Arriving 3 May"):
        assert secret not in raw
    # The audit log kept who looked and when (ids), and nothing of what they saw.
    details = " ".join(e.detail or "" for e in db.session.scalars(sa.select(AuditEntry)).all())
    assert PASSPORT not in details and "Quispe" not in details


def test_the_arabic_letter_is_written_right_to_left(app, db, scene):
    services.request_letter(scene["amaru"], scene["registration"], letter_details(), "ar")
    db.session.commit()
    request = db.session.scalars(sa.select(LetterRequest)).one()
    with app.test_request_context():
        doc = letter_document(request, app.config, date(2026, 12, 7))
    html = letter_html(doc)
    assert '<html lang="ar" dir="rtl">' in html
    assert "رسالة دعوة" in html  # "Invitation letter"
    assert re.search(r"[\u0600-\u06ff]{3,}", doc.paragraphs[0])
    assert PASSPORT in doc.paragraphs[0] and "بيرو" in doc.paragraphs[0]  # Peru
    from forum.letters.document import letter_pdf

    [text] = pdf_pages_text(letter_pdf(doc))
    # Word spacing in extracted mixed-direction text varies: compare without spaces.
    assert squash(PASSPORT) in squash(text) and squash(LEGAL_NAME) in squash(text)
    assert "دعوة" in text


def test_my_data_exports_the_request_and_erasure_deletes_it(client, db, scene):
    from forum.profiles import data_rights

    services.request_letter(scene["amaru"], scene["registration"], letter_details(), "en")
    db.session.commit()
    exported = data_rights.export_user(scene["amaru"])
    assert exported["invitation_letters"][0]["passport_number"] == PASSPORT
    data_rights.erase_user(scene["amaru"], keep_posts=False)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LetterRequest)) == 0


def test_strangers_cannot_ask_for_someone_else(client, db, scene, make_user):
    outsider = make_user("zed")
    as_(client, outsider)
    assert ask(client, scene).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LetterRequest)) == 0


def test_issuer_role_needs_two_factor(client, db, make_user, scene):
    services.request_letter(scene["amaru"], scene["registration"], letter_details(), "en")
    db.session.commit()
    held = make_user("holder", roles=[Role.LETTER_ISSUER], two_factor=False)
    assert login(client, held.username).status_code == 302
    assert client.get("/letters/").status_code == 403


def test_the_issuer_list_reads_no_passport_column_and_a_constant_number_of_queries(
    client, db, scene, make_user, count_queries
):
    from tests.registration.factories import enrol_user

    def add(n: int) -> None:
        for i in range(n):
            person = make_user(
                f"p{db.session.scalar(sa.select(sa.func.count(LetterRequest.id)))}{i}"
            )
            registration = enrol_user(scene["event"], person)
            services.request_letter(person, registration, letter_details(), "en")
        db.session.commit()

    as_(client, scene["issuer"])
    add(2)
    with count_queries() as few:
        assert client.get("/letters/").status_code == 200
    add(8)
    with count_queries() as many:
        page = client.get("/letters/").get_data(as_text=True)
    assert page.count("/letters/") >= 10
    assert many.count == few.count
    statements = " ".join(many.statements)
    assert "passport_number" not in statements and "legal_name" not in statements
