"""A short-lived cache of public pages as shown to visitors who are not signed in.

Everyone who is not signed in sees the same event page, agenda or public thread (in their
language), so rendering it again for each visit is wasted work; a busy public page then
costs a dictionary lookup. Discourse serves anonymous visitors the same way.

Safety rules, each tested:
- only GET/HEAD of the listed public endpoints, only when the request carries no session
  cookie (a signed-in visitor or one with a pending message always gets a fresh page);
- only 200 HTML responses (and the printed agenda's PDF) that set no cookie, left the
  session untouched and are not marked `Cache-Control: private` or `no-store`;
- the key holds the full path and query, the language and the default time zone;
- any commit that changed data raises a version kept in the database
  (`CacheVersion`); every worker reads it before serving a copy and drops copies made
  before it changed, so a hidden or deleted post disappears from every process at once.
  A copy is stored only under the version read before its data was read, so a page
  rendered during a change is never kept as current. Copies also expire after
  `FORUM_ANON_CACHE_SECONDS` (0 turns the cache off).
"""

from __future__ import annotations

import threading
import time
import weakref
from collections import OrderedDict
from typing import Any

import sqlalchemy as sa
import sqlalchemy.dialects.postgresql
import sqlalchemy.dialects.sqlite
from flask import Flask, Response, current_app, has_app_context, request, session
from flask_babel import get_locale

from forum.extensions import db
from forum.models import CacheVersion

CACHED_ENDPOINTS = frozenset(
    {
        "main.home",
        "events.index",
        "events.detail",
        "events.agenda",
        "event_exports.agenda_pdf",
        "exchanges.index",
        "exchanges.thread",
        # The library's list and search: visitors see public works only, the same for all.
        "library.index",
    }
)
#: What may be cached: pages, and the printed agenda (the same for every anonymous visitor).
CACHED_TYPES = frozenset({"text/html", "application/pdf"})
#: Headers a cached response keeps; everything else (cookies above all) is dropped.
KEPT_HEADERS = frozenset({"content-type", "content-language", "content-disposition"})
MAX_ENTRIES = 512
VERSION_NAME = "pages"
_HIT = "_forum_page_cache_hit"


class PageCache:
    """A bounded, thread-safe LRU of (expiry, status, headers, body)."""

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        self.version: int | None = None
        self._entries: OrderedDict[tuple, tuple[float, bytes, list[tuple[str, str]]]] = (
            OrderedDict()
        )
        self._lock = threading.Lock()

    def get(self, key: tuple) -> tuple[bytes, list[tuple[str, str]]] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            expires, body, headers = entry
            if expires < time.monotonic():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return body, headers

    def put(self, key: tuple, body: bytes, headers: list[tuple[str, str]]) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic() + self.seconds, body, headers)
            self._entries.move_to_end(key)
            while len(self._entries) > MAX_ENTRIES:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def sync(self, version: int) -> None:
        """Drop every copy made under another shared version (a change in any process)."""
        with self._lock:
            if version != self.version:
                self._entries.clear()
                self.version = version

    def put_if_current(
        self, version: int, key: tuple, body: Any, headers: list[tuple[str, str]]
    ) -> None:
        """Keep a copy only if no change happened since `version` was read."""
        if version == self.version:
            self.put(key, body, headers)

    def __len__(self) -> int:
        return len(self._entries)


def _cache() -> PageCache | None:
    return current_app.extensions.get("forum_page_cache")


def _key() -> tuple | None:
    if request.method not in ("GET", "HEAD") or request.endpoint not in CACHED_ENDPOINTS:
        return None
    if current_app.config["SESSION_COOKIE_NAME"] in request.cookies:
        return None
    return (
        request.endpoint,
        request.full_path,
        str(get_locale()),
        current_app.config["FORUM_DEFAULT_TIMEZONE"],
    )


def shared_version() -> int:
    """The version every process compares its copies with (one primary-key read)."""
    version = db.session.scalar(
        sa.select(CacheVersion.version).where(CacheVersion.name == VERSION_NAME)
    )
    return int(version or 0)


def _raise_shared_version(session: Any) -> None:
    """After a commit that changed data: every process's copies are out of date."""
    dialect = session.get_bind().dialect.name
    insert = sa.dialects.postgresql.insert if dialect == "postgresql" else sa.dialects.sqlite.insert
    statement = (
        insert(CacheVersion)
        .values(name=VERSION_NAME, version=1)
        .on_conflict_do_update(
            index_elements=[CacheVersion.name], set_={"version": CacheVersion.version + 1}
        )
    )
    with session.get_bind().begin() as connection:
        connection.execute(statement)


def serve_cached() -> Response | None:
    cache = _cache()
    key = _key() if cache is not None else None
    if key is None:
        return None
    version = shared_version()
    cache.sync(version)
    hit = cache.get(key)
    if hit is None:
        request.environ["forum.page_cache_key"] = key
        request.environ["forum.page_cache_version"] = version
        return None
    body, headers = hit
    request.environ[_HIT] = True
    return Response(body, status=200, headers=headers)


def store(response: Response) -> Response:
    key = request.environ.get("forum.page_cache_key")
    cache = _cache()
    if (
        key is None
        or cache is None
        or response.status_code != 200
        or response.direct_passthrough
        or "Set-Cookie" in response.headers
        or session.modified
        or response.mimetype not in CACHED_TYPES
        or _private(response)
    ):
        return response
    headers = [
        (name, value) for name, value in response.headers.items() if name.lower() in KEPT_HEADERS
    ]
    cache.put_if_current(
        request.environ["forum.page_cache_version"], key, response.get_data(), headers
    )
    return response


def _private(response: Response) -> bool:
    """A view marked this copy as for its viewer alone (e.g. an agenda with the venue)."""
    cache_control = response.headers.get("Cache-Control", "").lower()
    return "private" in cache_control or "no-store" in cache_control


def _forget_on_write(session: Any) -> None:
    if session.info.pop("forum_changed", False):
        for app_cache in _all_caches:
            app_cache.clear()
        if has_app_context() and _caching(current_app.config):
            _raise_shared_version(session)


def _caching(config: Any) -> bool:
    """Whether this deployment caches at all (every process has the same settings)."""
    return (
        config.get("FORUM_ANON_CACHE_SECONDS", 0) > 0
        or config.get("FORUM_INSIGHTS_CACHE_SECONDS", 0) > 0
    )


#: Tables that no cached page or figure shows: writing them (the audit entry of a staff
#: view, a sign-in's lockout state) leaves every copy current, so that an audited page
#: view does not throw away every process's pages and statistics.
UNSHOWN_TABLES = frozenset(
    {
        "audit_entries",
        "cache_versions",
        "name_lockouts",
        "password_resets",
        "recovery_codes",
        "user_sessions",
    }
)


def _note_write(session: Any, flush_context: Any) -> None:
    """After a flush (its new, dirty and deleted objects still listed): did it change
    anything a page or a figure shows?"""
    for instance in (*session.new, *session.dirty, *session.deleted):
        table = getattr(instance, "__table__", None)
        if table is None or table.name not in UNSHOWN_TABLES:
            session.info["forum_changed"] = True
            return


_all_caches: weakref.WeakSet[PageCache] = weakref.WeakSet()


def remember(cache: PageCache) -> None:
    """Empty `cache` too whenever a commit in this process changed data."""
    _all_caches.add(cache)
    if not getattr(remember, "_listening", False):
        sa.event.listen(sa.orm.Session, "after_flush", _note_write)
        sa.event.listen(sa.orm.Session, "after_commit", _forget_on_write)
        remember._listening = True  # type: ignore[attr-defined]


def init_app(app: Flask) -> None:
    seconds = app.config["FORUM_ANON_CACHE_SECONDS"]
    if seconds <= 0:
        return
    cache = PageCache(seconds)
    remember(cache)
    app.extensions["forum_page_cache"] = cache
    app.before_request(serve_cached)
    app.after_request(store)
