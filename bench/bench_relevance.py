"""Relevance of exchanges search: recall@10 and MRR over the 60 queries of
`bench/relevance/queries.json`, on the demo exchanges, on SQLite and PostgreSQL.

Each query is asked by a member (members-only threads count) whose interface language is
the query's; the ranked thread titles (relevance order) are compared with the threads
judged relevant. recall@10 is the share of relevant threads in the first ten, averaged
over queries; MRR the mean of 1 / rank of the first relevant thread (0 when none).

    python bench/bench_relevance.py [--sqlite-only]

It measures whatever code it is run with: run it from an older checkout (e.g.
`git archive main`) to get the "before" figures (bench/relevance/RESULTS.md).
`tests/search/test_relevance.py` checks the floor (recall@10 ≥ 0.8) on both engines.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RELEVANCE_SET = Path(__file__).resolve().parent / "relevance" / "queries.json"
# The attack patterns kind's own set (views, not threads): tests/search/test_pattern_relevance.py.
PATTERNS_SET = Path(__file__).resolve().parent / "relevance" / "patterns.json"
POSTGRES_ADMIN_URL = os.environ.get(
    "FORUM_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
K = 10

Search = Callable[[str, str], list[str]]


def load_set(path: Path = RELEVANCE_SET) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["queries"]


@dataclass(frozen=True)
class Scores:
    recall: float
    mrr: float
    count: int


@dataclass(frozen=True)
class Report:
    overall: Scores
    by_language: dict[str, Scores]
    misses: list[tuple[str, str, list[str]]]  # (id, query, relevant threads not in top 10)


def _scores(rows: list[tuple[float, float]]) -> Scores:
    return Scores(
        statistics.fmean(r for r, _ in rows) if rows else 0.0,
        statistics.fmean(m for _, m in rows) if rows else 0.0,
        len(rows),
    )


def evaluate(search: Search, cases: list[dict]) -> Report:
    """Scores of `search(query, language) -> ranked titles` on `cases`."""
    per_language: dict[str, list[tuple[float, float]]] = {}
    every: list[tuple[float, float]] = []
    misses = []
    for case in cases:
        ranked = search(case["query"], case["language"])
        relevant = set(case["relevant"])
        top = ranked[:K]
        recall = len(relevant & set(top)) / len(relevant)
        first = next((place for place, title in enumerate(ranked, 1) if title in relevant), None)
        row = (recall, 1 / first if first else 0.0)
        every.append(row)
        per_language.setdefault(case["language"], []).append(row)
        missed = sorted(relevant - set(top))
        if missed:
            misses.append((case["id"], case["query"], missed))
    return Report(
        _scores(every), {lang: _scores(rows) for lang, rows in per_language.items()}, misses
    )


def app_search(viewer) -> Search:  # noqa: ANN001 - a User
    """Search as `viewer` through the list page's query, in the query's language."""
    from flask import current_app
    from flask_babel import force_locale

    from forum.exchanges import queries

    def search(text: str, language: str) -> list[str]:
        with current_app.test_request_context("/exchanges/"), force_locale(language):
            try:
                filters = queries.Filters(text=text, sort="relevance", reader_languages=(language,))
            except TypeError:  # code from before reader languages (the "before" run)
                filters = queries.Filters(text=text, sort="relevance")
            page = queries.list_threads(viewer, filters, 1, per_page=K)
            return [item.thread.title for item in page.items]

    return search


def seed_demo_exchanges() -> None:
    """Demo accounts and exchanges (no events needed), with the glossary if the code has
    one and its tables are empty (tests empty them; migrations seed them)."""
    from forum.demo import accounts, exchanges
    from forum.extensions import db

    list(accounts.seed_accounts())
    db.session.commit()
    list(exchanges.seed())
    db.session.commit()
    if "glossary_concepts" not in sa.inspect(db.engine).get_table_names():
        return  # code from before the glossary (the "before" run)
    from forum.search.glossary import services as glossary

    glossary.load_seed()
    db.session.commit()


def demo_member():  # noqa: ANN201
    from forum.extensions import db
    from forum.models import User

    return db.session.scalars(sa.select(User).where(User.username == "amina")).one()


def measure(url: str, instance: Path) -> Report:
    from flask_migrate import upgrade

    from forum import create_app
    from forum.extensions import db

    settings = {
        "FORUM_DATABASE_URL": url,
        "FORUM_INSTANCE_PATH": str(instance),
        "FORUM_ENV": "development",
        "FORUM_RATELIMIT_ENABLED": "0",
        "FORUM_LOG_LEVEL": "WARNING",
        "FORUM_PASSWORD_TIME_COST": "1",
        "FORUM_PASSWORD_MEMORY_KIB": "8",
    }
    os.environ.update(settings)
    app = create_app(settings)
    print(f"code: {Path(sys.modules['forum'].__file__).parent}")
    with app.app_context():
        upgrade()
        seed_demo_exchanges()
        report = evaluate(app_search(demo_member()), load_set())
        db.session.remove()
        db.engine.dispose()
    return report


@contextmanager
def scratch_postgres() -> Iterator[str | None]:
    name = f"forum_bench_relevance_{os.getpid()}"
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


def print_report(engine: str, report: Report, verbose: bool) -> None:
    print(f"{engine}: recall@{K} {report.overall.recall:.3f}  MRR {report.overall.mrr:.3f}")
    for language, scores in sorted(report.by_language.items()):
        print(f"  {language}: recall@{K} {scores.recall:.3f}  MRR {scores.mrr:.3f}")
    if verbose:
        for case_id, query, missed in report.misses:
            print(f"  missed {case_id} {query!r}: {'; '.join(missed)}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--misses", action="store_true", help="list what each query missed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-relevance-") as tmp:
        instance = Path(tmp)
        report = measure(f"sqlite:///{instance / 'relevance.sqlite3'}", instance)
        print_report("SQLite", report, args.misses)
        if args.sqlite_only:
            return 0
        with scratch_postgres() as url:
            if url:
                print_report("PostgreSQL", measure(url, instance), args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
