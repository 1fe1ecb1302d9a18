"""Library benchmark, one run on SQLite (a file): `make bench BENCH=library`.

(a) Upload to searchable: a 200-page PDF (made with WeasyPrint, one phrase only on page
    150) is posted through the staff upload form; the clock runs from the POST until the
    library's search finds that phrase. The queue is `embedded`, as `make run` without
    Redis: the upload answers once the file is checked, stripped and stored, and a worker
    thread in the same process extracts the text and makes the thumbnail; the search is
    asked every 50 ms. The app runs in this process (Flask's test client), so the figure
    is the work itself, without HTTP.
(b) The library list with 5,000 works (one to five editions each), served by gunicorn
    (2 workers × 4 threads), measured with wrk -t2 -c8 as a ratio against a bare Flask
    endpoint served the same way in the same run: a visitor (as deployed, with the
    anonymous page cache, and with that cache off) and a signed-in member.

    python bench/bench_library.py [--seconds 5] [--works 5000] [--pages 200]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import wrk  # noqa: E402
from bench.bench_exchanges import settings_for  # noqa: E402
from bench.bench_insights import PASSWORD, USER_AGENT, member_cookie  # noqa: E402
from bench.serving import gunicorn, measure, report  # noqa: E402

PHRASE = "bioluminescent cartographers"
PHRASE_PAGE = 150
CHEAP_HASHING = {"FORUM_PASSWORD_TIME_COST": "1", "FORUM_PASSWORD_MEMORY_KIB": "8"}


def long_pdf(pages: int) -> bytes:
    """`pages` pages of ordinary text; page PHRASE_PAGE alone holds PHRASE."""
    from weasyprint import HTML

    filler = (
        "Defenders document threats, share safety plans and ask the network for support "
        "when an arrest happens at night. "
    ) * 6
    body = "".join(
        f'<section style="break-before: page"><h2>Chapter {n}</h2><p>{filler}</p>'
        + (f"<p>The {PHRASE} met the river guardians.</p>" if n == PHRASE_PAGE else "")
        + "</section>"
        for n in range(1, pages + 1)
    )
    head = "<meta charset=utf-8><title>Long manual</title>"
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    return HTML(string=html).write_pdf()


def upload_to_searchable(instance: Path, pages: int) -> None:
    import pyotp

    from forum import create_app
    from forum.auth.services import create_user
    from forum.auth.two_factor import turn_on
    from forum.extensions import db
    from forum.library.models import Edition
    from forum.models import Role

    url = f"sqlite:///{instance / 'upload.sqlite3'}"
    settings = {
        **settings_for(url, instance),
        **CHEAP_HASHING,
        "FORUM_QUEUE": "embedded",
        "WTF_CSRF_ENABLED": False,
        "FORUM_LIBRARY_PATH": str(instance / "upload-files"),
    }
    os.environ.update({k: v for k, v in settings.items() if isinstance(v, str)})
    from flask_migrate import upgrade

    started = time.perf_counter()
    data = long_pdf(pages)
    print(
        f"(a) {pages}-page PDF, {len(data) / 1e6:.1f} MB, made with WeasyPrint in "
        f"{time.perf_counter() - started:.1f} s"
    )
    app = create_app(settings)
    secret = pyotp.random_base32()
    with app.app_context():
        upgrade()
        staff = create_user("benchstaff", "Bench staff", PASSWORD, roles=(Role.STAFF,))
        turn_on(staff, secret, step=0)
        db.session.commit()
    client = app.test_client()
    client.post("/auth/login", data={"username": "benchstaff", "password": PASSWORD})
    signed_in = client.post("/auth/login/code", data={"code": pyotp.TOTP(secret).now()})
    if signed_in.status_code != 302:
        raise SystemExit("could not sign in the benchmark staff member")
    form = {
        "language": "en",
        "title": "Long field manual",
        "summary": "Two hundred pages.",
        "kind": "manual",
        "published_on": "2025-02-01",
        "organisations": "Protection Desk",
        "visibility": "public",
        "risks": "criminalisation",
        "file": (io.BytesIO(data), "long-manual.pdf"),
    }
    search = "/library/?q=" + PHRASE.replace(" ", "+")
    started = time.perf_counter()
    answer = client.post("/library/new", data=form, content_type="multipart/form-data")
    answered = time.perf_counter() - started
    if answer.status_code != 303:
        raise SystemExit(f"the upload answered {answer.status_code}")
    polls = 0
    while "Long field manual" not in client.get(search).get_data(as_text=True):
        polls += 1
        if time.perf_counter() - started > 600:
            raise SystemExit("the phrase was not searchable after 10 minutes")
        time.sleep(0.05)
    searchable = time.perf_counter() - started
    with app.app_context():
        edition = db.session.scalars(sa.select(Edition)).one()
        page_count, state = edition.page_count, edition.state
    print(f"    queue: embedded (a worker thread in the web process); {polls} searches asked")
    print(f"    upload answered (sniffed, stripped, stored): {answered:6.2f} s")
    print(
        f"    phrase from page {PHRASE_PAGE} searchable:        {searchable:6.2f} s "
        f"(edition {state}, {page_count} pages)"
    )


def build_shelf(url: str, instance: Path, total: int) -> None:
    """Migrate, then bulk-insert a member and `total` public works with their editions."""
    os.environ.update(settings_for(url, instance))
    from flask_migrate import upgrade

    from forum import create_app
    from forum.auth.services import create_user
    from forum.extensions import db
    from forum.library.models import Edition, Work, WorkAuthor, WorkTag, WorkText
    from forum.library.storage import new_key, storage

    app = create_app({**settings_for(url, instance), **CHEAP_HASHING})
    with app.app_context():
        upgrade()
        create_user("benchmember", "Bench member", PASSWORD)
        db.session.commit()
        thumbnail = new_key("thumbnails", "webp")
        storage().put(thumbnail, b"RIFF\x1a\x00\x00\x00WEBPVP8L")
        digest = hashlib.sha256(b"bench").hexdigest()
        rows: dict[type, list[dict]] = {
            Work: [],
            WorkText: [],
            WorkAuthor: [],
            WorkTag: [],
            Edition: [],
        }
        for n in range(1, total + 1):
            rows[Work].append(
                {
                    "id": n,
                    "kind": ("manual", "study", "report", "guide")[n % 4],
                    "published_on": date(2010 + n % 15, 1 + n % 12, 1 + n % 28),
                    "visibility": ("public", "public", "members")[n % 3],
                    "status": "published",
                    "default_language": "en",
                }
            )
            rows[WorkText].append(
                {
                    "work_id": n,
                    "language": "en",
                    "title": f"Protection manual number {n} for defenders at risk",
                    "summary": "How a network of lawyers answers an arrest at night. " * 4,
                }
            )
            if n % 3 == 0:
                rows[WorkText].append(
                    {"work_id": n, "language": "es", "title": f"Manual {n}", "summary": ""}
                )
            rows[WorkAuthor].append(
                {"work_id": n, "position": 0, "name": "Protection Desk", "kind": "organisation"}
            )
            rows[WorkTag].append({"work_id": n, "vocabulary": "risk", "code": "criminalisation"})
            for language in ("en", "es", "fr", "pt", "ar")[: 1 + n % 5]:
                rows[Edition].append(
                    {
                        "work_id": n,
                        "language": language,
                        "storage_key": f"editions/bench-{n}-{language}",
                        "media_type": "application/pdf",
                        "size_bytes": 1_200_000 + n,
                        "sha256": digest,
                        "page_count": 40 + n % 200,
                        "thumbnail_key": thumbnail,
                        "state": "ready",
                    }
                )
        for model, values in rows.items():
            for start in range(0, len(values), 5000):
                db.session.execute(sa.insert(model), values[start : start + 5000])
        db.session.commit()
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
        db.engine.dispose()


def _line(label: str, result: wrk.Result, bare: wrk.Result | None) -> str:
    ratio = f"{result.rps / bare.rps:6.3f}" if bare and bare.rps else "   —  "
    return (
        f"{label:<44} {result.rps:8.1f} req/s  ratio {ratio}  "
        f"p50 {result.p50_ms:7.1f} ms  p95 {result.p95_ms:7.1f} ms  errors {result.errors}"
    )


def warm(base: str, path: str, headers: dict[str, str] | None = None) -> float:
    """Ask for the page from 8 connections at once, twice, before measuring: gunicorn's
    workers take their first request while still loading the app (templates, stemmers),
    seconds on this shared machine, which a 5-second run would count. Returns the slowest
    of these first answers."""
    import http.client
    from concurrent.futures import ThreadPoolExecutor
    from urllib.parse import urlsplit

    address = urlsplit(base)

    def one(_: int) -> float:
        started = time.perf_counter()
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=120)
        connection.request("GET", path, headers=headers or {})
        answer = connection.getresponse()
        answer.read()
        connection.close()
        if answer.status != 200:
            raise SystemExit(f"{path} answered {answer.status}")
        return time.perf_counter() - started

    slowest = 0.0
    with ThreadPoolExecutor(8) as pool:
        for _ in range(2):
            slowest = max(slowest, *pool.map(one, range(8)))
    return slowest


def list_ratios(url: str, instance: Path, seconds: float) -> None:
    use_wrk = wrk.available()
    print(("wrk -t2 -c8; " if use_wrk else "Python driver (install wrk); ") + "gunicorn 2 × 4")

    def run(base: str, path: str, headers: dict[str, str] | None = None):  # noqa: ANN202
        if use_wrk:
            return wrk.run(base + path, seconds=seconds, headers=headers)
        return measure(base, path, seconds=seconds, headers=headers)

    def line(label: str, result, bare) -> str:  # noqa: ANN001
        return _line(label, result, bare) if use_wrk else report(label, result, bare)

    with gunicorn("bench.bare:app") as base:
        warm(base, "/")
        bare = run(base, "/")
    print(line("bare Flask endpoint", bare, None))
    for cache_label, cache in (("as deployed", None), ("anonymous cache off", "0")):
        env = settings_for(url, instance)
        if cache is not None:
            env["FORUM_ANON_CACHE_SECONDS"] = cache
        with gunicorn("wsgi:app", env=env) as base:
            anonymous = {"User-Agent": USER_AGENT}
            loading = warm(base, "/library/", anonymous)
            print(f"   first answers while the workers load: up to {loading:.1f} s")
            visitor = run(base, "/library/", anonymous)
            print(line(f"library list, visitor, {cache_label}", visitor, bare))
            if cache is None:
                headers = {"Cookie": member_cookie(base), "User-Agent": USER_AGENT}
                warm(base, "/library/", headers)
                member = run(base, "/library/", headers)
                print(line("library list, signed-in member", member, bare))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--works", type=int, default=5000)
    parser.add_argument("--pages", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-library-") as tmp:
        instance = Path(tmp)
        started = time.perf_counter()
        list_url = f"sqlite:///{instance / 'list.sqlite3'}"
        build_shelf(list_url, instance, args.works)
        print(f"(b) SQLite: {args.works} works generated in {time.perf_counter() - started:.1f} s")
        list_ratios(list_url, instance, args.seconds)
    with tempfile.TemporaryDirectory(prefix="bench-library-") as tmp:
        upload_to_searchable(Path(tmp), args.pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
