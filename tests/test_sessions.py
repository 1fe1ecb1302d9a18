import time

from tests.conftest import PASSWORD, login


def age_session(client, **seconds_ago):
    with client.session_transaction() as session:
        for key, ago in seconds_ago.items():
            session[key] = int(time.time()) - ago


def test_idle_sessions_end(app, client, make_user):
    make_user("amina")
    login(client, "amina")
    idle = int(app.config["FORUM_SESSION_IDLE"].total_seconds())
    age_session(client, seen_at=idle + 5)
    response = client.get("/account/")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "signed out after a period of inactivity" in page


def test_active_sessions_continue(app, client, make_user):
    make_user("amina")
    login(client, "amina")
    age_session(client, seen_at=60)
    assert client.get("/account/").status_code == 200


def test_sessions_end_after_the_absolute_lifetime_even_when_active(app, client, make_user):
    make_user("amina")
    login(client, "amina")
    lifetime = int(app.config["FORUM_SESSION_MAX_AGE"].total_seconds())
    age_session(client, login_at=lifetime + 5, seen_at=1)
    assert client.get("/account/").status_code == 302


def test_changing_the_password_signs_out_other_sessions(app, make_user):
    make_user("amina")
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, "amina")
    login(phone, "amina")
    response = laptop.post(
        "/account/password",
        data={
            "current": PASSWORD,
            "password": "new lantern river cobalt",
            "confirm": "new lantern river cobalt",
        },
    )
    assert response.status_code == 302
    assert laptop.get("/account/").status_code == 200  # this session continues
    assert phone.get("/account/").status_code == 302  # the other one is gone
    assert login(phone, "amina", "new lantern river cobalt").status_code == 302


def test_a_forged_session_id_is_ignored(client, make_user):
    user = make_user("amina")
    with client.session_transaction() as session:
        session["_user_id"] = f"{user.id}.99"
        session["login_at"] = session["seen_at"] = int(time.time())
    assert client.get("/account/").status_code == 302
