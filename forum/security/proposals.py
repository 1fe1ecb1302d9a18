"""Rules for calls for proposals.

Any member may propose to an open call and keep their own proposals (edit until the call
closes, withdraw). Reviewing is for those who run the event (its organizers and
administrators) and the reviewers they name for its call; those who run the event also
open the call, decide and put accepted proposals on the agenda. Staff see everything
about an event but do not review: a reviewer reads proposals without names
(`forum.proposals.queries.AnonymousProposal`), and fewer readers means fewer people who
could guess. Nobody reviews their own proposal.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from forum.events.models import Event
from forum.extensions import db
from forum.proposals.models import Proposal, proposal_reviewers
from forum.security.core import is_member, rule, uses_privileges
from forum.security.events import runs_event


def reviews_event(user: Any, event: Event) -> bool:
    """Those who run the event, and the reviewers they named for its call (with
    two-factor sign-in, like every privilege)."""
    if runs_event(user, event):
        return True
    return (
        uses_privileges(user)
        and db.session.scalar(
            sa.select(proposal_reviewers.c.user_id).where(
                proposal_reviewers.c.event_id == event.id,
                proposal_reviewers.c.user_id == user.id,
            )
        )
        is not None
    )


@rule("proposals.call_edit")
def _edit_call(user: Any, event: Event) -> bool:
    return runs_event(user, event)


@rule("proposals.submit")
def _submit(user: Any, event: Event) -> bool:
    return is_member(user)


@rule("proposals.own")
def _own(user: Any, proposal: Proposal) -> bool:
    return is_member(user) and proposal.submitter_id == user.id


@rule("proposals.review")
def _review(user: Any, event: Event) -> bool:
    return reviews_event(user, event)


@rule("proposals.score")
def _score(user: Any, pair: tuple[Event, Proposal]) -> bool:
    event, proposal = pair
    return reviews_event(user, event) and proposal.submitter_id != user.id


@rule("proposals.decide")
def _decide(user: Any, pair: tuple[Event, Proposal]) -> bool:
    """Deciding and putting on the agenda stay with those who run the event."""
    event, proposal = pair
    return runs_event(user, event) and proposal.submitter_id != user.id
