# ruff: noqa: E501
"""Uploads that try to hurt: each is refused, or stored harmless — and the stored file is
read back to check."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

from forum.library.models import Edition, EditionText, Work
from forum.library.storage import storage
from forum.models import Role
from tests.library import samples

FORM = {
    "language": "en",
    "title": "Field manual",
    "summary": "How to stay safe.",
    "kind": "manual",
    "published_on": "2025-02-01",
    "organisations": "Protection Desk",
    "visibility": "public",
    "risks": "criminalisation",
}


def upload(client, data: bytes, filename: str = "manual.pdf", **fields):  # noqa: ANN001, ANN201
    form = {**FORM, **fields, "file": (io.BytesIO(data), filename)}
    return client.post("/library/new", data=form, content_type="multipart/form-data")


def stored(db) -> tuple[Edition, bytes]:  # noqa: ANN001
    edition = db.session.scalars(sa.select(Edition)).one()
    return edition, storage().read(edition.storage_key)


def stored_files(app) -> list[Path]:  # noqa: ANN001
    root = Path(app.config["FORUM_LIBRARY_PATH"])
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def all_objects(reader: PdfReader) -> list[object]:
    """Every object reachable from the trailer, resolved (object streams included)."""
    seen: set[tuple[int, int]] = set()
    found: list[object] = []
    stack: list[object] = [reader.trailer]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        found.append(item)
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


@pytest.fixture
def staff(login_as):  # noqa: ANN001, ANN201
    return login_as("staffer", Role.STAFF)


def test_a_pdf_is_stored_without_its_metadata_and_stays_searchable(client, db, staff):  # noqa: ANN001
    response = upload(
        client, samples.pdf([("en", "Rapid response networks protect land defenders")])
    )
    assert response.status_code == 303
    edition, data = stored(db)
    assert edition.media_type == "application/pdf"
    reader = PdfReader(io.BytesIO(data))
    info = reader.metadata or {}
    assert not any(
        info.get(key) for key in ("/Author", "/Title", "/Keywords", "/Creator", "/Producer")
    )
    assert b"Jane Legal Name" not in data and b"Cauca safehouse" not in data
    assert "/Metadata" not in reader.trailer["/Root"]
    # Read on the worker (eager in tests): pages, a small thumbnail, and the text.
    assert edition.state == "ready" and edition.page_count == 1
    thumbnail = storage().read(edition.thumbnail_key)
    assert len(thumbnail) < 8_000
    assert Image.open(io.BytesIO(thumbnail)).format == "WEBP"
    text = db.session.get(EditionText, edition.id)
    assert "Rapid response networks" in text.body


def test_javascript_and_launch_actions_are_gone_from_the_stored_pdf(client, db, staff):  # noqa: ANN001
    hostile = samples.pdf_with_javascript()
    assert b"/JavaScript" in hostile and b"/Launch" in hostile
    assert upload(client, hostile).status_code == 303
    _, data = stored(db)
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert not {"/OpenAction", "/Names", "/AA", "/AcroForm", "/Metadata"} & set(root)
    for obj in all_objects(reader):
        if isinstance(obj, DictionaryObject):
            assert not {"/JS", "/JavaScript", "/Launch", "/AA", "/OpenAction"} & set(obj)
            assert obj.get("/S") not in ("/JavaScript", "/Launch")
    assert "Harmless looking text" in reader.pages[0].extract_text()
    assert (reader.metadata or {}).get("/Author") is None


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (samples.HTML_POLYGLOT, "report.pdf"),
        (samples.SVG_WITH_SCRIPT, "diagram.png"),
        (samples.SVG_WITH_SCRIPT, "diagram.svg"),
        (b"", "empty.pdf"),
        (b"MZ\x90\x00" + b"\0" * 200, "manual.pdf"),
    ],
    ids=["html-named-pdf", "svg-named-png", "svg", "empty", "executable"],
)
def test_files_that_are_not_what_they_claim_are_refused(client, db, app, staff, data, filename):  # noqa: ANN001
    response = upload(client, data, filename)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "not a PDF, EPUB, ODT, DOCX, PNG or JPEG" in page or "Choose a file" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Work)) == 0
    assert stored_files(app) == []


def test_a_zip_bomb_named_docx_is_refused_before_it_is_unpacked(client, db, app, staff):  # noqa: ANN001
    bomb = samples.zip_bomb_docx()
    assert len(bomb) < 2_000_000  # small on the wire, 300 MB unpacked
    response = upload(client, bomb, "manual.docx")
    assert response.status_code == 422
    assert "unpack to far more than its size" in response.get_data(as_text=True)
    assert (
        stored_files(app) == []
        and db.session.scalar(sa.select(sa.func.count()).select_from(Edition)) == 0
    )


def test_a_document_claiming_2gb_in_its_header_is_refused(client, db, app, staff):  # noqa: ANN001
    response = upload(client, samples.docx_claiming_2gb(), "manual.docx")
    assert response.status_code == 422
    assert stored_files(app) == []


def test_an_image_claiming_2_billion_pixels_is_refused_unread(client, db, app, staff):  # noqa: ANN001
    response = upload(client, samples.png_claiming_2gb(), "map.png")
    assert response.status_code == 422
    assert "too large (in pixels)" in response.get_data(as_text=True)
    assert stored_files(app) == []


def test_a_request_claiming_2gb_is_refused_before_it_is_read(client, db, app, staff):  # noqa: ANN001
    response = client.post(
        "/library/new",
        data=b"x" * 10,
        content_type="multipart/form-data; boundary=x",
        environ_overrides={"CONTENT_LENGTH": str(2 * 1024**3)},
    )
    assert response.status_code == 413
    assert stored_files(app) == []


def test_a_file_over_the_cap_is_refused(client, db, app, staff):  # noqa: ANN001
    app.config["FORUM_LIBRARY_MAX_UPLOAD"] = 2_000
    data = samples.pdf([("en", "x" * 20)], pages=8)
    response = upload(client, data)
    assert response.status_code == 422
    assert "larger than the library accepts" in response.get_data(as_text=True)
    assert stored_files(app) == []


def test_exif_gps_and_author_are_removed_from_a_jpeg(client, db, staff):  # noqa: ANN001
    photo = samples.jpeg_with_gps_and_author()
    with Image.open(io.BytesIO(photo)) as before:
        assert before.getexif().get(0x013B) == "Jane Legal Name"
    assert upload(client, photo, "photo.jpg").status_code == 303
    edition, data = stored(db)
    assert edition.media_type == "image/jpeg"
    with Image.open(io.BytesIO(data)) as after:
        exif = after.getexif()
        assert not exif.get(0x013B) and not exif.get(0x8825) and not exif.get_ifd(0x8825)
        assert after.size == (64, 48)
    assert b"Jane Legal Name" not in data and b"PhoneMaker" not in data


def test_png_text_chunks_are_removed(client, db, staff):  # noqa: ANN001
    assert upload(client, samples.png_with_text(), "map.png").status_code == 303
    _, data = stored(db)
    with Image.open(io.BytesIO(data)) as image:
        assert not image.text
    assert b"Jane Legal Name" not in data and b"Cauca" not in data


def test_a_docx_loses_its_author_and_keeps_its_words(client, db, staff):  # noqa: ANN001
    assert upload(client, samples.docx(), "plan.docx").status_code == 303
    edition, data = stored(db)
    assert edition.media_type.endswith("wordprocessingml.document")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"Jane Legal Name" not in everything
    assert "Protection plan for the network" in db.session.get(EditionText, edition.id).body


@pytest.mark.parametrize(
    "filename",
    [
        "../../../../etc/passwd.pdf",
        "..\\..\\windows\\win.ini.pdf",
        "/etc/cron.d/x.pdf",
        "دليل الحماية.pdf",
        "ma\udcffnuel.pdf",
        "\x00.pdf",
        "a" * 500 + ".pdf",
    ],
    ids=["traversal", "backslashes", "absolute", "arabic", "not-utf8", "nul", "long"],
)
def test_the_uploaded_name_never_reaches_the_disk(client, db, app, staff, filename):  # noqa: ANN001
    name = filename.encode("utf-8", "surrogateescape")
    response = client.post(
        "/library/new",
        data={**FORM, "file": (io.BytesIO(samples.pdf([("en", "x")])), name.decode("latin-1"))},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    edition, _ = stored(db)
    root = Path(app.config["FORUM_LIBRARY_PATH"]).resolve()
    files = stored_files(app)
    assert files and all(root in path.resolve().parents for path in files)
    assert all(path.name.split(".")[0].isalnum() for path in files)
    download = client.get(f"/library/editions/{edition.id}/file")
    disposition = download.headers["Content-Disposition"]
    assert (
        disposition.startswith("attachment;")
        and "passwd" not in disposition
        and ".." not in disposition
    )
    assert "Field-manual-en.pdf" in disposition


def test_members_uploads_wait_for_review(client, db, login_as):  # noqa: ANN001
    login_as("amina")
    response = upload(client, samples.pdf([("en", "Shared by a member")]))
    assert response.status_code == 303
    work = db.session.scalars(sa.select(Work)).one()
    assert work.status == "pending"
    anonymous = client.application.test_client()
    assert anonymous.get(f"/library/{work.id}").status_code == 404
    assert "Field manual" not in anonymous.get("/library/").get_data(as_text=True)
    assert client.get(f"/library/{work.id}").status_code == 200


def test_member_uploads_can_be_turned_off(client, db, app, login_as):  # noqa: ANN001
    app.config["FORUM_LIBRARY_MEMBER_UPLOADS"] = False
    login_as("amina")
    assert upload(client, samples.pdf([("en", "x")])).status_code == 403
