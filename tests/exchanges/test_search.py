"""Full-text search: one interface, the engine of this run's database (SQLite or PostgreSQL)."""

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forum.exchanges import search, services
from forum.exchanges.models import Post
from forum.extensions import db as _db
from forum.models import Role
from forum.search.analysis import fold
from forum.search.query import MAX_TERMS, parse


def titles(client, query, **params):
    response = client.get("/exchanges/", query_string={"q": query, **params})
    assert response.status_code == 200, response.get_data(as_text=True)
    page = response.get_data(as_text=True)
    return page


def test_fold_folds_case_accents_and_arabic_marks():
    assert fold("Protección JURÍDICA, l'été!") == ["proteccion", "juridica", "l", "ete"]
    assert fold("أَمْن إعلام آمنة") == fold("امن اعلام امنه")
    assert fold("مـــدافعة") == ["مدافعه"]
    assert fold("ﬁle_name x") == ["file", "name", "x"]


def test_parse_keeps_only_words():
    parsed = parse('  "legal  support" AND lawyer* -x NEAR(a b) ')
    assert parsed.pieces == (
        ("legal", "support"),
        ("and",),
        ("lawyer",),
        ("x",),
        ("near",),
        ("a",),
        ("b",),
    )
    assert parsed.quoted == (True, False, False, False, False, False, False)
    assert parse('"unbalanced quote').pieces == (("unbalanced",), ("quote",))
    assert parse("*** () : ^ ~") is None
    assert parse("") is None and parse(None) is None
    long = parse(" ".join(f"word{n}" for n in range(100)))
    assert len(long.words) == MAX_TERMS


def found_posts(query_text, languages=("en",)):
    query = search.build_query(query_text, languages, expand=False)
    return set(_db.session.scalars(sa.select(search.matching_posts(query).c.item_id)))


def test_finds_a_word_from_the_body_and_from_the_title(
    client, db, make_user, make_thread, make_reply
):
    author = make_user("amina")
    make_thread(author, title="Lawyers on call", body="A rota of advocates", visibility="public")
    make_thread(author, title="Phone hygiene", body="Travel phones", visibility="public")
    assert "Lawyers on call" in titles(client, "advocates")
    page = titles(client, "hygiene")
    assert "Phone hygiene" in page and "Lawyers on call" not in page
    assert "1 exchange matches." in page


def test_a_match_in_a_reply_leads_to_the_reply(client, db, make_user, make_thread, make_reply):
    author = make_user("amina")
    thread = make_thread(author, title="Relocation", visibility="public")
    reply = make_reply(author, thread, body="The school arrangements mattered most")
    page = titles(client, "arrangements")
    assert "Relocation" in page and f"#post-{reply.id}" in page and "In a reply:" in page


def test_accents_prefixes_phrases_and_arabic(client, db, make_user, make_thread):
    author = make_user("layla")
    make_thread(
        author,
        title="Protección jurídica",
        body="Red de abogadas",
        language="es",
        visibility="public",
    )
    make_thread(
        author,
        title="حماية المدافعات",
        body="شبكة مُحامين متطوعين",
        language="ar",
        visibility="public",
    )
    make_thread(
        author, title="Defenders at risk", body="criminalisation of defenders", visibility="public"
    )
    assert "Protección jurídica" in titles(client, "proteccion")
    assert "Protección jurídica" in titles(client, "JURIDICA")
    assert "Defenders at risk" in titles(client, "defender")  # prefix
    assert "Defenders at risk" in titles(client, '"criminalisation of defenders"')
    assert "Defenders at risk" not in titles(client, '"defenders criminalisation"')
    assert "حماية المدافعات" in titles(client, "محامين")  # the diacritic in the text is folded
    assert "حماية المدافعات" in titles(client, "المدافعات")


def test_every_word_must_match(client, db, make_user, make_thread):
    author = make_user("amina")
    make_thread(author, title="Digital security", body="phones and laptops", visibility="public")
    assert "Digital security" in titles(client, "phones laptops")
    assert "Digital security" not in titles(client, "phones bicycles")


def test_hostile_queries_never_fail(client, db, make_user, make_thread):
    make_thread(make_user("amina"), visibility="public")
    for query in [
        '"',
        '""',
        '"""',
        "'",
        "*",
        "-",
        "NOT",
        "AND OR",
        "a:*",
        "a & b | !c",
        "x <-> y",
        "NEAR(a b, 3)",
        "title:rota",
        "^rota",
        "rota*",
        "(",
        ")",
        "\\",
        "%",
        "_",
        "\x00",
        "💥",
        "a" * 5000,
        " ".join(["rota"] * 500),
        "'; DROP TABLE exchange_posts; --",
        "ٌ",
        "ـ",
        "\u200f",
        "\ufeff",
    ]:
        assert client.get("/exchanges/", query_string={"q": query}).status_code in (200, 400)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=80))
def test_any_text_is_a_safe_query(app, db, text):
    for languages in (("en",), ("ar", "es", "fr", "pt")):
        query = search.build_query(text, languages, expand=False)
        if query:
            db.session.execute(sa.select(search.matching_posts(query))).all()


def test_search_respects_visibility_and_moderation(
    client, db, make_user, make_thread, make_reply, login_as, make_event, approve
):
    author = make_user("amina")
    moderator = make_user("nadia", roles=[Role.MODERATOR])
    event = make_event()
    approve(author, event)
    make_thread(author, title="Open zebra", visibility="public")
    make_thread(author, title="Members zebra", visibility="members")
    make_thread(author, title="Participants zebra", visibility="participants", event_id=event.id)
    hidden = make_thread(author, title="Hidden zebra", visibility="public")
    from forum.exchanges.moderation import services as moderation

    moderation.hide(moderator, services.opening_post(hidden))
    deleted = make_thread(author, title="Deleted zebra", visibility="public")
    services.delete_post(services.opening_post(deleted))
    public = make_thread(author, title="Plain thread", visibility="public")
    hidden_reply = make_reply(author, public, body="zebra crossing in a hidden reply")
    moderation.hide(moderator, hidden_reply)
    db.session.commit()

    page = titles(client, "zebra")
    assert "Open zebra" in page
    for secret in (
        "Members zebra",
        "Participants zebra",
        "Hidden zebra",
        "Deleted zebra",
        "Plain thread",
        "zebra crossing",
    ):
        assert secret not in page
    assert "1 exchange matches." in page

    login_as("joao")
    page = titles(client, "zebra")
    assert "Members zebra" in page and "Participants zebra" not in page
    assert "2 exchanges match." in page

    client.post("/auth/logout")
    login_as("olena")
    approve(
        db.session.scalar(sa.select(type(author)).where(type(author).username == "olena")), event
    )
    assert "Participants zebra" in titles(client, "zebra")


def test_index_follows_edits_and_deletes(db, make_user, make_thread, make_reply):
    author = make_user("amina")
    thread = make_thread(author, title="Original title", body="alpha words")
    reply = make_reply(author, thread, body="bravo words")

    found = found_posts

    opening = services.opening_post(thread)
    assert found("alpha") == {opening.id} and found("bravo") == {reply.id}
    services.edit_post(reply, body="charlie words", language="en")
    services.edit_thread(
        thread,
        opening,
        title="Renamed delta",
        body="alpha words",
        language="en",
        tags=services.Tags(regions=["africa"], risks=["digital"]),
        tactic=services.Tactic(),
    )
    db.session.commit()
    assert found("bravo") == set() and found("charlie") == {reply.id}
    assert found("delta") == {opening.id} and found("original") == set()
    services.delete_post(reply)
    db.session.commit()
    assert found("charlie") == set()
    assert found("words") == {opening.id}


def test_deleting_a_thread_entirely_empties_its_index_rows(db, make_user, make_thread, make_reply):
    author = make_user("amina")
    thread = make_thread(author, body="echo text")
    make_reply(author, thread, body="echo again")
    services.delete_thread_entirely(thread)
    db.session.commit()
    assert found_posts("echo") == set()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Post)) == 0


def test_search_with_filters_and_sorting(client, db, make_user, make_thread):
    author = make_user("amina")
    make_thread(
        author,
        title="Rural alerts",
        body="whistle signals",
        tags=services.Tags(regions=["africa"], risks=["threats"]),
        visibility="public",
    )
    make_thread(
        author,
        title="Urban alerts",
        body="whistle apps",
        tags=services.Tags(regions=["americas"], risks=["threats"]),
        visibility="public",
    )
    page = titles(client, "whistle", region="africa")
    assert "Rural alerts" in page and "Urban alerts" not in page
    page = titles(client, "whistle", sort="newest")
    assert page.index("Urban alerts") < page.index("Rural alerts")
