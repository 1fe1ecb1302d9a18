"""The organizers' registrations table at 2,000 registrations, against the event page and
the bare endpoint, measured with wrk in one run on SQLite and on PostgreSQL.

Issue 16 asks the table to cost no more, as a ratio to bare Flask, than the event page;
issue 19 asks staff pages to reach 0.05 of bare Flask. The data, the serving and the
measuring are `bench_pages.py`'s (demo data, an event with 2,000 registrations answering
a country and a sensitive question, gunicorn 2 gthread workers x 4 threads, `wrk -t2 -c8`,
a real organizer's session with its two-factor step), for these pages only:

* the event page, signed in as the organizer (the yardstick);
* the table's first page, a badge-name search, a country filter sorted by name, a
  sensitive-answer filter and a deep page.

For each: requests per second as a ratio to the bare endpoint, that ratio against the
event page's, and the server's CPU milliseconds per page, also against the event page's
(steadier than throughput on a machine shared with other work).

    python bench/bench_registration_table.py [--seconds 3] [--sqlite-only]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import bench_pages, wrk  # noqa: E402

YARDSTICK = ("organizer", "event page")


def wanted(page: bench_pages.Page) -> bool:
    return (page.who, page.label) == YARDSTICK or (
        page.who == "organizer" and page.label.startswith("registrations")
    )


def summary(name: str, rows: list) -> bool:
    """Prints each page against the event page; True when the first page of the table
    is no worse than the event page (ratio to bare) and reaches the staff goal."""
    event = next((r for r in rows if (r[0].who, r[0].label) == YARDSTICK), None)
    print(f"\n{name}: against bare Flask and the signed-in event page")
    print(
        f"{'page':<38} {'ratio':>6} {'CPU ms':>7} {'ratio / event page':>19} "
        f"{'CPU / event page':>17}"
    )
    held = True
    event_ratio = event[2].rps / event[1] if event and event[1] else 0.0
    event_cpu = event[3] if event else 0.0
    for page, bare, result, cpu, _bare_cpu in rows:
        ratio = result.rps / bare if bare else 0.0
        against = ratio / event_ratio if event_ratio else 0.0
        print(
            f"{page.label:<38} {ratio:6.3f} {cpu:7.1f} {against:19.2f} "
            f"{cpu / event_cpu if event_cpu else 0.0:17.2f}"
        )
        if page.label == f"registrations ({bench_pages.REGISTRATIONS})":
            held &= ratio >= bench_pages.STAFF_GOAL and against >= 1.0
    return held


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", 3)))
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    if not wrk.available():
        print("wrk is missing: `scripts/system-deps bench` installs it.")
        return 1
    keys = bench_pages.bench_keys()
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-table-") as tmp:
        sqlite_url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        results["SQLite"] = bench_pages.measure_engine(
            "SQLite", sqlite_url, Path(tmp), keys, args.seconds, "", wanted
        )
        if not args.sqlite_only:
            with bench_pages.scratch_postgres() as postgres_url:
                if postgres_url:
                    results["PostgreSQL"] = bench_pages.measure_engine(
                        "PostgreSQL", postgres_url, Path(tmp), keys, args.seconds, "", wanted
                    )
    held = True
    for name, rows in results.items():
        bench_pages.table(name, rows)
        held &= summary(name, rows)
    print(
        "\nthe table's first page is no worse than the event page and reaches the staff goal"
        if held
        else "\nthe table's first page is worse than the event page, or misses the staff goal"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
