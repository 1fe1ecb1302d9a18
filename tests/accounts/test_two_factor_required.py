"""Roles beyond membership work only with two-factor sign-in."""

import re

import pytest
import sqlalchemy as sa

from forum.models import Role, User
from forum.security import has_role, roles_on_hold, uses_privileges
from tests.accounts.conftest import code_at
from tests.checks import assert_private_page
from tests.conftest import PASSWORD, login


@pytest.mark.parametrize("role", list(Role))
def test_a_role_without_two_factor_is_on_hold(app, make_user, role):
    without = make_user("amina", roles=[role], two_factor=False)
    with_it = make_user("joao", roles=[role])
    assert not has_role(without, role) and roles_on_hold(without) == [role]
    assert has_role(with_it, role) and roles_on_hold(with_it) == []
    assert not uses_privileges(without) and uses_privileges(with_it)


def test_members_have_no_roles_on_hold(app, make_user):
    assert roles_on_hold(make_user("amina")) == []


def test_an_admin_without_two_factor_cannot_administer_and_is_told_why(client, make_user):
    make_user("root", roles=[Role.ADMIN], two_factor=False)
    response = login(client, "root")
    # Signing in leads straight to setting up two-factor sign-in.
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/two-factor/setup"
    assert client.get("/admin/roles").status_code == 403
    assert client.get("/admin/audit").status_code == 403
    home = client.get("/").get_data(as_text=True)
    assert "Your role (Administrator) is on hold until you turn on two-factor sign-in." in home
    assert "Administration" not in home  # the link to a page that would refuse


def test_the_banner_is_translated(client, make_user):
    make_user("root", roles=[Role.ORGANIZER, Role.STAFF], two_factor=False, locale="es")
    login(client, "root")
    home = client.get("/").get_data(as_text=True)
    assert "Tus roles (" in home
    assert_private_page(home)


def test_first_admin_from_the_command_line_enrols_at_first_sign_in(runner, client, db):
    result = runner.invoke(
        args=[
            "forum", "create-user", "--username", "root", "--display-name", "Root",
            "--password", "cobalt lantern river mango", "--role", "admin",
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    response = login(client, "root", "cobalt lantern river mango")
    assert response.headers["Location"] == "/account/two-factor/setup"
    page = client.get("/account/two-factor/setup").get_data(as_text=True)
    assert "Your role (Administrator) is on hold" in page
    secret = re.search(r'<code class="secret-key"[^>]*>([A-Z2-7 ]+)</code>', page).group(1)
    secret = secret.replace(" ", "")
    assert client.get("/admin/roles").status_code == 403
    client.post("/account/two-factor/setup", data={"code": code_at(0, secret)})
    assert client.get("/admin/roles").status_code == 200
    assert "is on hold" not in client.get("/").get_data(as_text=True)
    # From now on, signing in asks for the code.
    client.post("/auth/logout")
    response = client.post(
        "/auth/login", data={"username": "root", "password": "cobalt lantern river mango"}
    )
    assert response.headers["Location"] == "/auth/login/code"


def test_a_granted_role_waits_for_two_factor(client, db, login_as, make_user):
    login_as("root", Role.ADMIN)
    member = make_user("amina")
    client.post(f"/admin/roles/{member.id}", data={"role": "organizer", "grant": "1"})
    db.session.refresh(member)
    assert member.role_names == {"organizer"}
    assert not has_role(member, Role.ORGANIZER)
    roles_page = client.get("/admin/roles").get_data(as_text=True)
    assert "A role works only once its holder has turned on two-factor sign-in." in roles_page


def test_turning_two_factor_off_puts_the_roles_on_hold_again(client, db, make_user):
    make_user("root", roles=[Role.ADMIN])
    login(client, "root")
    assert client.get("/admin/roles").status_code == 200
    db.session.execute(sa.update(User).values(totp_last_step=None))
    db.session.commit()
    response = client.post(
        "/account/two-factor/disable",
        data={"off-password": PASSWORD, "off-code": code_at(0)},
        follow_redirects=True,
    )
    assert "Your roles are on hold until you turn two-factor sign-in on again." in (
        response.get_data(as_text=True)
    )
    assert client.get("/admin/roles").status_code == 403


def test_checking_two_factor_for_roles_costs_no_query(client, make_user, count_queries):
    """Pages read the account and its roles once; the two-factor check and the banner
    use what is loaded (two statements: the account with its roles, and the count of
    unread notifications shown in the header)."""
    make_user("root", roles=[Role.ADMIN])
    login(client, "root")
    with count_queries() as counter:
        # A page in the full layout (banner included) that reads nothing else.
        assert client.get("/no-such-page").status_code == 404
    assert counter.count == 2
    make_user("waiting", roles=[Role.ADMIN], two_factor=False)
    client.post("/auth/logout")
    login(client, "waiting")
    with count_queries() as counter:
        page = client.get("/no-such-page").get_data(as_text=True)
    assert "is on hold" in page and counter.count == 2
