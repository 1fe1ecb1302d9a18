"""Two-factor sign-in: setting it up, the code step of sign-in, recovery codes, turning it off."""

import re
import time

import pytest
import sqlalchemy as sa

from forum.auth import two_factor
from forum.auth.models import RecoveryCode
from forum.auth.sessions import PENDING_KEY, PENDING_SECONDS
from forum.models import AuditEntry, User
from tests.accounts.conftest import code_at, wrong_code
from tests.checks import assert_private_page
from tests.conftest import PASSWORD, TOTP_SECRET, login


def secret_on_page(html: str) -> str:
    match = re.search(r'<code class="secret-key"[^>]*>([A-Z2-7 ]+)</code>', html)
    assert match, "no secret key on the page"
    return match.group(1).replace(" ", "")


def password_step(client, username="amina", password=PASSWORD, next_url=None):
    url = "/auth/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"username": username, "password": password})


def signed_in(client) -> bool:
    return client.get("/account/").status_code == 200


# --- setting it up -----------------------------------------------------------------------


def test_setup_shows_a_qr_code_and_the_key_and_turns_on_with_a_current_code(client, db, login_as):
    user = login_as("amina")
    page = client.get("/account/two-factor/setup")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<svg role="img" viewBox=' in html and 'class="qr-code"' in html
    assert_private_page(html)  # inline SVG, no style attribute, nothing from elsewhere
    secret = secret_on_page(html)
    assert len(secret) == 32

    response = client.post("/account/two-factor/setup", data={"code": code_at(0, secret)})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    codes = re.findall(r"<li><code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</code></li>", html)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "shown only this once" in html
    assert_private_page(html)
    assert response.headers["Cache-Control"] == "no-store"

    db.session.refresh(user)
    assert user.two_factor_enabled and user.totp_secret == secret
    raw = db.session.execute(sa.text("SELECT totp_secret FROM users")).scalar()
    assert secret not in raw  # encrypted at rest
    hashes = db.session.scalars(sa.select(RecoveryCode.code_hash)).all()
    assert len(hashes) == 10
    for code in codes:
        assert all(code.replace("-", "") not in value for value in hashes)
    actions = db.session.scalars(sa.select(AuditEntry.action)).all()
    assert actions == ["two_factor.on"]


def test_the_key_stays_the_same_while_setting_up_and_is_not_in_the_cookie_in_clear(
    client, login_as
):
    login_as("amina")
    first = secret_on_page(client.get("/account/two-factor/setup").get_data(as_text=True))
    second = secret_on_page(client.get("/account/two-factor/setup").get_data(as_text=True))
    assert first == second
    with client.session_transaction() as session:
        assert first not in str(dict(session))


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (None, "This code is not right"),  # a well-formed but wrong code
        ("", "This field is required."),
        ("12345", "This code is not right"),
        ("abcdef", "This code is not right"),
        ("9" * 100, "Too long."),
    ],
)
def test_setup_refuses_a_wrong_code_and_turns_nothing_on(client, db, login_as, code, message):
    user = login_as("amina")
    secret = secret_on_page(client.get("/account/two-factor/setup").get_data(as_text=True))
    response = client.post(
        "/account/two-factor/setup", data={"code": wrong_code(secret) if code is None else code}
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    db.session.refresh(user)
    assert not user.two_factor_enabled
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode)) == 0


def test_setup_that_took_too_long_starts_again(client, db, login_as, monkeypatch):
    user = login_as("amina")
    secret = secret_on_page(client.get("/account/two-factor/setup").get_data(as_text=True))
    monkeypatch.setattr("forum.auth.account.views.SETUP_SECONDS", -1)
    response = client.post("/account/two-factor/setup", data={"code": code_at(0, secret)})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/two-factor/setup")
    db.session.refresh(user)
    assert not user.two_factor_enabled


def test_setup_without_a_started_setup_turns_nothing_on(client, db, login_as):
    user = login_as("amina")
    response = client.post("/account/two-factor/setup", data={"code": "123456"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert not user.two_factor_enabled


def test_setup_pages_need_sign_in(client):
    for method, path in [
        ("get", "/account/two-factor/setup"),
        ("post", "/account/two-factor/setup"),
        ("post", "/account/two-factor/disable"),
        ("post", "/account/two-factor/recovery-codes"),
    ]:
        response = getattr(client, method)(path)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


# --- signing in ----------------------------------------------------------------------------


def test_sign_in_asks_for_the_code_and_signs_in_only_after_it(client, make_user):
    make_user("amina", two_factor=True)
    response = password_step(client, next_url="/account/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login/code"
    # Not signed in yet: no page that needs an account opens.
    assert not signed_in(client)
    with client.session_transaction() as session:
        assert "_user_id" not in session and PENDING_KEY in session
    page = client.get("/auth/login/code")
    assert page.status_code == 200
    assert_private_page(page.get_data(as_text=True))

    response = client.post("/auth/login/code", data={"code": code_at(0)})
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/"
    assert signed_in(client)
    with client.session_transaction() as session:
        assert PENDING_KEY not in session


def test_the_code_step_cannot_be_reached_without_the_password(client, make_user):
    make_user("amina", two_factor=True)
    response = client.post("/auth/login/code", data={"code": code_at(0)})
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"
    assert not signed_in(client)


def test_a_pending_state_forged_without_the_key_is_refused(app, client, make_user):
    """Someone who knows the cookie format but not the secret key cannot skip a step."""
    from flask.sessions import SecureCookieSessionInterface

    victim = make_user("joao", two_factor=True)
    forged_app = type("Forged", (), {"secret_key": "guessed key", "config": app.config})
    serializer = SecureCookieSessionInterface().get_signing_serializer(forged_app)
    pending = {"user": victim.id, "version": 1, "at": int(time.time()), "next": "/"}
    client.set_cookie("forum_session", serializer.dumps({PENDING_KEY: {**pending, "failures": 0}}))
    response = client.post("/auth/login/code", data={"code": code_at(0)})
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"
    assert not signed_in(client)


@pytest.mark.parametrize("code", ["000000x", "", "12 34", "' OR 1=1 --", "ü" * 20])
def test_malformed_codes_are_refused_with_a_message(client, make_user, code):
    make_user("amina", two_factor=True)
    password_step(client)
    response = client.post("/auth/login/code", data={"code": code})
    assert response.status_code == 422
    assert not signed_in(client)


def test_a_wrong_code_is_refused(client, make_user):
    make_user("amina", two_factor=True)
    password_step(client)
    response = client.post("/auth/login/code", data={"code": wrong_code()})
    assert response.status_code == 422
    assert "This code is not right" in response.get_data(as_text=True)
    assert not signed_in(client)


def test_a_code_cannot_be_used_twice(app, make_user):
    make_user("amina", two_factor=True)
    code = code_at(0)
    first, second = app.test_client(), app.test_client()
    password_step(first)
    assert first.post("/auth/login/code", data={"code": code}).status_code == 302
    # Someone who saw the code (over a shoulder, on a screen recording) tries it at once.
    password_step(second)
    response = second.post("/auth/login/code", data={"code": code})
    assert response.status_code == 422
    assert "used already" in response.get_data(as_text=True)
    assert not signed_in(second)


def test_codes_from_the_neighbouring_steps_work_but_not_older_ones(app, db, make_user):
    user = make_user("amina", two_factor=True)
    for offset, accepted in [(-2, False), (-1, True), (1, True), (2, False)]:
        client = app.test_client()
        db.session.execute(sa.update(User).values(totp_last_step=None))
        db.session.commit()
        password_step(client)
        response = client.post("/auth/login/code", data={"code": code_at(offset)})
        assert (response.status_code == 302) is accepted, offset
        db.session.refresh(user)
        assert (user.totp_last_step is not None) is accepted


def test_an_expired_code_step_asks_for_the_password_again(client, make_user):
    make_user("amina", two_factor=True)
    password_step(client)
    with client.session_transaction() as session:
        session[PENDING_KEY] = {
            **session[PENDING_KEY],
            "at": int(time.time()) - PENDING_SECONDS - 1,
        }
    response = client.post("/auth/login/code", data={"code": code_at(0)})
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"
    page = client.get("/auth/login").get_data(as_text=True)
    assert "Signing in took too long" in page
    assert not signed_in(client)
    with client.session_transaction() as session:
        assert PENDING_KEY not in session


def test_a_password_change_meanwhile_voids_the_pending_sign_in(client, db, make_user):
    user = make_user("amina", two_factor=True)
    password_step(client)
    user.session_version += 1
    db.session.commit()
    response = client.post("/auth/login/code", data={"code": code_at(0)})
    assert response.status_code == 302 and not signed_in(client)


def test_three_wrong_codes_ask_for_the_password_again(client, make_user):
    make_user("amina", two_factor=True)
    password_step(client)
    statuses = [
        client.post("/auth/login/code", data={"code": wrong_code()}).status_code for _ in range(3)
    ]
    assert statuses == [422, 422, 302]
    assert "Too many wrong codes" in client.get("/auth/login").get_data(as_text=True)
    assert client.post("/auth/login/code", data={"code": code_at(0)}).status_code == 302
    assert not signed_in(client)


def test_code_step_limit_holds_even_when_the_pending_cookie_is_replayed(limited_app, make_user):
    """The failure count in the cookie can be reset by replaying an old cookie; the
    rate limit (kept on the server) cannot."""
    make_user("amina", two_factor=True)
    client = limited_app.test_client()
    password_step(client)
    with client.session_transaction() as session:
        saved = dict(session)
    statuses = []
    for _ in range(6):
        with client.session_transaction() as session:
            session.clear()
            session.update(saved)
        statuses.append(client.post("/auth/login/code", data={"code": wrong_code()}).status_code)
    assert statuses[-1] == 429
    with client.session_transaction() as session:
        session.clear()
        session.update(saved)
    assert client.post("/auth/login/code", data={"code": code_at(0)}).status_code == 429


@pytest.fixture
def limited_app(app, database_url, tmp_path):
    from tests.conftest import make_app

    return make_app(database_url, tmp_path, FORUM_RATELIMIT_ENABLED="1")


# --- recovery codes ------------------------------------------------------------------------


def test_a_recovery_code_signs_in_once(app, db, make_user, recovery_codes):
    user = make_user("amina", two_factor=True)
    codes = recovery_codes(user)
    client = app.test_client()
    password_step(client)
    typed = "  " + codes[0].upper().replace("-", " ") + " "  # as people copy them
    response = client.post("/auth/login/code", data={"code": typed})
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "You used a recovery code; 9 are left." in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode)) == 9
    assert "two_factor.recovery_code" in db.session.scalars(sa.select(AuditEntry.action)).all()

    again = app.test_client()
    password_step(again)
    assert again.post("/auth/login/code", data={"code": codes[0]}).status_code == 422
    assert not signed_in(again)


def test_recovery_codes_of_one_account_do_not_work_for_another(app, make_user, recovery_codes):
    amina = make_user("amina", two_factor=True)
    make_user("joao", two_factor=True)
    codes = recovery_codes(amina)
    client = app.test_client()
    password_step(client, "joao")
    assert client.post("/auth/login/code", data={"code": codes[0]}).status_code == 422


def test_new_recovery_codes_replace_the_old_ones(client, db, make_user, recovery_codes):
    user = make_user("amina", two_factor=True)
    old = recovery_codes(user)
    login(client, "amina")
    wrong = client.post("/account/two-factor/recovery-codes", data={"codes-code": wrong_code()})
    assert wrong.status_code == 422
    assert "This code is not right" in wrong.get_data(as_text=True)
    # A recovery code is not enough to make new ones: it takes the app.
    refused = client.post("/account/two-factor/recovery-codes", data={"codes-code": old[1]})
    assert refused.status_code == 422
    db.session.execute(sa.update(User).values(totp_last_step=None))
    db.session.commit()
    response = client.post("/account/two-factor/recovery-codes", data={"codes-code": code_at(0)})
    assert response.status_code == 200
    new = re.findall(r"<code>([a-z2-9-]{14})</code>", response.get_data(as_text=True))
    assert len(new) == 10 and not set(new) & set(old)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode)) == 10
    client.post("/auth/logout")
    password_step(client)
    assert client.post("/auth/login/code", data={"code": old[2]}).status_code == 422


def test_the_account_page_shows_the_state(client, make_user, recovery_codes):
    user = make_user("amina", two_factor=True)
    recovery_codes(user)
    login(client, "amina")
    page = client.get("/account/").get_data(as_text=True)
    assert "You have 10 unused recovery codes." in page
    assert "Turn off two-factor sign-in" in page
    assert_private_page(page)


# --- turning it off ------------------------------------------------------------------------


def turn_off(client, password=PASSWORD, code=None):
    return client.post(
        "/account/two-factor/disable",
        data={"off-password": password, "off-code": code_at(0) if code is None else code},
    )


def reset_step(db):
    db.session.execute(sa.update(User).values(totp_last_step=None))
    db.session.commit()


@pytest.mark.parametrize(
    ("password", "code", "message"),
    [
        ("not my password at all", None, "Your current password is not right."),
        (PASSWORD, "wrong", "This code is not right"),
        (PASSWORD, "", "This field is required."),
        ("", None, "This field is required."),
    ],
)
def test_turning_off_needs_the_password_and_a_current_code(
    client, db, make_user, password, code, message
):
    user = make_user("amina", two_factor=True)
    login(client, "amina")
    reset_step(db)
    response = turn_off(client, password, wrong_code() if code == "wrong" else code)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.two_factor_enabled


def test_a_replayed_code_cannot_turn_it_off(client, db, make_user):
    user = make_user("amina", two_factor=True)
    login(client, "amina")  # uses the current code
    db.session.refresh(user)
    used = pyotp_code_for_step(user.totp_last_step)
    response = turn_off(client, code=used)
    assert response.status_code == 422
    db.session.refresh(user)
    assert user.two_factor_enabled


def pyotp_code_for_step(step: int) -> str:
    import pyotp

    return pyotp.TOTP(TOTP_SECRET).generate_otp(step)


def test_turning_off_with_password_and_code(client, db, make_user, recovery_codes):
    user = make_user("amina", two_factor=True)
    recovery_codes(user)
    login(client, "amina")
    reset_step(db)
    response = turn_off(client)
    assert response.status_code == 302
    assert "Two-factor sign-in is off." in client.get("/account/").get_data(as_text=True)
    db.session.refresh(user)
    assert not user.two_factor_enabled and user.totp_last_step is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode)) == 0
    assert "two_factor.off" in db.session.scalars(sa.select(AuditEntry.action)).all()
    client.post("/auth/logout")
    assert password_step(client).headers["Location"] == "/"  # no code step any more


def test_a_recovery_code_can_turn_it_off_after_losing_the_phone(
    client, db, make_user, recovery_codes
):
    user = make_user("amina", two_factor=True)
    codes = recovery_codes(user)
    login(client, "amina")
    assert turn_off(client, code=codes[3]).status_code == 302
    db.session.refresh(user)
    assert not user.two_factor_enabled


def test_use_code_refuses_everything_for_an_account_without_two_factor(app, make_user):
    user = make_user("amina")
    assert two_factor.use_code(user, code_at(0)) is None
