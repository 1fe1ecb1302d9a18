"""The patterns of attacks, published through the disclosure-control layer only.

Every figure here is a `forum.statistics` `Figure`: the queries return true tallies
(count and the sum of the records' `stat_key`s) and `publish_table` turns them into
what pages, charts, the map and CSV files show. Only records `published_clause` admits
are ever counted (verified, with a standing aggregate consent), so withdrawing a consent
or rejecting a record takes it out of every table at once.

The counting unit is the incident. Where one incident can sit in several cells of a row
(two violation types, two defender groups), the cells count distinct (incident, code)
pairs and the row's total counts the incident once, published as a cell of its own.

Ten queries build the whole page, whatever the number of incidents. Each reads
published records through one indexed flag (`published_clause`), never a consent look-up
per record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

import sqlalchemy as sa
from flask_babel import gettext as _

from forum.attacks import labels
from forum.attacks.models import Act, Incident, Perpetrator, Response, TargetGroup
from forum.extensions import db
from forum.security.attacks import published_clause
from forum.statistics import cache as statistics_cache
from forum.statistics.display import DisplayCell, Formatter
from forum.statistics.figures import Figure, Tally
from forum.statistics.keys import key_sum
from forum.statistics.tables import PublishedTable, publish_series, publish_table
from forum.taxonomy import COUNTRY_REGION, REGIONS

MONTHS = 24
ALL = "all"


@dataclass(frozen=True)
class Filters:
    """The outcome table's circumstances: which response, for whom, where."""

    response: str = "legal"
    group: str | None = None
    setting: str | None = None


@dataclass
class ShownTable:
    """A published table ready for a template, its chart and its CSV file."""

    key: str
    title: str
    corner: str
    row_labels: list[str]
    col_labels: list[str]
    table: PublishedTable
    rows: list[list[DisplayCell]] = field(default_factory=list)
    row_totals: list[DisplayCell] = field(default_factory=list)
    col_totals: list[DisplayCell] = field(default_factory=list)
    grand_total: DisplayCell | None = None


@dataclass
class Patterns:
    tables: dict[str, ShownTable]
    countries: dict[str, Figure]
    formatter: Formatter
    filters: Filters
    months: list[str]


def _tallies(rows: Iterable[Sequence[object]]) -> dict[tuple, Tally]:
    """Rows of (*codes, count, key sum) → {codes: Tally}."""
    out: dict[tuple, Tally] = {}
    for row in rows:
        *codes, count, keys = row
        out[tuple(codes)] = Tally(int(count), int(keys))  # type: ignore[call-overload]
    return out


def _fold(tallies: dict[tuple, Tally], pick) -> dict:  # noqa: ANN001
    """Add up tallies by `pick(codes)`: exact whenever each record sits in one source
    cell per target cell (an incident has one country, one setting)."""
    out: dict = defaultdict(Tally)
    for codes, tally in tallies.items():
        target = pick(codes)
        if target is not None:
            out[target] = out[target] + tally
    return dict(out)


def _distinct_acts() -> sa.Subquery:
    return sa.select(Act.incident_id, Act.violation).distinct().subquery("acts")


def _counted(query: sa.Select) -> sa.Select:
    return query.where(published_clause())


def _month_columns() -> tuple[sa.ColumnElement, sa.ColumnElement]:
    return (
        sa.extract("year", Incident.occurred_on).label("y"),
        sa.extract("month", Incident.occurred_on).label("m"),
    )


def _months(today: date) -> list[tuple[int, int]]:
    year, month = today.year, today.month
    out = []
    for _step in range(MONTHS):
        out.append((year, month))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return out[::-1]


class Counts(NamedTuple):
    """The true tallies behind the page: what the disclosure-control layer publishes."""

    base: dict[tuple, Tally]
    by_month: dict[tuple, Tally]
    violations: dict[tuple, Tally]
    by_group_violation: dict[tuple, Tally]
    by_group: dict[tuple, Tally]
    by_perpetrator: dict[tuple, Tally]


def tally_all() -> Counts:
    """Six queries, whatever the number of incidents; the same for every filter."""
    count, keys = sa.func.count(), key_sum(Incident.stat_key)
    # 1. Incidents by country, setting and earlier threats: region and country totals,
    #    the map, settings, the share previously threatened and the grand total. Read
    #    from the covering index `ix_attack_incidents_published` alone.
    base = _tallies(
        db.session.execute(
            _counted(
                sa.select(
                    Incident.country, Incident.setting, Incident.previously_threatened, count, keys
                ).group_by(Incident.country, Incident.setting, Incident.previously_threatened)
            )
        )
    )
    # 2. By month (records known to the month or the day), counted by day in the order
    #    of `ix_attack_incidents_published_months` and added up by month here: exact,
    #    since a day lies in one month. Taking the month in SQL costs a date function per
    #    record (SQLite parses the text) and a sort; a day is one row per day in the data.
    by_day = _tallies(
        db.session.execute(
            _counted(
                sa.select(Incident.occurred_on, count, keys)
                .where(Incident.date_precision != "year")
                .group_by(Incident.occurred_on)
            )
        )
    )
    by_month = _fold(by_day, lambda c: (c[0].year, c[0].month))
    acts = _distinct_acts()
    # 3. Violations by country and setting (distinct incident × violation).
    violations = _tallies(
        db.session.execute(
            _counted(
                sa.select(Incident.country, Incident.setting, acts.c.violation, count, keys)
                .join(acts, acts.c.incident_id == Incident.id)
                .group_by(Incident.country, Incident.setting, acts.c.violation)
            )
        )
    )
    # 4. Violations by defender group, and 5. incidents by defender group.
    by_group_violation = _tallies(
        db.session.execute(
            _counted(
                sa.select(TargetGroup.group, acts.c.violation, count, keys)
                .join(TargetGroup, TargetGroup.incident_id == Incident.id)
                .join(acts, acts.c.incident_id == Incident.id)
                .group_by(TargetGroup.group, acts.c.violation)
            )
        )
    )
    by_group = _tallies(
        db.session.execute(
            _counted(
                sa.select(TargetGroup.group, count, keys)
                .join(TargetGroup, TargetGroup.incident_id == Incident.id)
                .group_by(TargetGroup.group)
            )
        )
    )
    # 6. Perpetrator types (distinct incident × kind × branch), by region.
    perpetrators = sa.select(Perpetrator.incident_id, Perpetrator.kind, Perpetrator.branch)
    perpetrators = perpetrators.distinct().subquery("perpetrators")
    by_perpetrator = _tallies(
        db.session.execute(
            _counted(
                sa.select(Incident.country, perpetrators.c.kind, perpetrators.c.branch, count, keys)
                .join(perpetrators, perpetrators.c.incident_id == Incident.id)
                .group_by(Incident.country, perpetrators.c.kind, perpetrators.c.branch)
            )
        )
    )
    return Counts(base, by_month, violations, by_group_violation, by_group, by_perpetrator)


def build(filters: Filters, today: date) -> Patterns:
    """The published tables. The tallies under them are shared for a minute
    (`forum.statistics.cache`): everyone allowed to see patterns sees the same ones,
    and only the outcome table depends on the filters."""
    counts = statistics_cache.cached(("attack-patterns",), tally_all)
    base, by_month, violations, by_group_violation, by_group, by_perpetrator = counts
    outcome = statistics_cache.cached(("attack-outcomes", filters), lambda: _outcomes(filters))

    formatter = Formatter()
    grand = Tally.total(base.values())
    tables: dict[str, ShownTable] = {}

    months = _months(today)
    month_keys = [f"{yy:04d}-{mm:02d}" for yy, mm in months]
    month_tallies = {f"{int(yy):04d}-{int(mm):02d}": tally for (yy, mm), tally in by_month.items()}
    tables["months"] = _shown(
        "months",
        _("Incidents by month"),
        _("Month"),
        [_("Incidents")],
        month_keys,
        publish_series(month_tallies, month_keys),
        formatter,
    )

    region_codes = list(REGIONS)
    violation_codes = list(labels.VIOLATIONS)
    region_violation = _fold(violations, lambda c: (COUNTRY_REGION.get(c[0]), c[2]))
    region_totals = _fold(base, lambda c: COUNTRY_REGION.get(c[0]))
    violation_totals = _fold(violations, lambda c: c[2])
    tables["regions"] = _shown(
        "regions",
        _("Violations by region"),
        _("Region"),
        [str(REGIONS[r]) for r in region_codes],
        [str(labels.VIOLATIONS[v]) for v in violation_codes],
        publish_table(
            region_violation,
            region_codes,
            violation_codes,
            row_totals=region_totals,
            col_totals=violation_totals,
            grand_total=grand,
        ),
        formatter,
    )

    group_codes = [ALL, *labels.GROUPS]
    group_cells = {(g, v): t for (g, v), t in by_group_violation.items()}
    group_cells.update({(ALL, v): t for v, t in violation_totals.items()})
    group_totals = {g: t for (g,), t in by_group.items()}
    group_totals[ALL] = grand
    tables["groups"] = _shown(
        "groups",
        _("Women and other groups of defenders against all incidents"),
        _("Defenders"),
        [_("All incidents"), *(str(labels.GROUPS[g]) for g in labels.GROUPS)],
        [str(labels.VIOLATIONS[v]) for v in violation_codes],
        publish_table(
            group_cells,
            group_codes,
            violation_codes,
            row_totals=group_totals,
            col_totals=violation_totals,
            grand_total=grand,
        ),
        formatter,
    )

    setting_codes = list(labels.SETTINGS)
    tables["settings"] = _shown(
        "settings",
        _("Urban, rural and isolated communities"),
        _("Setting"),
        [str(labels.SETTINGS[s]) for s in setting_codes],
        [str(labels.VIOLATIONS[v]) for v in violation_codes],
        publish_table(
            _fold(violations, lambda c: (c[1], c[2])),
            setting_codes,
            violation_codes,
            row_totals=_fold(base, lambda c: c[1]),
            col_totals=violation_totals,
            grand_total=grand,
        ),
        formatter,
    )

    branch_codes = [
        (kind, branch)
        for kind, branches in labels.PERPETRATOR_BRANCHES.items()
        for branch in branches
    ]
    tables["perpetrators"] = _shown(
        "perpetrators",
        _("Perpetrators by region"),
        _("Perpetrator"),
        [
            f"{labels.PERPETRATOR_KINDS[k]}: {labels.PERPETRATOR_BRANCHES[k][b]}"
            for k, b in branch_codes
        ],
        [str(REGIONS[r]) for r in region_codes],
        publish_table(
            _fold(by_perpetrator, lambda c: ((c[1], c[2]), COUNTRY_REGION.get(c[0]))),
            branch_codes,
            region_codes,
            col_totals=region_totals,
            grand_total=grand,
        ),
        formatter,
    )

    threat_codes = list(labels.PREVIOUS_THREATS)
    tables["threatened"] = _shown(
        "threatened",
        _("Threatened before the attack, by setting"),
        _("Threatened before"),
        [str(labels.PREVIOUS_THREATS[t]) for t in threat_codes],
        [str(labels.SETTINGS[s]) for s in setting_codes],
        publish_table(
            _fold(base, lambda c: (c[2], c[1])), threat_codes, setting_codes, grand_total=grand
        ),
        formatter,
    )

    outcome_codes = list(labels.OUTCOMES)
    cells, row_totals, col_totals, outcome_grand = outcome
    tables["outcomes"] = _shown(
        "outcomes",
        _(
            "What worked: outcomes of %(response)s by violation",
            response=labels.RESPONSES[filters.response],
        ),
        _("Violation"),
        [str(labels.VIOLATIONS[v]) for v in violation_codes],
        [str(labels.OUTCOMES[o]) for o in outcome_codes],
        publish_table(
            cells,
            violation_codes,
            outcome_codes,
            row_totals=row_totals,
            col_totals=col_totals,
            grand_total=outcome_grand,
        ),
        formatter,
    )

    country_tallies = _fold(base, lambda c: c[0])
    country_table = publish_series(country_tallies, sorted(COUNTRY_REGION))
    countries = dict(zip(country_table.cols, country_table.cells[0], strict=True))
    return Patterns(
        tables=tables, countries=countries, formatter=formatter, filters=filters, months=month_keys
    )


def _outcomes(filters: Filters) -> tuple[dict, dict, dict, Tally]:
    """Outcome of one kind of response, by violation, among incidents of a defender group
    and a setting (both optional): four queries, the totals counting incidents once."""
    count, keys = sa.func.count(), key_sum(Incident.stat_key)
    responses = (
        sa.select(Response.incident_id, Response.outcome)
        .where(Response.kind == filters.response)
        .distinct()
        .subquery("responses")
    )
    acts = _distinct_acts()

    def scoped(query: sa.Select) -> sa.Select:
        query = _counted(query)
        if filters.setting:
            query = query.where(Incident.setting == filters.setting)
        if filters.group:
            query = query.where(
                sa.exists().where(
                    TargetGroup.incident_id == Incident.id, TargetGroup.group == filters.group
                )
            )
        return query

    # The incidents with this kind of response, each once: read from the responses' own
    # index (`ix_attack_responses_kind`), a few thousand rows, where asking every published
    # incident whether it has one costs a look-up per incident.
    responded = (
        sa.select(Response.incident_id)
        .where(Response.kind == filters.response)
        .distinct()
        .subquery("responded")
    )
    cells = _tallies(
        db.session.execute(
            scoped(
                sa.select(acts.c.violation, responses.c.outcome, count, keys)
                .join(acts, acts.c.incident_id == Incident.id)
                .join(responses, responses.c.incident_id == Incident.id)
                .group_by(acts.c.violation, responses.c.outcome)
            )
        )
    )
    rows = _tallies(
        db.session.execute(
            scoped(
                sa.select(acts.c.violation, count, keys)
                .select_from(Incident)
                .join(responded, responded.c.incident_id == Incident.id)
                .join(acts, acts.c.incident_id == Incident.id)
                .group_by(acts.c.violation)
            )
        )
    )
    cols = _tallies(
        db.session.execute(
            scoped(
                sa.select(responses.c.outcome, count, keys)
                .join(responses, responses.c.incident_id == Incident.id)
                .group_by(responses.c.outcome)
            )
        )
    )
    grand = _tallies(
        db.session.execute(
            scoped(
                sa.select(count, keys)
                .select_from(Incident)
                .join(responded, responded.c.incident_id == Incident.id)
            )
        )
    )
    return (
        cells,
        {v: t for (v,), t in rows.items()},
        {o: t for (o,), t in cols.items()},
        grand.get((), Tally()),
    )


def _shown(
    key: str,
    title: str,
    corner: str,
    row_labels: list[str],
    col_labels: list[str],
    table: PublishedTable,
    formatter: Formatter,
) -> ShownTable:
    shown = ShownTable(key, title, corner, row_labels, col_labels, table)
    shown.rows = [[formatter.cell(f, "count") for f in row] for row in table.cells]
    shown.row_totals = [formatter.cell(f) for f in table.row_totals]
    shown.col_totals = [formatter.cell(f) for f in table.col_totals]
    shown.grand_total = formatter.cell(table.grand_total)
    return shown


@dataclass
class CountryFigures:
    """One country's published incidents, in total and by violation type (an incident
    with two types sits in both rows and counts once in the total)."""

    total: DisplayCell
    violations: list[tuple[str, DisplayCell]]


def country_figures(country: str) -> CountryFigures | None:
    """Two queries whatever the data; None when the country has no published incident.

    The same records as the patterns page (`published_clause`), so the total is the very
    figure of that country on its map."""
    count, keys = sa.func.count(), key_sum(Incident.stat_key)
    acts = _distinct_acts()
    by_violation = _tallies(
        db.session.execute(
            _counted(
                sa.select(acts.c.violation, count, keys)
                .join(acts, acts.c.incident_id == Incident.id)
                .where(Incident.country == country)
                .group_by(acts.c.violation)
            )
        )
    )
    total = _tallies(
        db.session.execute(_counted(sa.select(count, keys).where(Incident.country == country)))
    ).get((), Tally())
    violation_codes = list(labels.VIOLATIONS)
    table = publish_series({v: t for (v,), t in by_violation.items()}, violation_codes, total=total)
    if table.grand_total.value == 0:
        return None
    formatter = Formatter()
    return CountryFigures(
        total=formatter.cell(table.grand_total),
        violations=[
            (str(labels.VIOLATIONS[code]), formatter.cell(figure, "count"))
            for code, figure in zip(violation_codes, table.cells[0], strict=True)
            if figure.value != 0
        ],
    )
