"""Reads of incidents: one record with everything on it, and the list of records.

Each read is a fixed number of queries whatever the data size: a record's children are
loaded with one `selectin` query per kind, the list likewise per page.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import selectinload

from forum.attacks.models import Incident
from forum.extensions import db
from forum.models import User
from forum.security.attacks import published_clause

PER_PAGE = 25
_CHILDREN = (
    selectinload(Incident.acts),
    selectinload(Incident.groups),
    selectinload(Incident.perpetrators),
    selectinload(Incident.responses),
    selectinload(Incident.consents),
    selectinload(Incident.thread_links),
)


def incident(incident_id: int) -> Incident | None:
    return db.session.scalars(
        sa.select(Incident).where(Incident.id == incident_id).options(*_CHILDREN)
    ).first()


def records(page: int, status: str | None = None) -> Pagination:
    """Records newest first (by date of the incident), with their acts and consents."""
    query = sa.select(Incident).options(
        selectinload(Incident.acts), selectinload(Incident.consents)
    )
    if status:
        query = query.where(Incident.status == status)
    query = query.order_by(Incident.occurred_on.desc(), Incident.id.desc())
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False, count=True)


def own_reports(user: User) -> list[Incident]:
    """A member's reports made under their account (anonymous ones cannot be found)."""
    return list(
        db.session.scalars(
            sa.select(Incident)
            .where(Incident.reporter_id == user.id)
            .options(selectinload(Incident.acts))
            .order_by(Incident.id.desc())
        )
    )


def published_records() -> list[Incident]:
    """Every record the figures count, oldest first, for the de-identified export (one
    query per kind of child whatever the number of records)."""
    return list(
        db.session.scalars(
            sa.select(Incident)
            .where(published_clause())
            .options(
                selectinload(Incident.acts),
                selectinload(Incident.groups),
                selectinload(Incident.perpetrators),
                selectinload(Incident.responses),
            )
            .order_by(Incident.occurred_on, Incident.id)
        )
    )
