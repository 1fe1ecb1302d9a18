"""Insights benchmark, one run: /insights/ over 50,000 posts as a ratio to a bare Flask
endpoint served the same way, on SQLite (a file) and PostgreSQL.

Posts are spread over the last 30 months, each thread tagged with one or two regions,
risk types and defender groups. Measured: the page as a signed-in member (every table and
chart), the public subset for visitors (switched on for the run), and one CSV table,
first with the counts cache off (every request counts), then on (as deployed).
PostgreSQL is skipped, with a note, when the server does not answer (see
`bench_exchanges.scratch_postgres`).

    python bench/bench_insights.py [--seconds 5] [--posts 50000] [--sqlite-only]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_exchanges import scratch_postgres, settings_for  # noqa: E402
from bench.serving import gunicorn, measure, report  # noqa: E402

POSTS_PER_THREAD = 10
PASSWORD = "bench passphrase long"  # noqa: S105 - a throwaway benchmark account
USER_AGENT = "convene-bench"


def build(url: str, instance: Path, total_posts: int) -> dict[str, int]:
    """Migrate, then bulk-insert a member, threads with tags and their posts."""
    os.environ.update(settings_for(url, instance))
    from flask_migrate import upgrade

    from forum import create_app, taxonomy
    from forum.auth.services import create_user
    from forum.exchanges.models import Post, Thread, ThreadGroup, ThreadRegion, ThreadRisk
    from forum.extensions import db
    from forum.insights.models import INSIGHTS_PUBLIC, SiteSetting
    from forum.models import utcnow

    cheap_hashing = {"FORUM_PASSWORD_TIME_COST": "1", "FORUM_PASSWORD_MEMORY_KIB": "8"}
    app = create_app({**settings_for(url, instance), **cheap_hashing})
    rng = random.Random(7)
    regions, risks, groups = (
        list(taxonomy.REGIONS),
        list(taxonomy.RISK_TYPES),
        list(taxonomy.DEFENDER_GROUPS),
    )
    with app.app_context():
        upgrade()
        create_user("benchmember", "Bench member", PASSWORD)
        db.session.add(SiteSetting(key=INSIGHTS_PUBLIC, value="on"))
        db.session.commit()
        now = utcnow()
        count = max(1, total_posts // POSTS_PER_THREAD)
        threads, tags = [], {ThreadRegion: [], ThreadRisk: [], ThreadGroup: []}
        for n in range(1, count + 1):
            created = now - timedelta(days=rng.randint(0, 900), minutes=n)
            threads.append(
                {
                    "id": n,
                    "title": f"Thread {n}",
                    "language": rng.choice(["en", "es", "fr", "pt", "ar"]),
                    "visibility": rng.choice(["public", "members", "members"]),
                    "outcome": rng.choice(["worked", "partly", "failed", None]),
                    "reply_count": POSTS_PER_THREAD - 1,
                    "created_at": created,
                    "last_activity_at": created,
                }
            )
            for model, column, values in (
                (ThreadRegion, "region", regions),
                (ThreadRisk, "risk", risks),
                (ThreadGroup, "defender_group", groups),
            ):
                for value in rng.sample(values, rng.choice([1, 1, 2])):
                    tags[model].append({"thread_id": n, column: value})
        db.session.execute(sa.insert(Thread), threads)
        for model, rows in tags.items():
            db.session.execute(sa.insert(model), rows)
        posts, next_id = [], 1
        for thread in threads:
            opening = next_id
            for index in range(POSTS_PER_THREAD):
                posts.append(
                    {
                        "id": next_id,
                        "thread_id": thread["id"],
                        "parent_id": None if index == 0 else opening,
                        "is_opening": index == 0,
                        "body": "text",
                        "body_html": "<p>text</p>",
                        "language": thread["language"],
                        "created_at": thread["created_at"] + timedelta(hours=index * 9),
                    }
                )
                next_id += 1
        for start in range(0, len(posts), 5000):
            db.session.execute(sa.insert(Post), posts[start : start + 5000])
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("ANALYZE")
        else:
            db.session.execute(sa.text("ANALYZE"))
            db.session.commit()
        db.engine.dispose()
    return {"threads": count, "posts": len(posts)}


def member_cookie(base: str) -> str:
    """Sign in through the real form (CSRF included) and return the session cookie."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", USER_AGENT)]
    page = opener.open(f"{base}/auth/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    fields = {"username": "benchmember", "password": PASSWORD}
    if token:
        fields["csrf_token"] = token.group(1)
    opener.open(f"{base}/auth/login", data=urllib.parse.urlencode(fields).encode()).read()
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    if "session=" not in cookie:
        raise RuntimeError("could not sign in the benchmark member")
    return cookie


def http_ratios(url: str, instance: Path, seconds: float) -> None:
    """Each page counted afresh on every request (cache off), then as served (cache on)."""
    with gunicorn("bench.bare:app") as base:
        bare = measure(base, "/", seconds=seconds)
    print(report("bare Flask endpoint", bare))
    for label, cache_seconds in (("counted every time", "0"), ("counts cached", "60")):
        env = {**settings_for(url, instance), "FORUM_INSIGHTS_CACHE_SECONDS": cache_seconds}
        with gunicorn("wsgi:app", env=env) as base:
            headers = {"Cookie": member_cookie(base), "User-Agent": USER_AGENT}
            member = measure(base, "/insights/", seconds=seconds, headers=headers)
            filtered = measure(
                base, "/insights/?period=12&region=africa", seconds=seconds, headers=headers
            )
            csv = measure(base, "/insights/trend.csv", seconds=seconds, headers=headers)
            public = measure(base, "/insights/", seconds=seconds)
        print(f"-- {label}")
        print(report("insights, member (4 tables)", member, bare))
        print(report("insights, member, filtered", filtered, bare))
        print(report("insights CSV (trend), member", csv, bare))
        print(report("insights, public subset", public, bare))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--posts", type=int, default=50_000)
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-insights-") as tmp:
        instance = Path(tmp)
        sqlite_url = f"sqlite:///{instance / 'bench.sqlite3'}"
        started = time.perf_counter()
        sizes = build(sqlite_url, instance, args.posts)
        print(
            f"SQLite: {sizes['posts']} posts in {sizes['threads']} threads, "
            f"generated in {time.perf_counter() - started:.1f} s"
        )
        http_ratios(sqlite_url, instance, args.seconds)
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
                http_ratios(postgres_url, instance, args.seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
