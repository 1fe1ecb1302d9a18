"""What an offline pack holds: the edition in one language of every work on a topic or
of an event that its audience may read.

A pack is shared by everyone of one audience (public, members, or the participants of
the event), never built per person, so what it holds follows `Visibility` alone. Its
fingerprint (edition ids and checksums) tells when the stored ZIP is out of date.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import sqlalchemy as sa

from forum import taxonomy
from forum.extensions import db
from forum.library.labels import Visibility, WorkStatus
from forum.library.models import VOCABULARIES, Edition, Work, WorkTag, WorkUse
from forum.library.sniffing import ACCEPTED

_UNSAFE = re.compile(r"[^\w\- ]+")
NAME_MAX = 80
_VOCABULARY_CODES = {
    "region": taxonomy.REGIONS,
    "risk": taxonomy.RISK_TYPES,
    "group": taxonomy.DEFENDER_GROUPS,
}


@dataclass(frozen=True)
class Entry:
    name: str
    title: str
    edition_id: int
    storage_key: str
    sha256: str
    size_bytes: int


def parse_scope(scope: str) -> tuple[str, str] | None:
    """("event", "<id>") or (vocabulary, code) when `scope` names something real."""
    vocabulary, _, code = scope.partition(":")
    if vocabulary == "event":
        return (vocabulary, code) if code.isdigit() and len(code) < 10 else None
    if vocabulary not in VOCABULARIES:
        return None
    known = (
        taxonomy.is_country(code)
        if vocabulary == "country"
        else code in _VOCABULARY_CODES[vocabulary]
    )
    return (vocabulary, code) if known else None


def _audience_clause(audience: str, event_id: int | None) -> sa.ColumnElement[bool]:
    shown = [Visibility.PUBLIC.value]
    if audience in ("members", "participants"):
        shown.append(Visibility.MEMBERS.value)
    clause = Work.visibility.in_(shown)
    if audience == "participants" and event_id is not None:
        clause = sa.or_(
            clause,
            sa.and_(Work.visibility == Visibility.PARTICIPANTS.value, Work.event_id == event_id),
        )
    return sa.and_(Work.status == WorkStatus.PUBLISHED.value, clause)


def works_in_scope(scope: str, audience: str) -> sa.Select:
    """Ids of the works a pack of this scope and audience covers."""
    vocabulary, code = parse_scope(scope) or ("", "")
    if vocabulary == "event":
        event_id = int(code)
        in_scope = Work.id.in_(sa.select(WorkUse.work_id).where(WorkUse.event_id == event_id))
    else:
        event_id = None
        in_scope = Work.id.in_(
            sa.select(WorkTag.work_id).where(WorkTag.vocabulary == vocabulary, WorkTag.code == code)
        )
    return sa.select(Work.id).where(in_scope, _audience_clause(audience, event_id))


def _file_name(position: int, title: str, extension: str) -> str:
    cleaned = _UNSAFE.sub("", title).strip().replace(" ", "-")[:NAME_MAX] or "work"
    return f"{position:03d}-{cleaned}.{extension}"


def contents(scope: str, language: str, audience: str) -> list[Entry]:
    work_ids = works_in_scope(scope, audience)
    rows = db.session.execute(
        sa.select(Edition, Work)
        .join(Work, Work.id == Edition.work_id)
        .where(Edition.work_id.in_(work_ids), Edition.language == language)
        .order_by(Work.published_on.desc(), Work.id)
    ).all()
    entries = []
    for position, (edition, work) in enumerate(rows, start=1):
        text = work.text_for(language)
        title = text.title if text else str(work.id)
        entries.append(
            Entry(
                name=_file_name(position, title, ACCEPTED[edition.media_type].extension),
                title=title,
                edition_id=edition.id,
                storage_key=edition.storage_key,
                sha256=edition.sha256,
                size_bytes=edition.size_bytes,
            )
        )
    return entries


def fingerprint(entries: list[Entry]) -> str:
    digest = hashlib.sha256()
    for entry in entries:
        digest.update(f"{entry.edition_id}:{entry.sha256}:{entry.name}\n".encode())
    return digest.hexdigest()


def readme(entries: list[Entry]) -> str:
    lines = [f"{entry.name}\t{entry.title}\tsha256 {entry.sha256}" for entry in entries]
    return "Convene library pack\n\n" + "\n".join(lines) + "\n"
