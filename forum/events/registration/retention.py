"""The retention purge: registration data of past events is deleted, counts remain.

An event's registrations (badge names, answers, decision notes, listing choices, the
passport details of invitation-letter requests, and the very fact that a given person
registered) are deleted `purge_after_days` after it ends.
What remains is a table of anonymous counts by status and country. Profiles belong to
people rather than events and are not touched — but a purged registration no longer
lets the event's organizers see any profile field shared "with organizers of events I
register for". Running it again finds nothing left to do, so cron can run it daily.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from forum.events.models import Event
from forum.events.registration.locking import lock_event
from forum.events.registration.models import (
    Answer,
    Question,
    QuestionKind,
    Registration,
    RegistrationCount,
)
from forum.events.registration.questions.answers import (
    decode,
)
from forum.extensions import db
from forum.letters.models import LetterRequest
from forum.models import utcnow
from forum.profiles.models import Profile, Visibility
from forum.taxonomy import is_country


@dataclass(frozen=True)
class PurgeReport:
    slug: str
    registrations: int
    answers: int
    counts: dict[tuple[str, str], int]


def purge_due_at(event: Event) -> datetime:
    return event.ends_at + timedelta(days=event.purge_after_days)


def due_event_ids(now: datetime) -> list[int]:
    """Events past retention that still hold registrations."""
    candidates = db.session.scalars(
        sa.select(Event)
        .where(
            Event.ends_at <= now,
            sa.exists().where(Registration.event_id == Event.id),
        )
        .order_by(Event.ends_at, Event.id)
    ).all()
    return [event.id for event in candidates if purge_due_at(event) <= now]


def purge_event(event_id: int, now: datetime | None = None) -> PurgeReport | None:
    """Count, then delete, one event's registrations; None when it is not due (or done)."""
    now = now or utcnow()
    event = lock_event(event_id)
    if purge_due_at(event) > now:
        return None
    registrations = db.session.scalars(
        sa.select(Registration).where(Registration.event_id == event.id)
    ).all()
    if not registrations:
        return None
    counts = Counter(
        (registration.status, country)
        for registration, country in _countries(event, registrations).items()
    )
    for (status, country), number in counts.items():
        cell = db.session.scalar(
            sa.select(RegistrationCount).where(
                RegistrationCount.event_id == event.id,
                RegistrationCount.status == status,
                RegistrationCount.country == country,
            )
        )
        if cell is None:
            db.session.add(
                RegistrationCount(event_id=event.id, status=status, country=country, count=number)
            )
        else:
            cell.count += number
            cell.purged_at = now
    ids = [registration.id for registration in registrations]
    answers = db.session.execute(sa.delete(Answer).where(Answer.registration_id.in_(ids)))
    # Passport details of invitation-letter requests go with the registrations.
    db.session.execute(sa.delete(LetterRequest).where(LetterRequest.event_id == event.id))
    db.session.execute(sa.delete(Registration).where(Registration.id.in_(ids)))
    db.session.flush()
    db.session.expire_all()
    return PurgeReport(event.slug, len(ids), answers.rowcount or 0, dict(counts))


def _countries(event: Event, registrations: list[Registration]) -> dict[Registration, str]:
    """The country each person gave this event (a country question), else the profile's
    country when shared beyond "only me", else "" (unknown)."""
    question_ids = db.session.scalars(
        sa.select(Question.id).where(
            Question.event_id == event.id, Question.kind == QuestionKind.COUNTRY.value
        )
    ).all()
    answered: dict[int, str] = {}
    if question_ids:
        for answer in db.session.scalars(
            sa.select(Answer).where(
                Answer.question_id.in_(question_ids),
                Answer.registration_id.in_([r.id for r in registrations]),
            )
        ):
            value = decode(answer.stored)
            if isinstance(value, str) and is_country(value):
                answered.setdefault(answer.registration_id, value)
    profiles = {
        profile.user_id: profile
        for profile in db.session.scalars(
            sa.select(Profile).where(Profile.user_id.in_([r.user_id for r in registrations]))
        )
    }
    countries = {}
    for registration in registrations:
        country = answered.get(registration.id)
        profile = profiles.get(registration.user_id)
        if country is None and profile is not None and profile.country:
            if profile.country_visibility != Visibility.ME.value:
                country = profile.country
        countries[registration] = country or ""
    return countries
