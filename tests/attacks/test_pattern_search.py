# ruff: noqa: E501
"""Attack patterns in the cross-language search (`forum.search`, kind "patterns";
`forum/attacks/search.py`): a search lists views of the patterns page (a country, a
violation type, a perpetrator type, a response…) with the page's published figure, for
those who may see the page, in the reader's language, on this run's engine (SQLite or
PostgreSQL). Never an incident, its words or its province."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from forum.attacks import search, services
from forum.extensions import db
from forum.search.glossary import services as glossary
from forum.search.kinds import KINDS
from forum.taxonomy import COUNTRY_REGION
from tests.attacks.factories import make_incident

PANEL = re.compile(
    r'<section class="search-kind" aria-labelledby="pattern-results-title">.*?</section>', re.S
)
RESULT = re.compile(
    r'<li><a href="([^"]+)"><bdi>([^<]+)</bdi></a>\s*<span class="meta">\(([^)]+)\)</span>\s*'
    r'<span class="count[^"]*">[^<]*: ([^<]+)</span></li>'
)


POLICE_ES = "Estatal: Policía"


@pytest.fixture
def pattern_index(db):  # noqa: ANN001, ANN201
    """The views' index as the migration writes it, and the glossary's seed terms
    (tests empty the typo-tolerance terms between them)."""
    search.sync()
    glossary.load_seed()
    db.session.commit()


def results(
    client, query: str, locale: str = "en", **args: str
) -> list[tuple[str, str, str, str]] | None:  # noqa: ANN001
    """(link, name, dimension, figure) of each pattern result, or None without the panel."""
    client.set_cookie("forum_locale", locale, domain="localhost")
    response = client.get("/exchanges/", query_string={"q": query, **args})
    assert response.status_code == 200
    found = PANEL.search(response.get_data(as_text=True))
    return RESULT.findall(found.group(0)) if found else None


def names(found: list[tuple[str, str, str, str]] | None) -> list[str]:
    return [name for _link, name, _dimension, _figure in found or []]


def published(text: str) -> bool:
    return text == "&lt;5" or int(text.replace(",", "").replace("\u066c", "")) >= 5


@pytest.fixture
def kenya(documenter, pattern_index):  # noqa: ANN001, ANN201
    """Twelve verified arrests in Kenya by the police, two with legal support; three
    threats in Colombia (the figure "<5")."""
    for number in range(12):
        incident = make_incident(
            documenter,
            country="KE",
            acts=[("criminalisation", "arrest")],
            perpetrators=[("state", "police", "direct")],
            groups=["journalists"],
        )
        if number < 6:
            services.add_response(documenter, incident, "legal", "worked")
    db.session.commit()
    for _ in range(3):
        make_incident(documenter, country="CO")


def test_patterns_are_a_kind_of_the_one_search() -> None:
    assert KINDS["patterns"] is search.PATTERNS
    views = search.views()
    assert {view.dimension for view in views.values()} == {
        "country",
        "region",
        "violation",
        "group",
        "perpetrator",
        "response",
        "setting",
    }
    assert sum(view.dimension == "country" for view in views.values()) == len(COUNTRY_REGION)


def test_the_index_holds_every_view_in_five_languages_and_nothing_else(db, pattern_index) -> None:  # noqa: ANN001
    table = "rowid" if db.engine.dialect.name == "sqlite" else "entry_id"
    held = set(db.session.scalars(sa.text(f"SELECT {table} FROM search_patterns")))  # noqa: S608
    assert held == {
        search.entry_id(v, lang) for v in search.views().values() for lang in search.LANGUAGES
    }
    assert search.sync() == len(held)  # again: the same rows, nothing added
    assert set(db.session.scalars(sa.text(f"SELECT {table} FROM search_patterns"))) == held  # noqa: S608


def test_english_spanish_portuguese_and_arabic_queries_find_the_views(
    client, kenya, login_as
) -> None:  # noqa: ANN001
    login_as("amina")
    english = results(client, "arrest")
    assert names(english) == ["Criminalisation &amp; judicial harassment"]
    assert english[0][0] == "/attacks/patterns#caption-regions"
    assert english[0][2] == "Violation"

    spanish = results(client, "detención", "es")
    assert names(spanish) == ["Criminalización y hostigamiento judicial"]
    assert names(results(client, "policía", "es")) == [POLICE_ES]

    portuguese = results(client, "Quênia", "pt")
    assert names(portuguese) == ["Quênia"]
    assert portuguese[0][0] == "/attacks/patterns#attack-map-title"

    arabic = results(client, "اعتقال", "ar")
    assert names(arabic) == ["التجريم والمضايقة القضائية"]
    page = client.get("/exchanges/", query_string={"q": "اعتقال"}).get_data(as_text=True)
    assert 'dir="rtl"' in page
    assert "أنماط الاعتداءات على المدافعين" in page


def test_the_glossary_crosses_languages_and_can_be_turned_off(client, kenya, login_as) -> None:  # noqa: ANN001
    login_as("amina")
    # Neither word is in any label: each names the glossary's "arrest" concept.
    assert names(results(client, "توقيف", "ar")) == ["التجريم والمضايقة القضائية"]
    assert names(results(client, "detido", "pt")) == ["Criminalização e assédio judicial"]
    assert results(client, "توقيف", "ar", expand="0") is None


def test_a_typo_still_finds_the_view(client, kenya, login_as) -> None:  # noqa: ANN001
    login_as("amina")
    assert names(results(client, "Kenyaa")) == ["Kenya"]
    assert names(results(client, "Colombiaa")) == ["Colombia"]


def test_a_response_links_to_the_page_with_its_filter(client, kenya, login_as) -> None:  # noqa: ANN001
    login_as("amina")
    found = results(client, "legal support")
    assert [(link, name) for link, name, _d, _f in found] == [
        ("/attacks/patterns?response=legal#outcomes", "Legal support")
    ]
    assert found[0][3] == "&lt;5" or published(found[0][3])
    journalists = results(client, "journalists")
    assert journalists[0][0] == "/attacks/patterns?group=journalists#caption-groups"


def test_each_figure_is_the_patterns_page_figure(client, kenya, login_as) -> None:  # noqa: ANN001
    login_as("amina")
    page = client.get("/attacks/patterns").get_data(as_text=True)
    kenya_found = results(client, "Kenya")
    assert [(name, dimension) for _l, name, dimension, _f in kenya_found] == [("Kenya", "Country")]
    figure = kenya_found[0][3]
    assert published(figure) and figure != "&lt;5"
    assert f"<title>Kenya: {figure}</title>" in page  # its square on the map
    colombia = results(client, "Colombia")
    assert colombia[0][3] == "&lt;5"  # three incidents: never the number
    assert "<title>Colombia: &lt;5</title>" in page
    police = results(client, "police")
    assert [(name, dimension) for _l, name, dimension, _f in police] == [
        ("State: Police", "Perpetrator")
    ]
    assert published(police[0][3])


def test_views_with_nothing_published_are_not_listed(client, kenya, documenter, login_as) -> None:  # noqa: ANN001
    make_incident(documenter, country="PE", status="reported")
    make_incident(documenter, country="BO", status="rejected")
    make_incident(documenter, country="EC", consents=["internal"])
    login_as("amina")
    for country in ("Peru", "Bolivia", "Ecuador", "Nepal"):
        assert results(client, country) is None, country


def test_a_withdrawn_consent_takes_the_incident_out_of_the_figure(
    client, documenter, pattern_index, login_as
) -> None:  # noqa: ANN001
    lone = make_incident(documenter, country="NP")
    login_as("amina")
    assert results(client, "Nepal")[0][3] == "&lt;5"
    services.withdraw_consent(documenter, lone, "aggregate")
    db.session.commit()
    assert results(client, "Nepal") is None


def test_visitors_and_members_without_the_right_see_no_pattern(
    client, kenya, login_as, monkeypatch
) -> None:  # noqa: ANN001
    from forum.security import core

    assert results(client, "Kenya") is None  # a visitor: the patterns page sends them to sign in
    page = client.get("/exchanges/", query_string={"q": "Kenya"}).get_data(as_text=True)
    assert "pattern-results" not in page and "Patterns of attacks" not in page
    member = login_as("amina")
    assert results(client, "Kenya") is not None
    # The same member once the rule no longer lets them see the patterns page.
    monkeypatch.setitem(core._RULES, "attacks.patterns", lambda user, _thing: user.id != member.id)
    assert client.get("/attacks/patterns").status_code == 403
    assert results(client, "Kenya") is None


def test_no_incident_words_or_province_ever_reach_the_results(
    client, documenter, pattern_index, login_as, db
) -> None:  # noqa: ANN001
    for _ in range(6):
        make_incident(
            documenter,
            country="KE",
            province="Quuxfordshire",
            account="The zorblatt convoy came at night to the Kisumu office of Wanjiru.",
            victim_names="Wanjiru Zorblatt",
            consents=["internal", "aggregate", "named"],
        )
    login_as("amina")
    for word in ("Quuxfordshire", "zorblatt", "convoy", "Wanjiru", "Kisumu", "Quuxfordshir"):
        response = client.get("/exchanges/", query_string={"q": word})
        text = response.get_data(as_text=True)
        assert PANEL.search(text) is None, word
        assert text.count(word) <= 2, word  # the search box and the title only
    for term in ("quuxfordshir", "zorblatt", "wanjiru", "kisumu"):
        if db.engine.dialect.name == "sqlite":
            hit = db.session.execute(
                sa.text("SELECT 1 FROM search_patterns WHERE search_patterns MATCH :t"),
                {"t": f'"{term}"'},
            ).first()
        else:
            hit = db.session.execute(
                sa.text(
                    "SELECT 1 FROM search_patterns WHERE document @@ plainto_tsquery('simple', :t)"
                ),
                {"t": term},
            ).first()
        assert hit is None, term
    assert names(results(client, "Kenya")) == ["Kenya"]


def test_a_search_costs_the_same_queries_whatever_the_number_of_incidents(
    client, documenter, pattern_index, login_as, count_queries
) -> None:  # noqa: ANN001
    login_as("amina")

    def cost(query: str) -> int:
        with count_queries() as counter:
            assert results(client, query) is not None
        return counter.count

    def add(number: int) -> None:
        for _ in range(number):
            incident = make_incident(documenter, country="KE", acts=[("criminalisation", "arrest")])
            for kind in ("legal", "digital-security", "psychosocial"):
                services.add_response(documenter, incident, kind, "worked")
        db.session.commit()

    add(5)
    results(client, "Kenya")  # the first request of a session does more (its own things)
    few = {query: cost(query) for query in ("Kenya", "arrest", "support")}
    add(25)
    assert {query: cost(query) for query in few} == few


def test_bad_search_input_gets_a_clear_message_and_no_result(client, kenya, login_as) -> None:  # noqa: ANN001
    login_as("amina")
    response = client.get("/exchanges/", query_string={"q": "Kenya " * 60})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Use at most 200 characters." in text
    assert PANEL.search(text) is None
    # Nothing searchable left (punctuation, operators, quotes): no result, no error.
    for odd in ('"', "*", "NEAR(", "!!! ???", "' OR 1=1 --", "\x00"):
        response = client.get("/exchanges/", query_string={"q": odd})
        assert response.status_code in (200, 400), odd
        assert PANEL.search(response.get_data(as_text=True)) is None, odd
