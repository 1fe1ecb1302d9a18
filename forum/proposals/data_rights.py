"""A person's proposals in "my data": what they sent, with its speakers as they gave
them, its status and the organizers' message. Reviews they wrote as an organizer are
exported as scores and comments.

Erasing the account deletes their proposals (with speakers and history). A session the
agenda holds from one of them stays, as the event's programme, but names no speaker any
more: every speaker of it becomes "speaker withheld". Reviews they wrote stay without
their name (the scores are the other reviewers' working record).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from forum.dates import iso_or_none
from forum.events.models import Session
from forum.extensions import db
from forum.models import User
from forum.proposals.models import (
    Proposal,
    ProposalReview,
    ProposalSpeaker,
    ProposalStep,
    proposal_reviewers,
)


def export_for(user: User) -> dict[str, Any]:
    proposals = db.session.scalars(
        sa.select(Proposal).where(Proposal.submitter_id == user.id).order_by(Proposal.id)
    ).all()
    reviews = db.session.scalars(
        sa.select(ProposalReview)
        .where(ProposalReview.reviewer_id == user.id)
        .order_by(ProposalReview.id)
    ).all()
    return {
        "proposals": {
            "sent": [
                {
                    "event_id": proposal.event_id,
                    "title": proposal.title,
                    "abstract": proposal.abstract,
                    "format": proposal.format,
                    "language": proposal.language,
                    "track": proposal.track,
                    "status": proposal.status,
                    "decision_message": proposal.decision_message,
                    "sent_at": iso_or_none(proposal.created_at),
                    "decided_at": iso_or_none(proposal.decided_at),
                    "speakers": [
                        {
                            "name": speaker.name,
                            "member_id": speaker.user_id,
                            "pseudonym": speaker.pseudonym,
                            "listing": speaker.listing,
                        }
                        for speaker in proposal.speakers
                    ],
                }
                for proposal in proposals
            ],
            "reviewer_of_events": list(
                db.session.scalars(
                    sa.select(proposal_reviewers.c.event_id)
                    .where(proposal_reviewers.c.user_id == user.id)
                    .order_by(proposal_reviewers.c.event_id)
                )
            ),
            "reviews": [
                {
                    "proposal_id": review.proposal_id,
                    "score": review.score,
                    "comment": review.comment,
                }
                for review in reviews
            ],
        }
    }


def erase_for(user: User, *, keep_posts: bool) -> None:
    proposals = db.session.scalars(
        sa.select(Proposal).where(Proposal.submitter_id == user.id)
    ).all()
    for proposal in proposals:
        if proposal.session_id is not None:
            session = db.session.get(Session, proposal.session_id)
            if session is not None:
                session.withheld_speakers = len(session.speakers) + session.withheld_speakers
                session.speakers = []
                session.sequence += 1
        db.session.delete(proposal)
    # Named as a speaker in someone else's proposal: the link to the account goes.
    db.session.execute(
        sa.update(ProposalSpeaker).where(ProposalSpeaker.user_id == user.id).values(user_id=None)
    )
    db.session.execute(sa.delete(proposal_reviewers).where(proposal_reviewers.c.user_id == user.id))
    for model, column in (
        (ProposalReview, ProposalReview.reviewer_id),
        (ProposalStep, ProposalStep.actor_id),
    ):
        db.session.execute(sa.update(model).where(column == user.id).values({column: None}))
    db.session.flush()
