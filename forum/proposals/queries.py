"""Reads for calls and proposals.

What reviewers read comes from `review_rows` and `review_detail` only, and those build
`AnonymousProposal` values that have no field for a person: not the submitter, not a
speaker's name, pseudonym or account. A page, a CSV or a search built from them cannot
show what they do not hold. The submitter's own pages read `Proposal` itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from forum.extensions import db
from forum.models import User
from forum.proposals.models import (
    Proposal,
    ProposalCall,
    ProposalReview,
    ProposalSpeaker,
    ProposalStep,
    Status,
    proposal_reviewers,
)


@dataclass(frozen=True)
class AnonymousProposal:
    """A proposal as a reviewer sees it: no submitter, no speaker, only how many speak."""

    id: int
    title: str
    abstract: str
    format: str
    language: str
    track: str
    status: str
    created_at: datetime
    speaker_count: int
    average: float | None
    reviews: int
    on_agenda: bool


@dataclass(frozen=True)
class ReviewLine:
    reviewer: str
    score: int
    comment: str
    mine: bool


@dataclass(frozen=True)
class HistoryLine:
    step: str
    detail: str
    at: datetime
    # A reviewer's display name; None for the submitter's own steps (never named).
    reviewer: str | None


def call_of(event_id: int) -> ProposalCall | None:
    return db.session.scalar(sa.select(ProposalCall).where(ProposalCall.event_id == event_id))


def proposal_in(event_id: int, proposal_id: int) -> Proposal | None:
    return db.session.scalar(
        sa.select(Proposal).where(Proposal.id == proposal_id, Proposal.event_id == event_id)
    )


def proposals_of(user: User, event_id: int) -> list[Proposal]:
    return list(
        db.session.scalars(
            sa.select(Proposal)
            .where(Proposal.submitter_id == user.id, Proposal.event_id == event_id)
            .order_by(Proposal.created_at.desc(), Proposal.id.desc())
        )
    )


def _anonymous_select() -> sa.Select:
    speakers = (
        sa.select(sa.func.count(ProposalSpeaker.id))
        .where(ProposalSpeaker.proposal_id == Proposal.id)
        .scalar_subquery()
    )
    average = (
        sa.select(sa.func.avg(ProposalReview.score))
        .where(ProposalReview.proposal_id == Proposal.id)
        .scalar_subquery()
    )
    reviews = (
        sa.select(sa.func.count(ProposalReview.id))
        .where(ProposalReview.proposal_id == Proposal.id)
        .scalar_subquery()
    )
    return sa.select(
        Proposal.id,
        Proposal.title,
        Proposal.abstract,
        Proposal.format,
        Proposal.language,
        Proposal.track,
        Proposal.status,
        Proposal.created_at,
        speakers.label("speaker_count"),
        average.label("average"),
        reviews.label("reviews"),
        Proposal.session_id.is_not(None).label("on_agenda"),
    )


def _row(row: sa.Row) -> AnonymousProposal:
    values = row._asdict()
    if values["average"] is not None:
        values["average"] = round(float(values["average"]), 1)
    return AnonymousProposal(**values)


def review_rows(
    event_id: int, *, search: str = "", status: str = "", sort: str = "newest"
) -> list[AnonymousProposal]:
    """The event's proposals for reviewers (withdrawn ones left out), searched in titles
    and abstracts only and sorted by date, score or title: never by anything personal."""
    stmt = _anonymous_select().where(
        Proposal.event_id == event_id, Proposal.status != Status.WITHDRAWN.value
    )
    if search:
        pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(
            sa.or_(
                Proposal.title.ilike(pattern, escape="\\"),
                Proposal.abstract.ilike(pattern, escape="\\"),
            )
        )
    if status:
        stmt = stmt.where(Proposal.status == status)
    order = {
        "oldest": (Proposal.created_at.asc(), Proposal.id.asc()),
        "score": (sa.literal_column("average").desc().nulls_last(), Proposal.id.asc()),
        "title": (Proposal.title.asc(), Proposal.id.asc()),
    }.get(sort, (Proposal.created_at.desc(), Proposal.id.desc()))
    return [_row(row) for row in db.session.execute(stmt.order_by(*order))]


def review_detail(event_id: int, proposal_id: int) -> AnonymousProposal | None:
    row = db.session.execute(
        _anonymous_select().where(
            Proposal.event_id == event_id,
            Proposal.id == proposal_id,
            Proposal.status != Status.WITHDRAWN.value,
        )
    ).first()
    return _row(row) if row is not None else None


def reviews_of(proposal_id: int, viewer: User) -> list[ReviewLine]:
    rows = db.session.execute(
        sa.select(ProposalReview, User.display_name)
        .outerjoin(User, User.id == ProposalReview.reviewer_id)
        .where(ProposalReview.proposal_id == proposal_id)
        .order_by(ProposalReview.created_at, ProposalReview.id)
    )
    return [
        ReviewLine(
            reviewer=name or "—",
            score=review.score,
            comment=review.comment,
            mine=review.reviewer_id == viewer.id,
        )
        for review, name in rows
    ]


def my_review(proposal_id: int, viewer: User) -> ProposalReview | None:
    return db.session.scalar(
        sa.select(ProposalReview).where(
            ProposalReview.proposal_id == proposal_id, ProposalReview.reviewer_id == viewer.id
        )
    )


def history_of(proposal_id: int) -> list[HistoryLine]:
    """The proposal's history as reviewers read it. Only reviewers' steps carry an
    actor (`services._step`); the join cannot name the submitter."""
    rows = db.session.execute(
        sa.select(ProposalStep.step, ProposalStep.detail, ProposalStep.at, User.display_name)
        .outerjoin(User, User.id == ProposalStep.actor_id)
        .where(ProposalStep.proposal_id == proposal_id)
        .order_by(ProposalStep.at, ProposalStep.id)
    )
    return [HistoryLine(step, detail, at, name) for step, detail, at, name in rows]


def speaker_accounts(proposals: list[Proposal]) -> dict[int, User]:
    """The members linked as speakers, for the submitter's own pages (never reviewers')."""
    ids = {speaker.user_id for proposal in proposals for speaker in proposal.speakers}
    ids.discard(None)
    if not ids:
        return {}
    return {user.id: user for user in db.session.scalars(sa.select(User).where(User.id.in_(ids)))}


def reviewer_usernames(event_id: int) -> list[str]:
    return list(
        db.session.scalars(
            sa.select(User.username)
            .join(proposal_reviewers, proposal_reviewers.c.user_id == User.id)
            .where(proposal_reviewers.c.event_id == event_id)
            .order_by(User.username)
        )
    )
