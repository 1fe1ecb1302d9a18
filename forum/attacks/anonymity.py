"""Anonymous reports that no dump ties to the member who made them.

The same scheme as anonymous posts (`forum.exchanges.anonymity`): the report stores no
reporter, only a random salt and `HMAC-SHA256(FORUM_ANON_KEY, "attack:<user id>:<salt>")`
with a purpose of its own, so a proof made for a post means nothing here. Whoever holds
the database but not the key cannot tell who reported, nor whether two reports share a
reporter. The application can answer one question only: "did *this* signed-in member
make *this* report?" — which lets a reporter withdraw it. Its date of receipt is kept to
the day, and no audit entry names the reporter.
"""

from __future__ import annotations

import secrets
from typing import Any

from forum.attacks.labels import Origin
from forum.attacks.models import Incident
from forum.keyed import anon_digest, same_digest


def _proof(user_id: int, salt: str) -> str:
    return anon_digest(f"attack:{user_id}:{salt}")


def seal(incident: Incident, reporter: Any) -> None:
    incident.origin = Origin.ANONYMOUS.value
    incident.reporter_id = None
    incident.reporter_salt = secrets.token_hex(16)
    incident.reporter_proof = _proof(reporter.id, incident.reporter_salt)


def made_by(user: Any, incident: Incident) -> bool:
    """Whether the signed-in `user` made this report (anonymous or not)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if incident.origin == Origin.ANONYMOUS.value:
        if not incident.reporter_salt or not incident.reporter_proof:
            return False
        return same_digest(_proof(user.id, incident.reporter_salt), incident.reporter_proof)
    return incident.reporter_id is not None and incident.reporter_id == user.id
