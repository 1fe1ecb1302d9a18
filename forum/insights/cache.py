"""A short-lived cache of insights counts, shared by everyone who may read the same.

What a viewer may read depends only on their audience (not signed in; moderator; or
member, plus the events whose participant threads they may read), so the counts are kept
per audience and filters, never per person, in the shared `forum.statistics.cache`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from forum.extensions import db
from forum.security import is_member
from forum.security.exchanges import is_moderator
from forum.statistics import cache as statistics_cache


def audience(viewer: Any) -> tuple:
    """Who reads what, as a key: everyone with the same key may read the same threads."""
    from forum.events.models import event_organizers
    from forum.events.registration.models import Registration, RegistrationStatus

    if not is_member(viewer):
        return ("public",)
    if is_moderator(viewer):
        return ("all",)
    events = db.session.scalars(
        sa.union(
            sa.select(Registration.event_id).where(
                Registration.user_id == viewer.id,
                Registration.status == RegistrationStatus.APPROVED.value,
            ),
            sa.select(event_organizers.c.event_id).where(event_organizers.c.user_id == viewer.id),
        )
    ).all()
    return ("members", tuple(sorted(events)))


def cached(viewer: Any, key: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()` once per audience and `key` while the cache holds it."""
    return statistics_cache.cached(("insights", audience(viewer), *key), compute)
