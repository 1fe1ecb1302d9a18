"""A person's workshop seats in their export; on erasure, seats and facilitator links go.

Seats hang on the registration and go with it (the registrations' erasure runs first, as
it takes the event lock before writing); any left are removed here all the same.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import force_locale

from forum.dates import iso_or_none
from forum.events.registration.models import Registration
from forum.events.workshops.models import WorkshopSignup, workshop_facilitators
from forum.events.workshops.queries import signups_for_export
from forum.extensions import db
from forum.models import User


def export_for(user: User) -> dict[str, Any]:
    locale = user.locale or "en"
    with force_locale(locale):
        seats = []
        for event, session in signups_for_export(user):
            text = session.text_for(locale, event.default_locale)
            seats.append(
                {
                    "event": event.slug,
                    "session": text.title if text else "",
                    "starts_at": iso_or_none(session.starts_at),
                    "ends_at": iso_or_none(session.ends_at),
                }
            )
    facilitating = db.session.scalars(
        sa.select(workshop_facilitators.c.session_id).where(
            workshop_facilitators.c.user_id == user.id
        )
    ).all()
    return {"workshop_seats": seats, "workshops_facilitated": list(facilitating)}


def erase_for(user: User, *, keep_posts: bool) -> None:
    mine = sa.select(Registration.id).where(Registration.user_id == user.id)
    db.session.execute(sa.delete(WorkshopSignup).where(WorkshopSignup.registration_id.in_(mine)))
    db.session.execute(
        sa.delete(workshop_facilitators).where(workshop_facilitators.c.user_id == user.id)
    )
