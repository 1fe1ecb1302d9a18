"""Rules for calls, proposals, reviews and decisions. Functions flush, never commit.

Steps a submitter takes are written to the proposal's history without an actor, and
none of them goes to the audit log: the event's audit page names actors, and its readers
are the reviewers. Decisions are told to the submitter with a notice, whose words are
made in the reader's language when they read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from forum.auth.services import find_user
from forum.events import agenda
from forum.events.models import Event, SessionKind
from forum.events.registration.models import EventRole, Registration
from forum.events.services import EventRuleError, SessionData, SessionTextData
from forum.extensions import db
from forum.models import User, utcnow
from forum.notices.labels import NoticeKind
from forum.notices.services import notify
from forum.proposals.models import (
    DECISIONS,
    Format,
    Listing,
    Proposal,
    ProposalCall,
    ProposalReview,
    ProposalSpeaker,
    ProposalStep,
    Status,
    Step,
    proposal_reviewers,
)
from forum.security import audit

# The agenda slot offered for an accepted proposal: the kind of session its format is (a
# workshop stays a workshop; a talk or a testimony has no kind of its own), for an hour.
SESSION_KIND_OF_FORMAT = {
    Format.WORKSHOP.value: SessionKind.WORKSHOP.value,
    Format.PANEL.value: SessionKind.PANEL.value,
}
SESSION_LENGTH = timedelta(hours=1)


def session_kind_for(proposal_format: str) -> str:
    return SESSION_KIND_OF_FORMAT.get(proposal_format, SessionKind.PLENARY.value)


class ProposalError(ValueError):
    """A rule was broken; `field` says which form field to mark (None: the whole form)."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class CallData:
    opens_at: datetime
    closes_at: datetime
    formats: list[str]
    tracks: list[str] = field(default_factory=list)
    reviewers: list[str] = field(default_factory=list)


@dataclass
class SpeakerData:
    name: str | None
    member: str | None
    pseudonym: str | None
    listing: str


@dataclass
class ProposalData:
    title: str
    abstract: str
    format: str
    language: str
    track: str
    speakers: list[SpeakerData]


@dataclass
class ScheduleData:
    starts_at: datetime
    ends_at: datetime
    room: str
    kind: str


_NOTICES = {
    Status.ACCEPTED.value: NoticeKind.PROPOSAL_ACCEPTED,
    Status.REJECTED.value: NoticeKind.PROPOSAL_REJECTED,
    Status.WAITLISTED.value: NoticeKind.PROPOSAL_WAITLISTED,
}


def _step(proposal: Proposal, step: Step, actor: User | None = None, detail: str = "") -> None:
    db.session.add(
        ProposalStep(
            proposal_id=proposal.id,
            step=step.value,
            actor_id=actor.id if actor is not None else None,
            detail=detail,
        )
    )


# --- the call --------------------------------------------------------------------------


def save_call(event: Event, call: ProposalCall | None, data: CallData) -> ProposalCall:
    if data.closes_at <= data.opens_at:
        raise ProposalError("closes_at", _("The call must close after it opens."))
    reviewer_ids = []
    for username in data.reviewers:
        user = find_user(username)
        if user is None or not user.is_active:
            raise ProposalError(
                "reviewers", _("There is no member with the username %(name)s.", name=username)
            )
        reviewer_ids.append(user.id)
    db.session.execute(
        sa.delete(proposal_reviewers).where(proposal_reviewers.c.event_id == event.id)
    )
    if reviewer_ids:
        db.session.execute(
            sa.insert(proposal_reviewers),
            [{"event_id": event.id, "user_id": user_id} for user_id in reviewer_ids],
        )
    if call is None:
        call = ProposalCall(event_id=event.id)
        db.session.add(call)
    call.opens_at = data.opens_at
    call.closes_at = data.closes_at
    call.formats = list(data.formats)
    call.tracks = list(data.tracks)
    db.session.flush()
    return call


# --- proposals -------------------------------------------------------------------------


def _speakers(submitter: User, data: ProposalData) -> list[ProposalSpeaker]:
    """The speakers as given. A member other than the submitter can be linked, but only
    they may put their own name on the agenda: another person's account is not the
    submitter's to expose (list them under a pseudonym or withheld, or let them propose)."""
    speakers = []
    for position, given in enumerate(data.speakers):
        user_id = None
        if given.member:
            user = find_user(given.member)
            if user is None or not user.is_active:
                raise ProposalError(
                    f"speaker_{position + 1}-member",
                    _("There is no member with the username %(name)s.", name=given.member),
                )
            if given.listing == Listing.PUBLIC.value and user.id != submitter.id:
                raise ProposalError(
                    f"speaker_{position + 1}-listing",
                    _(
                        "Only members themselves can choose to be listed under their name: "
                        "choose a pseudonym or “speaker withheld” for them."
                    ),
                )
            user_id = user.id
        speakers.append(
            ProposalSpeaker(
                position=position,
                user_id=user_id,
                name=given.name,
                pseudonym=given.pseudonym,
                listing=given.listing,
            )
        )
    return speakers


def _check(call: ProposalCall, data: ProposalData) -> None:
    if not call.is_open(utcnow()):
        raise ProposalError(None, _("The call for proposals is closed."))
    if data.format not in call.formats:
        raise ProposalError("format", _("Choose one of the formats of this call."))
    if data.track and data.track not in call.tracks:
        raise ProposalError("track", _("Choose one of the tracks of this call."))
    if not data.speakers:
        raise ProposalError(None, _("Name at least one speaker."))


def submit(call: ProposalCall, submitter: User, data: ProposalData) -> Proposal:
    _check(call, data)
    proposal = Proposal(
        event_id=call.event_id,
        submitter_id=submitter.id,
        title=data.title,
        abstract=data.abstract,
        format=data.format,
        language=data.language,
        track=data.track,
        status=Status.SUBMITTED.value,
    )
    proposal.speakers = _speakers(submitter, data)
    db.session.add(proposal)
    db.session.flush()
    _step(proposal, Step.SUBMITTED)
    db.session.flush()
    return proposal


def edit(call: ProposalCall, proposal: Proposal, data: ProposalData) -> Proposal:
    if proposal.status != Status.SUBMITTED.value:
        raise ProposalError(None, _("Only a proposal still under review can be edited."))
    _check(call, data)
    proposal.title = data.title
    proposal.abstract = data.abstract
    proposal.format = data.format
    proposal.language = data.language
    proposal.track = data.track
    proposal.speakers = _speakers(db.session.get(User, proposal.submitter_id), data)
    _step(proposal, Step.EDITED)
    db.session.flush()
    return proposal


def withdraw(proposal: Proposal) -> None:
    if proposal.status not in (Status.SUBMITTED.value, Status.WAITLISTED.value):
        raise ProposalError(None, _("This proposal can no longer be withdrawn."))
    proposal.status = Status.WITHDRAWN.value
    _step(proposal, Step.WITHDRAWN)
    db.session.flush()


# --- review ----------------------------------------------------------------------------


def score(proposal: Proposal, reviewer: User, value: int, comment: str) -> ProposalReview:
    if proposal.status == Status.WITHDRAWN.value:
        raise ProposalError(None, _("This proposal was withdrawn."))
    if not 1 <= value <= 5:
        raise ProposalError("score", _("Choose a score from 1 to 5."))
    review = db.session.scalar(
        sa.select(ProposalReview).where(
            ProposalReview.proposal_id == proposal.id, ProposalReview.reviewer_id == reviewer.id
        )
    )
    if review is None:
        review = ProposalReview(proposal_id=proposal.id, reviewer_id=reviewer.id)
        db.session.add(review)
    review.score = value
    review.comment = comment
    _step(proposal, Step.SCORED, reviewer)
    db.session.flush()
    return review


def decide(proposal: Proposal, reviewer: User, decision: str, message: str) -> None:
    """Accept, refuse or put on the waiting list, and tell the submitter."""
    if decision not in {status.value for status in DECISIONS}:
        raise ProposalError("decision", _("Choose one of the decisions offered."))
    if proposal.status == Status.WITHDRAWN.value:
        raise ProposalError(None, _("This proposal was withdrawn."))
    if proposal.session_id is not None:
        raise ProposalError(None, _("This proposal is already on the agenda."))
    proposal.status = decision
    proposal.decision_message = message
    proposal.decided_at = utcnow()
    _step(proposal, Step.DECIDED, reviewer, decision)
    notify(proposal.submitter_id, proposal.event_id, _NOTICES[decision])
    audit(
        reviewer,
        "proposals.decide",
        target_type="proposal",
        target_id=proposal.id,
        event_id=proposal.event_id,
        detail=f"decision={decision}",
    )
    db.session.flush()


def listed_names(proposal: Proposal) -> tuple[list[str], int]:
    """The speakers as each chose to be listed: the names to print, and how many are
    withheld. A public name is a linked member's display name, else the name given."""
    names: list[str] = []
    withheld = 0
    for speaker in proposal.speakers:
        if speaker.listing == Listing.PUBLIC.value:
            member = db.session.get(User, speaker.user_id) if speaker.user_id else None
            name = member.display_name if member is not None else speaker.name
            if name:
                names.append(name)
                continue
        elif speaker.listing == Listing.PSEUDONYM.value and speaker.pseudonym:
            names.append(speaker.pseudonym)
            continue
        withheld += 1
    return names, withheld


def schedule(event: Event, proposal: Proposal, reviewer: User, data: ScheduleData) -> int:
    """Put an accepted proposal on the agenda, its speakers listed as they chose."""
    if proposal.status != Status.ACCEPTED.value:
        raise ProposalError(None, _("Only an accepted proposal can be put on the agenda."))
    if proposal.session_id is not None:
        raise ProposalError(None, _("This proposal is already on the agenda."))
    names, withheld = listed_names(proposal)
    try:
        session = agenda.add_session(
            event,
            SessionData(
                texts={
                    proposal.language: SessionTextData(
                        title=proposal.title, description=proposal.abstract
                    )
                },
                starts_at=data.starts_at,
                ends_at=data.ends_at,
                kind=data.kind,
                room=data.room,
                track=proposal.track,
                speakers=names,
                languages=[proposal.language],
            ),
        )
    except EventRuleError as error:
        raise ProposalError(error.field, error.message) from error
    session.withheld_speakers = withheld
    _badge_roles(event, proposal)
    proposal.session_id = session.id
    _step(proposal, Step.SCHEDULED, reviewer)
    db.session.flush()
    return session.id


def _badge_roles(event: Event, proposal: Proposal) -> None:
    """Badges print a person's role. A linked member listed under their name becomes a
    "Speaker" on their badge; one listed under a pseudonym or withheld must not: a badge
    saying "Speaker" above a legal name would undo the pseudonym."""
    for speaker in proposal.speakers:
        if speaker.user_id is None:
            continue
        registration = db.session.scalar(
            sa.select(Registration).where(
                Registration.event_id == event.id, Registration.user_id == speaker.user_id
            )
        )
        if registration is None:
            continue
        if speaker.listing == Listing.PUBLIC.value:
            if registration.role == EventRole.PARTICIPANT.value:
                registration.role = EventRole.SPEAKER.value
        elif registration.role == EventRole.SPEAKER.value:
            registration.role = EventRole.PARTICIPANT.value


# --- retention -------------------------------------------------------------------------


def purge_expired(now: datetime) -> int:
    """Delete the proposals (speakers, reviews, history) of events past their retention,
    like their registrations (`purge_after_days` after the end). Sessions made from them
    stay on the agenda with the names their speakers chose to show. Returns how many."""
    events = db.session.execute(
        sa.select(Event.id, Event.ends_at, Event.purge_after_days).where(
            Event.ends_at <= now, sa.exists().where(Proposal.event_id == Event.id)
        )
    ).all()
    due = [event_id for event_id, ends_at, days in events if ends_at + timedelta(days=days) <= now]
    if not due:
        return 0
    proposals = db.session.scalars(sa.select(Proposal).where(Proposal.event_id.in_(due))).all()
    for proposal in proposals:
        db.session.delete(proposal)
    db.session.execute(sa.delete(ProposalCall).where(ProposalCall.event_id.in_(due)))
    db.session.flush()
    return len(proposals)
