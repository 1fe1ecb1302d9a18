"""A member's part of the attacks feature in "my data": the reports they made under their
account; erased with the account (see `forum.profiles.data_rights`).

Anonymous reports are not listed and not erased: nothing in the database ties them to
the account, so nothing can find them (`forum.attacks.anonymity`). Incidents a documenter
entered stay with the organisation; the documenter's id goes (the foreign key sets null).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from forum.attacks.models import Incident
from forum.attacks.queries import own_reports
from forum.extensions import db
from forum.models import User


def export_for(user: User) -> dict[str, Any]:
    return {
        "attack_reports": [
            {
                "id": incident.id,
                "status": incident.status,
                "occurred_on": incident.occurred_on.isoformat(),
                "date_precision": incident.date_precision,
                "country": incident.country,
                "province": incident.province,
                "setting": incident.setting,
                "acts": [[act.violation, act.subtype] for act in incident.acts],
                "account": incident.account,
                "received_on": incident.received_on.isoformat(),
            }
            for incident in own_reports(user)
        ]
    }


def erase_for(user: User, *, keep_posts: bool = False) -> None:
    """Delete the member's own (non-anonymous) reports, whatever `keep_posts` says: a
    report describes an attack on them, not a contribution to a discussion."""
    db.session.execute(sa.delete(Incident).where(Incident.reporter_id == user.id))
    db.session.flush()
