# ruff: noqa: E501
"""The library in the cross-language search (`forum.search`, kind "works"): the glossary,
Arabic stems, typo tolerance and the library's own visibility rule, on this run's
engine (SQLite or PostgreSQL)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from forum.library import search
from forum.models import User
from forum.search.glossary import services as glossary
from forum.search.kinds import KINDS


@pytest.fixture
def seeded_glossary(db):  # noqa: ANN001, ANN201
    added, _ = glossary.load_seed()
    db.session.commit()
    return added


def listing(client, query: str, locale: str = "en") -> str:  # noqa: ANN001
    client.set_cookie("forum_locale", locale, domain="localhost")
    response = client.get("/library/", query_string={"q": query})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_works_are_a_kind_of_the_one_search():
    assert KINDS["works"] is search.WORKS


def test_a_spanish_query_finds_an_english_work_through_the_glossary(
    client, make_work, seeded_glossary
):  # noqa: ANN001
    make_work(title="Keeping your phone safe at checkpoints", language="en")
    make_work(title="Gardening notes", language="en")
    page = listing(client, "teléfono", "es")
    assert "Keeping your phone safe at checkpoints" in page
    assert "Gardening notes" not in page


def test_an_arabic_query_finds_another_inflection(client, make_work):  # noqa: ANN001
    make_work(title="دليل المحامين", language="ar")
    make_work(title="دليل الحدائق", language="ar")
    page = listing(client, "محامون", "ar")
    assert "دليل المحامين" in page
    assert "دليل الحدائق" not in page


def test_a_typo_still_finds_the_work(client, make_work):  # noqa: ANN001
    make_work(title="Digital security handbook", language="en")
    page = listing(client, "handbok")
    assert "Digital security handbook" in page


def test_words_read_from_the_file_are_found_in_the_editions_language(client, make_work):  # noqa: ANN001
    from tests.library import samples

    make_work(
        title="Untitled",
        language="es",
        data=samples.pdf([("es", "Las defensoras acompañadas por la red")]),
    )
    assert "Untitled" in listing(client, "defensora", "es")


def test_hidden_and_unpublished_works_never_appear(client, db, make_work, login_as):  # noqa: ANN001
    make_work(title="Members relocation plan", visibility="members")
    make_work(title="Participants relocation plan", visibility="participants")
    pending = make_work(title="Pending relocation plan")
    pending.status = "pending"
    db.session.commit()
    make_work(title="Public relocation plan")
    for query in ("relocation", "relocaton", "plan"):
        page = listing(client, query)
        assert "Public relocation plan" in page, query
        for hidden in ("Members relocation", "Participants relocation", "Pending relocation"):
            assert hidden not in page, (query, hidden)
    login_as("amina")
    page = listing(client, "relocation")
    assert "Members relocation plan" in page
    assert "Participants relocation plan" not in page and "Pending relocation plan" not in page
    from forum.library import queries

    curator = db.session.scalars(sa.select(User).where(User.username == "curator")).one()
    _, shelves = queries.list_works(curator, queries.Filters(text="relocation"), 1, "en")
    titles = {shelf.text.title for shelf in shelves}
    assert {"Participants relocation plan", "Pending relocation plan"} <= titles


def test_a_removed_edition_leaves_the_index(client, db, make_work, curator):  # noqa: ANN001
    from forum.library import services

    work = make_work(title="Eviction defence guide")
    assert "Eviction defence guide" in listing(client, "eviction")
    services.remove_edition(work.editions[0], curator)
    db.session.commit()
    assert "Eviction defence guide" not in listing(client, "eviction")


def test_an_edited_title_is_found_at_once(client, db, make_work):  # noqa: ANN001
    from forum.library import services

    work = make_work(title="Old name")
    services.set_text(work, "en", "Threat assessment workbook", "")
    db.session.flush()
    search.reindex_work(work)
    db.session.commit()
    assert "Threat assessment workbook" in listing(client, "assessment")


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"unclosed phrase',
        "NEAR(a b)",
        "a* OR b",
        "x" * 5000,
        "'; DROP TABLE x; --",
        "\x00",
        "الـ",
        "the and of",
        "*",
        "title:phone",
        "{}[]()^~",
    ],
)
def test_bad_query_input_answers_cleanly(client, make_work, query):  # noqa: ANN001
    make_work(title="Protection manual")
    response = client.get("/library/", query_string={"q": query})
    assert response.status_code in (200, 400)
    assert "<html" in response.get_data(as_text=True)


def test_a_search_is_a_fixed_number_of_queries(client, make_work, count_queries, seeded_glossary):  # noqa: ANN001
    for n in range(3):  # enough that similar spellings are not tried (see FEW_RESULTS)
        make_work(title=f"Phone guide {n}")
    listing(client, "phone")  # the glossary index is built once, then cached
    with count_queries() as few:
        listing(client, "phone")
    for n in range(3, 9):
        make_work(title=f"Phone guide {n}")
    with count_queries() as many:
        page = listing(client, "phone")
    assert "Phone guide 8" in page
    assert many.count == few.count


def test_reindex_and_reconcile_cover_works(db, make_work):  # noqa: ANN001
    make_work(title="Encryption basics")
    assert search.reindex_all() == 1
    search.reconcile()
    db.session.commit()
