"""An accepted proposal on the agenda, with each speaker listed as they chose: under
their name, a pseudonym, or "speaker withheld". The choice holds on every surface the
programme reaches: the agenda page, its PDF, the iCalendar feed and the badges."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from forum.events.exports.badges.services import badges_for, render_badges_now
from forum.events.models import Session
from forum.events.registration.models import Registration
from forum.extensions import db
from forum.models import User
from forum.profiles.data_rights import erase_user, export_user
from forum.proposals import services
from forum.proposals.models import Proposal, ProposalSpeaker
from forum.proposals.services import ScheduleData
from tests.conftest import login
from tests.exports.helpers import pdf_pages_text, squash
from tests.proposals.factories import propose, speaker
from tests.registration.factories import enrol_user

LEGAL = "Berta Oculta"
PSEUDONYM = "La Ceiba"


@pytest.fixture
def speakers(make_user) -> dict[str, User]:
    return {
        "public": make_user("amina", display_name="Amina Pública"),
        "pseudonym": make_user("kemal", display_name="Kemal Escondido"),
        "withheld": make_user("rosa", display_name="Rosa Reservada"),
    }


def _scheduled(event, call, organizer, submitter, speakers) -> tuple[Proposal, Session]:  # noqa: ANN001
    proposal = propose(
        call,
        submitter,
        title="Safe houses that stay safe",
        speakers=[
            # The submitter speaks under their own name (only they may choose that).
            speaker(member="amina", listing="public"),
            speaker(LEGAL, member="kemal", pseudonym=PSEUDONYM, listing="pseudonym"),
            speaker(member="rosa", listing="withheld"),
        ],
    )
    services.decide(proposal, organizer, "accepted", "Welcome")
    starts = event.starts_at + timedelta(hours=2)
    session_id = services.schedule(
        event,
        proposal,
        organizer,
        ScheduleData(starts, starts + timedelta(hours=1), "Sala 1", "panel"),
    )
    db.session.commit()
    return proposal, db.session.get(Session, session_id)


def _no_hidden_names(text: str) -> None:
    for hidden in (LEGAL, "Kemal Escondido", "kemal", "Rosa Reservada", "rosa"):
        assert hidden.casefold() not in text.casefold(), hidden


def test_the_agenda_page_lists_each_speaker_as_they_chose(
    client, db, event, call, organizer, speakers
):
    _, session = _scheduled(event, call, organizer, speakers["public"], speakers)
    assert session.speakers == ["Amina Pública", PSEUDONYM]
    assert session.withheld_speakers == 1
    page = client.get(f"/events/{event.slug}/agenda").get_data(as_text=True)
    assert "Safe houses that stay safe" in page
    assert "Amina Pública" in page and PSEUDONYM in page and "Speaker withheld" in page
    _no_hidden_names(page)
    client.post("/locale", data={"locale": "ar", "next": "/"})
    arabic = client.get(f"/events/{event.slug}/agenda").get_data(as_text=True)
    assert "متحدّث محجوب الاسم" in arabic
    _no_hidden_names(arabic)


def test_the_agenda_pdf_keeps_the_choice(client, db, event, call, organizer, speakers):
    _scheduled(event, call, organizer, speakers["public"], speakers)
    response = client.get(f"/events/{event.slug}/agenda.pdf")
    assert response.status_code == 200
    text = squash("".join(pdf_pages_text(response.data)))
    assert squash("Amina Pública") in text and squash(PSEUDONYM) in text
    assert squash("Speaker withheld") in text
    _no_hidden_names(text)


def test_the_icalendar_feed_keeps_the_choice(client, db, event, call, organizer, speakers):
    _scheduled(event, call, organizer, speakers["public"], speakers)
    response = client.get(f"/events/{event.slug}/agenda.ics")
    calendar = Calendar.from_ical(response.data)
    [entry] = [c for c in calendar.walk("VEVENT") if "Safe houses" in str(c["SUMMARY"])]
    description = str(entry["DESCRIPTION"])
    assert "Amina Pública" in description and PSEUDONYM in description
    assert "Speaker withheld" in description
    _no_hidden_names(response.data.decode())


def test_badges_say_speaker_only_for_those_listed_under_their_name(
    client, db, event, call, organizer, speakers
):
    registrations = {
        choice: enrol_user(event, user, badge_name=user.display_name)
        for choice, user in speakers.items()
    }
    # An organizer had marked the pseudonymous speaker as a speaker beforehand.
    registrations["pseudonym"].role = "speaker"
    db.session.commit()
    _scheduled(event, call, organizer, speakers["public"], speakers)
    db.session.expire_all()
    chosen = list(
        db.session.scalars(sa.select(Registration).where(Registration.event_id == event.id))
    )
    roles = {badge.name: badge.role for badge in badges_for(chosen, "en")}
    assert roles == {
        "Amina Pública": "Speaker",
        "Kemal Escondido": "Participant",
        "Rosa Reservada": "Participant",
    }
    pdf = render_badges_now(event, chosen, "a6", "en", organizer)
    text = squash("".join(pdf_pages_text(pdf)))
    assert text.count("Speaker") == 1
    assert squash(PSEUDONYM) not in text and "Safehouses" not in text


def test_my_data_holds_my_proposals_and_erasing_removes_them(
    client, db, event, call, organizer, speakers
):
    submitter = speakers["public"]
    proposal, session = _scheduled(event, call, organizer, submitter, speakers)
    login(client, submitter.username)
    response = client.get("/account/data/export.json")
    assert response.status_code == 200
    exported = json.loads(response.data)
    assert exported["proposals"] == export_user(submitter)["proposals"]
    [sent] = exported["proposals"]["sent"]
    assert sent["title"] == "Safe houses that stay safe"
    assert sent["decision_message"] == "Welcome"
    assert [s["listing"] for s in sent["speakers"]] == ["public", "pseudonym", "withheld"]
    assert sent["speakers"][1]["name"] == LEGAL
    session_id = session.id
    erase_user(submitter, keep_posts=False)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Proposal)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ProposalSpeaker)) == 0
    kept = db.session.get(Session, session_id)
    assert kept.speakers == [] and kept.withheld_speakers == 3
    page = client.get(f"/events/{event.slug}/agenda").get_data(as_text=True)
    assert "Amina Pública" not in page and PSEUDONYM not in page
    assert "3 speakers withheld" in page


def test_proposals_are_purged_with_the_events_retention(
    runner, db, event, call, organizer, speakers
):
    _, session = _scheduled(event, call, organizer, speakers["public"], speakers)
    session_id = session.id
    event.starts_at -= timedelta(days=400)
    event.ends_at -= timedelta(days=400)
    db.session.commit()
    result = runner.invoke(args=["forum", "purge"])
    assert "Deleted 1 proposals of events past their retention." in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ProposalSpeaker)) == 0
    assert db.session.get(Session, session_id).speakers == ["Amina Pública", PSEUDONYM]
    again = runner.invoke(args=["forum", "purge"])
    assert "proposals" not in again.output
