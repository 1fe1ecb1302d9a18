"""Search across languages: stems, the glossary, typo tolerance, ranking and the
highlighted passage, on this run's engine (SQLite or PostgreSQL)."""

import re

import pytest
import sqlalchemy as sa

from forum.exchanges import queries, search, services
from forum.profiles.models import Profile
from forum.search.glossary import services as glossary
from forum.search.kinds import KINDS


@pytest.fixture
def seeded_glossary(db):
    added, _ = glossary.load_seed()
    db.session.commit()
    return added


def results(client, query, **params):
    response = client.get("/exchanges/", query_string={"q": query, **params})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def found_titles(page: str) -> list[str]:
    return re.findall(r'class="thread-card-title"><a [^>]*>([^<]+)</a>', page)


@pytest.fixture
def phone_threads(make_user, make_thread):
    """One thread per language about phones, none using another language's word."""
    author = make_user("amina")
    made = {}
    for language, title, body in [
        ("en", "Phones at checkpoints", "Carry a travel phone with nothing on it."),
        ("es", "Celulares en los retenes", "Llevamos un teléfono de viaje vacío."),
        ("pt", "Telefones na fronteira", "Um telefone limpo para a viagem."),
        ("fr", "Téléphones aux frontières", "Un téléphone de voyage sans historique."),
        ("ar", "الهواتف عند الحواجز", "نحمل هاتفا خاليا عند السفر."),
    ]:
        made[language] = make_thread(
            author, title=title, body=body, language=language, visibility="public"
        )
    make_thread(author, title="Gardening", body="Nothing about devices here.", visibility="public")
    return made


def test_spanish_portuguese_and_arabic_queries_find_english_threads_through_the_glossary(
    client, seeded_glossary, phone_threads
):
    for query, locale in (("teléfono", "es"), ("telefone", "pt"), ("هاتف", "ar")):
        client.set_cookie("forum_locale", locale)
        titles = found_titles(results(client, query))
        assert "Phones at checkpoints" in titles, (query, titles)
        assert len(titles) == 5 and "Gardening" not in titles, (query, titles)


def test_a_query_in_one_language_finds_every_language_and_says_which_terms_it_added(
    client, seeded_glossary, phone_threads
):
    page = results(client, "phone")
    assert len(found_titles(page)) == 5
    assert "Also searched, through the glossary of protection terms:" in page
    assert '<bdi lang="ar">هاتف</bdi>' in page and '<bdi lang="es">teléfono</bdi>' in page


def test_the_reader_can_turn_glossary_expansions_off(client, seeded_glossary, phone_threads):
    client.set_cookie("forum_locale", "es")
    page = results(client, "teléfono")
    assert len(found_titles(page)) == 5
    off = re.search(r'<a href="([^"]*expand=0[^"]*)">', page)
    assert off is not None
    plain = client.get(off.group(1).replace("&amp;", "&")).get_data(as_text=True)
    # Spanish stems alone: the Spanish thread and the Portuguese one (same stem), then
    # similar spellings (French "telephon"); never the English or Arabic words.
    titles = found_titles(plain)
    assert {"Celulares en los retenes", "Telefones na fronteira"} <= set(titles)
    assert "Phones at checkpoints" not in titles and "الهواتف عند الحواجز" not in titles
    assert 'name="expand" value="0"' in plain  # a new search keeps the choice
    assert "<bdi lang=" not in plain  # no glossary terms listed


def test_plurals_and_inflections_match_through_stemming(client, make_user, make_thread):
    author = make_user("mariana")
    make_thread(
        author,
        title="Red de abogadas",
        body="Las defensoras amenazadas llaman a la red.",
        language="es",
        visibility="public",
    )
    make_thread(
        author,
        title="شبكة المحامين",
        body="المدافعات يتصلن بالمحامين.",
        language="ar",
        visibility="public",
    )
    client.set_cookie("forum_locale", "es")
    assert found_titles(results(client, "defensora amenazada")) == ["Red de abogadas"]
    client.set_cookie("forum_locale", "ar")
    assert found_titles(results(client, "محامية")) == ["شبكة المحامين"]
    assert found_titles(results(client, "مدافعة")) == ["شبكة المحامين"]


def test_profile_languages_are_read_too(client, db, make_user, make_thread, login_as):
    author = make_user("joao")
    make_thread(
        author,
        title="Ameaças por telefone",
        body="Recebemos ameaças constantes.",
        language="pt",
        visibility="public",
    )
    reader = login_as("amina")
    # Read as English, "ameaça" matches nothing exactly (only a similar spelling);
    # read as Portuguese too, it matches "ameaças" by its stem.
    page = results(client, "ameaça")
    assert "Few exact matches" in page and "Your words were read in: English." in page
    db.session.add(Profile(user_id=reader.id, languages=["pt", "qu"]))
    db.session.commit()
    page = results(client, "ameaça")
    assert found_titles(page) == ["Ameaças por telefone"]
    assert "Few exact matches" not in page
    assert "Your words were read in: English, Português." in page


def test_a_typo_finds_the_word_when_exact_matches_are_few(client, make_user, make_thread):
    author = make_user("tenzin")
    make_thread(author, title="Lawyers on call", body="A rota of lawyers.", visibility="public")
    page = results(client, "lawers")
    assert found_titles(page) == ["Lawyers on call"]
    assert "Few exact matches: the results include words spelled like yours." in page
    assert found_titles(results(client, "bicycles")) == []


def test_similar_spellings_never_reveal_words_the_reader_cannot_read(
    client, make_user, make_thread
):
    """The terms table holds every indexed word, members-only ones too: a visitor's typo
    must not surface them, neither as a result nor in what the page says."""
    author = make_user("olena")
    make_thread(author, title="Kharkivska route", body="Zephyrine safehouse", visibility="members")
    page = results(client, "zephyrina")
    assert found_titles(page) == []
    assert "zephyrine" not in page.casefold()


def test_terms_of_a_deleted_post_leave_the_typo_index(db, make_user, make_thread, make_reply):
    author = make_user("amina")
    thread = make_thread(author, title="Ordinary title", body="ordinary words")
    reply = make_reply(author, thread, body="Quetzalcoatl appears once")
    terms = KINDS["posts"].terms_table

    def held():
        return set(db.session.scalars(sa.text(f"SELECT term FROM {terms}")))  # noqa: S608

    assert "quetzalcoatl" in held()
    services.delete_post(reply)
    db.session.commit()
    assert "quetzalcoatl" not in held()
    assert "ordinari" in held() or "ordinary" in held()  # still in the opening post


def test_readers_languages_rank_first_then_endorsements(
    client, db, make_user, make_thread, seeded_glossary
):
    author, endorser = make_user("amina"), make_user("joao")
    english = make_thread(author, title="Phone trees", body="Phone trees.", visibility="public")
    spanish = make_thread(
        author, title="Árbol telefónico", body="Teléfono.", language="es", visibility="public"
    )
    loved = make_thread(author, title="Phone kits", body="Phone kits.", visibility="public")
    services.endorse(endorser, services.opening_post(loved))
    db.session.commit()
    client.set_cookie("forum_locale", "es")
    assert found_titles(results(client, "teléfono"))[0] == spanish.title
    client.set_cookie("forum_locale", "en")
    titles = found_titles(results(client, "phone"))
    assert titles.index(loved.title) < titles.index(english.title) < titles.index(spanish.title)


def test_outcome_counts_when_texts_match_alike(client, make_user, make_thread):
    author = make_user("amina")
    failed = make_thread(
        author,
        title="Whistle alert",
        body="whistle",
        visibility="public",
        tactic=services.Tactic(outcome="failed"),
    )
    worked = make_thread(
        author,
        title="Whistle alarm",
        body="whistle",
        visibility="public",
        tactic=services.Tactic(outcome="worked"),
    )
    titles = found_titles(results(client, "whistle"))
    assert titles.index(worked.title) < titles.index(failed.title)


def test_the_matched_passage_is_highlighted_and_escaped(client, make_user, make_thread):
    author = make_user("amina")
    long_intro = "Background sentence about context. " * 20
    make_thread(
        author,
        title="Careful notes",
        body=long_intro + "We keep <script>alert(1)</script> the **checkpoint** codes apart.",
        visibility="public",
    )
    page = results(client, "checkpoints")
    excerpt = re.search(r'<p class="excerpt"[^>]*>(.*?)</p>', page, re.S).group(1)
    assert "<mark>checkpoint</mark>" in excerpt
    assert excerpt.startswith("…")  # the passage around the match, not the opening
    assert "<script>" not in page and "&lt;script&gt;" in excerpt


def test_listed_queries_expand_within_their_budget(db, seeded_glossary):
    query = search.build_query("teléfono abogada desalojo", ("es",))
    assert [clause.typed for clause in query.clauses] == [
        ("telefono",),
        ("abogada",),
        ("desalojo",),
    ]
    assert all(len(clause.alternatives) > 3 for clause in query.clauses)
    page = queries.list_threads(
        None, queries.Filters(text="teléfono abogada desalojo", reader_languages=("es",))
    )
    assert page.total == 0 and page.search.expansions
