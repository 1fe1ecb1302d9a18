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


def copy_cookies(source, target):
    """Copy every cookie of `source` into `target`: a seized laptop, a synced profile."""
    for cookie in source._cookies.values():
        target.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)


def test_a_cookie_copied_before_sign_out_opens_nothing_after(app, make_user):
    make_user("amina")
    laptop, thief = app.test_client(), app.test_client()
    login(laptop, "amina")
    copy_cookies(laptop, thief)
    assert thief.get("/account/").status_code == 200  # the copy works while signed in
    assert laptop.post("/auth/logout").status_code == 302
    assert thief.get("/account/").status_code == 302  # and not after sign-out
    assert laptop.get("/account/").status_code == 302


def test_the_server_keeps_only_a_hash_and_a_coarse_device(app, client, make_user, db):
    import sqlalchemy as sa

    from forum.auth.models import UserSession

    make_user("amina")
    client.environ_base["HTTP_USER_AGENT"] = (
        "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"
    )
    client.environ_base["REMOTE_ADDR"] = "203.0.113.7"
    login(client, "amina")
    with client.session_transaction() as session:
        session_id = session["sid"]
    row = db.session.scalars(sa.select(UserSession)).one()
    assert (row.browser, row.system) == ("firefox", "android")
    values = [str(getattr(row, column.key)) for column in UserSession.__table__.columns]
    assert not any(session_id in value or "203.0.113" in value for value in values)


def test_the_account_lists_sessions_and_ends_another_one(app, make_user, db):
    import sqlalchemy as sa

    from forum.auth.models import UserSession

    make_user("amina")
    laptop, phone = app.test_client(), app.test_client()
    laptop.environ_base["HTTP_USER_AGENT"] = (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"
    )
    phone.environ_base["HTTP_USER_AGENT"] = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Safari/604.1"
    )
    login(laptop, "amina")
    login(phone, "amina")
    page = laptop.get("/account/").get_data(as_text=True)
    assert "Chrome on Linux" in page and "Safari on iOS" in page
    assert page.count("Sign out this one") == 2
    assert "This device" in page
    phone_id = db.session.scalar(sa.select(UserSession.id).where(UserSession.system == "ios"))
    assert f"/account/sessions/{phone_id}/end" in page
    response = laptop.post(f"/account/sessions/{phone_id}/end")
    assert response.status_code == 303
    assert phone.get("/account/").status_code == 302
    assert laptop.get("/account/").status_code == 200


def test_nobody_ends_someone_elses_session(app, make_user, db):
    import sqlalchemy as sa

    from forum.auth.models import UserSession
    from forum.models import User

    make_user("amina")
    make_user("joao")
    amina, joao = app.test_client(), app.test_client()
    login(amina, "amina")
    login(joao, "joao")
    amina_session = db.session.scalar(
        sa.select(UserSession.id)
        .join(User, User.id == UserSession.user_id)
        .where(User.username == "amina")
    )
    assert joao.post(f"/account/sessions/{amina_session}/end").status_code == 404
    assert amina.get("/account/").status_code == 200


def test_sign_out_everywhere_deletes_every_server_side_session(app, make_user, db):
    import sqlalchemy as sa

    from forum.auth.models import UserSession

    make_user("amina")
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, "amina")
    login(phone, "amina")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UserSession)) == 2
    laptop.post("/account/sessions/end")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UserSession)) == 0
    assert phone.get("/account/").status_code == 302
