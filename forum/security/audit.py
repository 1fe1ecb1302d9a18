"""The audit log: who did what to which thing, and when — never from which address."""

from __future__ import annotations

from collections.abc import Iterable

from forum.extensions import db
from forum.models import AuditEntry, AuditSubject, User


def audit(
    actor: User | None,
    action: str,
    *,
    target_type: str | None = None,
    target_id: int | None = None,
    event_id: int | None = None,
    detail: str | None = None,
    subjects: Iterable[int] = (),
) -> AuditEntry:
    """Record an action on personal data or on roles. No address is ever recorded.

    `subjects` are the accounts the action concerned (an account target is one already):
    each person sees the entry in their data export, and erasure finds it."""
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        event_id=event_id,
        detail=(detail or None) and detail[:500],
    )
    people = set(subjects)
    if target_type == "user" and target_id is not None:
        people.add(target_id)
    entry.subjects = [AuditSubject(user_id=user_id) for user_id in sorted(people)]
    db.session.add(entry)
    return entry
