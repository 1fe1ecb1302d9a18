"""Asking for, deciding on, reading and removing invitation-letter requests.

Every read of passport details by the issuer and every download of a letter is written
to the audit log with ids only: never a name, a number or a date, so that the log holds
nothing the purge would have to find. Functions flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from forum.events.registration.models import Registration, RegistrationStatus
from forum.extensions import db
from forum.letters.models import LetterRequest, LetterStatus
from forum.models import User, utcnow
from forum.security import audit

TARGET = "letter_request"


@dataclass(frozen=True)
class PassportDetails:
    legal_name: str
    nationality: str
    passport_number: str
    birth_date: date
    passport_expiry: date
    purpose: str = ""


def _record(actor: User | None, action: str, request: LetterRequest) -> None:
    """No event id: the event's audit page is the organizers', and that someone asked for
    a letter is for the issuer alone."""
    audit(actor, action, target_type=TARGET, target_id=request.id)


def request_letter(
    user: User, registration: Registration, details: PassportDetails, locale: str
) -> LetterRequest:
    """A new request, or the person's earlier one replaced (asked again, e.g. after a
    decline or with a new passport): there is never more than one per registration."""
    request = db.session.scalar(
        sa.select(LetterRequest).where(LetterRequest.registration_id == registration.id)
    )
    if request is None:
        request = LetterRequest(
            event_id=registration.event_id, registration_id=registration.id, user_id=user.id
        )
        db.session.add(request)
    request.status = LetterStatus.REQUESTED.value
    request.locale = locale
    request.legal_name = details.legal_name
    request.nationality = details.nationality
    request.passport_number = details.passport_number
    request.birth_date = details.birth_date.isoformat()
    request.passport_expiry = details.passport_expiry.isoformat()
    request.purpose = details.purpose or None
    request.decision_note = None
    request.decided_by_id = None
    request.decided_at = None
    db.session.flush()
    _record(user, "letter.request", request)
    db.session.flush()
    return request


def withdraw(user: User, request: LetterRequest) -> None:
    """The person takes their request back: the passport details go at once."""
    _record(user, "letter.withdraw", request)
    db.session.delete(request)
    db.session.flush()


def viewed(issuer: User, request: LetterRequest) -> None:
    """The issuer opened the passport details of one request."""
    _record(issuer, "letter.view", request)
    db.session.flush()


def downloaded(user: User, request: LetterRequest) -> None:
    _record(user, "letter.download", request)
    db.session.flush()


class NotReady(ValueError):
    """A letter cannot be issued while the registration is not approved."""


def issue(issuer: User, request: LetterRequest) -> None:
    if request.registration.status != RegistrationStatus.APPROVED.value:
        raise NotReady(request.registration.status)
    request.status = LetterStatus.ISSUED.value
    request.decision_note = None
    request.decided_by_id = issuer.id
    request.decided_at = utcnow()
    _record(issuer, "letter.issue", request)
    db.session.flush()


def decline(issuer: User, request: LetterRequest, note: str | None) -> None:
    request.status = LetterStatus.DECLINED.value
    request.decision_note = note or None
    request.decided_by_id = issuer.id
    request.decided_at = utcnow()
    _record(issuer, "letter.decline", request)
    db.session.flush()


def remove_for_registrations(registration_ids: list[int]) -> int:
    """Delete the requests of these registrations (cancelled or purged); how many."""
    if not registration_ids:
        return 0
    result = db.session.execute(
        sa.delete(LetterRequest).where(LetterRequest.registration_id.in_(registration_ids))
    )
    return result.rowcount or 0


def remove_for_event(event_id: int) -> int:
    """Delete every request of an event: the retention purge calls this."""
    result = db.session.execute(sa.delete(LetterRequest).where(LetterRequest.event_id == event_id))
    return result.rowcount or 0
