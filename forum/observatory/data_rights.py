"""A person's part of the observatory in "my data": the edits they made as an editor
(which instrument, what kind of edit, when). The instruments themselves are public
documents of the organisation and stay; erasing the account removes the name from
their history (see `forum.profiles.data_rights`).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from forum.dates import iso_or_none
from forum.extensions import db
from forum.models import User
from forum.observatory.models import Assessment, Instrument, Revision, StatusChange


def export_for(user: User) -> dict[str, Any]:
    revisions = db.session.scalars(
        sa.select(Revision).where(Revision.revised_by_id == user.id).order_by(Revision.id)
    ).all()
    return {
        "observatory": {
            "edits": [
                {
                    "instrument_id": revision.instrument_id,
                    "action": revision.action,
                    "at": iso_or_none(revision.revised_at),
                }
                for revision in revisions
            ]
        }
    }


def erase_for(user: User, *, keep_posts: bool) -> None:
    for model, column in (
        (Revision, Revision.revised_by_id),
        (Instrument, Instrument.created_by_id),
        (StatusChange, StatusChange.created_by_id),
        (Assessment, Assessment.updated_by_id),
    ):
        db.session.execute(sa.update(model).where(column == user.id).values({column: None}))
