import pytest
import sqlalchemy as sa

from forum.models import User
from tests.conftest import PASSWORD, csrf_token_from, login, make_app

GOOD = {
    "username": "amina",
    "display_name": "Amina K.",
    "password": "river lantern cobalt mango",
    "confirm": "river lantern cobalt mango",
    "email": "",
}


def user_count(db) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(User))


def test_sign_up_creates_an_account_and_signs_in(client, db):
    response = client.post("/auth/signup", data=GOOD)
    assert response.status_code == 302
    user = db.session.scalar(sa.select(User))
    assert user.username == "amina" and user.display_name == "Amina K."
    assert user.email is None
    assert user.password_hash.startswith("$argon2id$")
    assert "river" not in user.password_hash
    page = client.get("/").get_data(as_text=True)
    assert "Amina K." in page and "Sign out" in page


def test_sign_up_records_the_language_it_was_made_in(client, db):
    client.post("/auth/signup", data=GOOD, headers={"Accept-Language": "pt-BR,pt;q=0.9"})
    assert db.session.scalar(sa.select(User.locale)) == "pt"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"username": "AMINA"}, "This username is taken"),
        ({"password": "short", "confirm": "short"}, "Use at least 10 characters"),
        ({"password": "password123", "confirm": "password123"}, "too common"),
        ({"password": "qwertyuiop1", "confirm": "qwertyuiop1"}, "too common"),
        (
            {
                "password": "amina-the-user",
                "confirm": "amina-the-user",
                "username": "amina-the-user",
            },
            "must not be your username",
        ),
        ({"confirm": "something else entirely"}, "The passwords do not match"),
        ({"username": ""}, "This field is required"),
        ({"username": "a b"}, "Use only Latin letters"),
        ({"username": "ab"}, "Use between 3 and 32 characters"),
        ({"username": "x" * 33}, "Use between 3 and 32 characters"),
        ({"display_name": "n" * 61}, "Use at most 60 characters"),
        ({"display_name": "   "}, "This field is required"),
        ({"email": "not-an-address"}, "Enter a valid email address"),
    ],
)
def test_sign_up_rejects_bad_input_and_saves_nothing(client, db, make_user, changes, message):
    make_user("amina")
    before = user_count(db)
    response = client.post("/auth/signup", data={**GOOD, "username": "newperson", **changes})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert user_count(db) == before


def test_sign_up_error_messages_are_translated(client, db):
    response = client.post(
        "/auth/signup",
        data={**GOOD, "confirm": "different words here"},
        headers={"Accept-Language": "es"},
    )
    assert response.status_code == 422
    assert "Las contraseñas no coinciden." in response.get_data(as_text=True)
    assert user_count(db) == 0


def test_email_is_optional_and_stored_encrypted(client, db):
    client.post("/auth/signup", data={**GOOD, "email": "amina@example.org"})
    assert db.session.scalar(sa.select(User.email)) == "amina@example.org"
    raw = db.session.execute(sa.text("SELECT email FROM users")).scalar()
    assert raw and "amina" not in raw and "example" not in raw


def test_sign_in_and_out(client, make_user):
    make_user("amina", display_name="Amina K.")
    response = login(client, "Amina")  # usernames are case-insensitive
    assert response.status_code == 302
    assert "Amina K." in client.get("/").get_data(as_text=True)
    assert client.get("/auth/logout").status_code == 405  # signing out needs a POST
    client.post("/auth/logout")
    assert client.get("/account/").status_code == 302


@pytest.mark.parametrize(
    ("username", "password"), [("amina", "wrong password here"), ("nobody", PASSWORD)]
)
def test_failed_sign_in_says_the_same_for_unknown_user_and_wrong_password(
    client, make_user, username, password
):
    make_user("amina")
    response = login(client, username, password)
    assert response.status_code == 422
    assert "The username or the password is not right." in response.get_data(as_text=True)
    assert client.get("/account/").status_code == 302


def test_disabled_account_cannot_sign_in(client, db, make_user):
    user = make_user("amina")
    user.disabled_at = sa.func.now()
    db.session.commit()
    assert login(client, "amina").status_code == 422


def test_sign_in_follows_only_local_next_links(client, make_user):
    make_user("amina")
    ok = client.post("/auth/login?next=/account/", data={"username": "amina", "password": PASSWORD})
    assert ok.headers["Location"] == "/account/"
    client.post("/auth/logout")
    for target in ("https://evil.example/", "//evil.example", "/\\evil.example", "javascript:x"):
        response = client.post(
            f"/auth/login?next={target}", data={"username": "amina", "password": PASSWORD}
        )
        assert response.headers["Location"] == "/", target
        client.post("/auth/logout")


def test_forms_without_a_csrf_token_are_refused_and_save_nothing(csrf_app, db):
    client = csrf_app.test_client()
    response = client.post("/auth/signup", data=GOOD)
    assert response.status_code == 400
    assert "This form has expired or was not sent from this site" in response.get_data(as_text=True)
    assert user_count(db) == 0


def test_forms_with_the_csrf_token_work(csrf_app, db):
    client = csrf_app.test_client()
    token = csrf_token_from(client.get("/auth/signup").get_data(as_text=True))
    response = client.post("/auth/signup", data={**GOOD, "csrf_token": token})
    assert response.status_code == 302
    assert user_count(db) == 1


def test_sign_out_without_csrf_token_is_refused(csrf_app, make_user):
    make_user("amina")
    client = csrf_app.test_client()
    token = csrf_token_from(client.get("/auth/login").get_data(as_text=True))
    client.post(
        "/auth/login", data={"username": "amina", "password": PASSWORD, "csrf_token": token}
    )
    assert client.post("/auth/logout").status_code == 400
    assert client.get("/account/").status_code == 200


@pytest.fixture
def limited_app(app, database_url, tmp_path):
    """Made after `app`: the limiter is one object per process, set by the last app."""
    return make_app(database_url, tmp_path, FORUM_RATELIMIT_ENABLED="1")


def test_too_many_sign_in_attempts_on_one_account_are_stopped(limited_app, make_user):
    make_user("amina")
    client = limited_app.test_client()
    codes = [login(client, "amina", "wrong password here").status_code for _ in range(6)]
    assert codes[:5] == [422] * 5
    assert codes[5] == 429
    # Even the right password waits now: the limit is on the account, not the guess.
    response = login(client, "amina")
    assert response.status_code == 429
    assert "too many attempts" in response.get_data(as_text=True).lower()


def test_account_limit_holds_across_addresses(limited_app, make_user):
    """Rotating Tor circuits or addresses does not reset the per-account limit."""
    make_user("amina")
    client = limited_app.test_client()
    codes = [
        client.post(
            "/auth/login",
            data={"username": "amina", "password": "wrong guess here"},
            environ_base={"REMOTE_ADDR": f"10.0.0.{n}"},
        ).status_code
        for n in range(6)
    ]
    assert codes[-1] == 429


def test_other_accounts_behind_the_same_address_can_still_sign_in(limited_app, make_user):
    make_user("amina")
    make_user("joao")
    client = limited_app.test_client()
    for _ in range(6):
        login(client, "amina", "wrong password here")
    assert login(client, "joao").status_code == 302


def test_too_many_sign_ups_are_stopped_with_a_translated_page(limited_app):
    client = limited_app.test_client()
    codes = [
        client.post(
            "/auth/signup",
            data={**GOOD, "username": "same", "confirm": "x"},
            headers={"Accept-Language": "fr"},
        ).status_code
        for _ in range(6)
    ]
    assert codes[-1] == 429
    response = client.post(
        "/auth/signup", data=GOOD | {"username": "same"}, headers={"Accept-Language": "fr"}
    )
    assert "Trop de tentatives" in response.get_data(as_text=True)
