"""Badges, the attendee list and the printed agenda, as the people who use them see them.

A seminar has a speaker who shares pronouns with participants, her organisation with
organizers only and her country with every member, and a legal name for organizers; a
second participant; a pending request. Organizers and staff print and list them; members,
visitors and organizers of other events get nothing.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
import sqlalchemy as sa

import forum.auth.models  # noqa: F401 - maps User fully before the event queries load
from forum.events.exports.badges import jobs, services
from forum.events.exports.badges.models import ExportJob
from forum.events.registration.models import Registration
from forum.models import AuditEntry, Role, utcnow
from tests.conftest import login
from tests.exports.helpers import pdf_pages_text, squash

SPEAKER = "Dora Speaker-Quispe"
OTHER = "Tomás Participante"
LEGAL = "Dorotea Quispe Mamani"
ORGANISATION = "Red de Defensoras Andinas"
CONTACT = "dora@signal.example"


@pytest.fixture
def scene(db, make_user, make_event, make_session, approve, organizer):
    event = make_event(
        texts={"en": "Collective protection in practice", "es": "Protección colectiva"}
    )
    make_session(event, "Opening", texts={"en": "Opening plenary", "es": "Plenaria de apertura"})
    dora = make_user("dora", display_name="Dora")
    speaker = approve(
        event,
        dora,
        role="speaker",
        badge_name=SPEAKER,
        profile={
            "pronouns": "she/her",
            "pronouns_visibility": "participants",
            "organisation": ORGANISATION,
            "organisation_visibility": "organizers",
            "country": "PE",
            "country_visibility": "members",
            "legal_name": LEGAL,
            "legal_name_visibility": "organizers",
            "contact": CONTACT,
            "contact_visibility": "me",
        },
    )
    other = approve(event, make_user("tomas", display_name="Tomás"), badge_name=OTHER)
    pending_event = make_event("Vetted workshop", requires_approval=True)
    from tests.registration.factories import enrol_user

    pending = enrol_user(event, make_user("pending", display_name="Pending Person"))
    pending.status = "pending"
    db.session.commit()
    elsewhere = approve(pending_event, make_user("elsewhere", display_name="Elsewhere"))
    staff = make_user("staffer", roles=[Role.STAFF], display_name="Staffer")
    other_org = make_user("otherorg", roles=[Role.ORGANIZER], display_name="Other Org")
    make_event("Another event", by=other_org)
    member = make_user("member", display_name="Member")
    approve(event, member)
    return {
        "event": event,
        "speaker": speaker,
        "other": other,
        "pending": pending,
        "elsewhere": elsewhere,
        "organizer": organizer,
        "staff": staff,
    }


def as_(client, username):
    client.post("/auth/logout")
    if username:
        assert login(client, username).status_code == 302


def audit_actions(db) -> list[str]:
    return list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))


def pdf_text(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    return squash(" ".join(pdf_pages_text(response.get_data())))


# --- who may reach what ----------------------------------------------------------------


def team_urls(slug: str) -> list[str]:
    return [
        f"/events/{slug}/manage/badges",
        f"/events/{slug}/manage/attendees",
        f"/events/{slug}/manage/attendees.csv",
    ]


@pytest.mark.parametrize("outsider", ["member", "otherorg"])
def test_members_and_other_events_organizers_are_refused(client, scene, outsider):
    """The event is published, so they may know it exists; its team pages are not theirs."""
    as_(client, outsider)
    slug = scene["event"].slug
    for url in team_urls(slug):
        assert client.get(url).status_code == 403, url
    response = client.post(
        f"/events/{slug}/manage/badges", data={"layout": "a4-8", "scope": "all", "language": "en"}
    )
    assert response.status_code == 403


def test_visitors_are_sent_to_sign_in(client, scene):
    for url in team_urls(scene["event"].slug):
        response = client.get(url)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("insider", ["lucia", "staffer"])
def test_organizers_and_staff_open_the_pages(client, scene, insider):
    as_(client, insider)
    slug = scene["event"].slug
    for url in team_urls(slug):
        assert client.get(url).status_code == 200, url
    overview = client.get(f"/events/{slug}/manage/").get_data(as_text=True)
    assert f"/events/{slug}/manage/badges" in overview
    assert f"/events/{slug}/manage/attendees" in overview


# --- badges ----------------------------------------------------------------------------


def print_badges(client, slug, **data):
    form = {"layout": "a4-8", "scope": "all", "language": "en", **data}
    return client.post(f"/events/{slug}/manage/badges", data=form)


def test_badges_show_only_what_each_person_shows_participants(client, db, scene):
    as_(client, "lucia")
    response = print_badges(client, scene["event"].slug)
    assert response.headers["Content-Disposition"].startswith("attachment")
    text = pdf_text(response)
    for shown in (
        SPEAKER,
        "she/her",
        "Peru",
        "Speaker",
        OTHER,
        "Participant",
        "Collectiveprotection",
    ):
        assert squash(shown) in text, shown
    # Organisation and legal name are for organizers' eyes, not for a badge in the room.
    for hidden in (ORGANISATION, LEGAL, CONTACT, "Pending Person", "Elsewhere"):
        assert squash(hidden) not in text, hidden
    # Under each QR code, its check-in code, for a desk that types it.
    assert scene["speaker"].checkin_token in text
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "badges.export"))
    assert entry.event_id == scene["event"].id and entry.detail == "layout=a4-8 count=3"


@pytest.mark.parametrize("layout", ["a4-8", "a6", "letter-6"])
def test_a_selection_prints_only_the_people_ticked(client, scene, layout):
    as_(client, "staffer")
    response = print_badges(
        client, scene["event"].slug, layout=layout, scope="selected", ids=[scene["speaker"].id]
    )
    text = pdf_text(response)
    assert squash(SPEAKER) in text and squash(OTHER) not in text


def test_badges_in_spanish(client, scene):
    as_(client, "lucia")
    text = pdf_text(print_badges(client, scene["event"].slug, language="es"))
    for shown in ("Protección colectiva", "Ponente", "Participante", "Perú"):
        assert squash(shown) in text, shown


def test_the_badge_page_searches_by_badge_name(client, scene):
    as_(client, "lucia")
    page = client.get(f"/events/{scene['event'].slug}/manage/badges?q=quispe").get_data(
        as_text=True
    )
    assert SPEAKER in page and OTHER not in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"layout": "poster"}, "Choose one of the badge layouts offered."),
        ({"scope": "selected"}, "Choose at least one person"),
        ({"scope": "selected", "ids": ["abc"]}, "The selection is not valid"),
    ],
)
def test_bad_requests_explain_and_print_nothing(client, db, scene, data, message):
    as_(client, "lucia")
    response = print_badges(client, scene["event"].slug, **data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert "badges.export" not in audit_actions(db)


@pytest.mark.parametrize("which", ["pending", "elsewhere"])
def test_people_not_approved_for_this_event_refuse_the_whole_selection(client, db, scene, which):
    as_(client, "lucia")
    ids = [scene["speaker"].id, scene[which].id]
    response = print_badges(client, scene["event"].slug, scope="selected", ids=ids)
    assert response.status_code == 422
    assert "not approved for this event, so nothing was printed" in response.get_data(as_text=True)
    assert response.mimetype == "text/html"
    assert "badges.export" not in audit_actions(db)


def test_bad_requests_are_translated(client, scene, db):
    as_(client, "lucia")
    db.session.execute(sa.text("UPDATE users SET locale = 'es' WHERE username = 'lucia'"))
    db.session.commit()
    response = print_badges(client, scene["event"].slug, scope="selected")
    assert response.status_code == 422
    assert "Choose at least one person" not in response.get_data(as_text=True)


# --- large exports in the background ---------------------------------------------------


@pytest.fixture
def small_inline(monkeypatch, manual_jobs):
    """Anything above one badge goes to the background, so the test stays fast."""
    monkeypatch.setattr(services, "INLINE_LIMIT", 1)


def start_job(client, slug) -> int:
    response = print_badges(client, slug, layout="a6")
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    job_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    return job_id


def test_a_large_export_runs_in_the_background_with_progress(client, db, scene, small_inline):
    as_(client, "lucia")
    slug = scene["event"].slug
    job_id = start_job(client, slug)
    page = client.get(f"/events/{slug}/manage/badges/jobs/{job_id}")
    assert page.status_code == 200 and page.headers["Refresh"] == "2"
    assert "Waiting to start" in page.get_data(as_text=True)
    assert f"/manage/badges/jobs/{job_id}" in page.get_data(as_text=True)  # the refresh link
    assert client.get(f"/events/{slug}/manage/badges/jobs/{job_id}/badges.pdf").status_code == 404

    db.session.execute(
        sa.update(ExportJob).where(ExportJob.id == job_id).values(status="running", done=1)
    )
    db.session.commit()
    assert "1 of 3 badges ready" in client.get(
        f"/events/{slug}/manage/badges/jobs/{job_id}"
    ).get_data(as_text=True)
    db.session.execute(
        sa.update(ExportJob).where(ExportJob.id == job_id).values(status="queued", done=0)
    )
    db.session.commit()

    jobs.run_badge_job(job_id, workers=0)
    done = client.get(f"/events/{slug}/manage/badges/jobs/{job_id}")
    assert "Refresh" not in done.headers
    assert "Your badges are ready." in done.get_data(as_text=True)
    text = pdf_text(client.get(f"/events/{slug}/manage/badges/jobs/{job_id}/badges.pdf"))
    assert squash(SPEAKER) in text and squash(OTHER) in text
    # Stored encrypted: the raw column is not a PDF.
    raw = db.session.execute(sa.text("SELECT pdf FROM export_jobs")).scalar()
    assert not bytes(raw).startswith(b"%PDF")
    assert audit_actions(db)[-2:] == ["badges.export_started", "badges.download"]


@pytest.mark.parametrize("someone_else", ["staffer", "member", "otherorg"])
def test_only_the_requester_fetches_the_file(client, db, scene, small_inline, someone_else):
    as_(client, "lucia")
    slug = scene["event"].slug
    job_id = start_job(client, slug)
    jobs.run_badge_job(job_id, workers=0)
    as_(client, someone_else)
    # Someone on the team is told the job does not exist; outsiders are refused the page.
    expected = 404 if someone_else == "staffer" else 403
    assert client.get(f"/events/{slug}/manage/badges/jobs/{job_id}").status_code == expected
    file_url = f"/events/{slug}/manage/badges/jobs/{job_id}/badges.pdf"
    assert client.get(file_url).status_code == expected


def test_a_job_whose_process_died_says_so(client, db, scene, small_inline):
    as_(client, "lucia")
    slug = scene["event"].slug
    job_id = start_job(client, slug)
    db.session.execute(
        sa.update(ExportJob)
        .where(ExportJob.id == job_id)
        .values(status="running", heartbeat_at=utcnow() - timedelta(minutes=40))
    )
    db.session.commit()
    page = client.get(f"/events/{slug}/manage/badges/jobs/{job_id}").get_data(as_text=True)
    assert "The export stopped before it finished" in page


def test_finished_files_expire_and_are_purged(client, db, runner, scene, small_inline):
    as_(client, "lucia")
    slug = scene["event"].slug
    job_id = start_job(client, slug)
    jobs.run_badge_job(job_id, workers=0)
    db.session.execute(
        sa.update(ExportJob)
        .where(ExportJob.id == job_id)
        .values(expires_at=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()
    assert client.get(f"/events/{slug}/manage/badges/jobs/{job_id}/badges.pdf").status_code == 404
    result = runner.invoke(args=["forum", "purge"])
    assert "Deleted 1 expired export files." in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ExportJob)) == 0


def test_people_cancelled_meanwhile_are_left_out(client, db, scene, small_inline):
    as_(client, "lucia")
    slug = scene["event"].slug
    job_id = start_job(client, slug)
    db.session.execute(
        sa.update(Registration)
        .where(Registration.id == scene["other"].id)
        .values(status="cancelled")
    )
    db.session.commit()
    jobs.run_badge_job(job_id, workers=0)
    text = pdf_text(client.get(f"/events/{slug}/manage/badges/jobs/{job_id}/badges.pdf"))
    assert squash(SPEAKER) in text and squash(OTHER) not in text


# --- the attendee list -----------------------------------------------------------------


def test_the_attendee_list_shows_what_people_share_with_organizers(client, db, scene):
    as_(client, "lucia")
    page = client.get(f"/events/{scene['event'].slug}/manage/attendees").get_data(as_text=True)
    for shown in (SPEAKER, OTHER, LEGAL, ORGANISATION, "Peru", "she/her"):
        assert shown in page, shown
    for hidden in (CONTACT, "Pending Person", "Elsewhere"):
        assert hidden not in page, hidden
    assert audit_actions(db)[-1] == "attendees.view"


def test_the_csv_is_defused_and_audited(client, db, scene):
    scene["other"].badge_name = '=HYPERLINK("http://evil.example","x")'
    db.session.commit()
    as_(client, "staffer")
    response = client.get(f"/events/{scene['event'].slug}/manage/attendees.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0][:3] == ["Registration number", "Display name", "Name on the badge"]
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://evil.example","x")' in cells
    assert not any(cell.startswith("=") for cell in cells)
    assert LEGAL in cells and CONTACT not in cells
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "attendees.export"))
    assert entry.detail == "count=3" and entry.actor_id == scene["staff"].id


def test_audit_entries_hold_ids_not_names(client, db, scene):
    as_(client, "lucia")
    slug = scene["event"].slug
    print_badges(client, slug)
    client.get(f"/events/{slug}/manage/attendees")
    client.get(f"/events/{slug}/manage/attendees.csv")
    details = " ".join(filter(None, db.session.scalars(sa.select(AuditEntry.detail))))
    for name in (SPEAKER, OTHER, LEGAL, ORGANISATION, "Dora", "Tomás"):
        assert name not in details


def test_the_embedded_queue_renders_in_a_worker_thread(client, app, db, scene, monkeypatch):
    """As `make run` does without Redis: the request returns at once and the queue's
    worker thread in the same process renders."""
    import time

    from forum.queue.runner import queue_of

    monkeypatch.setattr(services, "INLINE_LIMIT", 1)
    app.config["FORUM_QUEUE"] = "embedded"
    as_(client, "lucia")
    slug = scene["event"].slug
    job_id = start_job(client, slug)
    url = f"/events/{slug}/manage/badges/jobs/{job_id}"
    for _ in range(600):  # at most a minute; usually a second or two
        if "Your badges are ready." in client.get(url).get_data(as_text=True):
            break
        time.sleep(0.1)
    queue_of(app).stop()
    text = pdf_text(client.get(f"{url}/badges.pdf"))
    assert squash(SPEAKER) in text and squash(OTHER) in text


def test_purging_an_events_registrations_deletes_its_badge_files(
    client, db, runner, scene, small_inline
):
    from forum.events.models import Event

    as_(client, "lucia")
    event = scene["event"]
    job_id = start_job(client, event.slug)
    jobs.run_badge_job(job_id, workers=0)
    db.session.execute(
        sa.update(Event)
        .where(Event.id == event.id)
        .values(
            starts_at=utcnow() - timedelta(days=40),
            ends_at=utcnow() - timedelta(days=39),
            purge_after_days=30,
        )
    )
    db.session.commit()
    result = runner.invoke(args=["forum", "purge"])
    assert f"{event.slug}: deleted" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ExportJob)) == 0
