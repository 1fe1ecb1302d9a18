"""Calls for proposals as people use them: an organizer opens a call, members propose,
edit until it closes and withdraw; reviewers score, comment and decide; the submitter
is told in their language; an accepted proposal becomes an agenda session."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from forum.events.models import Session
from forum.extensions import db
from forum.models import Role, utcnow
from forum.notices.models import Notice
from forum.proposals import services
from forum.proposals.models import (
    Proposal,
    ProposalCall,
    ProposalReview,
    ProposalSpeaker,
    ProposalStep,
    proposal_reviewers,
)
from tests.conftest import login
from tests.proposals.factories import open_call, propose, speaker


def _count(model) -> int:  # noqa: ANN001
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _proposal_form(**overrides: str) -> dict[str, str]:
    data = {
        "title": "Phone trees without data",
        "abstract": "How rural networks warn each other in time.",
        "format": "talk",
        "language": "es",
        "track": "Digital security",
        "speaker_1-name": "Berta Oculta",
        "speaker_1-member": "",
        "speaker_1-pseudonym": "La Ceiba",
        "speaker_1-listing": "pseudonym",
        "consent": "y",
    }
    data.update(overrides)
    return data


def test_an_organizer_opens_a_call_in_the_events_time(client, db, event, organizer):
    login(client, organizer.username)
    response = client.post(
        f"/events/{event.slug}/manage/call",
        data={
            "opens_at": "2026-01-01T09:00",
            "closes_at": "2099-01-01T09:00",
            "formats": ["talk", "panel"],
            "tracks": "Digital security\nLand defenders\nDigital security",
        },
    )
    assert response.status_code == 303
    call = db.session.scalar(sa.select(ProposalCall))
    assert call.formats == ["talk", "panel"]
    assert call.tracks == ["Digital security", "Land defenders"]
    page = client.get(f"/events/{event.slug}/").get_data(as_text=True)
    assert "Call for proposals" in page and "Review proposals" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"closes_at": "2025-12-31T09:00"}, "La convocatoria debe cerrarse después de abrirse."),
        ({"formats": []}, "Elige al menos un formato."),
        ({"formats": ["poetry"]}, "Elige solo entre las opciones propuestas."),
        ({"opens_at": "yesterday"}, "Escribe una fecha y una hora, por ejemplo 2027-03-10 09:30."),
        ({"tracks": "x" * 101}, "Cada eje temático puede tener como máximo 100 caracteres."),
    ],
)
def test_a_bad_call_is_refused_in_the_readers_language_and_nothing_saved(
    client, db, event, organizer, overrides, message
):
    login(client, organizer.username)
    client.post("/locale", data={"locale": "es", "next": "/"})
    data = {"opens_at": "2026-01-01T09:00", "closes_at": "2099-01-01T09:00", "formats": ["talk"]}
    data.update(overrides)
    response = client.post(f"/events/{event.slug}/manage/call", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _count(ProposalCall) == 0


def test_a_member_proposes_edits_until_the_call_closes_and_withdraws(
    client, db, event, call, make_user
):
    member = make_user("valentina", display_name="Valentina Secreta")
    login(client, member.username)
    page = client.get(f"/events/{event.slug}/call").get_data(as_text=True)
    assert "Propose a session" in page
    response = client.post(f"/events/{event.slug}/proposals/new", data=_proposal_form())
    assert response.status_code == 303
    proposal = db.session.scalar(sa.select(Proposal))
    assert (proposal.title, proposal.language, proposal.submitter_id) == (
        "Phone trees without data",
        "es",
        member.id,
    )
    [only] = proposal.speakers
    assert (only.name, only.pseudonym, only.listing) == ("Berta Oculta", "La Ceiba", "pseudonym")
    # Speakers' names are encrypted at rest.
    raw = db.session.execute(sa.text("SELECT name, pseudonym FROM proposal_speakers")).one()
    assert "Berta" not in raw[0] and "Ceiba" not in raw[1]

    response = client.post(
        f"/events/{event.slug}/proposals/{proposal.id}/edit",
        data=_proposal_form(title="Phone trees, revised"),
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).title == "Phone trees, revised"

    # Once the call closes, the proposal can no longer be edited.
    call.closes_at = utcnow() - timedelta(minutes=1)
    call.opens_at = utcnow() - timedelta(days=2)
    db.session.commit()
    response = client.post(
        f"/events/{event.slug}/proposals/{proposal.id}/edit", data=_proposal_form(title="Late")
    )
    assert response.status_code == 422
    assert "The call for proposals is closed." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).title == "Phone trees, revised"

    response = client.post(f"/events/{event.slug}/proposals/{proposal.id}/withdraw")
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).status == "withdrawn"
    mine = client.get(f"/events/{event.slug}/proposals/mine").get_data(as_text=True)
    assert "Withdrawn" in mine


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Este campo es obligatorio."),
        ({"abstract": "   "}, "Este campo es obligatorio."),
        ({"title": "x" * 201}, "Usa como máximo 200 caracteres."),
        ({"format": "panel"}, "Elige uno de los formatos de esta convocatoria."),
        ({"track": "Astrology"}, "Elige uno de los ejes temáticos de esta convocatoria."),
        ({"language": "de"}, "Elige uno de los idiomas disponibles."),
        ({"speaker_1-listing": "billboard"}, "Elige una de las formas de aparecer."),
        ({"speaker_1-pseudonym": ""}, "Indica el seudónimo que se mostrará."),
        ({"consent": None}, "Este campo es obligatorio."),
        (
            {"speaker_1-name": "", "speaker_1-member": "kemal", "speaker_1-listing": "public"},
            "Solo cada miembro puede elegir aparecer con su nombre",
        ),
        (
            {"speaker_1-name": "", "speaker_1-pseudonym": "", "speaker_1-listing": "withheld"},
            "Nombra al menos a una persona ponente.",
        ),
        (
            {"speaker_1-name": "", "speaker_1-member": "nobody-here"},
            "No hay ningún miembro con el nombre de usuario nobody-here.",
        ),
        (
            {"speaker_1-name": "", "speaker_1-listing": "withheld"},
            "Indica el nombre o el nombre de usuario de la persona ponente.",
        ),
    ],
)
def test_a_bad_proposal_is_refused_in_the_readers_language_and_nothing_saved(
    client, db, event, call, make_user, overrides, message
):
    member = make_user("valentina")
    make_user("kemal")
    login(client, member.username)
    client.post("/locale", data={"locale": "es", "next": "/"})
    data = {k: v for k, v in _proposal_form(**overrides).items() if v is not None}
    response = client.post(f"/events/{event.slug}/proposals/new", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _count(Proposal) == 0
    assert _count(ProposalSpeaker) == 0
    assert _count(ProposalStep) == 0


def test_nobody_proposes_to_a_closed_call(client, db, event, make_user):
    open_call(event, opens_at=utcnow() + timedelta(days=1), closes_at=utcnow() + timedelta(days=2))
    login(client, make_user("valentina").username)
    response = client.post(f"/events/{event.slug}/proposals/new", data=_proposal_form())
    assert response.status_code == 422
    assert _count(Proposal) == 0


def test_a_proposal_is_its_submitters_only(client, db, event, call, make_user):
    owner = make_user("valentina")
    proposal = propose(call, owner)
    login(client, make_user("other").username)
    assert client.get(f"/events/{event.slug}/proposals/{proposal.id}/edit").status_code == 404
    assert client.post(f"/events/{event.slug}/proposals/{proposal.id}/withdraw").status_code == 404
    assert "Phone trees" not in client.get(f"/events/{event.slug}/proposals/mine").get_data(
        as_text=True
    )


def test_reviewers_score_comment_and_decide_and_the_submitter_is_told_in_arabic(
    client, db, event, call, organizer, make_user
):
    submitter = make_user("valentina", locale="ar")
    proposal = propose(call, submitter)
    second = make_user("kofi", roles=[Role.ORGANIZER], display_name="Kofi Reviewer")
    event.organizers.append(second)
    db.session.commit()
    login(client, organizer.username)
    base = f"/events/{event.slug}/manage/proposals/{proposal.id}"
    assert client.post(f"{base}/score", data={"score": "4", "comment": "Timely"}).status_code == 303
    assert client.post(f"{base}/score", data={"score": "5", "comment": "Very"}).status_code == 303
    assert _count(ProposalReview) == 1  # one review per reviewer, updated
    client.post("/auth/logout")
    login(client, second.username)
    client.post(f"{base}/score", data={"score": "2", "comment": "Too long"})
    page = client.get(base).get_data(as_text=True)
    assert "Average score: 3.5" in page and "Lucía Organiza" in page and "Too long" in page
    ranked = client.get(f"/events/{event.slug}/manage/proposals?sort=score").get_data(as_text=True)
    assert "3.5 (2)" in ranked

    response = client.post(
        f"{base}/decide", data={"decision": "accepted", "message": "Welcome to Bogotá!"}
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).status == "accepted"
    notice = db.session.scalar(sa.select(Notice).where(Notice.user_id == submitter.id))
    assert notice.kind == "prop_accepted"

    client.post("/auth/logout")
    login(client, submitter.username)
    notices = client.get("/notices/").get_data(as_text=True)
    assert "تم قبول مقترحك" in notices
    assert f"/events/{event.slug}/proposals/mine" in notices
    mine = client.get(f"/events/{event.slug}/proposals/mine").get_data(as_text=True)
    assert "Welcome to Bogotá!" in mine


@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        ("score", {"score": "9"}, "Elige una puntuación del 1 al 5."),
        ("score", {"score": ""}, "Este campo es obligatorio."),
        ("score", {"score": "3", "comment": "x" * 3001}, "Usa como máximo 3000 caracteres."),
        ("decide", {"decision": "maybe"}, "Elige una de las decisiones propuestas."),
        (
            "schedule",
            {"starts_at": "2099-01-01T10:00", "ends_at": "2099-01-01T09:00"},
            "El final debe ser posterior al inicio.",
        ),
    ],
)
def test_bad_reviews_and_decisions_are_refused_and_nothing_saved(
    client, db, event, call, organizer, make_user, path, data, message
):
    proposal = propose(call, make_user("valentina"))
    login(client, organizer.username)
    client.post("/locale", data={"locale": "es", "next": "/"})
    before = (_count(ProposalReview), _count(ProposalStep), _count(Notice), _count(Session))
    response = client.post(
        f"/events/{event.slug}/manage/proposals/{proposal.id}/{path}",
        data={"kind": "panel", **data},
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert (_count(ProposalReview), _count(ProposalStep), _count(Notice), _count(Session)) == before
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).status == "submitted"


def test_only_an_accepted_proposal_goes_on_the_agenda(
    client, db, event, call, organizer, make_user
):
    proposal = propose(call, make_user("valentina"))
    login(client, organizer.username)
    start = (event.starts_at + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    end = (event.starts_at + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        f"/events/{event.slug}/manage/proposals/{proposal.id}/schedule",
        data={"starts_at": start, "ends_at": end, "kind": "panel"},
    )
    assert response.status_code == 422
    assert "Only an accepted proposal can be put on the agenda." in response.get_data(as_text=True)
    assert _count(Session) == 0


@pytest.mark.parametrize(
    ("proposal_format", "kind"),
    [("workshop", "workshop"), ("panel", "panel"), ("testimony", "plenary")],
)
def test_the_agenda_slot_offered_is_the_proposals_kind_and_an_hour_long(
    client, db, event, organizer, make_user, proposal_format, kind
):
    """Accepting the slot as offered puts a workshop on the agenda as a workshop: the
    form offered every proposal as a plenary ending when it started, which was refused."""
    event.starts_at = event.starts_at.replace(second=0, microsecond=0)  # as the form sets it
    call = open_call(event, formats=["talk", "panel", "workshop", "testimony"])
    proposal = propose(call, make_user("valentina"), format=proposal_format)
    services.decide(proposal, organizer, "accepted", "")
    db.session.commit()
    login(client, organizer.username)
    url = f"/events/{event.slug}/manage/proposals/{proposal.id}"
    form = client.get(url).get_data(as_text=True).split('action="' + url + '/schedule"')[1]
    offered = dict(re.findall(r'name="(starts_at|ends_at)"[^>]*value="([^"]+)"', form))
    offered["kind"] = re.search(r'<option selected value="([a-z]+)"', form).group(1)
    assert offered["kind"] == kind

    response = client.post(f"{url}/schedule", data=offered)
    assert response.status_code == 303
    session = db.session.scalar(sa.select(Session))
    assert session.kind == kind
    assert session.ends_at - session.starts_at == timedelta(hours=1)


def test_nobody_reviews_their_own_proposal_and_staff_do_not_review(
    client, db, event, call, organizer, make_user
):
    proposal = propose(call, organizer)
    login(client, organizer.username)
    base = f"/events/{event.slug}/manage/proposals/{proposal.id}"
    assert "you cannot review or decide on it" in client.get(base).get_data(as_text=True)
    assert client.post(f"{base}/score", data={"score": "5"}).status_code == 403
    assert client.post(f"{base}/decide", data={"decision": "accepted"}).status_code == 403
    assert _count(ProposalReview) == 0
    staff = make_user("sam", roles=[Role.STAFF])
    client.post("/auth/logout")
    login(client, staff.username)
    assert client.get(f"/events/{event.slug}/manage/proposals").status_code == 403


def test_the_review_list_and_csv_cost_the_same_for_3_or_30_proposals(
    client, db, event, call, organizer, make_user, count_queries
):
    login(client, organizer.username)
    submitter = make_user("valentina")

    def cost(total: int) -> tuple[int, int]:
        while db.session.scalar(sa.select(sa.func.count()).select_from(Proposal)) < total:
            propose(call, submitter, speakers=[speaker("A"), speaker("B")])
        with count_queries() as page:
            assert (
                client.get(f"/events/{event.slug}/manage/proposals?sort=score").status_code == 200
            )
        with count_queries() as csv:
            assert client.get(f"/events/{event.slug}/manage/proposals.csv").status_code == 200
        return page.count, csv.count

    assert cost(3) == cost(30)


def test_named_reviewers_score_without_names_and_organizers_decide(
    client, db, event, call, organizer, make_user
):
    reviewer = make_user("kofi", display_name="Kofi Reviewer", two_factor=True)
    outsider = make_user("nadia", two_factor=True)
    login(client, organizer.username)
    response = client.post(
        f"/events/{event.slug}/manage/call",
        data={
            "opens_at": "2026-01-01T09:00",
            "closes_at": "2099-01-01T09:00",
            "formats": ["talk"],
            "tracks": "Digital security",
            "reviewers": "kofi",
        },
    )
    assert response.status_code == 303
    assert "kofi" in client.get(f"/events/{event.slug}/manage/call").get_data(as_text=True)
    submitter = make_user("valsecret", display_name="Valentina Secreta")
    proposal = propose(call, submitter)

    client.post("/auth/logout")
    login(client, reviewer.username)
    base = f"/events/{event.slug}/manage/proposals/{proposal.id}"
    listing = client.get(f"/events/{event.slug}/manage/proposals").get_data(as_text=True)
    assert "Phone trees without data" in listing
    page = client.get(base).get_data(as_text=True)
    assert "Valentina" not in page and "valsecret" not in page and "A speaker" not in page
    assert "/decide" not in page  # no decision form for a reviewer
    assert client.post(f"{base}/score", data={"score": "3"}).status_code == 303
    assert client.post(f"{base}/decide", data={"decision": "accepted"}).status_code == 403
    assert client.get(f"/events/{event.slug}/manage/call").status_code == 403
    assert client.get(f"/events/{event.slug}/manage/").status_code == 403
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).status == "submitted"
    assert _count(ProposalReview) == 1

    # A member who was not named is refused, and so is a named one without two-factor.
    client.post("/auth/logout")
    login(client, outsider.username)
    assert client.get(f"/events/{event.slug}/manage/proposals").status_code == 403
    no_second_factor = make_user("sara")
    db.session.execute(
        sa.insert(proposal_reviewers).values(event_id=event.id, user_id=no_second_factor.id)
    )
    db.session.commit()
    client.post("/auth/logout")
    login(client, no_second_factor.username)
    assert client.get(f"/events/{event.slug}/manage/proposals").status_code == 403


def test_an_unknown_reviewer_is_refused_and_nothing_saved(client, db, event, organizer):
    login(client, organizer.username)
    client.post("/locale", data={"locale": "es", "next": "/"})
    response = client.post(
        f"/events/{event.slug}/manage/call",
        data={
            "opens_at": "2026-01-01T09:00",
            "closes_at": "2099-01-01T09:00",
            "formats": ["talk"],
            "reviewers": "nobody-here",
        },
    )
    assert response.status_code == 422
    assert "No hay ningún miembro con el nombre de usuario nobody-here." in response.get_data(
        as_text=True
    )
    assert _count(ProposalCall) == 0
