"""The relevance floor of the attack patterns kind: recall@10 of at least 0.8 on the
15 queries of bench/relevance/patterns.json (three per language), on this run's engine,
judged on the ranked views whatever is published (`forum.attacks.search.ranked_views`)."""

from __future__ import annotations

from bench.bench_relevance import PATTERNS_SET, evaluate, load_set
from forum.attacks import search
from forum.search.glossary import services as glossary

FLOOR = 0.8


def _search(text: str, language: str) -> list[str]:
    query = search.build_query(text, (language,))
    if not query:
        return []
    return [f"{view.dimension}:{view.code}" for view in search.ranked_views(query)]


def test_the_patterns_set_is_three_queries_per_language() -> None:
    cases = load_set(PATTERNS_SET)
    assert len(cases) == 15
    for language in ("en", "es", "fr", "pt", "ar"):
        assert sum(case["language"] == language for case in cases) == 3
    views = {f"{view.dimension}:{view.code}" for view in search.views().values()}
    assert {key for case in cases for key in case["relevant"]} <= views


def test_pattern_recall_at_ten_stays_above_the_floor(app, db) -> None:  # noqa: ANN001
    search.sync()
    glossary.load_seed()
    db.session.commit()
    report = evaluate(_search, load_set(PATTERNS_SET))
    assert report.overall.recall >= FLOOR, report.misses
    assert report.overall.mrr >= 0.7, report


def test_a_similar_spelling_never_outranks_the_word_as_typed(app, db) -> None:  # noqa: ANN001
    search.sync()
    db.session.commit()
    for text, language in (("police", "en"), ("polícia", "pt")):
        assert _search(text, language)[0] == "perpetrator:state:police", text
