"""The relevance floor: recall@10 of at least 0.8 on the 60-query set, on this run's
engine (bench/relevance/queries.json; the figures are in bench/relevance/RESULTS.md)."""

from bench.bench_relevance import app_search, demo_member, evaluate, load_set, seed_demo_exchanges

FLOOR = 0.8


def test_the_relevance_set_is_sixty_queries_twelve_per_language():
    cases = load_set()
    assert len(cases) == 60
    for language in ("en", "es", "fr", "pt", "ar"):
        assert sum(case["language"] == language for case in cases) == 12
    assert all(case["relevant"] for case in cases)


def test_recall_at_ten_stays_above_the_floor(app, db):
    seed_demo_exchanges()
    report = evaluate(app_search(demo_member()), load_set())
    assert report.overall.recall >= FLOOR, report.misses
    assert all(scores.recall >= 0.7 for scores in report.by_language.values()), report
    assert report.overall.mrr >= 0.7


def test_every_relevant_title_is_a_demo_thread():
    from forum.demo.exchanges_content import THREADS

    titles = {thread["title"] for thread in THREADS}
    assert {title for case in load_set() for title in case["relevant"]} <= titles
