"""How far published figures are from the truth: the cost of the cell key method.

Builds the insights benchmark's data (50,000 posts, bench_insights.build) in a scratch
SQLite file, then for no filter and every single filter value computes each table's true
tallies and the published figures, and reports over every cell and total: the mean
absolute error of shown figures, the share of figures changed, the share hidden ("<5"),
and whether each risk type's monthly trend keeps its direction (month-on-month rises and
falls that are published the same way as they truly are).

    python bench/bench_statistics_utility.py [--posts 50000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_exchanges import settings_for  # noqa: E402
from bench.bench_insights import build  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        instance = Path(tmp)
        url = f"sqlite:///{instance / 'bench.sqlite3'}"
        sizes = build(url, instance, args.posts)
        from forum import create_app, taxonomy
        from forum.i18n import LOCALES
        from forum.insights import queries
        from forum.insights.services import TABLE_KEYS, _publish
        from forum.statistics.figures import Tally, publish
        from forum.statistics.tables import PublishedTable

        app = create_app(settings_for(url, instance))
        errors: list[int] = []
        hidden = changed = figures = 0
        same_direction = steps = 0
        with app.app_context():
            import sqlalchemy as sa

            from forum.extensions import db
            from forum.models import User

            member = db.session.scalar(sa.select(User).where(User.username == "benchmember"))
            filters = [queries.InsightFilters()]
            filters += [queries.InsightFilters(region=r) for r in taxonomy.REGIONS]
            filters += [queries.InsightFilters(risk=r) for r in taxonomy.RISK_TYPES]
            filters += [queries.InsightFilters(language=code) for code in LOCALES]
            for f in filters:
                counts = queries.count_exchanges(member, f)
                tables: dict[str, PublishedTable] = _publish(counts, f, TABLE_KEYS)
                sources = {
                    "regions": (counts.heat, f.regions, f.risks),
                    "trend": (counts.trend, counts.months, f.risks),
                    "groups": (
                        {("all", g): t for g, t in counts.groups.items()},
                        ["all"],
                        f.groups,
                    ),
                    "outcomes": (counts.outcomes, f.risks, queries.OUTCOME_CODES),
                }
                for key, (tallies, rows, cols) in sources.items():
                    truth = [[tallies.get((r, c), Tally()) for c in cols] for r in rows]
                    cells = [t for row in truth for t in row]
                    totals = [Tally.total(row) for row in truth]
                    totals += [Tally.total(row[j] for row in truth) for j in range(len(cols))]
                    totals.append(Tally.total(cells))
                    for tally in cells + totals:
                        figure = publish(tally)
                        figures += 1
                        if figure.hidden:
                            hidden += 1
                        else:
                            errors.append(abs(figure.value - tally.count))
                            changed += figure.value != tally.count
                    if key == "trend":
                        table = tables[key]
                        for j in range(len(cols)):
                            true = [truth[i][j].count for i in range(len(rows))]
                            shown = [table.cells[i][j].value for i in range(len(rows))]
                            for i in range(1, len(rows)):
                                if shown[i] is None or shown[i - 1] is None:
                                    continue
                                if true[i] == true[i - 1]:
                                    continue
                                steps += 1
                                same_direction += (shown[i] - shown[i - 1] > 0) == (
                                    true[i] - true[i - 1] > 0
                                )
        mae = sum(errors) / len(errors)
        print(f"data: {sizes}; {len(filters)} filter settings, {figures} figures")
        print(f"mean absolute error of shown figures: {mae:.2f} (max {max(errors)})")
        print(
            f"shown figures changed: {changed / len(errors):.0%}; "
            f"hidden (<5): {hidden / figures:.1%}"
        )
        print(
            f"trend steps keeping their direction: {same_direction}/{steps} "
            f"= {same_direction / steps:.1%}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
