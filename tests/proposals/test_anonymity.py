"""Anonymous review, tried on every path a reviewer has.

pretalx once leaked names hidden from reviewers through its dashboard's history. Here a
reviewer walks every page, file and notice the review gives them — the list with each
search and sort, the CSV, the proposal, its history, the forms' error pages, the pages
after a decision and after scheduling, their notices, the event's audit log and its
management page — and no response may hold the submitter's or a speaker's display
name, username, legal name or pseudonym, in text or in any HTML attribute.
"""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from forum.models import Role
from forum.proposals import services
from forum.proposals.models import Proposal, proposal_reviewers
from forum.proposals.services import ProposalData
from tests.conftest import login
from tests.proposals.factories import propose, speaker

SUBMITTER = ("valsecret", "Valentina Secreta")
MEMBER_SPEAKER = ("kemalhidden", "Kemal Escondido")
TYPED_NAME = "Berta Oculta"
PSEUDONYM = "La Ceiba"


def _forbidden(response_text: str, *, allow_pseudonym: bool = False) -> list[str]:
    needles = [*SUBMITTER, *MEMBER_SPEAKER, TYPED_NAME]
    if not allow_pseudonym:
        needles.append(PSEUDONYM)
    text = response_text.casefold()
    return [needle for needle in needles if needle.casefold() in text]


def test_no_reviewer_path_names_the_submitter_or_a_speaker(
    client, db, event, call, organizer, make_user
):
    submitter = make_user(SUBMITTER[0], display_name=SUBMITTER[1])
    make_user(MEMBER_SPEAKER[0], display_name=MEMBER_SPEAKER[1])
    proposal = propose(
        call,
        submitter,
        title="Phone trees without data",
        speakers=[
            speaker(TYPED_NAME, pseudonym=PSEUDONYM, listing="pseudonym"),
            speaker(member=MEMBER_SPEAKER[0], listing="withheld"),
        ],
    )
    # A second proposal, so that sorting and searching have something to order.
    propose(call, make_user("other", display_name="Other Person"), title="Safe houses")
    # The submitter edits it: the history must not name them.
    services.edit(
        call,
        proposal,
        ProposalData(
            title=proposal.title,
            abstract=proposal.abstract + " Revised.",
            format="talk",
            language="en",
            track="",
            speakers=[
                speaker(TYPED_NAME, pseudonym=PSEUDONYM, listing="pseudonym"),
                speaker(member=MEMBER_SPEAKER[0], listing="withheld"),
            ],
        ),
    )
    db.session.commit()

    login(client, organizer.username)
    slug = event.slug
    base = f"/events/{slug}/manage/proposals/{proposal.id}"
    start = (event.starts_at + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    end = (event.starts_at + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    seen: dict[str, str] = {}

    def visit(label: str, response, typed: str = "", **kwargs) -> None:  # noqa: ANN001
        assert response.status_code < 500, label
        # What the reviewer typed into the search box comes back in it: that is theirs.
        body = (
            response.get_data(as_text=True).replace(typed, "")
            if typed
            else response.get_data(as_text=True)
        )
        seen[label] = body
        leaked = _forbidden(body, **kwargs)
        assert not leaked, f"{label} shows {leaked}"

    def pages(stage: str) -> None:
        visit(f"{stage} list", client.get(f"/events/{slug}/manage/proposals"))
        for sort in ("newest", "oldest", "score", "title"):
            visit(
                f"{stage} sort {sort}", client.get(f"/events/{slug}/manage/proposals?sort={sort}")
            )
        for status in ("submitted", "accepted", "rejected", "waitlisted", "withdrawn"):
            visit(
                f"{stage} status {status}",
                client.get(f"/events/{slug}/manage/proposals?status={status}"),
            )
        visit(f"{stage} csv", client.get(f"/events/{slug}/manage/proposals.csv"))
        visit(f"{stage} csv sorted", client.get(f"/events/{slug}/manage/proposals.csv?sort=title"))
        visit(f"{stage} detail", client.get(base))
        visit(f"{stage} history", client.get(f"{base}/history"))
        visit(f"{stage} notices", client.get("/notices/"))
        visit(f"{stage} audit log", client.get(f"/events/{slug}/manage/audit"))
        # Once scheduled, the management page shows the agenda: the pseudonym is public.
        visit(
            f"{stage} manage",
            client.get(f"/events/{slug}/manage/"),
            allow_pseudonym=stage == "scheduled",
        )
        visit(f"{stage} call settings", client.get(f"/events/{slug}/manage/call"))
        visit(f"{stage} call", client.get(f"/events/{slug}/call"))
        visit(f"{stage} event", client.get(f"/events/{slug}/"))
        # Searching for a person's name must not work as an oracle either.
        for needle in (*SUBMITTER, *MEMBER_SPEAKER, TYPED_NAME, PSEUDONYM, "Valentina", "Berta"):
            response = client.get(f"/events/{slug}/manage/proposals", query_string={"q": needle})
            visit(f"{stage} search {needle}", response, typed=needle)
            assert "Phone trees" not in response.get_data(as_text=True), needle
            csv = client.get(f"/events/{slug}/manage/proposals.csv", query_string={"q": needle})
            assert "Phone trees" not in csv.get_data(as_text=True), needle

    pages("before")
    assert "Proposal edited" in seen["before history"]
    found = client.get(f"/events/{slug}/manage/proposals", query_string={"q": "phone"})
    assert "Phone trees" in found.get_data(as_text=True)
    # Forms refused (their error pages), then done.
    visit("bad score", client.post(f"{base}/score", data={"score": "0"}))
    visit("score", client.post(f"{base}/score", data={"score": "4"}, follow_redirects=True))
    visit("bad decision", client.post(f"{base}/decide", data={"decision": "x"}))
    visit(
        "decision",
        client.post(
            f"{base}/decide",
            data={"decision": "accepted", "message": "Welcome"},
            follow_redirects=True,
        ),
    )
    pages("decided")
    visit("bad schedule", client.post(f"{base}/schedule", data={"starts_at": "x"}))
    response = client.post(
        f"{base}/schedule",
        data={"starts_at": start, "ends_at": end, "kind": "panel", "room": "Sala 1"},
    )
    assert response.status_code == 303
    pages("scheduled")
    # The agenda shows the pseudonym, as the speaker chose, and never a real name.
    visit("agenda", client.get(f"/events/{slug}/agenda"), allow_pseudonym=True)
    assert PSEUDONYM in seen["agenda"]
    assert "Speaker withheld" in seen["agenda"]

    # A reviewer named for the call (not an organizer) walks the same paths.
    named = make_user("kofi", display_name="Kofi Reviewer", two_factor=True)
    db.session.execute(sa.insert(proposal_reviewers).values(event_id=event.id, user_id=named.id))
    db.session.commit()
    client.post("/auth/logout")
    login(client, named.username)
    pages("named reviewer")
    assert "Phone trees without data" in seen["named reviewer list"]

    # Attributes too: nothing in any tag's attributes names anyone (checked above on
    # whole bodies; this guards the test itself against reading only text).
    for label, body in seen.items():
        for attributes in re.findall(r"<[a-zA-Z][^>]*>", body):
            assert not _forbidden(attributes, allow_pseudonym=True), f"{label}: {attributes}"
    assert len(seen) > 90
    db.session.expire_all()
    assert db.session.scalar(sa.select(Proposal.status).where(Proposal.id == proposal.id)) == (
        "accepted"
    )


def test_staff_who_see_everything_else_cannot_open_the_review(client, db, event, call, make_user):
    propose(call, make_user(SUBMITTER[0], display_name=SUBMITTER[1]))
    login(client, make_user("sam", roles=[Role.STAFF]).username)
    for path in ("", ".csv"):
        assert client.get(f"/events/{event.slug}/manage/proposals{path}").status_code == 403
