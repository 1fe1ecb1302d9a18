"""A call for proposals on an event, the proposals members send to it, their speakers,
the reviewers' scores, and the history of each proposal.

Who sent a proposal (`submitter_id`) and who speaks (`ProposalSpeaker`) are kept apart
from everything a reviewer reads: the review pages are built from `queries.review_rows`,
which never selects them (see `forum.proposals.anonymity`). Speakers' names and
pseudonyms are encrypted at rest: a dump of the database must not list who will speak
at a meeting of defenders.
"""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.crypto import EncryptedText
from forum.extensions import db
from forum.models import utcnow

TITLE_MAX = 200
ABSTRACT_MAX = 5_000
TRACK_MAX = 100
NAME_MAX = 100
COMMENT_MAX = 3_000
MESSAGE_MAX = 3_000
SPEAKERS_MAX = 3
TRACKS_MAX = 12


class Format(enum.StrEnum):
    TALK = "talk"
    PANEL = "panel"
    WORKSHOP = "workshop"
    TESTIMONY = "testimony"


class Status(enum.StrEnum):
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WAITLISTED = "waitlisted"


#: The decisions reviewers can take (a subset of the statuses).
DECISIONS = (Status.ACCEPTED, Status.REJECTED, Status.WAITLISTED)


class Listing(enum.StrEnum):
    """How a speaker is named in the agenda, its PDF, iCalendar and on badges."""

    PUBLIC = "public"  # their name (a linked member's display name)
    PSEUDONYM = "pseudonym"
    WITHHELD = "withheld"  # "speaker withheld": no name at all


class Step(enum.StrEnum):
    """What the history of a proposal records. Steps taken by the submitter carry no
    actor: the history is shown to reviewers."""

    SUBMITTED = "submitted"
    EDITED = "edited"
    WITHDRAWN = "withdrawn"
    SCORED = "scored"
    DECIDED = "decided"
    SCHEDULED = "scheduled"


def _values(kind: type[enum.StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in kind)


#: Reviewers of one event's proposals who are not among its organizers (they score and
#: comment; the organizers decide). Like every privilege, it works with two-factor only.
proposal_reviewers = sa.Table(
    "proposal_reviewers",
    db.metadata,
    sa.Column("event_id", sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class ProposalCall(db.Model):
    __tablename__ = "proposal_calls"
    __table_args__ = (sa.CheckConstraint("closes_at > opens_at", name="closes_after_opening"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), unique=True
    )
    opens_at: Mapped[datetime]
    closes_at: Mapped[datetime]
    formats: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    tracks: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def is_open(self, now: datetime) -> bool:
        return self.opens_at <= now < self.closes_at


class Proposal(db.Model):
    __tablename__ = "proposals"
    __table_args__ = (
        sa.CheckConstraint(sa.column("status").in_(_values(Status)), name="known_status"),
        sa.CheckConstraint(sa.column("format").in_(_values(Format)), name="known_format"),
        sa.Index("ix_proposals_event_status", "event_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    submitter_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(TITLE_MAX))
    abstract: Mapped[str] = mapped_column(sa.Text)
    format: Mapped[str] = mapped_column(sa.String(20))
    language: Mapped[str] = mapped_column(sa.String(5))
    track: Mapped[str] = mapped_column(sa.String(TRACK_MAX), default="")
    status: Mapped[str] = mapped_column(sa.String(20), default=Status.SUBMITTED.value)
    # The organizers' words to the submitter with the decision (shown to the submitter only).
    decision_message: Mapped[str] = mapped_column(sa.Text, default="")
    decided_at: Mapped[datetime | None]
    session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sessions.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    speakers: Mapped[list[ProposalSpeaker]] = relationship(
        back_populates="proposal",
        cascade="all, delete-orphan",
        order_by="ProposalSpeaker.position",
        lazy="selectin",
    )


class ProposalSpeaker(db.Model):
    __tablename__ = "proposal_speakers"
    __table_args__ = (
        sa.CheckConstraint(sa.column("listing").in_(_values(Listing)), name="known_listing"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    # A linked member (their display name is their public name), or a name typed in.
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str | None] = mapped_column(EncryptedText)
    pseudonym: Mapped[str | None] = mapped_column(EncryptedText)
    listing: Mapped[str] = mapped_column(sa.String(10), default=Listing.WITHHELD.value)

    proposal: Mapped[Proposal] = relationship(back_populates="speakers")


class ProposalReview(db.Model):
    __tablename__ = "proposal_reviews"
    __table_args__ = (
        sa.UniqueConstraint("proposal_id", "reviewer_id", name="one_review_each"),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    score: Mapped[int]
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ProposalStep(db.Model):
    """One line of a proposal's history. `actor_id` is set for reviewers' steps only."""

    __tablename__ = "proposal_steps"
    __table_args__ = (sa.CheckConstraint(sa.column("step").in_(_values(Step)), name="known_step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    step: Mapped[str] = mapped_column(sa.String(20))
    detail: Mapped[str] = mapped_column(sa.String(20), default="")
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
