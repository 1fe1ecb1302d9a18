"""Attack patterns as a kind of searchable content (`forum.search`): one index, one
search interface with exchanges' posts and library works.

What a result is. Never an incident: the attack records are the most sensitive data we
hold, so nothing written about one (its account, province, names) is ever indexed or
shown. A result is a *view* of the published patterns page: the page's figures for one
country, region, violation type, perpetrator type, group of defenders, setting or kind
of response. A view is a code of the taxonomy (`forum.taxonomy`, `labels.py`), so the
index holds nothing but translated labels, the same for every deployment, whatever the
records: reading the index, or timing it, tells nothing about any incident.

Each view is five documents, its label in each of the five languages (analysed in that
language, grouped by view, as a work's editions are), so a Spanish or Arabic word finds
it; a violation type also carries its sub-types ("Arrest or detention" under
criminalisation), and the glossary expands a query as everywhere ("detención", "arrest"
and "اعتقال" are one concept).

What a result shows is the figure the patterns page shows for that view, taken from the
page's own tables (`patterns.build`, through `forum.statistics`): "<5", a perturbed
number, never a true count. A view whose published figure is 0 is not listed. That is
what the page itself discloses (its map and tables show every country, region and type,
0 included), so leaving it out tells no more than the page; listing it would only add
noise. A "<5" view is listed with "<5", exactly as the page shows it. Who may see the
results is `attacks.patterns`, checked before anything is searched or counted.

The index is derived from code, not from records, so it changes only with the taxonomy
or the translations: migration 0032 writes it, `flask forum search-reindex` and the daily
`flask forum purge` write it again (`sync`), and a stale row points at no view.

Index tables (migration 0032, see `forum/dbschema.py`): SQLite FTS5
`search_patterns(view_id UNINDEXED, title, body)`, rowid = the document's id;
PostgreSQL `search_patterns(entry_id, view_id, document tsvector)` with a GIN index; and
`search_pattern_terms` (+ SQLite's `search_pattern_grams`) for typo tolerance.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

import sqlalchemy as sa
from flask import url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from forum.attacks import labels, patterns
from forum.extensions import db
from forum.i18n import LOCALES
from forum.search import index as search_index
from forum.search.engines import Document
from forum.search.glossary.queries import glossary_index
from forum.search.kinds import Kind, register
from forum.search.query import Query, build
from forum.statistics.display import Formatter
from forum.statistics.figures import Figure
from forum.taxonomy import COUNTRY_REGION, REGIONS, country_name

PATTERNS = register(
    Kind(
        name="patterns",
        table="search_patterns",
        id_column="entry_id",
        group_column="view_id",
        terms_table="search_pattern_terms",
        grams_table="search_pattern_grams",
    )
)

LANGUAGES = tuple(LOCALES)  # a view's documents: one per language, in this order
MAX_RESULTS = 10
FEW_RESULTS = 3  # fewer views than this: similar spellings are tried too

# What each dimension is called next to a result, in the order results of equal score go.
DIMENSIONS: dict[str, object] = {
    "violation": _l("Violation"),
    "country": _l("Country"),
    "region": _l("Region"),
    "group": _l("Defenders"),
    "perpetrator": _l("Perpetrator"),
    "response": _l("Response"),
    "setting": _l("Setting"),
}


@dataclass(frozen=True)
class View:
    """One view of the patterns page: a dimension and one of its codes, whose figure
    the page shows as a square of its map, a row or column total of a table, or (for a
    response) the outcome table filtered to it."""

    dimension: str
    code: str

    @property
    def id(self) -> int:
        """Stable across deployments (not a position in a list that may grow), so a row
        written before the taxonomy changed never names another view. Checked unique."""
        return zlib.crc32(f"{self.dimension}:{self.code}".encode()) & 0xFFFFFF


def _perpetrator_codes() -> list[str]:
    return [
        f"{kind}:{branch}"
        for kind, branches in labels.PERPETRATOR_BRANCHES.items()
        for branch in branches
    ]


@cache
def views() -> dict[int, View]:
    found = [
        *(View("violation", code) for code in labels.VIOLATIONS),
        *(View("country", code) for code in sorted(COUNTRY_REGION)),
        *(View("region", code) for code in REGIONS),
        *(View("group", code) for code in labels.GROUPS),
        *(View("perpetrator", code) for code in _perpetrator_codes()),
        *(View("response", code) for code in labels.RESPONSES),
        *(View("setting", code) for code in labels.SETTINGS),
    ]
    by_id = {view.id: view for view in found}
    if len(by_id) != len(found):
        raise RuntimeError("Two attack pattern views share a search id: change View.id.")
    return by_id


def label(view: View) -> str:
    """The view's name in the current language, as the patterns page writes it."""
    code = view.code
    if view.dimension == "country":
        return country_name(code)
    if view.dimension == "perpetrator":
        kind, branch = code.split(":", 1)
        return f"{labels.PERPETRATOR_KINDS[kind]}: {labels.PERPETRATOR_BRANCHES[kind][branch]}"
    names = {
        "violation": labels.VIOLATIONS,
        "region": REGIONS,
        "group": labels.GROUPS,
        "response": labels.RESPONSES,
        "setting": labels.SETTINGS,
    }[view.dimension]
    return str(names[code])


def _details(view: View) -> str:
    """More words a view is found by: a violation type's sub-types."""
    if view.dimension != "violation":
        return ""
    return "\n".join(
        str(name) for code, name in labels.SUBTYPES[view.code].items() if code != "other"
    )


def entry_id(view: View, language: str) -> int:
    return view.id * 8 + LANGUAGES.index(language)


def view_documents() -> list[Document]:
    """Every view's label and details in each language (needs an app context)."""
    documents = []
    for language in LANGUAGES:
        with force_locale(language):
            for view in views().values():
                documents.append(
                    Document(
                        entry_id(view, language), view.id, language, label(view), _details(view)
                    )
                )
    return documents


def sync() -> int:
    """Write every view's documents again and drop rows no view has (after the taxonomy
    or a translation changed). Returns how many documents were written."""
    documents = view_documents()
    column = "rowid" if db.session.get_bind().dialect.name == "sqlite" else PATTERNS.id_column
    held = set(db.session.scalars(sa.text(f"SELECT {column} FROM {PATTERNS.table}")))  # noqa: S608 - our table  # nosec B608
    search_index.remove(PATTERNS, sorted(held - {doc.item_id for doc in documents}))
    search_index.index(PATTERNS, documents)
    return len(documents)


def reconcile() -> None:
    """Typo-tolerance terms exactly those the index holds (daily, `flask forum purge`)."""
    search_index.reconcile(PATTERNS)


# --- searching ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """A view as search lists it: its name and dimension in the reader's language, the
    patterns page's published figure for it, and the page that shows that figure."""

    view: View
    title: str
    dimension: str
    figure: str
    hidden: bool
    url: str


def build_query(text: str | None, languages: Sequence[str], *, expand: bool = True) -> Query | None:
    """What the reader typed, read in their languages, expanded through the glossary."""
    return build(text, languages, glossary_index() if expand else None)


def _matches(query: Query) -> dict[int, float]:
    """Each matching view's best score (over its five languages). One query."""
    best = search_index.best_per_group(PATTERNS, query)
    known = views()
    return {
        view_id: float(score)
        for view_id, score in db.session.execute(sa.select(best.c.group_id, best.c.score))
        if view_id in known
    }


def _figure_of(found: patterns.Patterns, view: View) -> Figure | None:
    """The figure the patterns page shows for a view: the country's square on the map,
    or the total of the view's row (or column) in the page's table of that dimension."""
    tables = found.tables
    if view.dimension == "country":
        return found.countries.get(view.code)
    if view.dimension == "response":
        return tables["outcomes"].table.grand_total
    where: dict[str, tuple[str, bool]] = {
        "region": ("regions", True),
        "violation": ("regions", False),
        "group": ("groups", True),
        "perpetrator": ("perpetrators", True),
        "setting": ("settings", True),
    }
    key, by_row = where[view.dimension]
    shown = tables[key]
    names = shown.row_labels if by_row else shown.col_labels
    name = label(view)
    if name not in names:
        return None
    position = names.index(name)
    totals = shown.table.row_totals if by_row else shown.table.col_totals
    return totals[position]


def _link(view: View) -> str:
    """The patterns page with the view's filter where the page has one (group, setting,
    response), at the table that shows the view's figure."""
    page = "attacks.patterns_page"
    if view.dimension == "country":
        return url_for(page, _anchor="attack-map-title")
    if view.dimension == "response":
        return url_for(page, response=view.code, _anchor="outcomes")
    if view.dimension == "group":
        return url_for(page, group=view.code, _anchor="caption-groups")
    if view.dimension == "setting":
        return url_for(page, setting=view.code, _anchor="caption-settings")
    table = {"region": "regions", "violation": "regions", "perpetrator": "perpetrators"}
    return url_for(page, _anchor=f"caption-{table[view.dimension]}")


def _published(chosen: list[View], today: date) -> dict[int, Figure]:
    """The page's figures of these views: the page built once, and once more for each
    other kind of response matched (the outcome table depends on that filter only)."""
    figures: dict[int, Figure] = {}
    default = patterns.Filters()
    pages: dict[str, patterns.Patterns] = {}
    for view in chosen:
        response = view.code if view.dimension == "response" else default.response
        if response not in pages:
            pages[response] = patterns.build(patterns.Filters(response=response), today)
        figure = _figure_of(pages[response], view)
        if figure is not None:
            figures[view.id] = figure
    return figures


def ranked_views(query: Query) -> list[View]:
    """Every view matching, best first, whatever is published (what the relevance set
    judges): the text score, then the dimension, then the name. Similar spellings are
    tried when fewer than `FEW_RESULTS` views match; they widen the list but never
    outrank a view matching the words as typed ("police" is not "Polynesia")."""
    exact = scores = _matches(query)
    if len(scores) < FEW_RESULTS:
        broader = search_index.with_similar(PATTERNS, query)
        if broader is not None:
            wider = _matches(broader)
            if len(wider) > len(scores):
                scores = wider
    order = list(DIMENSIONS)
    known = views()
    return sorted(
        (known[view_id] for view_id in scores),
        key=lambda v: (v.id not in exact, -scores[v.id], order.index(v.dimension), label(v)),
    )


def search(query: Query, today: date) -> list[Result]:
    """The views matching a query that have published incidents, best first, with the
    patterns page's figure for each. The caller has checked `attacks.patterns`.

    A fixed number of queries whatever the number of incidents: one or two searches of
    the index, the glossary, then the patterns page's own (for each kind of response
    matched, its outcome table)."""
    if not query:
        return []
    ranked = ranked_views(query)
    figures = _published(ranked, today)
    formatter = Formatter()
    results = []
    for view in ranked:
        figure = figures.get(view.id)
        if figure is None or figure.value == 0:
            continue  # nothing published: the page shows 0, search shows nothing
        results.append(
            Result(
                view=view,
                title=label(view),
                dimension=str(DIMENSIONS[view.dimension]),
                figure=formatter.text(figure),
                hidden=figure.hidden,
                url=_link(view),
            )
        )
        if len(results) == MAX_RESULTS:
            break
    return results
