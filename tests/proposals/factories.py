"""Calls and proposals made through the services (no HTTP), committed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from forum.events.models import Event
from forum.extensions import db
from forum.models import User, utcnow
from forum.proposals import services
from forum.proposals.models import Proposal, ProposalCall
from forum.proposals.services import CallData, ProposalData, SpeakerData


def open_call(event: Event, **overrides: Any) -> ProposalCall:
    """A call open from yesterday for a week, for talks and workshops, with two tracks."""
    data = CallData(
        opens_at=overrides.pop("opens_at", utcnow() - timedelta(days=1)),
        closes_at=overrides.pop("closes_at", utcnow() + timedelta(days=7)),
        formats=overrides.pop("formats", ["talk", "workshop"]),
        tracks=overrides.pop("tracks", ["Digital security", "Land defenders"]),
    )
    call = services.save_call(event, None, data)
    db.session.commit()
    return call


def speaker(
    name: str | None = None,
    *,
    member: str | None = None,
    pseudonym: str | None = None,
    listing: str = "withheld",
) -> SpeakerData:
    return SpeakerData(name=name, member=member, pseudonym=pseudonym, listing=listing)


def propose(call: ProposalCall, submitter: User, **overrides: Any) -> Proposal:
    data = ProposalData(
        title=overrides.pop("title", "Phone trees without data"),
        abstract=overrides.pop("abstract", "How rural networks warn each other in time."),
        format=overrides.pop("format", "talk"),
        language=overrides.pop("language", "en"),
        track=overrides.pop("track", "Digital security"),
        speakers=overrides.pop("speakers", None) or [speaker("A speaker")],
    )
    proposal = services.submit(call, submitter, data)
    db.session.commit()
    return proposal


def matrix_things(event: Event, member: User) -> dict[str, Any]:
    """For the authorization matrix: a call on the event and the member's proposal."""
    call = open_call(event)
    proposal = propose(call, member)
    return {"proposal_id": proposal.id}
