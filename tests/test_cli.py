import sqlalchemy as sa

from forum.demo import DEMO_ACCOUNTS, DEMO_TOTP_SECRET
from forum.models import User
from tests.conftest import login, make_app


def test_seed_demo_prints_one_line_per_account_and_is_idempotent(runner, db):
    first = runner.invoke(args=["forum", "seed-demo"])
    assert first.exit_code == 0, first.output
    for role, username, _, _, _, password in DEMO_ACCOUNTS:
        assert f"{(role.value if role else 'member'):<10} {username:<10} {password}" in first.output
    count = db.session.scalar(sa.select(sa.func.count()).select_from(User))
    assert count == len(DEMO_ACCOUNTS)
    again = runner.invoke(args=["forum", "seed-demo"])
    assert again.exit_code == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == count


def test_seed_demo_if_empty_skips_a_database_in_use(runner, db, make_user):
    make_user("someone")
    result = runner.invoke(args=["forum", "seed-demo", "--if-empty"])
    assert "not loaded" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_seed_demo_is_refused_in_production(database_url, tmp_path, db):
    app = make_app(database_url, tmp_path, FORUM_ENV="production")
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["forum", "seed-demo"])
    assert result.exit_code != 0
    assert "never loaded in production" in result.output


def test_demo_accounts_can_sign_in(runner, client):
    runner.invoke(args=["forum", "seed-demo"])
    for _, username, _, _, _, password in DEMO_ACCOUNTS:
        response = login(client, username, password)
        assert response.status_code == 302, username
        assert client.get("/account/").status_code == 200, username
        client.post("/auth/logout")


def test_demo_accounts_with_a_role_can_use_it(runner, client):
    """They have two-factor sign-in with the printed key, so their roles work."""
    result = runner.invoke(args=["forum", "seed-demo"])
    assert DEMO_TOTP_SECRET in result.output
    login(client, "admin", "demo-admin-passphrase")
    assert client.get("/admin/roles").status_code == 200


def test_rotate_keys_reencrypts_under_the_newest_key(database_url, tmp_path, make_user, db):
    from cryptography.fernet import Fernet

    from tests.conftest import TEST_DATA_KEYS

    make_user("amina", email="amina@example.org")
    newest = Fernet.generate_key().decode()
    rotated_app = make_app(
        database_url, tmp_path, FORUM_DATA_KEYS=",".join([newest, *TEST_DATA_KEYS])
    )
    with rotated_app.app_context():
        result = rotated_app.test_cli_runner().invoke(args=["forum", "rotate-keys"])
        assert result.exit_code == 0 and "Re-encrypted 1 values" in result.output
    # Only the newest key is needed now; the old ones can be retired.
    only_new = make_app(database_url, tmp_path, FORUM_DATA_KEYS=newest)
    with only_new.app_context():
        assert db.session.scalar(sa.select(User.email)) == "amina@example.org"
