"""A member's part of the library in "my data": the works and editions they uploaded and
the citations they added; erased with the account (see `forum.profiles.data_rights`).

Published works belong to the organisation and stay, with no uploader; a member's
uploads still waiting for review are deleted with their files.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from forum.dates import iso_or_none
from forum.extensions import db
from forum.library.labels import WorkStatus
from forum.library.models import Edition, Work, WorkUse
from forum.library.services import remove_work
from forum.models import User


def export_for(user: User) -> dict[str, Any]:
    works = db.session.scalars(
        sa.select(Work).where(Work.uploaded_by_id == user.id).order_by(Work.id)
    ).all()
    editions = db.session.scalars(
        sa.select(Edition).where(Edition.uploaded_by_id == user.id).order_by(Edition.id)
    ).all()
    citations = db.session.scalars(
        sa.select(WorkUse).where(WorkUse.added_by_id == user.id).order_by(WorkUse.id)
    ).all()
    return {
        "library": {
            "works_uploaded": [
                {
                    "id": work.id,
                    "status": work.status,
                    "titles": {text.language: text.title for text in work.texts},
                    "created_at": iso_or_none(work.created_at),
                }
                for work in works
            ],
            "editions_uploaded": [
                {
                    "id": e.id,
                    "work_id": e.work_id,
                    "language": e.language,
                    "created_at": iso_or_none(e.created_at),
                }
                for e in editions
            ],
            "links_added": [
                {
                    "work_id": use.work_id,
                    "role": use.role,
                    "thread_id": use.thread_id,
                    "event_id": use.event_id,
                }
                for use in citations
            ],
        }
    }


def erase_for(user: User, *, keep_posts: bool) -> None:
    for work in db.session.scalars(
        sa.select(Work).where(
            Work.uploaded_by_id == user.id, Work.status == WorkStatus.PENDING.value
        )
    ).all():
        remove_work(work, None)
    db.session.execute(
        sa.update(Work).where(Work.uploaded_by_id == user.id).values(uploaded_by_id=None)
    )
    db.session.execute(
        sa.update(Edition).where(Edition.uploaded_by_id == user.id).values(uploaded_by_id=None)
    )
    db.session.execute(
        sa.update(WorkUse).where(WorkUse.added_by_id == user.id).values(added_by_id=None)
    )
