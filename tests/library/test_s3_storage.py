"""The S3 backend (FORUM_LIBRARY_STORAGE=s3) end to end, against moto's mocked AWS: a real
PDF uploaded through the staff upload form is stored stripped in the bucket, processed,
served through Convene exactly as from disk, and its objects go with the work."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
import sqlalchemy as sa
from flask import Flask
from moto import mock_aws
from pypdf import PdfReader

from forum.extensions import db as _db
from forum.library.models import Edition, EditionText, Work
from forum.models import Role
from tests.conftest import empty_tables, make_app
from tests.library import samples
from tests.library.test_uploads import upload

BUCKET = "convene-library-test"
PREFIX = "convene"


@pytest.fixture
def bucket(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "eu-west-1",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        client = boto3.client("s3", region_name="eu-west-1")
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
        )
        yield client


@pytest.fixture
def app(database_url: str, tmp_path: Path, bucket: object) -> Iterator[Flask]:
    """The usual test app, with its library in the mocked bucket."""
    app = make_app(
        database_url,
        tmp_path,
        FORUM_LIBRARY_STORAGE="s3",
        FORUM_LIBRARY_S3_BUCKET=BUCKET,
        FORUM_LIBRARY_S3_REGION="eu-west-1",
        FORUM_LIBRARY_S3_PREFIX=PREFIX,
    )
    with app.app_context():
        empty_tables(_db.engine)
        yield app
        _db.session.remove()
        _db.engine.dispose()


def keys(client) -> list[str]:  # noqa: ANN001
    listed = client.list_objects_v2(Bucket=BUCKET)
    return sorted(item["Key"] for item in listed.get("Contents", []))


def object_bytes(client, key: str) -> bytes:  # noqa: ANN001
    return client.get_object(Bucket=BUCKET, Key=f"{PREFIX}/{key}")["Body"].read()


@pytest.fixture
def staff(login_as):  # noqa: ANN001, ANN201
    return login_as("staffer", Role.STAFF)


def test_a_staff_upload_lands_stripped_in_the_bucket_and_is_served_like_from_disk(
    client, db, app, bucket, staff, tmp_path
):  # noqa: ANN001
    phrase = "Rapid response networks protect land defenders"
    response = upload(client, samples.pdf([("en", phrase)]), title="Manual de protección")
    assert response.status_code == 303
    edition = db.session.scalars(sa.select(Edition)).one()
    # Processed on the queue (eager in tests): pages, thumbnail and text, from the bucket.
    assert edition.state == "ready" and edition.page_count == 1
    assert phrase in db.session.get(EditionText, edition.id).body
    assert keys(bucket) == sorted(
        [f"{PREFIX}/{edition.storage_key}", f"{PREFIX}/{edition.thumbnail_key}"]
    )
    # Nothing was written to the disk store.
    disk = Path(app.config["FORUM_LIBRARY_PATH"])
    assert not disk.exists() or not any(p.is_file() for p in disk.rglob("*"))

    data = object_bytes(bucket, edition.storage_key)
    reader = PdfReader(io.BytesIO(data))
    info = reader.metadata or {}
    assert not any(
        info.get(key) for key in ("/Author", "/Title", "/Keywords", "/Creator", "/Producer")
    )
    assert "/Metadata" not in reader.trailer["/Root"]
    assert b"Jane Legal Name" not in data and b"Cauca safehouse" not in data
    assert phrase in reader.pages[0].extract_text()

    found = client.get("/library/?q=land+defenders").get_data(as_text=True)
    assert "Manual de protección" in found

    served = client.get(f"/library/editions/{edition.id}/file")
    assert served.status_code == 200
    assert served.data == data
    headers = served.headers
    assert headers["Content-Type"] == "application/pdf"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"].startswith("sandbox;")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["Content-Disposition"].startswith(
        'attachment; filename="Manual-de-proteccion-en.pdf"'
    )
    assert "filename*=UTF-8''Manual-de-protecci%C3%B3n-en.pdf" in headers["Content-Disposition"]
    assert headers["Content-Length"] == str(len(data))

    thumbnail = client.get(f"/library/editions/{edition.id}/thumbnail.webp")
    assert thumbnail.status_code == 200
    assert thumbnail.headers["X-Content-Type-Options"] == "nosniff"
    assert thumbnail.headers["Content-Security-Policy"].startswith("sandbox;")


def test_removing_a_work_removes_its_objects(client, db, bucket, staff):  # noqa: ANN001
    for title in ("Field manual", "Second manual"):
        assert upload(client, samples.pdf([("en", title)]), title=title).status_code == 303
    doomed, kept = db.session.scalars(sa.select(Work).order_by(Work.id)).all()
    kept_keys = {
        f"{PREFIX}/{key}" for e in kept.editions for key in (e.storage_key, e.thumbnail_key)
    }
    assert len(keys(bucket)) == 4
    doomed_id = doomed.id

    assert client.get(f"/library/{doomed_id}").status_code == 200
    response = client.post(f"/library/{doomed_id}/remove", data={})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Work, doomed_id) is None
    assert set(keys(bucket)) == kept_keys


def test_a_missing_object_answers_a_clear_404(client, db, bucket, staff):  # noqa: ANN001
    assert upload(client, samples.pdf([("en", "Lost file")]), title="Lost").status_code == 303
    edition = db.session.scalars(sa.select(Edition)).one()
    bucket.delete_object(Bucket=BUCKET, Key=f"{PREFIX}/{edition.storage_key}")
    bucket.delete_object(Bucket=BUCKET, Key=f"{PREFIX}/{edition.thumbnail_key}")

    for url in (
        f"/library/editions/{edition.id}/file",
        f"/library/editions/{edition.id}/thumbnail.webp",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "missing from the library" in response.get_data(as_text=True)
        assert "Content-Disposition" not in response.headers
    # The work's page itself still answers.
    assert client.get(f"/library/{edition.work_id}").status_code == 200
    client.set_cookie("forum_locale", "es", domain="localhost")
    response = client.get(f"/library/editions/{edition.id}/file")
    assert response.status_code == 404
    assert "missing from the library" not in response.get_data(as_text=True)
