"""/account/profile: every field optional, each with its own visibility; bad input refused."""

import pytest
import sqlalchemy as sa

from forum.profiles.models import Profile
from tests.checks import assert_private_page
from tests.rawdb import raw_database_text

DISTINCTIVE = "Philomena Xanthippe Okonjo-Vasquez"


def test_the_profile_page_needs_sign_in(client):
    response = client.get("/account/profile")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_a_new_profile_offers_the_most_private_choice_first(client, login_as):
    login_as("amina")
    page = client.get("/account/profile").get_data(as_text=True)
    assert page.count('<option selected value="me">') == 7
    assert_private_page(page)


def test_saving_every_field_with_its_visibility(client, db, login_as):
    user = login_as("amina")
    response = client.post(
        "/account/profile",
        data={
            "legal_name": f"  {DISTINCTIVE} ",
            "legal_name_visibility": "organizers",
            "organisation": "Colectivo",
            "organisation_visibility": "participants",
            "country": "CO",
            "country_visibility": "members",
            "languages": ["es", "en"],
            "languages_visibility": "members",
            "pronouns": "ella",
            "pronouns_visibility": "participants",
            "contact": "signal: @amina",
            "contact_visibility": "me",
            "bio": "Defensora del territorio.",
            "bio_visibility": "organizers",
        },
    )
    assert response.status_code == 303
    profile = db.session.get(Profile, user.id)
    assert profile.legal_name == DISTINCTIVE
    assert profile.languages == ["en", "es"]
    assert profile.visibility_of("country").value == "members"
    page = client.get("/account/profile").get_data(as_text=True)
    assert DISTINCTIVE in page and '<option selected value="organizers">' in page


def test_identifying_fields_never_reach_the_database_in_clear(client, db, login_as):
    user = login_as("amina")
    response = client.post(
        "/account/profile",
        data={
            "legal_name": DISTINCTIVE,
            "contact": "+57 311 555 0199 Wickerbasket",
            "organisation": "Frente Quillacollo Unido",
            "bio": "Grew up near Tumbleweed Gulch.",
        },
    )
    assert response.status_code == 303
    assert db.session.get(Profile, user.id).legal_name == DISTINCTIVE  # readable with the key
    raw = raw_database_text(db.engine)
    for secret in ("Philomena", "Xanthippe", "Okonjo", "Wickerbasket", "Quillacollo", "Tumbleweed"):
        assert secret not in raw


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("legal_name_visibility", "world", "Choose who may see this."),
        ("country", "ZZ", "Choose a country from the list."),
        ("languages", ["es", "klingon"], "Choose languages from the list."),
        ("pronouns", "p" * 41, "Use at most 40 characters."),
        ("bio", "b" * 1001, "Use at most 1000 characters."),
        ("legal_name", "n" * 201, "Use at most 200 characters."),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(client, db, login_as, field, value, message):
    login_as("amina")
    response = client.post("/account/profile", data={"pronouns": "they", field: value})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Profile)) == 0


def test_rotating_keys_keeps_legal_names_readable(
    database_url, tmp_path, db, make_user, make_profile
):
    from cryptography.fernet import Fernet

    from tests.conftest import TEST_DATA_KEYS, make_app

    person = make_user("amina")
    make_profile(person, legal_name=(DISTINCTIVE, "me"), contact=("+1 555", "me"))
    newest = Fernet.generate_key().decode()
    rotated = make_app(database_url, tmp_path, FORUM_DATA_KEYS=",".join([newest, *TEST_DATA_KEYS]))
    with rotated.app_context():
        result = rotated.test_cli_runner().invoke(args=["forum", "rotate-keys"])
        assert result.exit_code == 0, result.output
    only_new = make_app(database_url, tmp_path, FORUM_DATA_KEYS=newest)
    with only_new.app_context():
        from forum.extensions import db as fresh

        assert fresh.session.get(Profile, person.id).legal_name == DISTINCTIVE
