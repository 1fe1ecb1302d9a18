"""Rules that change the observatory: instruments, their timelines, assessments, the
checklist. Every change is written to the audit log and, for an instrument, kept as a
dated `Revision` (its history). Functions flush and never commit; the view commits.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from forum.extensions import db
from forum.library.labels import Visibility, WorkStatus
from forum.library.models import Work
from forum.models import User
from forum.observatory.labels import DEFAULT_ELEMENTS
from forum.observatory.models import (
    LANGUAGE_CODES,
    Assessment,
    AssessmentNote,
    Element,
    ElementText,
    Instrument,
    InstrumentText,
    InstrumentWork,
    Revision,
    Source,
    StatusChange,
    StatusNote,
)
from forum.security import audit


class ObservatoryError(Exception):
    """A change the rules refuse; its message is shown to the editor."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass
class InstrumentInput:
    country: str
    level: str
    kind: str
    original_language: str
    original_title: str
    authority: str = ""
    introduced_on: date | None = None
    adopted_on: date | None = None
    in_force_on: date | None = None
    sources: list[tuple[str, str]] = field(default_factory=list)  # (url, label)
    work_ids: list[int] = field(default_factory=list)


@dataclass
class TextInput:
    language: str
    title: str
    summary: str = ""


def _actor_id(actor: User | None) -> int | None:
    return actor.id if actor is not None else None


# --- instruments -----------------------------------------------------------------------------


def create_instrument(
    actor: User | None,
    data: InstrumentInput,
    text: TextInput,
    *,
    status: str,
    status_on: date,
    note: str = "",
) -> Instrument:
    """A new instrument with its first step on the timeline."""
    instrument = Instrument(created_by_id=_actor_id(actor), status=status, status_on=status_on)
    _apply(instrument, data)
    instrument.texts.append(
        InstrumentText(language=text.language, title=text.title, summary=text.summary)
    )
    db.session.add(instrument)
    db.session.flush()
    _set_works(instrument, data.work_ids)
    change = StatusChange(
        instrument_id=instrument.id,
        status=status,
        changed_on=status_on,
        created_by_id=_actor_id(actor),
    )
    if note:
        change.notes.append(StatusNote(language=text.language, note=note))
    db.session.add(change)
    db.session.flush()
    refresh_status(instrument)
    _record(actor, instrument, "created")
    return instrument


def update_instrument(
    actor: User | None, instrument: Instrument, data: InstrumentInput, text: TextInput
) -> None:
    _apply(instrument, data)
    set_text(instrument, text)
    _set_works(instrument, data.work_ids)
    db.session.flush()
    _record(actor, instrument, "edited")


def set_text(instrument: Instrument, text: TextInput) -> None:
    """The title and summary in one language; an empty title removes that language,
    unless it is the only one left."""
    existing = next((t for t in instrument.texts if t.language == text.language), None)
    if not text.title:
        if existing is not None and len(instrument.texts) > 1:
            instrument.texts.remove(existing)
        return
    if existing is None:
        instrument.texts.append(
            InstrumentText(language=text.language, title=text.title, summary=text.summary)
        )
    else:
        existing.title, existing.summary = text.title, text.summary


def _apply(instrument: Instrument, data: InstrumentInput) -> None:
    instrument.country = data.country
    instrument.level = data.level
    instrument.kind = data.kind
    instrument.original_language = data.original_language
    instrument.original_title = data.original_title
    instrument.authority = data.authority
    instrument.introduced_on = data.introduced_on
    instrument.adopted_on = data.adopted_on
    instrument.in_force_on = data.in_force_on
    wanted = [(url, label) for url, label in data.sources]
    if [(s.url, s.label) for s in instrument.sources] != wanted:
        instrument.sources.clear()
        db.session.flush()
        for position, (url, label) in enumerate(wanted):
            instrument.sources.append(Source(position=position, url=url, label=label))


def _set_works(instrument: Instrument, work_ids: list[int]) -> None:
    """Link the instrument to public, published library works (its full texts)."""
    wanted = set(work_ids)
    if wanted:
        found = set(
            db.session.scalars(
                sa.select(Work.id).where(
                    Work.id.in_(wanted),
                    Work.status == WorkStatus.PUBLISHED.value,
                    Work.visibility == Visibility.PUBLIC.value,
                )
            )
        )
        if found != wanted:
            raise ObservatoryError(
                _l("Link only public works of the library (a work's number or address).")
            )
    current = set(
        db.session.scalars(
            sa.select(InstrumentWork.work_id).where(InstrumentWork.instrument_id == instrument.id)
        )
    )
    if current - wanted:
        db.session.execute(
            sa.delete(InstrumentWork).where(
                InstrumentWork.instrument_id == instrument.id,
                InstrumentWork.work_id.in_(current - wanted),
            )
        )
    for work_id in sorted(wanted - current):
        db.session.add(InstrumentWork(instrument_id=instrument.id, work_id=work_id))
    db.session.flush()


def remove_instrument(actor: User | None, instrument: Instrument) -> None:
    audit(actor, "observatory.instrument_removed", target_type="instrument",
          target_id=instrument.id)  # fmt: skip
    db.session.delete(instrument)
    db.session.flush()


# --- the timeline ----------------------------------------------------------------------------


def add_status_change(
    actor: User | None,
    instrument: Instrument,
    status: str,
    changed_on: date,
    notes: dict[str, str],
) -> StatusChange:
    if changed_on > date.today():
        raise ObservatoryError(_l("A step on the timeline cannot be in the future."))
    change = StatusChange(
        instrument_id=instrument.id,
        status=status,
        changed_on=changed_on,
        created_by_id=_actor_id(actor),
    )
    for language, note in notes.items():
        if note and language in LANGUAGE_CODES:
            change.notes.append(StatusNote(language=language, note=note))
    db.session.add(change)
    db.session.flush()
    refresh_status(instrument)
    _record(actor, instrument, "status")
    return change


def remove_status_change(actor: User | None, change: StatusChange) -> Instrument:
    instrument = db.session.get(Instrument, change.instrument_id)
    assert instrument is not None  # noqa: S101 - the foreign key holds it  # nosec B101
    steps = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(StatusChange)
        .where(StatusChange.instrument_id == instrument.id)
    )
    if (steps or 0) <= 1:
        raise ObservatoryError(_l("An instrument keeps at least one step on its timeline."))
    db.session.delete(change)
    db.session.flush()
    refresh_status(instrument)
    _record(actor, instrument, "status_removed")
    return instrument


def refresh_status(instrument: Instrument) -> None:
    """The current status is the latest step of the timeline (by date, then by entry)."""
    latest = db.session.execute(
        sa.select(StatusChange.status, StatusChange.changed_on)
        .where(StatusChange.instrument_id == instrument.id)
        .order_by(StatusChange.changed_on.desc(), StatusChange.id.desc())
        .limit(1)
    ).first()
    if latest is not None:
        instrument.status, instrument.status_on = latest.status, latest.changed_on
    db.session.flush()


# --- assessments -----------------------------------------------------------------------------


def set_assessment(
    actor: User | None,
    instrument: Instrument,
    element: Element,
    *,
    rating: str,
    source_url: str,
    language: str,
    note: str,
) -> Assessment | None:
    """Rate the instrument on one element; an empty rating removes the assessment."""
    assessment = db.session.scalar(
        sa.select(Assessment).where(
            Assessment.instrument_id == instrument.id, Assessment.element_id == element.id
        )
    )
    if not rating:
        if assessment is not None:
            db.session.delete(assessment)
            db.session.flush()
            _record(actor, instrument, "assessed")
        return None
    if assessment is None:
        assessment = Assessment(instrument_id=instrument.id, element_id=element.id)
        db.session.add(assessment)
    assessment.rating = rating
    assessment.source_url = source_url
    assessment.updated_by_id = _actor_id(actor)
    existing = next((n for n in assessment.notes if n.language == language), None)
    if note and existing is None:
        assessment.notes.append(AssessmentNote(language=language, note=note))
    elif note and existing is not None:
        existing.note = note
    elif existing is not None:
        assessment.notes.remove(existing)
    db.session.flush()
    _record(actor, instrument, "assessed")
    return assessment


# --- the checklist ---------------------------------------------------------------------------


def ensure_default_checklist() -> None:
    """The starting checklist, in every language, when there is none yet."""
    if db.session.scalar(sa.select(sa.func.count()).select_from(Element)):
        return
    for position, (code, (name, description)) in enumerate(DEFAULT_ELEMENTS.items()):
        element = Element(code=code, position=position)
        for language in LANGUAGE_CODES:
            with force_locale(language):
                element.texts.append(
                    ElementText(language=language, name=str(name), description=str(description))
                )
        db.session.add(element)
    db.session.flush()


def create_element(actor: User | None, language: str, name: str, description: str) -> Element:
    last = db.session.scalar(sa.select(sa.func.max(Element.position))) or 0
    element = Element(code=f"custom-{secrets.token_hex(4)}", position=last + 1)
    element.texts.append(ElementText(language=language, name=name, description=description))
    db.session.add(element)
    db.session.flush()
    audit(actor, "observatory.element_created", target_type="element", target_id=element.id)
    return element


def update_element(
    actor: User | None,
    element: Element,
    *,
    language: str,
    name: str,
    description: str,
    position: int,
    active: bool,
) -> None:
    existing = next((t for t in element.texts if t.language == language), None)
    if existing is None:
        element.texts.append(ElementText(language=language, name=name, description=description))
    else:
        existing.name, existing.description = name, description
    element.position = position
    element.active = active
    db.session.flush()
    audit(actor, "observatory.element_edited", target_type="element", target_id=element.id)


# --- history ---------------------------------------------------------------------------------


def snapshot(instrument: Instrument) -> dict[str, Any]:
    """What the instrument says now, as plain data: kept with each revision."""
    changes = db.session.scalars(
        sa.select(StatusChange)
        .where(StatusChange.instrument_id == instrument.id)
        .order_by(StatusChange.changed_on, StatusChange.id)
    ).all()
    assessments = db.session.scalars(
        sa.select(Assessment)
        .where(Assessment.instrument_id == instrument.id)
        .order_by(Assessment.element_id)
    ).all()
    work_ids = db.session.scalars(
        sa.select(InstrumentWork.work_id)
        .where(InstrumentWork.instrument_id == instrument.id)
        .order_by(InstrumentWork.work_id)
    ).all()
    return {
        "country": instrument.country,
        "level": instrument.level,
        "kind": instrument.kind,
        "original_language": instrument.original_language,
        "original_title": instrument.original_title,
        "authority": instrument.authority,
        "introduced_on": _iso(instrument.introduced_on),
        "adopted_on": _iso(instrument.adopted_on),
        "in_force_on": _iso(instrument.in_force_on),
        "status": instrument.status,
        "titles": {t.language: t.title for t in instrument.texts},
        "summaries": {t.language: t.summary for t in instrument.texts},
        "sources": [s.url for s in instrument.sources],
        "works": list(work_ids),
        "timeline": [
            {
                "status": c.status,
                "on": c.changed_on.isoformat(),
                "notes": {n.language: n.note for n in c.notes},
            }
            for c in changes
        ],
        "assessments": {
            str(a.element_id): {
                "rating": a.rating,
                "source": a.source_url,
                "notes": {n.language: n.note for n in a.notes},
            }
            for a in assessments
        },
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _record(actor: User | None, instrument: Instrument, action: str) -> None:
    db.session.add(
        Revision(
            instrument_id=instrument.id,
            action=action,
            snapshot=snapshot(instrument),
            revised_by_id=_actor_id(actor),
        )
    )
    audit(actor, f"observatory.{action}", target_type="instrument", target_id=instrument.id)
    db.session.flush()
