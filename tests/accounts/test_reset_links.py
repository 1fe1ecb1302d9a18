"""Account recovery without email: one-time reset links issued by an administrator."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from forum.auth.models import PasswordReset
from forum.models import AuditEntry, Role, User, utcnow
from tests.checks import assert_private_page
from tests.conftest import PASSWORD, login

NEW = "a brand new lantern passphrase"


def issue_link(client, user_id, **data) -> str:
    response = client.post(f"/admin/users/{user_id}/reset-link", data=data)
    assert response.status_code == 200, response.status_code
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert_private_page(html)
    return re.search(r'value="(http://localhost/auth/reset/[^"]+)"', html).group(1)


def path_of(link: str) -> str:
    return link.removeprefix("http://localhost")


def set_password(client, link, password=NEW, confirm=None):
    return client.post(path_of(link), data={"password": password, "confirm": confirm or password})


@pytest.fixture
def admin_client(app, make_user):
    make_user("root", roles=[Role.ADMIN], display_name="Root")
    client = app.test_client()
    login(client, "root")
    return client


def test_admin_issues_a_link_shown_once_and_stored_only_as_a_hash(admin_client, db, make_user):
    member = make_user("amina", display_name="Amina K.")
    page = admin_client.get(f"/admin/users/{member.id}/reset-link")
    assert page.status_code == 200 and "Amina K." in page.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PasswordReset)) == 0

    link = issue_link(admin_client, member.id)
    token = link.rsplit("/", 1)[1]
    assert len(token) == 43
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(sa.select(table)).all():
            assert token not in repr(tuple(row)), table.name
    reset = db.session.scalar(sa.select(PasswordReset))
    assert reset.user_id == member.id and reset.used_at is None
    assert timedelta(hours=23, minutes=59) < reset.expires_at - reset.created_at
    assert reset.expires_at - reset.created_at <= timedelta(hours=24)
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "password_reset.issue")
    )
    assert (entry.action, entry.target_id) == ("password_reset.issue", member.id)


def test_using_the_link_sets_the_password_and_signs_out_everywhere(
    app, admin_client, db, make_user
):
    member = make_user("amina")
    phone = app.test_client()
    login(phone, "amina")
    link = issue_link(admin_client, member.id)

    visitor = app.test_client()
    form = visitor.get(path_of(link))
    assert form.status_code == 200
    assert form.headers["Cache-Control"] == "no-store"
    assert_private_page(form.get_data(as_text=True))
    response = set_password(visitor, link)
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"
    assert "Your new password is set" in visitor.get("/auth/login").get_data(as_text=True)

    assert phone.get("/account/").status_code == 302  # signed out
    assert login(visitor, "amina", PASSWORD).status_code == 422
    assert login(visitor, "amina", NEW).status_code == 302
    actions = db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["password_reset.issue", "password_reset.use"]


def test_a_link_works_only_once(app, admin_client, make_user):
    member = make_user("amina")
    link = issue_link(admin_client, member.id)
    assert set_password(app.test_client(), link).status_code == 302
    for method in ("get", "post"):
        response = getattr(app.test_client(), method)(
            path_of(link), data={"password": "another passphrase here", "confirm": "x"}
        )
        assert response.status_code == 404
        assert "This link cannot be used" in response.get_data(as_text=True)
    assert login(app.test_client(), "amina", NEW).status_code == 302


def test_an_expired_link_is_refused(app, admin_client, db, make_user):
    member = make_user("amina")
    link = issue_link(admin_client, member.id)
    reset = db.session.scalar(sa.select(PasswordReset))
    reset.created_at = utcnow() - timedelta(hours=25)
    reset.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    client = app.test_client()
    assert client.get(path_of(link)).status_code == 404
    assert set_password(client, link).status_code == 404
    assert login(client, "amina", NEW).status_code == 422


@pytest.mark.parametrize(
    "token",
    [
        "abc",
        "x" * 43,  # well-formed, unknown
        "A" * 500,
        "%00" * 20,
        "..%2F..%2Fetc%2Fpasswd",
        "ünïcödé-" * 6,
        "' OR '1'='1",
    ],
)
def test_malformed_or_unknown_tokens_are_a_404(client, token):
    for method in ("get", "post"):
        response = getattr(client, method)(f"/auth/reset/{token}", data={"password": NEW})
        assert response.status_code == 404, (method, token)
        assert_private_page(response.get_data(as_text=True))


def test_a_token_changed_by_one_character_is_refused(app, admin_client, make_user):
    member = make_user("amina")
    link = issue_link(admin_client, member.id)
    last = link[-1]
    altered = link[:-1] + ("A" if last != "A" else "B")
    assert app.test_client().get(path_of(altered)).status_code == 404


def test_a_new_link_voids_the_older_one(app, admin_client, make_user):
    member = make_user("amina")
    first = issue_link(admin_client, member.id)
    second = issue_link(admin_client, member.id)
    assert app.test_client().get(path_of(first)).status_code == 404
    assert app.test_client().get(path_of(second)).status_code == 200


def test_a_weak_password_is_refused_and_the_link_still_works(app, admin_client, db, make_user):
    member = make_user("amina")
    link = issue_link(admin_client, member.id)
    client = app.test_client()
    for password, confirm, message in [
        ("short", "short", "Use at least 10 characters"),
        ("password123", "password123", "too common"),
        ("amina", "amina", "Use at least 10 characters"),
        (NEW, "something different", "The passwords do not match."),
        ("", "", "This field is required."),
    ]:
        response = set_password(client, link, password, confirm)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(PasswordReset.used_at)) is None
    assert set_password(client, link).status_code == 302


def test_using_a_link_lifts_the_lockout(app, admin_client, db, make_user):
    member = make_user("amina")
    attacker = app.test_client()
    for _ in range(6):
        login(attacker, "amina", "a wrong guess here")
    db.session.refresh(member)
    assert member.locked_until is not None
    link = issue_link(admin_client, member.id)
    set_password(app.test_client(), link)
    db.session.refresh(member)
    assert member.failed_logins == 0 and member.locked_until is None
    assert login(app.test_client(), "amina", NEW).status_code == 302


def test_a_link_keeps_two_factor_unless_the_admin_asks_to_clear_it(
    app, admin_client, db, make_user
):
    member = make_user("amina", two_factor=True)
    link = issue_link(admin_client, member.id)
    set_password(app.test_client(), link)
    client = app.test_client()
    response = client.post("/auth/login", data={"username": "amina", "password": NEW})
    assert response.headers["Location"] == "/auth/login/code"  # still asks for the code

    link = issue_link(admin_client, member.id, clear_two_factor="y")
    set_password(app.test_client(), link, "yet another new passphrase")
    db.session.refresh(member)
    assert not member.two_factor_enabled
    entries = db.session.scalars(
        sa.select(AuditEntry.detail).where(AuditEntry.action.like("password_reset.%"))
    ).all()
    assert "with two-factor removal" in entries and "two-factor removed" in entries


def test_only_administrators_with_two_factor_issue_links(app, db, make_user):
    member = make_user("amina")
    for roles, two_factor in [
        ((), False),
        ((Role.ORGANIZER,), True),
        ((Role.STAFF,), True),
        ((Role.MODERATOR,), True),
        ((Role.ADMIN,), False),
    ]:
        name = f"u{len(roles)}{roles[0].value if roles else 'member'}{int(two_factor)}"
        make_user(name, roles=roles, two_factor=two_factor)
        client = app.test_client()
        login(client, name)
        assert client.get(f"/admin/users/{member.id}/reset-link").status_code == 403
        assert client.post(f"/admin/users/{member.id}/reset-link").status_code == 403
    assert app.test_client().get(f"/admin/users/{member.id}/reset-link").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PasswordReset)) == 0


def test_a_link_for_an_unknown_account_is_a_404(admin_client):
    assert admin_client.post("/admin/users/9999/reset-link").status_code == 404


def test_a_link_for_a_disabled_account_does_not_work(app, admin_client, db, make_user):
    member = make_user("amina")
    link = issue_link(admin_client, member.id)
    db.session.execute(sa.update(User).where(User.id == member.id).values(disabled_at=utcnow()))
    db.session.commit()
    assert app.test_client().get(path_of(link)).status_code == 404


def test_the_reset_link_uses_the_configured_public_address(app, admin_client, make_user):
    app.config["FORUM_MAIL_BASE_URL"] = "https://forum.example.org"
    member = make_user("amina")
    response = admin_client.post(f"/admin/users/{member.id}/reset-link")
    assert 'value="https://forum.example.org/auth/reset/' in response.get_data(as_text=True)


def test_the_roles_page_links_to_reset_and_shows_two_factor(admin_client, make_user):
    make_user("amina")
    page = admin_client.get("/admin/roles").get_data(as_text=True)
    assert "/reset-link" in page and "Two-factor sign-in" in page
