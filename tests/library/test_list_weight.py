"""The library's list stays light with 5,000 works: one page of them, with every file
it loads (CSS, JS, thumbnails) under the 100 KB budget, in a fixed number of queries."""

from __future__ import annotations

import hashlib
import io
from datetime import date

import pytest
import sqlalchemy as sa
from PIL import Image

from forum.library.models import Edition, Work, WorkAuthor, WorkText
from forum.library.queries import PER_PAGE
from forum.library.storage import new_key, storage
from tests.library.factories import TINY_PDF
from tests.test_page_weight import LIMIT, weigh

WORKS = 5000


def _thumbnail() -> bytes:
    """A first-page thumbnail as the worker makes them: small, WebP."""
    image = Image.new("RGB", (96, 128), (235, 232, 225))
    image.paste((40, 60, 90), (8, 12, 88, 30))
    out = io.BytesIO()
    image.save(out, "WEBP", quality=60)
    return out.getvalue()


@pytest.fixture
def shelf_of_5000(db):
    thumbnail = _thumbnail()
    keys = []
    for _ in range(PER_PAGE):  # the newest page's thumbnails are really fetched
        key = new_key("thumbnails", "webp")
        storage().put(key, thumbnail)
        keys.append(key)
    pdf = new_key("editions", "pdf")
    storage().put(pdf, TINY_PDF)
    digest = hashlib.sha256(TINY_PDF).hexdigest()
    works, texts, authors, editions = [], [], [], []
    for n in range(1, WORKS + 1):
        works.append(
            {
                "id": n,
                "kind": ("manual", "study", "report", "guide")[n % 4],
                "published_on": date(2010 + n % 15, 1 + n % 12, 1 + n % 28),
                "visibility": "public",
                "status": "published",
                "default_language": "en",
            }
        )
        texts.append(
            {
                "work_id": n,
                "language": "en",
                "title": f"Protection manual number {n} for defenders at risk",
                "summary": "How a network of lawyers answers an arrest at night. " * 4,
            }
        )
        if n % 3 == 0:
            texts.append({"work_id": n, "language": "es", "title": f"Manual {n}", "summary": ""})
        authors.append(
            {"work_id": n, "position": 0, "name": "Protection Desk", "kind": "organisation"}
        )
        for position, language in enumerate(("en", "es", "fr", "pt", "ar")[: 1 + n % 5]):
            editions.append(
                {
                    "work_id": n,
                    "language": language,
                    "storage_key": pdf if n == 1 and position == 0 else f"editions/x{n}-{language}",
                    "media_type": "application/pdf",
                    "size_bytes": 1_200_000 + n,
                    "sha256": digest,
                    "page_count": 40 + n % 200,
                    "thumbnail_key": keys[n % PER_PAGE],
                    "state": "ready",
                }
            )
    db.session.execute(sa.insert(Work), works)
    db.session.execute(sa.insert(WorkText), texts)
    db.session.execute(sa.insert(WorkAuthor), authors)
    db.session.execute(sa.insert(Edition), editions)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(
            sa.text("SELECT setval(pg_get_serial_sequence('library_works', 'id'), :n)"),
            {"n": WORKS},
        )
        db.session.commit()
    return WORKS


def test_the_list_of_5000_works_is_one_light_page(app, client, shelf_of_5000, count_queries):
    total, zipped, parts = weigh(client, "/library/")
    print(f"library list, {WORKS} works: {total / 1024:.1f} KB, {zipped / 1024:.1f} KB gz")
    page = client.get("/library/").get_data(as_text=True)
    assert page.count('class="library-item"') == PER_PAGE
    assert "?page=2" in page  # the rest is a click away, not on this page
    assert total <= LIMIT, {url: size for url, size in parts.items()}
    thumbnails = [size for url, size in parts.items() if "thumbnail" in url]
    assert len(thumbnails) == PER_PAGE and max(thumbnails) <= 4 * 1024
    with count_queries() as last:
        client.get(f"/library/?page={WORKS // PER_PAGE}")
    with count_queries() as listed:
        client.get("/library/")
    assert 0 < listed.count == last.count  # the same queries whatever the page
