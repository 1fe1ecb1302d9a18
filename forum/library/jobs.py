"""Background work of the library: plain, idempotent functions of ids.

- `process_edition`: read a stored edition's words for search, count its pages and make
  its thumbnail (PDFium); run after each upload.
- `build_pack`: write the ZIP of an offline pack; run when someone asks for a pack whose
  works changed since it was last built.

Each may run more than once (a retry, a redelivery) and does the same thing again, or
nothing when its work is already done. They are tasks of the shared queue (`forum.queue`):
views send them after committing (`jobs.process_edition.send(edition_id)`), and the
worker's sweep sends again those whose work is still not done after `RESEND_AFTER`.
"""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from datetime import timedelta

import sqlalchemy as sa

from forum.extensions import db
from forum.library import packs, reading, search
from forum.library.labels import EditionState
from forum.library.models import Edition, EditionText, Pack, Work
from forum.library.sniffing import ACCEPTED
from forum.library.storage import new_key, storage
from forum.models import utcnow
from forum.queue.tasks import sweep, task

log = logging.getLogger(__name__)

#: Work not done after this long lost its task (sent while Redis was away, or a restart
#: of the embedded queue): the sweep sends it again, for a day at most.
RESEND_AFTER = timedelta(minutes=10)
GIVE_UP_AFTER = timedelta(days=1)


@task("library.process_edition", max_retries=5, time_limit=timedelta(minutes=5))
def process_edition(edition_id: int) -> None:
    """Text for search, page count and thumbnail of one edition; commits."""
    edition = db.session.get(Edition, edition_id)
    if edition is None or edition.state == EditionState.READY.value:
        return
    work = db.session.get(Work, edition.work_id)
    files = storage()
    try:
        found = reading.read(
            files.read(edition.storage_key), ACCEPTED[edition.media_type].extension
        )
    except Exception:  # a file that passed cleaning but cannot be read: keep it, say so
        log.warning("Library: edition %d could not be read for search.", edition_id)
        edition.state = EditionState.FAILED.value
        search.index([search.document_for(work, edition, "")])
        db.session.commit()
        return
    if found.thumbnail is not None:
        edition.thumbnail_key = edition.thumbnail_key or new_key("thumbnails", "webp")
        files.put(edition.thumbnail_key, found.thumbnail)
    edition.page_count = found.page_count
    text = db.session.get(EditionText, edition.id) or EditionText(edition_id=edition.id)
    text.language = edition.language
    text.body = found.text
    text.extracted_at = utcnow()
    db.session.add(text)
    edition.state = EditionState.READY.value
    search.index([search.document_for(work, edition, found.text)])
    db.session.commit()


@task("library.build_pack", max_retries=5, time_limit=timedelta(minutes=20))
def build_pack(pack_id: int) -> None:
    """Write the pack's ZIP unless the one stored already holds exactly these editions."""
    pack = db.session.get(Pack, pack_id)
    if pack is None:
        return
    contents = packs.contents(pack.scope, pack.language, pack.audience)
    fingerprint = packs.fingerprint(contents)
    if pack.state == "ready" and pack.fingerprint == fingerprint and pack.storage_key:
        return
    pack.state = "building"
    db.session.commit()
    files = storage()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for entry in contents:
            archive.writestr(entry.name, files.read(entry.storage_key))
        archive.writestr("README.txt", packs.readme(contents))
    body = out.getvalue()
    old_key = pack.storage_key
    pack.storage_key = new_key("packs", "zip")
    files.put(pack.storage_key, body)
    pack.size_bytes = len(body)
    pack.work_count = len(contents)
    pack.fingerprint = fingerprint
    pack.state = "ready"
    pack.built_at = utcnow()
    db.session.commit()
    if old_key:
        files.delete(old_key)
    log.info(
        "Library: pack %d built (%d works, sha256 %s).",
        pack.id,
        len(contents),
        hashlib.sha256(body).hexdigest()[:12],
    )


def reprocess_all() -> int:
    """Every edition again (after restoring files, or when reading improves)."""
    ids = db.session.scalars(sa.select(Edition.id).order_by(Edition.id)).all()
    db.session.execute(sa.update(Edition).values(state=EditionState.PROCESSING.value))
    db.session.commit()
    for edition_id in ids:
        process_edition(edition_id)
    return len(ids)


@sweep
def resend_unfinished() -> int:
    """Send again the editions still unread and the packs still unbuilt."""
    now = utcnow()
    window = (now - GIVE_UP_AFTER, now - RESEND_AFTER)
    editions = list(
        db.session.scalars(
            sa.select(Edition.id).where(
                Edition.state == EditionState.PROCESSING.value,
                Edition.created_at.between(*window),
            )
        )
    )
    pack_ids = list(
        db.session.scalars(
            sa.select(Pack.id).where(
                Pack.state.in_(("queued", "building")), Pack.requested_at.between(*window)
            )
        )
    )
    for edition_id in editions:
        process_edition.send(edition_id)
    for pack_id in pack_ids:
        build_pack.send(pack_id)
    return len(editions) + len(pack_ids)
