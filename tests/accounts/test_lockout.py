"""Per-account lockout with back-off: slows a guesser, never locks the owner out."""

import base64
from datetime import timedelta

import pytest
import sqlalchemy as sa

from forum.auth.lockout import DEVICE_COOKIE, LONGEST_LOCK, lock_duration
from forum.models import User, utcnow
from tests.accounts.conftest import code_at, wrong_code
from tests.conftest import PASSWORD, login, make_app

WRONG = "a wrong guess of a password"


def guess(client, username="amina", password=WRONG, address="203.0.113.9"):
    return client.post(
        "/auth/login",
        data={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def refresh(db, user) -> User:
    db.session.refresh(user)
    return user


def signed_in(client) -> bool:
    return client.get("/account/").status_code == 200


def test_the_back_off_doubles_from_one_minute_to_a_ceiling():
    minutes = [lock_duration(n) / timedelta(minutes=1) for n in range(1, 12)]
    assert minutes == [0, 0, 0, 0, 1, 2, 4, 8, 15, 15, 15]
    assert lock_duration(10_000) == LONGEST_LOCK


def test_five_failures_lock_the_account_for_unknown_devices(app, db, make_user):
    user = make_user("amina")
    attacker = app.test_client()
    statuses = [guess(attacker).status_code for _ in range(5)]
    assert statuses == [422] * 5
    refresh(db, user)
    assert user.failed_logins == 5
    assert timedelta(seconds=50) < user.locked_until - utcnow() <= timedelta(minutes=1)
    # During the lock even the right password is refused, without being checked.
    response = guess(attacker, password=PASSWORD)
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Too many failed attempts on this account. Please try again in 1 minute" in page
    assert not signed_in(attacker)
    assert refresh(db, user).failed_logins == 5  # attempts during the lock are not counted


def test_the_failure_that_starts_the_lock_says_so(app, make_user):
    make_user("amina")
    client = app.test_client()
    for _ in range(4):
        guess(client)
    page = guess(client).get_data(as_text=True)
    assert "The username or the password is not right." in page
    assert "Please try again in 1 minute" in page


def test_each_failure_after_a_lock_doubles_it(app, db, make_user):
    user = make_user("amina")
    client = app.test_client()
    for expected in (1, 2, 4, 8, 15, 15):
        while refresh(db, user).failed_logins < 4:
            guess(client)
        user.locked_until = None  # the previous lock has run out
        db.session.commit()
        guess(client)
        remaining = refresh(db, user).locked_until - utcnow()
        assert timedelta(minutes=expected) - timedelta(seconds=10) < remaining, expected
        assert remaining <= timedelta(minutes=expected), expected


def test_the_owner_gets_in_from_a_known_device_while_an_attacker_is_locked_out(app, db, make_user):
    user = make_user("amina")
    owner = app.test_client()
    assert login(owner, "amina").status_code == 302  # the owner's usual browser
    assert owner.get_cookie(DEVICE_COOKIE, path="/auth/") is not None
    owner.post("/auth/logout")

    attacker = app.test_client()
    for _ in range(8):
        guess(attacker)
    assert refresh(db, user).locked_until > utcnow()
    assert guess(attacker, password=PASSWORD).status_code == 429

    # The owner's mistakes from their own device do not count against them.
    assert guess(owner).status_code == 422
    assert login(owner, "amina").status_code == 302
    assert signed_in(owner)
    assert refresh(db, user).failed_logins == 0 and user.locked_until is None


def test_the_owner_on_a_new_device_waits_at_most_the_ceiling(app, db, make_user):
    user = make_user("amina")
    attacker = app.test_client()
    for _ in range(30):
        guess(attacker)
        user = refresh(db, user)
        if user.locked_until:
            assert user.locked_until - utcnow() <= LONGEST_LOCK
            user.locked_until = utcnow() - timedelta(seconds=1)  # time passes
            db.session.commit()
    new_device = app.test_client()
    assert login(new_device, "amina").status_code == 302


def test_a_device_cookie_of_another_account_does_not_help(app, db, make_user):
    make_user("joao")
    user = make_user("amina")
    client = app.test_client()
    login(client, "joao")
    client.post("/auth/logout")
    for _ in range(5):
        guess(client, "amina")
    assert refresh(db, user).locked_until is not None
    assert guess(client, "amina", PASSWORD).status_code == 429


@pytest.mark.parametrize("cookie", ["garbage", "gAAAAAB" + "x" * 80, "a" * 3000])
def test_a_forged_device_cookie_is_ignored(app, db, make_user, cookie):
    user = make_user("amina")
    client = app.test_client()
    client.set_cookie(DEVICE_COOKIE, cookie, path="/auth/")
    for _ in range(5):
        guess(client)
    assert refresh(db, user).locked_until is not None
    assert guess(client, password=PASSWORD).status_code == 429


def test_a_device_cookie_made_with_another_key_is_ignored(
    app, database_url, tmp_path, db, make_user
):
    from cryptography.fernet import Fernet

    user = make_user("amina")
    other = make_app(database_url, tmp_path, FORUM_DATA_KEYS=Fernet.generate_key().decode())
    foreign = other.test_client()
    with other.app_context():
        assert login(foreign, "amina").status_code == 302
    forged = foreign.get_cookie(DEVICE_COOKIE, path="/auth/").value
    client = app.test_client()
    client.set_cookie(DEVICE_COOKIE, forged, path="/auth/")
    for _ in range(5):
        guess(client)
    assert refresh(db, user).locked_until is not None
    assert guess(client, password=PASSWORD).status_code == 429


def test_the_device_cookie_is_encrypted_httponly_and_limited_to_sign_in_pages(app, make_user):
    user = make_user("amina")
    client = app.test_client()
    response = login(client, "amina")
    cookies = response.headers.getlist("Set-Cookie")
    device = next(c for c in cookies if c.startswith(DEVICE_COOKIE + "="))
    assert "HttpOnly" in device and "Path=/auth/" in device and "SameSite=Lax" in device
    value = device.split("=", 1)[1].split(";", 1)[0]
    assert value.startswith("gAAAAA")  # a Fernet token: the account list is encrypted
    raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    assert b"accounts" not in raw and b"amina" not in raw and f"[{user.id}]".encode() not in raw


def test_wrong_two_factor_codes_count_as_failures(app, db, make_user):
    user = make_user("amina", two_factor=True)
    client = app.test_client()
    for _ in range(2):
        guess(client, password=PASSWORD)  # the password step succeeds
        for _ in range(3 if refresh(db, user).failed_logins < 3 else 2):
            client.post("/auth/login/code", data={"code": wrong_code()})
    assert refresh(db, user).locked_until is not None
    response = guess(client, password=PASSWORD)
    assert response.status_code == 429
    assert client.post("/auth/login/code", data={"code": code_at(0)}).status_code == 302
    assert not signed_in(client)


def test_no_address_is_stored_anywhere(app, db, make_user):
    make_user("amina")
    client = app.test_client()
    for _ in range(6):
        guess(client, address="198.51.100.23")
    login(client, "amina")
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(sa.select(table)).all():
            assert "198.51.100.23" not in repr(tuple(row)), table.name


@pytest.fixture
def limited_app(app, database_url, tmp_path):
    return make_app(database_url, tmp_path, FORUM_RATELIMIT_ENABLED="1")


def test_a_flood_of_guesses_does_not_rate_limit_the_owners_device(limited_app, make_user):
    """The per-account rate limit has a separate budget for the owner's own devices."""
    make_user("amina")
    owner = limited_app.test_client()
    assert login(owner, "amina").status_code == 302
    owner.post("/auth/logout")
    attacker = limited_app.test_client()
    statuses = [guess(attacker, address=f"10.1.0.{n}").status_code for n in range(7)]
    assert statuses[-1] == 429
    assert login(owner, "amina").status_code == 302


def _without_tokens(page: str) -> str:
    import re

    return re.sub(r'name="csrf_token"[^>]*', "", re.sub(r'value="[^"]*"', "", page))


def test_the_lock_does_not_tell_which_usernames_exist(app, make_user, monkeypatch):
    """A locked real account and a made-up name answer alike, with the same work done."""
    from forum.auth import services

    make_user("amina")
    real, made_up = app.test_client(), app.test_client()
    answers = {"amina": [], "nobody-here": []}
    for name, client in (("amina", real), ("nobody-here", made_up)):
        for _ in range(6):
            response = guess(client, username=name)
            answers[name].append((response.status_code, _without_tokens(response.text)))
    assert [status for status, _ in answers["amina"]] == [422] * 5 + [429]
    assert answers["amina"] == [
        (status, page.replace("nobody-here", "amina")) for status, page in answers["nobody-here"]
    ]
    # The time: a locked sign-in verifies a password hash like any other attempt.
    checks = []
    real_verify = services.verify_password
    monkeypatch.setattr(
        services, "verify_password", lambda *args: checks.append(1) or real_verify(*args)
    )
    guess(real, username="amina")
    guess(made_up, username="nobody-here")
    assert checks == [1, 1]


def test_the_dummy_hash_is_made_at_start_up(app):
    from forum.auth.services import DUMMY_HASH_KEY

    assert app.extensions[DUMMY_HASH_KEY].startswith("$argon2id$")


def test_failures_on_a_name_with_no_account_keep_no_name(app, db):
    from forum.auth.models import NameLockout

    client = app.test_client()
    for _ in range(5):
        guess(client, username="Nobody-Here")
    row = db.session.scalars(sa.select(NameLockout)).one()
    assert row.failed_logins == 5 and row.locked_until is not None
    assert "nobody" not in row.name_hash.lower()
