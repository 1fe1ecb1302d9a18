"""The glossary's staff pages: who may use them, what they refuse, and that a change
reaches the next search at once."""

import sqlalchemy as sa

from forum.models import AuditEntry, Role
from forum.search.glossary.models import GlossaryConcept, GlossaryTerm
from forum.search.glossary.services import load_seed, read_seed
from tests.conftest import login

NEW = {"key": "bodyguard", "en": "bodyguard\nescort", "es": "escolta", "ar": "حارس شخصي"}


def test_the_seed_has_forty_concepts_or_more_in_five_languages(db):
    seed = read_seed()
    assert len(seed) >= 40
    for key, terms in seed:
        assert all(terms[language] for language in ("en", "es", "fr", "pt", "ar")), key
    added, _ = load_seed()
    assert added == len(seed)
    assert load_seed() == (0, 0)  # loading again adds nothing


def test_only_moderators_and_administrators_keep_the_glossary(client, make_user):
    assert client.get("/glossary/").status_code == 302  # sign in first
    for username, roles in (("member", []), ("staffer", [Role.STAFF])):
        make_user(username, roles=roles)
        client.post("/auth/logout")
        login(client, username)
        assert client.get("/glossary/").status_code == 403
        assert client.post("/glossary/new", data=NEW).status_code == 403
    for username, role in (("nadia", Role.MODERATOR), ("root", Role.ADMIN)):
        make_user(username, roles=[role])
        client.post("/auth/logout")
        login(client, username)
        assert client.get("/glossary/").status_code == 200


def test_adding_changing_and_deleting_a_concept(client, db, make_user, make_thread):
    make_user("nadia", roles=[Role.MODERATOR])
    login(client, "nadia")
    author = make_user("olena")
    make_thread(author, title="Escort rota", body="A bodyguard for hearings.", visibility="public")
    response = client.post("/glossary/new", data=NEW)
    assert response.status_code == 303
    concept = db.session.scalar(
        sa.select(GlossaryConcept).where(GlossaryConcept.key == "bodyguard")
    )
    assert sorted(concept.terms_in("en")) == ["bodyguard", "escort"]
    client.set_cookie("forum_locale", "es")
    page = client.get("/exchanges/", query_string={"q": "escolta"}).get_data(as_text=True)
    assert "Escort rota" in page  # the next search uses it at once
    listing = client.get("/glossary/?q=escolta").get_data(as_text=True)
    assert "bodyguard" in listing
    changed = client.post(
        f"/glossary/{concept.id}", data={**NEW, "es": "escolta\nacompañante armado"}
    )
    assert changed.status_code == 303
    db.session.expire_all()
    assert "acompañante armado" in db.session.get(GlossaryConcept, concept.id).terms_in("es")
    assert client.post(f"/glossary/{concept.id}/delete").status_code == 303
    assert db.session.scalar(sa.select(sa.func.count()).select_from(GlossaryTerm)) == 0
    actions = set(db.session.scalars(sa.select(AuditEntry.action)))
    assert {"glossary.create", "glossary.update", "glossary.delete"} <= actions


def test_bad_concepts_are_refused_with_a_reason_and_save_nothing(client, db, make_user):
    make_user("nadia", roles=[Role.MODERATOR])
    login(client, "nadia")
    client.post("/glossary/new", data=NEW)
    for data, message in (
        ({**NEW, "key": "Body Guard!"}, "Use lowercase Latin letters"),
        ({**NEW, "key": ""}, "This field is required."),
        ({"key": "lonely", "en": "alone"}, "Give at least two terms"),
        ({"key": "stop", "en": "the\nand"}, "has no word search can use"),
        ({**NEW, "key": "another", "es": "x" * 81}, "Use at most 80 characters per term."),
        (NEW, "A concept with this short name exists already."),
    ):
        before = db.session.scalar(sa.select(sa.func.count()).select_from(GlossaryTerm))
        response = client.post("/glossary/new", data=data)
        assert response.status_code == 422, data
        assert message in response.get_data(as_text=True), data
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(GlossaryTerm)) == before
    assert client.get("/glossary/999999").status_code == 404
    assert client.post("/glossary/999999/delete").status_code == 404
