"""A short-lived cache of insights counts, shared by everyone who may read the same.

Counting 50,000 posts takes a database a few hundred milliseconds, and the numbers are
statistics: a minute old is fine. What a viewer may read depends only on their audience
(not signed in; moderator; or member, plus the events whose participant threads they
may read), so the counts are kept per audience and filters, never per person. Any commit
that changes data, in any process, makes every copy stale (the shared version of
`forum.page_cache`, which does the same for pages); copies also expire after
`FORUM_INSIGHTS_CACHE_SECONDS`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import current_app

from forum import page_cache
from forum.extensions import db
from forum.security import is_member
from forum.security.exchanges import is_moderator

_NAME = "forum_insights_cache"


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


def _cache() -> page_cache.PageCache | None:
    seconds = current_app.config.get("FORUM_INSIGHTS_CACHE_SECONDS", 0)
    if seconds <= 0:
        return None
    cache = current_app.extensions.get(_NAME)
    if cache is None:
        cache = page_cache.PageCache(seconds)
        page_cache.remember(cache)
        current_app.extensions[_NAME] = cache
    return cache


def cached(viewer: Any, key: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()` once per audience and `key` while the cache holds it."""
    cache = _cache()
    if cache is None:
        return compute()
    version = page_cache.shared_version()
    cache.sync(version)
    full_key = (audience(viewer), *key)
    hit = cache.get(full_key)
    if hit is not None:
        return hit[0]
    value = compute()
    cache.put_if_current(version, full_key, value, [])
    return value
