"""Reads of the library, each a fixed number of queries whatever the number of works.

Every list joins `readable_works_clause`, the SQL twin of `library.view`. "Where it was
used" shows only the events and threads the reader may see themselves, so a public
work never reveals a private exchange that cites it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination

from forum.events.models import Event, EventStatus
from forum.events.models import Session as EventSession
from forum.exchanges.models import Thread
from forum.extensions import db
from forum.library import search
from forum.library.labels import WorkStatus
from forum.library.models import Edition, Pack, Work, WorkTag, WorkText, WorkUse
from forum.library.packs import Entry, contents, works_in_scope
from forum.search.query import Query
from forum.security.events import visible_events_clause
from forum.security.exchanges import readable_threads_clause
from forum.security.library import readable_works_clause

PER_PAGE = 25
SEARCH_MAX = 200
FEW_RESULTS = 3  # fewer visible works than this: similar spellings are tried too


@dataclass
class Filters:
    text: str = ""
    kinds: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    tags: list[tuple[str, str]] = field(default_factory=list)
    # The languages the reader reads (`forum.search.readers`): a query is read in each.
    reader_languages: tuple[str, ...] = ("en",)
    expand: bool = True


@dataclass
class Shelf:
    """A work as a list shows it: its text in the reader's language (or the fallback,
    marked) and its editions, the reader's language first."""

    work: Work
    text: WorkText | None
    editions: list[Edition]
    reader_language: str
    matched: list[str] = field(default_factory=list)

    @property
    def fallback(self) -> bool:
        return self.text is not None and self.text.language != self.reader_language


def order_editions(editions: list[Edition], language: str, default: str) -> list[Edition]:
    return sorted(
        editions,
        key=lambda e: (e.language != language, e.language != default, e.language),
    )


def shelves(
    works: list[Work], language: str, matched: dict[int, list[str]] | None = None
) -> list[Shelf]:
    """The works with their editions, loaded in one query."""
    by_work: dict[int, list[Edition]] = defaultdict(list)
    if works:
        for edition in db.session.scalars(
            sa.select(Edition).where(Edition.work_id.in_([w.id for w in works]))
        ):
            by_work[edition.work_id].append(edition)
    return [
        Shelf(
            work=work,
            text=work.text_for(language),
            editions=order_editions(by_work[work.id], language, work.default_language),
            reader_language=language,
            matched=(matched or {}).get(work.id, []),
        )
        for work in works
    ]


def list_works(
    viewer: Any, filters: Filters, page: int, language: str
) -> tuple[Pagination | Page, list[Shelf]]:
    stmt = sa.select(Work).where(readable_works_clause(viewer))
    if filters.kinds:
        stmt = stmt.where(Work.kind.in_(filters.kinds))
    if filters.languages:
        stmt = stmt.where(
            Work.id.in_(sa.select(Edition.work_id).where(Edition.language.in_(filters.languages)))
        )
    for vocabulary, code in filters.tags:
        stmt = stmt.where(
            Work.id.in_(
                sa.select(WorkTag.work_id).where(
                    WorkTag.vocabulary == vocabulary, WorkTag.code == code
                )
            )
        )
    query = search.build_query(filters.text, filters.reader_languages, expand=filters.expand)
    if query is None:
        stmt = stmt.order_by(Work.published_on.desc(), Work.id.desc())
        result = db.paginate(stmt, page=page, per_page=PER_PAGE, error_out=False, count=True)
        return result, shelves(list(result.items), language)
    best, matched = _visible_hits(stmt, query)
    if query and len(best) < FEW_RESULTS:
        broader = search.with_similar(query)
        if broader is not None:
            wider, wider_matched = _visible_hits(stmt, broader)
            if len(wider) > len(best):
                best, matched = wider, wider_matched
    ranked = sorted(best, key=lambda work_id: (-best[work_id], -work_id))
    chosen = ranked[(page - 1) * PER_PAGE : page * PER_PAGE]
    loaded = {w.id: w for w in db.session.scalars(sa.select(Work).where(Work.id.in_(chosen)))}
    works = [loaded[work_id] for work_id in chosen]
    return Page(page=page, total=len(ranked), items=works), shelves(works, language, matched)


def _visible_hits(stmt: sa.Select, query: Query) -> tuple[dict[int, float], dict[int, list[str]]]:
    """Each matching work the reader may see, with its best edition's score and the
    languages of its matching editions. Two queries whatever the number of works.

    Ranked in Python: SQLite's bm25 cannot be aggregated in SQL, and one query's matches
    (edition ids and scores, a few numbers each) are cheap to hold."""
    if not query:
        return {}, {}
    hits = search.matching_editions(query)
    best: dict[int, float] = {}
    matched: dict[int, list[str]] = {}
    for work_id, edition_language, score in db.session.execute(
        sa.select(Edition.work_id, Edition.language, hits.c.score).join(
            hits, hits.c.item_id == Edition.id
        )
    ):
        best[work_id] = max(best.get(work_id, score), score)
        matched.setdefault(work_id, []).append(edition_language)
    if not best:
        return {}, {}
    visible = set(db.session.scalars(stmt.with_only_columns(Work.id).where(Work.id.in_(best))))
    return (
        {work_id: score for work_id, score in best.items() if work_id in visible},
        {work_id: langs for work_id, langs in matched.items() if work_id in visible},
    )


@dataclass
class Page:
    """A page of ranked results, shaped like Flask-SQLAlchemy's pagination."""

    page: int
    total: int
    items: list[Work]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def pending_works() -> list[Work]:
    return list(
        db.session.scalars(
            sa.select(Work).where(Work.status == WorkStatus.PENDING.value).order_by(Work.created_at)
        )
    )


@dataclass
class Uses:
    events: list[tuple[WorkUse, Event]]
    sessions: list[tuple[WorkUse, Event, EventSession]]
    threads: list[tuple[WorkUse, Thread]]

    def __bool__(self) -> bool:
        return bool(self.events or self.sessions or self.threads)


def uses_of(work: Work, viewer: Any) -> Uses:
    """Where the work was used, among the events and threads the viewer may see."""
    event_rows = db.session.execute(
        sa.select(WorkUse, Event)
        .join(Event, Event.id == WorkUse.event_id)
        .where(
            WorkUse.work_id == work.id, WorkUse.session_id.is_(None), visible_events_clause(viewer)
        )
        .order_by(Event.starts_at.desc())
    ).all()
    session_rows = db.session.execute(
        sa.select(WorkUse, Event, EventSession)
        .join(EventSession, EventSession.id == WorkUse.session_id)
        .join(Event, Event.id == EventSession.event_id)
        .where(WorkUse.work_id == work.id, visible_events_clause(viewer))
        .order_by(EventSession.starts_at.desc())
    ).all()
    thread_rows = db.session.execute(
        sa.select(WorkUse, Thread)
        .join(Thread, Thread.id == WorkUse.thread_id)
        .where(
            WorkUse.work_id == work.id,
            Thread.deleted_at.is_(None),
            Thread.hidden_at.is_(None),
            readable_threads_clause(viewer),
        )
        .order_by(Thread.created_at.desc())
    ).all()
    return Uses(
        events=[tuple(row) for row in event_rows],
        sessions=[tuple(row) for row in session_rows],
        threads=[tuple(row) for row in thread_rows],
    )


def event_links(event: Event, viewer: Any, language: str) -> list[tuple[WorkUse, Shelf]]:
    """The links of an event's curriculum and sessions to the works the viewer may read,
    for its organizers' page: the curriculum first, then by session."""
    rows = db.session.execute(
        sa.select(WorkUse, Work)
        .join(Work, Work.id == WorkUse.work_id)
        .where(WorkUse.event_id == event.id, readable_works_clause(viewer))
        .order_by(WorkUse.session_id.is_not(None), WorkUse.session_id, WorkUse.role, Work.id)
    ).all()
    works = list({row.Work.id: row.Work for row in rows}.values())
    by_id = {shelf.work.id: shelf for shelf in shelves(works, language)}
    return [(row.WorkUse, by_id[row.Work.id]) for row in rows]


def works_used(viewer: Any, language: str, **target: int) -> list[tuple[str, Shelf, int | None]]:
    """(role, shelf, session id) of the readable works linked to an event, its sessions,
    or a thread (`event_id=…` or `thread_id=…`)."""
    column, value = next(iter(target.items()))
    rows = db.session.execute(
        sa.select(WorkUse.role, WorkUse.session_id, Work)
        .join(Work, Work.id == WorkUse.work_id)
        .where(getattr(WorkUse, column) == value, readable_works_clause(viewer))
        .where(Work.status == WorkStatus.PUBLISHED.value)
        .order_by(WorkUse.role, Work.published_on.desc(), Work.id)
    ).all()
    works = list({row.Work.id: row.Work for row in rows}.values())
    by_id = {shelf.work.id: shelf for shelf in shelves(works, language)}
    return [(row.role, by_id[row.Work.id], row.session_id) for row in rows]


@dataclass
class PackPreview:
    entries: list[Entry]
    missing: int
    pack: Pack | None

    @property
    def size_bytes(self) -> int:
        return sum(entry.size_bytes for entry in self.entries)


def pack_preview(scope: str, language: str, audience: str) -> PackPreview:
    """What a pack would hold, its size, and how many works lack this language."""
    entries = contents(scope, language, audience)
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(works_in_scope(scope, audience).subquery())
    )
    pack = db.session.scalar(
        sa.select(Pack).where(
            Pack.scope == scope, Pack.language == language, Pack.audience == audience
        )
    )
    return PackPreview(entries=entries, missing=(total or 0) - len(entries), pack=pack)


# --- choices for the forms: events and sessions a work can be linked to ---------------

#: How many events the forms offer (the newest).
EVENT_CHOICES_MAX = 200


def event_choices(locale: str) -> list[tuple[str, str]]:
    """Published events, newest first, as (id, title) for the forms' selects."""
    events = db.session.scalars(
        sa.select(Event)
        .where(Event.status != EventStatus.DRAFT.value)
        .order_by(Event.starts_at.desc())
        .limit(EVENT_CHOICES_MAX)
    ).all()
    return [
        (str(e.id), (e.text_for(locale).title if e.text_for(locale) else e.slug)) for e in events
    ]


def session_choices(locale: str) -> list[tuple[str, str]]:
    """Sessions of published events, newest event first, as (id, "event — session")."""
    rows = db.session.execute(
        sa.select(EventSession, Event)
        .join(Event, Event.id == EventSession.event_id)
        .where(Event.status != EventStatus.DRAFT.value)
        .order_by(Event.starts_at.desc(), EventSession.starts_at)
        .limit(EVENT_CHOICES_MAX * 5)
    ).all()
    choices = []
    for session, event in rows:
        event_text = event.text_for(locale)
        text = session.text_for(locale, event.default_locale)
        choices.append(
            (
                str(session.id),
                f"{event_text.title if event_text else event.slug} — "
                f"{text.title if text else session.id}",
            )
        )
    return choices


def sessions_of(event: Event, locale: str) -> list[tuple[str, str]]:
    """The event's sessions in agenda order, as (id, title) for the select."""
    sessions = db.session.scalars(
        sa.select(EventSession)
        .where(EventSession.event_id == event.id)
        .order_by(EventSession.starts_at, EventSession.id)
    ).all()
    choices = []
    for session in sessions:
        text = session.text_for(locale, event.default_locale)
        choices.append((str(session.id), text.title if text else str(session.id)))
    return choices
