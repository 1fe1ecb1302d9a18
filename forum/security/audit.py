"""The audit log: who did what to which thing, and when — never from which address."""

from __future__ import annotations

from forum.extensions import db
from forum.models import AuditEntry, User


def audit(
    actor: User | None,
    action: str,
    *,
    target_type: str | None = None,
    target_id: int | None = None,
    event_id: int | None = None,
    detail: str | None = None,
) -> AuditEntry:
    """Record an action on personal data or on roles. No address is ever recorded."""
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        event_id=event_id,
        detail=(detail or None) and detail[:500],
    )
    db.session.add(entry)
    return entry
