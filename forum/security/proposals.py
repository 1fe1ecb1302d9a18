"""Rules for calls for proposals.

Any member may propose to an open call and keep their own proposals (edit until the call
closes, withdraw). Reviewing is for those who run the event (its organizers and
administrators), who also open the call, decide and put accepted proposals on the
agenda. Staff see everything about an event but do not review: a reviewer reads
proposals without names (`forum.proposals.anonymity`), and fewer readers means fewer
people who could guess. Nobody reviews their own proposal.
"""

from __future__ import annotations

from typing import Any

from forum.events.models import Event
from forum.proposals.models import Proposal
from forum.security.core import is_member, rule
from forum.security.events import runs_event


def reviews_event(user: Any, event: Event) -> bool:
    return runs_event(user, event)


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
