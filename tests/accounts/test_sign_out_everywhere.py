""" "Log out everywhere" ends every session of the account, this one included."""

import sqlalchemy as sa

from forum.models import User
from tests.conftest import csrf_token_from, login


def test_signing_out_everywhere_ends_every_session(app, db, make_user):
    user = make_user("amina")
    laptop, phone, other = app.test_client(), app.test_client(), app.test_client()
    login(laptop, "amina")
    login(phone, "amina")
    make_user("joao")
    login(other, "joao")
    before = user.session_version

    response = laptop.post("/account/sessions/end")
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"
    assert "You are signed out everywhere, including here." in laptop.get("/auth/login").get_data(
        as_text=True
    )
    assert laptop.get("/account/").status_code == 302
    assert phone.get("/account/").status_code == 302
    assert other.get("/account/").status_code == 200  # another account is untouched
    assert db.session.scalar(sa.select(User.session_version).where(User.id == user.id)) == (
        before + 1
    )
    assert login(phone, "amina").status_code == 302  # signing in again works


def test_the_button_is_on_the_account_page(client, login_as):
    login_as("amina")
    page = client.get("/account/").get_data(as_text=True)
    assert 'action="/account/sessions/end"' in page and "Sign out everywhere" in page


def test_it_needs_a_signed_in_session(client):
    response = client.post("/account/sessions/end")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_a_forged_request_from_another_site_does_nothing(csrf_app, db, make_user):
    user = make_user("amina")
    client = csrf_app.test_client()
    token = csrf_token_from(client.get("/auth/login").get_data(as_text=True))
    client.post(
        "/auth/login", data={"username": "amina", "password": "correct horse battery staple",
                             "csrf_token": token},
    )  # fmt: skip
    response = client.post("/account/sessions/end")
    assert response.status_code == 400
    assert client.get("/account/").status_code == 200
    db.session.refresh(user)
    assert user.session_version == 1
