"""Reads of the observatory, each a fixed number of queries whatever the number of
instruments, countries or steps (the tests count them).

Everything here is public. The only thing that depends on the viewer is which library
works and which exchanges and events a page links to: those go through their own
features' visibility rules.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination

from forum import taxonomy
from forum.extensions import db
from forum.library.models import Work
from forum.models import User
from forum.observatory.labels import STRENGTH
from forum.observatory.models import (
    Assessment,
    Element,
    Instrument,
    InstrumentWork,
    Revision,
    StatusChange,
)
from forum.security.library import readable_works_clause

PER_PAGE = 25
LATEST = 10
FEED_SIZE = 50


@dataclass
class Filters:
    country: str | None = None
    region: str | None = None
    kind: str | None = None
    level: str | None = None
    status: str | None = None


@dataclass
class CountrySummary:
    code: str
    instruments: int
    strongest: int  # STRENGTH of the strongest status, -1 when nothing is recorded
    statuses: dict[str, int] = field(default_factory=dict)


def _filtered(filters: Filters) -> sa.Select:
    stmt = sa.select(Instrument)
    if filters.country:
        stmt = stmt.where(Instrument.country == filters.country)
    if filters.region:
        stmt = stmt.where(Instrument.country.in_(taxonomy.countries_in(filters.region)))
    if filters.kind:
        stmt = stmt.where(Instrument.kind == filters.kind)
    if filters.level:
        stmt = stmt.where(Instrument.level == filters.level)
    if filters.status:
        stmt = stmt.where(Instrument.status == filters.status)
    return stmt


def list_instruments(filters: Filters, page: int) -> Pagination:
    """A page of instruments, by country then newest status first."""
    stmt = _filtered(filters).order_by(
        Instrument.country, Instrument.status_on.desc(), Instrument.id.desc()
    )
    return db.paginate(stmt, page=page, per_page=PER_PAGE, error_out=False, count=True)


def country_summaries() -> dict[str, CountrySummary]:
    """Every country with at least one instrument: how many, and the strongest status."""
    rows = db.session.execute(
        sa.select(Instrument.country, Instrument.status, sa.func.count())
        .group_by(Instrument.country, Instrument.status)
        .order_by(Instrument.country)
    ).all()
    summaries: dict[str, CountrySummary] = {}
    for country, status, count in rows:
        summary = summaries.setdefault(country, CountrySummary(country, 0, -1))
        summary.instruments += count
        summary.statuses[status] = count
        summary.strongest = max(summary.strongest, STRENGTH.get(status, 0))
    return summaries


def instruments_of(countries: list[str]) -> list[Instrument]:
    if not countries:
        return []
    return list(
        db.session.scalars(
            sa.select(Instrument)
            .where(Instrument.country.in_(countries))
            .order_by(Instrument.country, Instrument.level, Instrument.kind, Instrument.id)
        )
    )


def timelines(instrument_ids: list[int]) -> dict[int, list[StatusChange]]:
    """Each instrument's steps, oldest first (one query, notes by selectin)."""
    by_instrument: dict[int, list[StatusChange]] = defaultdict(list)
    if instrument_ids:
        for change in db.session.scalars(
            sa.select(StatusChange)
            .where(StatusChange.instrument_id.in_(instrument_ids))
            .order_by(StatusChange.changed_on, StatusChange.id)
        ):
            by_instrument[change.instrument_id].append(change)
    return by_instrument


def active_elements() -> list[Element]:
    return list(
        db.session.scalars(
            sa.select(Element)
            .where(Element.active.is_(True))
            .order_by(Element.position, Element.id)
        )
    )


def all_elements() -> list[Element]:
    return list(db.session.scalars(sa.select(Element).order_by(Element.position, Element.id)))


def assessments(instrument_ids: list[int]) -> dict[int, dict[int, Assessment]]:
    """instrument id → element id → assessment."""
    found: dict[int, dict[int, Assessment]] = defaultdict(dict)
    if instrument_ids:
        for assessment in db.session.scalars(
            sa.select(Assessment).where(Assessment.instrument_id.in_(instrument_ids))
        ):
            found[assessment.instrument_id][assessment.element_id] = assessment
    return found


def works_for(viewer: Any, instrument_ids: list[int]) -> dict[int, list[Work]]:
    """The library works linked to each instrument that the viewer may read."""
    found: dict[int, list[Work]] = defaultdict(list)
    if instrument_ids:
        rows = db.session.execute(
            sa.select(InstrumentWork.instrument_id, Work)
            .join(Work, Work.id == InstrumentWork.work_id)
            .where(InstrumentWork.instrument_id.in_(instrument_ids), readable_works_clause(viewer))
            .order_by(Work.published_on.desc(), Work.id)
        ).all()
        for instrument_id, work in rows:
            found[instrument_id].append(work)
    return found


def linked_work_ids(instrument: Instrument) -> list[int]:
    return list(
        db.session.scalars(
            sa.select(InstrumentWork.work_id)
            .where(InstrumentWork.instrument_id == instrument.id)
            .order_by(InstrumentWork.work_id)
        )
    )


@dataclass
class Change:
    """One entry of the feed of changes: a step and its instrument."""

    change: StatusChange
    instrument: Instrument


def latest_changes(limit: int = LATEST, country: str | None = None) -> list[Change]:
    """The steps most recently recorded (newest first), with their instruments."""
    stmt = (
        sa.select(StatusChange, Instrument)
        .join(Instrument, Instrument.id == StatusChange.instrument_id)
        .order_by(StatusChange.created_at.desc(), StatusChange.id.desc())
        .limit(limit)
    )
    if country:
        stmt = stmt.where(Instrument.country == country)
    return [Change(change, instrument) for change, instrument in db.session.execute(stmt)]


@dataclass
class ComparedCountry:
    code: str
    instruments: list[Instrument]
    strongest: int
    # element id → (best rating, the instrument that has it)
    best: dict[int, tuple[str, Instrument]]


#: Which rating shows first when a country has several instruments on one element.
RATING_ORDER = {"meets": 3, "partly": 2, "missing": 1, "restrictive": 0}


def compare(countries: list[str]) -> list[ComparedCountry]:
    """Side by side: each country's instruments, strongest status, and for every element
    of the checklist the best rating among its instruments (a restrictive clause is shown
    only when nothing better is there; each instrument's own page shows all of them)."""
    instruments = instruments_of(countries)
    ratings = assessments([i.id for i in instruments])
    compared = []
    for code in countries:
        own = [i for i in instruments if i.country == code]
        best: dict[int, tuple[str, Instrument]] = {}
        for instrument in own:
            for element_id, assessment in ratings.get(instrument.id, {}).items():
                held = best.get(element_id)
                if held is None or RATING_ORDER[assessment.rating] > RATING_ORDER[held[0]]:
                    best[element_id] = (assessment.rating, instrument)
        strongest = max((STRENGTH.get(i.status, 0) for i in own), default=-1)
        compared.append(ComparedCountry(code, own, strongest, best))
    return compared


@dataclass
class HistoryEntry:
    revision: Revision
    editor: str | None
    changed: list[tuple[str, Any, Any]]  # (field, before, after)


def history(instrument: Instrument) -> list[HistoryEntry]:
    """The instrument's revisions, newest first, each with what it changed."""
    rows = db.session.execute(
        sa.select(Revision, User.display_name)
        .outerjoin(User, User.id == Revision.revised_by_id)
        .where(Revision.instrument_id == instrument.id)
        .order_by(Revision.id)
    ).all()
    entries: list[HistoryEntry] = []
    before: dict[str, Any] = {}
    for revision, editor in rows:
        after = revision.snapshot or {}
        changed = [
            (key, before.get(key), after.get(key))
            for key in after
            if before.get(key) != after.get(key)
        ]
        entries.append(HistoryEntry(revision, editor, changed))
        before = after
    return list(reversed(entries))
