"""Changing the library: works, editions (files), links to where a work is used, packs.

A file is judged by its content (`sniffing`), cleaned of its metadata (`cleaning`, mat2)
and only then stored, under a random key. Reading its words, counting its pages and
drawing its thumbnail happen later, on the worker (`jobs.process_edition`). Functions
here flush and never commit; files written for a transaction that rolls back are
deleted again (`storage.put_in_transaction`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from forum.events.models import Event
from forum.events.models import Session as EventSession
from forum.exchanges.models import Thread
from forum.extensions import db
from forum.library import cleaning, search
from forum.library.labels import EditionState, UseRole, WorkStatus
from forum.library.models import (
    Edition,
    Pack,
    Work,
    WorkAuthor,
    WorkTag,
    WorkText,
    WorkUse,
)
from forum.library.packs import contents, fingerprint
from forum.library.sniffing import RefusedFile, sniff
from forum.library.storage import delete_after_commit, new_key, put_in_transaction
from forum.models import User, utcnow
from forum.security import audit


class LibraryError(Exception):
    """A change refused for a reason the person can act on (translated)."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass
class WorkInput:
    kind: str
    published_on: date
    visibility: str
    event_id: int | None
    authors: list[tuple[str, str]]
    tags: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class EditionInput:
    language: str
    title: str
    summary: str
    data: bytes


def _apply(work: Work, data: WorkInput) -> None:
    work.kind = data.kind
    work.published_on = data.published_on
    work.visibility = data.visibility
    work.event_id = data.event_id
    work.authors = [
        WorkAuthor(position=position, name=name, kind=kind)
        for position, (name, kind) in enumerate(data.authors)
    ]
    wanted = {(vocabulary, code) for vocabulary, codes in data.tags.items() for code in codes}
    work.tags = [tag for tag in work.tags if (tag.vocabulary, tag.code) in wanted] + [
        WorkTag(vocabulary=vocabulary, code=code)
        for vocabulary, code in sorted(wanted)
        if not any(t.vocabulary == vocabulary and t.code == code for t in work.tags)
    ]


def create_work(user: User, data: WorkInput, first: EditionInput, *, curator: bool) -> Work:
    """A new work with its first edition; a member's upload waits for review."""
    work = Work(
        status=(WorkStatus.PUBLISHED if curator else WorkStatus.PENDING).value,
        default_language=first.language,
        uploaded_by_id=user.id,
    )
    _apply(work, data)
    db.session.add(work)
    add_edition(work, user, first)
    audit(user, "library.upload", target_type="work", target_id=work.id)
    return work


def update_work(work: Work, data: WorkInput) -> None:
    _apply(work, data)
    work.updated_at = utcnow()
    db.session.flush()


def set_text(work: Work, language: str, title: str, summary: str) -> None:
    text = next((t for t in work.texts if t.language == language), None)
    if text is None:
        text = WorkText(language=language, title=title, summary=summary)
        work.texts.append(text)
    text.title = title
    text.summary = summary


def store_clean(raw: bytes) -> tuple[str, str, bytes]:
    """(media type, storage key, clean bytes) of an upload, or LibraryError."""
    try:
        kind = sniff(raw)
        clean = cleaning.clean(raw, kind, current_app.config["FORUM_LIBRARY_CLEAN_SECONDS"])
    except RefusedFile as refused:
        raise LibraryError(refused.message) from None
    key = new_key("editions", kind.extension)
    put_in_transaction(key, clean)
    return kind.media_type, key, clean


def add_edition(work: Work, user: User, data: EditionInput) -> Edition:
    """Store the file as the work's edition in `data.language`, replacing an older one."""
    if len(data.data) > current_app.config["FORUM_LIBRARY_MAX_UPLOAD"]:
        raise LibraryError(_l("This file is larger than the library accepts."))
    media_type, key, clean = store_clean(data.data)
    set_text(work, data.language, data.title, data.summary)
    db.session.flush()
    edition = db.session.scalar(
        sa.select(Edition).where(Edition.work_id == work.id, Edition.language == data.language)
    )
    if edition is None:
        edition = Edition(work_id=work.id, language=data.language)
        db.session.add(edition)
    else:
        delete_after_commit(edition.storage_key)
        if edition.thumbnail_key:
            delete_after_commit(edition.thumbnail_key)
    edition.storage_key = key
    edition.media_type = media_type
    edition.size_bytes = len(clean)
    edition.sha256 = hashlib.sha256(clean).hexdigest()
    edition.page_count = None
    edition.thumbnail_key = None
    edition.state = EditionState.PROCESSING.value
    edition.uploaded_by_id = user.id
    edition.created_at = utcnow()
    work.updated_at = utcnow()
    db.session.flush()
    # Findable by its titles at once; the file's words follow from the worker.
    search.reindex_work(work)
    return edition


def remove_edition(edition: Edition, actor: User | None) -> None:
    delete_after_commit(edition.storage_key)
    if edition.thumbnail_key:
        delete_after_commit(edition.thumbnail_key)
    search.remove([edition.id])
    audit(actor, "library.remove_edition", target_type="edition", target_id=edition.id)
    db.session.delete(edition)
    db.session.flush()


def remove_work(work: Work, actor: User | None) -> None:
    for edition in db.session.scalars(sa.select(Edition).where(Edition.work_id == work.id)):
        remove_edition(edition, actor)
    audit(actor, "library.remove", target_type="work", target_id=work.id)
    db.session.delete(work)
    db.session.flush()


def publish(work: Work, actor: User) -> None:
    work.status = WorkStatus.PUBLISHED.value
    audit(actor, "library.publish", target_type="work", target_id=work.id)
    db.session.flush()


# --- where a work is used ------------------------------------------------------------------


def link_to_event(
    work: Work, event: Event, role: str, session: EventSession | None, actor: User
) -> WorkUse:
    if role == UseRole.CURRICULUM.value:
        session = None
    elif role not in (UseRole.SLIDES.value, UseRole.HANDOUT.value) or session is None:
        raise LibraryError(_l("Choose the session these slides or this handout belong to."))
    if session is not None and session.event_id != event.id:
        raise LibraryError(_l("Choose a session of this event."))
    return _link(
        work, actor, role=role, event_id=event.id, session_id=session.id if session else None
    )


def cite_in_thread(work: Work, thread: Thread, actor: User) -> WorkUse:
    return _link(work, actor, role=UseRole.CITED.value, thread_id=thread.id)


def _link(work: Work, actor: User, **target: Any) -> WorkUse:
    target = {"event_id": None, "session_id": None, "thread_id": None, **target}
    existing = db.session.scalar(
        sa.select(WorkUse).where(
            WorkUse.work_id == work.id,
            *(
                getattr(WorkUse, name) == value
                if value is not None
                else getattr(WorkUse, name).is_(None)
                for name, value in target.items()
            ),
        )
    )
    if existing is not None:
        raise LibraryError(_l("This work is already linked there."))
    use = WorkUse(work_id=work.id, added_by_id=actor.id, **target)
    db.session.add(use)
    db.session.flush()
    return use


def unlink(use: WorkUse) -> None:
    db.session.delete(use)
    db.session.flush()


# --- offline packs ---------------------------------------------------------------------------


def request_pack(scope: str, language: str, audience: str) -> tuple[Pack, bool]:
    """The pack for this scope, language and audience, and whether it must be (re)built."""
    pack = db.session.scalar(
        sa.select(Pack).where(
            Pack.scope == scope, Pack.language == language, Pack.audience == audience
        )
    )
    if pack is None:
        pack = Pack(scope=scope, language=language, audience=audience, state="queued")
        db.session.add(pack)
    current = fingerprint(contents(scope, language, audience))
    stale = not (pack.state == "ready" and pack.fingerprint == current)
    if stale and pack.state != "building":
        pack.state = "queued"
        pack.requested_at = utcnow()
    db.session.flush()
    return pack, stale and pack.state == "queued"
