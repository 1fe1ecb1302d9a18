"""True tallies kept for a minute, shared by every viewer who may read the same figures.

Counting 100,000 incidents or 50,000 posts takes a database a few hundred milliseconds
per query, and the figures are statistics: a minute old is fine. The cache holds the
tallies that go *into* the disclosure-control layer, never pages: each request still
publishes them through `forum.statistics.tables`, in its own language. Any commit that
changes data, in any process, makes every copy stale (the shared version of
`forum.page_cache`); copies also expire after `FORUM_INSIGHTS_CACHE_SECONDS` (0: off).
Keys say who may read what (an audience), never who is reading.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import current_app

from forum import page_cache

T = TypeVar("T")
_NAME = "forum_statistics_cache"


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


def cached(key: tuple, compute: Callable[[], T]) -> T:
    """`compute()` once per `key` while the copy is current."""
    cache = _cache()
    if cache is None:
        return compute()
    version = page_cache.shared_version()
    cache.sync(version)
    hit = cache.get(key)
    if hit is not None:
        return hit[0]
    value = compute()
    cache.put_if_current(version, key, value, [])
    return value
