"""Library rows made directly (no upload, no mat2), for tests that need many quickly."""

from __future__ import annotations

import hashlib
from datetime import date

from forum.extensions import db
from forum.library.models import Edition, Pack, Work, WorkText, WorkUse
from forum.library.storage import new_key, storage

TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def create_work(
    title: str = "Field manual",
    *,
    language: str = "en",
    visibility: str = "public",
    event_id: int | None = None,
    uploaded_by_id: int | None = None,
    status: str = "published",
    kind: str = "manual",
    published_on: date = date(2025, 1, 1),
) -> Work:
    work = Work(
        kind=kind,
        published_on=published_on,
        visibility=visibility,
        event_id=event_id,
        status=status,
        default_language=language,
        uploaded_by_id=uploaded_by_id,
    )
    work.texts.append(WorkText(language=language, title=title, summary=""))
    db.session.add(work)
    db.session.flush()
    key = new_key("editions", "pdf")
    storage().put(key, TINY_PDF)
    thumb = new_key("thumbnails", "webp")
    storage().put(thumb, b"RIFF\x1a\x00\x00\x00WEBPVP8L")
    db.session.add(
        Edition(
            work_id=work.id,
            language=language,
            storage_key=key,
            media_type="application/pdf",
            size_bytes=len(TINY_PDF),
            sha256=hashlib.sha256(TINY_PDF).hexdigest(),
            page_count=1,
            thumbnail_key=thumb,
            state="ready",
        )
    )
    db.session.flush()
    return work


def matrix_things(event_id: int, session_id: int, thread_id: int, staff_id: int) -> dict[str, int]:
    """A participants-only work of the event, used as a session's slides and cited in the
    event's exchange, and a built pack of the event for its participants."""
    work = create_work(
        "Risk mapping slides", visibility="participants", event_id=event_id, uploaded_by_id=staff_id
    )
    use = WorkUse(work_id=work.id, role="slides", event_id=event_id, session_id=session_id)
    db.session.add(WorkUse(work_id=work.id, role="cited", thread_id=thread_id))
    db.session.add(use)
    key = new_key("packs", "zip")
    storage().put(key, b"PK\x05\x06" + b"\0" * 18)
    pack = Pack(
        scope=f"event:{event_id}",
        language="en",
        audience="participants",
        state="ready",
        storage_key=key,
        size_bytes=22,
        work_count=1,
    )
    db.session.add(pack)
    db.session.commit()
    edition_id = work.editions[0].id
    return {"work_id": work.id, "edition_id": edition_id, "use_id": use.id, "pack_id": pack.id}
