"""Letter requests in "my data": exported in full (the details are the person's own),
and deleted with the account."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from forum.dates import iso_or_none
from forum.extensions import db
from forum.letters.models import LetterRequest
from forum.models import User


def export_for(user: User) -> dict[str, Any]:
    requests = db.session.scalars(
        sa.select(LetterRequest).where(LetterRequest.user_id == user.id).order_by(LetterRequest.id)
    ).all()
    return {
        "invitation_letters": [
            {
                "event": request.event.slug,
                "status": request.status,
                "language": request.locale,
                "legal_name": request.legal_name,
                "nationality": request.nationality,
                "passport_number": request.passport_number,
                "birth_date": request.birth_date,
                "passport_expiry": request.passport_expiry,
                "purpose": request.purpose,
                "decision_note": request.decision_note,
                "requested_at": iso_or_none(request.created_at),
                "decided_at": iso_or_none(request.decided_at),
            }
            for request in requests
        ]
    }


def erase_for(user: User, *, keep_posts: bool) -> None:
    db.session.execute(sa.delete(LetterRequest).where(LetterRequest.user_id == user.id))
    db.session.execute(
        sa.update(LetterRequest)
        .where(LetterRequest.decided_by_id == user.id)
        .values(decided_by_id=None)
    )
