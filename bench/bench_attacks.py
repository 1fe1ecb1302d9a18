"""Attack patterns benchmark, one run: /attacks/patterns over 100,000 incidents as a ratio
to a bare Flask endpoint served the same way, on SQLite (a file) and PostgreSQL.

Incidents are spread over the last 30 months and 25 countries, each with one or two
acts, zero to two defender groups, a perpetrator, mostly a response, and consents (90 %
to aggregate publication); 92 % are verified. Measured as a signed-in member: the whole
page (seven tables, three charts, the map), the page with the outcome filters, and one
CSV table. PostgreSQL is skipped, with a note, when the server does not answer (see
`bench_exchanges.scratch_postgres`).

    python bench/bench_attacks.py [--seconds 5] [--incidents 100000] [--sqlite-only]
                                  [--postgres-url URL] [--queries-only]
    make bench BENCH=attacks                                 # 100,000 incidents
    make bench BENCH=attacks BENCH_ATTACKS_INCIDENTS=10000   # a quick run

Building 100,000 incidents takes one to four minutes per database on a busy machine;
`BENCH_ATTACKS_INCIDENTS` (or `--incidents`) makes a smaller set for routine runs.
`--postgres-url` measures in a database of your own (it is emptied first) instead of a
scratch one. Before the pages, each of the ten tally queries is timed on its own, all
rows fetched, uncached.
"""

from __future__ import annotations

import argparse
import os
import random
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

from bench import wrk  # noqa: E402
from bench.bench_exchanges import scratch_postgres, settings_for  # noqa: E402
from bench.bench_insights import PASSWORD, USER_AGENT, member_cookie  # noqa: E402
from bench.serving import gunicorn, measure, report  # noqa: E402

COUNTRIES = ["CO", "GT", "HN", "MX", "BR", "PE", "KE", "CD", "UG", "ZW", "CM", "PH", "IN"]
COUNTRIES += ["MM", "NP", "KH", "RU", "TR", "AZ", "BY", "EG", "PS", "TN", "SA", "NI"]


def build(url: str, instance: Path, total: int) -> dict[str, int]:
    """Migrate, then bulk-insert a member and `total` incidents with their children."""
    os.environ.update(settings_for(url, instance))
    from flask_migrate import upgrade

    from forum import create_app
    from forum.attacks import labels
    from forum.attacks.models import (
        Act,
        Consent,
        Incident,
        Perpetrator,
        Response,
        TargetGroup,
    )
    from forum.attacks.services import refresh_published
    from forum.auth.services import create_user
    from forum.extensions import db
    from forum.models import utcnow

    cheap_hashing = {"FORUM_PASSWORD_TIME_COST": "1", "FORUM_PASSWORD_MEMORY_KIB": "8"}
    app = create_app({**settings_for(url, instance), **cheap_hashing})
    rng = random.Random(14)
    subtypes = {v: list(codes) for v, codes in labels.SUBTYPES.items()}
    branches = {k: list(codes) for k, codes in labels.PERPETRATOR_BRANCHES.items()}
    groups = list(labels.GROUPS)
    with app.app_context():
        upgrade()
        create_user("benchmember", "Bench member", PASSWORD)
        db.session.commit()
        today = utcnow().date()
        rows: dict[type, list[dict]] = {
            Incident: [],
            Act: [],
            TargetGroup: [],
            Perpetrator: [],
            Response: [],
            Consent: [],
        }
        for n in range(1, total + 1):
            occurred = today - timedelta(days=rng.randint(1, 900))
            rows[Incident].append(
                {
                    "id": n,
                    "status": "verified" if rng.random() < 0.92 else "reported",
                    "origin": "staff",
                    "occurred_on": occurred,
                    "date_precision": rng.choice(["day", "day", "month", "year"]),
                    "country": rng.choice(COUNTRIES),
                    "setting": rng.choice(list(labels.SETTINGS)),
                    "target_gender": rng.choice(list(labels.GENDERS)),
                    "previously_threatened": rng.choice(list(labels.PREVIOUS_THREATS)),
                    "received_on": occurred,
                    "stat_key": rng.randrange(256),
                }
            )
            for violation in rng.sample(list(subtypes), rng.choice([1, 1, 2])):
                rows[Act].append({"incident_id": n, "violation": violation, "subtype": "other"})
            for group in rng.sample(groups, rng.choice([0, 1, 1, 2])):
                rows[TargetGroup].append({"incident_id": n, "group": group})
            kind = rng.choice(list(branches))
            rows[Perpetrator].append(
                {"incident_id": n, "kind": kind, "branch": rng.choice(branches[kind])}
            )
            if rng.random() < 0.7:
                rows[Response].append(
                    {
                        "incident_id": n,
                        "kind": rng.choice(list(labels.RESPONSES)),
                        "outcome": rng.choice(list(labels.OUTCOMES)),
                        "noted_on": occurred,
                    }
                )
            for use in ["internal", "aggregate"] if rng.random() < 0.9 else ["internal"]:
                rows[Consent].append({"incident_id": n, "use": use, "given_on": occurred})
        for model, values in rows.items():
            for start in range(0, len(values), 5000):
                db.session.execute(sa.insert(model), values[start : start + 5000])
        # Written in bulk, past the services that keep each record's published flag.
        refresh_published()
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("ANALYZE")
        else:
            db.session.execute(sa.text("ANALYZE"))
            db.session.commit()
        db.engine.dispose()
    return {"incidents": total, "acts": len(rows[Act])}


PAGES = (
    ("attack patterns, member (7 tables, map)", "/attacks/patterns"),
    (
        "attack patterns, outcome filters",
        "/attacks/patterns?response=relocation&group=women&setting=rural",
    ),
    ("attack patterns CSV (regions)", "/attacks/patterns/regions.csv"),
)


def _wrk_line(label: str, result: wrk.Result, bare: wrk.Result | None) -> str:
    ratio = f"{result.rps / bare.rps:6.3f}" if bare and bare.rps else "   —  "
    return (
        f"{label:<44} {result.rps:8.1f} req/s  ratio {ratio}  "
        f"p50 {result.p50_ms:7.1f} ms  p95 {result.p95_ms:7.1f} ms  errors {result.errors}"
    )


def _first_answer(url: str, headers: dict[str, str]) -> float:
    """Seconds for one request on a quiet server (what the first viewer waits)."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
    started = time.perf_counter()
    connection.request("GET", f"{parts.path}?{parts.query}" if parts.query else parts.path,
                       headers=headers)  # fmt: skip
    answer = connection.getresponse()
    answer.read()
    connection.close()
    if answer.status != 200:
        raise SystemExit(f"{url} answered {answer.status}")
    return time.perf_counter() - started


def _label(statement: str) -> str:
    """A tally query named by what it groups by (or by its filter when it groups nothing)."""
    flat = " ".join(statement.split())
    if " GROUP BY " in flat:
        return "by " + flat.split(" GROUP BY ", 1)[1][:70]
    return "total " + flat.split(" WHERE ", 1)[-1][:64]


def query_times(url: str, instance: Path, rounds: int = 3) -> None:
    """Each tally query of the page, uncached, timed on its own with all its rows fetched
    (best of `rounds`): the statements `forum.attacks.patterns.build` issues for the
    default filters, captured once and run again one by one."""
    os.environ.update(settings_for(url, instance))
    from forum import create_app
    from forum.attacks.patterns import Filters, build
    from forum.extensions import db
    from forum.models import utcnow

    app = create_app({**settings_for(url, instance), "FORUM_INSIGHTS_CACHE_SECONDS": 0})
    with app.test_request_context("/attacks/patterns"):
        statements: list[tuple[str, object]] = []

        def capture(_conn, _cursor, statement, parameters, *_rest) -> None:  # noqa: ANN001
            if "attack_" in statement:
                statements.append((statement, parameters))

        sa.event.listen(db.engine, "before_cursor_execute", capture)
        build(Filters(), utcnow().date())
        sa.event.remove(db.engine, "before_cursor_execute", capture)
        totals = []
        for _round in range(rounds):
            begun = time.perf_counter()
            build(Filters(), utcnow().date())
            totals.append(time.perf_counter() - begun)
            db.session.rollback()
        connection = db.session.connection()
        print(f"tally queries, uncached (best of {rounds}, rows fetched): {len(statements)}")
        for statement, parameters in statements:
            best = float("inf")
            for _round in range(rounds):
                begun = time.perf_counter()
                connection.exec_driver_sql(statement, parameters).fetchall()
                best = min(best, time.perf_counter() - begun)
            print(f"   {best * 1000:8.1f} ms  {_label(statement)}")
        whole = min(totals) * 1000
        print(f"   {whole:8.1f} ms  the whole page's figures (build, best of {rounds})")
        db.session.rollback()
        db.engine.dispose()


def http_ratios(url: str, instance: Path, seconds: float) -> None:
    """Each page against the bare endpoint in the same run, with wrk when installed: once
    as deployed (the tallies shared for a minute) and once with that cache off, which is
    what the first viewer after any change waits for."""
    use_wrk = wrk.available()
    with gunicorn("bench.bare:app") as base:
        bare = (
            wrk.run(base + "/", seconds=seconds) if use_wrk else measure(base, "/", seconds=seconds)
        )
    print(
        ("wrk -t2 -c8; " if use_wrk else "Python driver (install wrk); ") + "gunicorn 2 × 4 threads"
    )
    print(
        _wrk_line("bare Flask endpoint", bare, None)
        if use_wrk
        else report("bare Flask endpoint", bare)
    )
    for cache, seconds_kept in (("tallies cached", "60"), ("no cache", "0")):
        env = {**settings_for(url, instance), "FORUM_INSIGHTS_CACHE_SECONDS": seconds_kept}
        with gunicorn("wsgi:app", env=env) as base:
            headers = {"Cookie": member_cookie(base), "User-Agent": USER_AGENT}
            for label, path in PAGES:
                cold = _first_answer(base + path, headers)
                print(f"   first answer ({cache}): {cold * 1000:.0f} ms — {path}")
                if seconds_kept != "0":
                    # Every worker process counts once for itself before it shares: let
                    # them all do so, unmeasured, so that the run measures the cache.
                    measure(base, path, seconds=seconds, headers=headers, warmup=0)
                if use_wrk:
                    result = wrk.run(base + path, seconds=seconds, headers=headers)
                    print(_wrk_line(f"{label}, {cache}", result, bare))
                else:
                    result = measure(base, path, seconds=seconds, headers=headers)
                    print(report(f"{label}, {cache}", result, bare))


@contextmanager
def _postgres(url: str | None) -> Iterator[str | None]:
    """A scratch database, or the one named on the command line emptied first."""
    if url is None:
        with scratch_postgres() as scratch:
            yield scratch
        return
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    yield url


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument(
        "--incidents",
        type=int,
        default=int(os.environ.get("BENCH_ATTACKS_INCIDENTS", "100000")),
        help="default 100,000 (the recorded figure); 10,000 for a quick run",
    )
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")
    parser.add_argument(
        "--postgres-url",
        help="use this (emptied!) database instead of a scratch one, e.g. your test database",
    )
    parser.add_argument(
        "--queries-only", action="store_true", help="time the tally queries, skip wrk"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-attacks-") as tmp:
        instance = Path(tmp)
        sqlite_url = f"sqlite:///{instance / 'bench.sqlite3'}"
        started = time.perf_counter()
        sizes = build(sqlite_url, instance, args.incidents)
        print(
            f"SQLite: {sizes['incidents']} incidents ({sizes['acts']} acts), "
            f"generated in {time.perf_counter() - started:.1f} s"
        )
        query_times(sqlite_url, instance)
        if not args.queries_only:
            http_ratios(sqlite_url, instance, args.seconds)
        if args.sqlite_only:
            return 0
        with _postgres(args.postgres_url) as postgres_url:
            if postgres_url:
                started = time.perf_counter()
                sizes = build(postgres_url, instance, args.incidents)
                print(
                    f"PostgreSQL: {sizes['incidents']} incidents, generated in "
                    f"{time.perf_counter() - started:.1f} s"
                )
                query_times(postgres_url, instance)
                if not args.queries_only:
                    http_ratios(postgres_url, instance, args.seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
