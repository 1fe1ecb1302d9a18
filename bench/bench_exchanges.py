"""Exchanges benchmark, one run: pages served by gunicorn as ratios to a bare Flask
endpoint, and search latency over 50,000 posts on SQLite (a file) and PostgreSQL.

Data is generated in bulk into a temporary SQLite file and a scratch PostgreSQL database
(created and dropped here; `FORUM_BENCH_POSTGRES_URL` names the server's maintenance
database, default `postgresql+psycopg://postgres@127.0.0.1:5432/postgres`). PostgreSQL is
skipped, with a note, when that server does not answer.

    python bench/bench_exchanges.py [--seconds 5] [--posts 50000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.serving import gunicorn, measure, report  # noqa: E402

POSTGRES_ADMIN_URL = os.environ.get(
    "FORUM_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
THREAD_REPLIES = 200
POSTS_PER_THREAD = 20
SEARCH_QUERIES = 50
WORDS = (
    "lawyer rota court hearing bail detention release family support network phone "
    "encryption backup travel border checkpoint password messaging signal notebook "
    "village committee whistle alert mining land eviction community women defender "
    "journalist radio source threat smear campaign platform report document evidence "
    "witness testimony consent relocation school psychologist trauma funding donor "
    "sponsor registration law office raid seizure laptop disk protest student hotline "
    "abogada defensora comunidad amenaza protección réseau avocate défenseure menace "
    "comunidade ameaça defensora proteção محامية مدافعة حماية تهديد شبكة"
).split()
RARE = [f"codeword{n}" for n in range(200)]


def sentence(rng: random.Random, length: int) -> str:
    words = rng.choices(WORDS, k=length)
    if rng.random() < 0.05:
        words.append(rng.choice(RARE))
    return " ".join(words)


def settings_for(url: str, instance: Path) -> dict[str, str]:
    return {
        "FORUM_DATABASE_URL": url,
        "FORUM_INSTANCE_PATH": str(instance),
        "FORUM_ENV": "development",
        "FORUM_RATELIMIT_ENABLED": "0",
        "FORUM_LOG_LEVEL": "WARNING",
    }


def build(url: str, instance: Path, total_posts: int) -> dict[str, int]:
    """Migrate, then bulk-insert users, threads, tags, posts and their search rows."""
    os.environ.update(settings_for(url, instance))
    from flask_migrate import upgrade

    from forum import create_app
    from forum.auth.services import create_user
    from forum.exchanges import search
    from forum.exchanges.models import Post, Thread, ThreadRegion, ThreadRisk
    from forum.extensions import db
    from forum.models import utcnow

    cheap_hashing = {"FORUM_PASSWORD_TIME_COST": "1", "FORUM_PASSWORD_MEMORY_KIB": "8"}
    app = create_app({**settings_for(url, instance), **cheap_hashing})
    rng = random.Random(6)
    with app.app_context():
        upgrade()
        authors = [
            create_user(f"bench{n}", f"Bench {n}", "bench passphrase long") for n in range(20)
        ]
        db.session.commit()
        author_ids = [a.id for a in authors]
        thread_count = max(1, (total_posts - THREAD_REPLIES) // POSTS_PER_THREAD)
        now = utcnow()
        regions, risks = (
            ["africa", "americas", "asia-pacific", "europe-central-asia", "mena"],
            ["criminalisation", "digital", "threats", "raids", "land-environment"],
        )
        threads = [
            {
                "id": n + 1,
                "title": sentence(rng, 6).capitalize()[:200],
                "language": rng.choice(["en", "es", "fr", "pt", "ar"]),
                "visibility": rng.choice(["public", "public", "members"]),
                "outcome": rng.choice(["worked", "partly", "failed", None]),
                "reply_count": POSTS_PER_THREAD - 1,
                "last_activity_at": now - timedelta(minutes=n),
                "created_at": now - timedelta(minutes=n, days=1),
            }
            for n in range(thread_count)
        ]
        threads[0].update(
            visibility="public",
            reply_count=THREAD_REPLIES,
            title="Legal support network for women defenders",
        )
        db.session.execute(sa.insert(Thread), threads)
        db.session.execute(
            sa.insert(ThreadRegion),
            [{"thread_id": t["id"], "region": regions[t["id"] % 5]} for t in threads],
        )
        db.session.execute(
            sa.insert(ThreadRisk),
            [{"thread_id": t["id"], "risk": risks[t["id"] % 5]} for t in threads],
        )
        posts, documents, next_id = [], [], 1
        for thread in threads:
            replies = THREAD_REPLIES if thread["id"] == 1 else POSTS_PER_THREAD - 1
            opening_id = next_id
            for index in range(replies + 1):
                text = sentence(rng, rng.randint(25, 90))
                parent = (
                    None
                    if index == 0
                    else rng.choice([opening_id, opening_id, max(opening_id, next_id - 1)])
                )
                posts.append(
                    {
                        "id": next_id,
                        "thread_id": thread["id"],
                        "parent_id": parent,
                        "is_opening": index == 0,
                        "author_id": rng.choice(author_ids),
                        "is_anonymous": False,
                        "body": text,
                        "body_html": f"<p>{text}</p>\n",
                        "language": thread["language"],
                        "created_at": thread["created_at"] + timedelta(minutes=index),
                        "endorsement_count": rng.randint(0, 3),
                        "open_flag_count": 0,
                    }
                )
                documents.append(
                    search.document_for(
                        next_id,
                        thread["id"],
                        f"<p>{text}</p>",
                        thread["language"],
                        thread["title"] if index == 0 else None,
                    )
                )
                next_id += 1
        for start in range(0, len(posts), 5000):
            db.session.execute(sa.insert(Post), posts[start : start + 5000])
            search.index(documents[start : start + 5000])
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("ANALYZE")
        else:
            db.session.execute(sa.text("ANALYZE"))
            db.session.commit()
        db.engine.dispose()
    return {"threads": thread_count, "posts": len(posts)}


def _backend_cpu_ms(pid: int | None) -> float:
    """CPU time used so far by a PostgreSQL backend on this machine (0 when unknown)."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def search_latency(url: str, instance: Path) -> tuple[float, float, float, float, float]:
    """(median ms, p95 ms, mean results, median and p95 CPU ms) of the search behind
    /exchanges/?q=…, as a member. CPU time is this process's, plus, for a PostgreSQL
    server on this machine, its backend's (read from /proc): it stays comparable when
    other work loads the machine, which wall time does not."""
    from forum import create_app
    from forum.exchanges import queries
    from forum.extensions import db
    from forum.models import User

    rng = random.Random(9)
    app = create_app(settings_for(url, instance))
    timings, cpu_times, results = [], [], []
    with app.app_context():
        viewer = db.session.scalars(sa.select(User).limit(1)).one()
        backend = None
        if db.engine.dialect.name == "postgresql":
            backend = db.session.scalar(sa.text("SELECT pg_backend_pid()"))
            if not Path(f"/proc/{backend}/stat").exists():
                backend = None
        texts = []
        for n in range(SEARCH_QUERIES):
            kind = n % 5
            if kind == 0:
                texts.append(rng.choice(WORDS))
            elif kind == 1:
                texts.append(" ".join(rng.sample(WORDS, 2)))
            elif kind == 2:
                texts.append(rng.choice(RARE))
            elif kind == 3:
                texts.append(f'"{rng.choice(WORDS)} {rng.choice(WORDS)}"')
            else:
                texts.append(rng.choice(WORDS)[:4])
        queries.list_threads(viewer, queries.Filters(text="lawyer", sort="relevance"))
        for text in texts:
            started, cpu = time.perf_counter(), time.process_time()
            server = _backend_cpu_ms(backend)
            page = queries.list_threads(viewer, queries.Filters(text=text, sort="relevance"))
            timings.append((time.perf_counter() - started) * 1000)
            cpu_times.append((time.process_time() - cpu) * 1000 + _backend_cpu_ms(backend) - server)
            results.append(page.total)
            db.session.rollback()
        db.engine.dispose()
    ordered, cpu = sorted(timings), sorted(cpu_times)
    last = min(len(ordered) - 1, int(0.95 * len(ordered)))
    return (
        statistics.median(ordered),
        ordered[last],
        statistics.mean(results),
        statistics.median(cpu),
        cpu[last],
    )


@contextmanager
def scratch_postgres() -> Iterator[str | None]:
    name = f"forum_bench_exchanges_{os.getpid()}"
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as error:
        print(f"PostgreSQL not reachable ({error.__class__.__name__}): skipped.")
        admin.dispose()
        yield None
        return
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def http_ratios(url: str, instance: Path, seconds: float) -> None:
    env = settings_for(url, instance)
    with gunicorn("bench.bare:app") as base:
        bare = measure(base, "/", seconds=seconds)
    print(report("bare Flask endpoint", bare))
    with gunicorn("wsgi:app", env=env) as base:
        layout = measure(base, "/auth/login", seconds=seconds)
        thread = measure(
            base, "/exchanges/1-legal-support-network-for-women-defenders", seconds=seconds
        )
        listing = measure(
            base, "/exchanges/?region=africa&risk=criminalisation&sort=activity", seconds=seconds
        )
    # For scale: a page that is little more than the site's layout, which every page pays.
    print(report("sign-in page (layout + small form)", layout, bare))
    print(report(f"thread page, {THREAD_REPLIES} replies", thread, bare))
    print(report("filtered list page", listing, bare))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--posts", type=int, default=50_000)
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--search-only", action="store_true", help="skip the pages (HTTP ratios)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-exchanges-") as tmp:
        instance = Path(tmp)
        sqlite_url = f"sqlite:///{instance / 'bench.sqlite3'}"
        started = time.perf_counter()
        sizes = build(sqlite_url, instance, args.posts)
        print(
            f"SQLite: {sizes['posts']} posts in {sizes['threads']} threads, "
            f"generated in {time.perf_counter() - started:.1f} s"
        )
        if not args.search_only:
            http_ratios(sqlite_url, instance, args.seconds)
        median, p95, hits, cpu_median, cpu_p95 = search_latency(sqlite_url, instance)
        print(
            f"search, SQLite FTS5 ({SEARCH_QUERIES} queries)     median {median:7.1f} ms  "
            f"p95 {p95:7.1f} ms  mean results {hits:.0f}  "
            f"(CPU median {cpu_median:.1f} ms, p95 {cpu_p95:.1f} ms)"
        )
        if args.sqlite_only:
            return 0
        with scratch_postgres() as postgres_url:
            if postgres_url:
                started = time.perf_counter()
                sizes = build(postgres_url, instance, args.posts)
                print(
                    f"PostgreSQL: {sizes['posts']} posts, generated in "
                    f"{time.perf_counter() - started:.1f} s"
                )
                if not args.search_only:
                    http_ratios(postgres_url, instance, args.seconds)
                median, p95, hits, cpu_median, cpu_p95 = search_latency(postgres_url, instance)
                print(
                    f"search, PostgreSQL tsvector ({SEARCH_QUERIES} queries) median "
                    f"{median:7.1f} ms  p95 {p95:7.1f} ms  mean results {hits:.0f}  "
                    f"(CPU with the server's backend: median {cpu_median:.1f} ms, "
                    f"p95 {cpu_p95:.1f} ms)"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
