"""Any request may reach any instance: nothing that matters lives in one process.

Two app objects stand for two instances behind the proxy (same settings and database,
separate memory). Every step of signing in, setting up two-factor sign-in and using a
reset link may land on either one.
"""

import re

import pytest
from flask.testing import FlaskClient

from forum.models import Role
from tests.accounts.conftest import code_at
from tests.conftest import PASSWORD, make_app


@pytest.fixture
def instances(app, database_url, tmp_path):
    return app, make_app(database_url, tmp_path / "second")


def move(cookies_from: FlaskClient, to: FlaskClient) -> FlaskClient:
    """Carry the browser's cookies over to the other instance."""
    for name in ("forum_session", "forum_device"):
        for path in ("/", "/auth/"):
            cookie = cookies_from.get_cookie(name, path=path)
            if cookie is not None:
                to.set_cookie(name, cookie.value, path=path)
    return to


def test_the_code_step_may_land_on_another_instance(instances, make_user):
    first, second = instances
    make_user("amina", two_factor=True)
    a = first.test_client()
    a.post("/auth/login", data={"username": "amina", "password": PASSWORD})
    b = move(a, second.test_client())
    assert b.post("/auth/login/code", data={"code": code_at(0)}).status_code == 302
    assert b.get("/account/").status_code == 200
    assert move(b, first.test_client()).get("/account/").status_code == 200


def test_two_factor_setup_may_span_instances(instances, make_user):
    first, second = instances
    make_user("root", roles=[Role.ADMIN], two_factor=False)
    a = first.test_client()
    a.post("/auth/login", data={"username": "root", "password": PASSWORD})
    page = a.get("/account/two-factor/setup").get_data(as_text=True)
    secret = re.search(r'class="secret-key"[^>]*>([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    b = move(a, second.test_client())
    assert b.post("/account/two-factor/setup", data={"code": code_at(0, secret)}).status_code == 200
    assert move(b, first.test_client()).get("/admin/roles").status_code == 200


def test_a_replayed_code_is_refused_by_the_other_instance(instances, make_user):
    first, second = instances
    make_user("amina", two_factor=True)
    code = code_at(0)
    a, b = first.test_client(), second.test_client()
    a.post("/auth/login", data={"username": "amina", "password": PASSWORD})
    b.post("/auth/login", data={"username": "amina", "password": PASSWORD})
    assert a.post("/auth/login/code", data={"code": code}).status_code == 302
    assert b.post("/auth/login/code", data={"code": code}).status_code == 422


def test_the_known_device_cookie_works_on_every_instance(instances, db, make_user):
    first, second = instances
    user = make_user("amina")
    a = first.test_client()
    a.post("/auth/login", data={"username": "amina", "password": PASSWORD})
    attacker = second.test_client()
    for _ in range(5):
        attacker.post("/auth/login", data={"username": "amina", "password": "wrong guess x"})
    db.session.refresh(user)
    assert user.locked_until is not None
    b = move(a, second.test_client())
    b.post("/auth/logout")
    assert (
        b.post("/auth/login", data={"username": "amina", "password": PASSWORD}).status_code == 302
    )
