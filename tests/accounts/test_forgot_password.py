"""Self-service reset by email, against a real SMTP server on loopback (aiosmtpd)."""

import re

import pytest
import sqlalchemy as sa

from forum.auth.models import PasswordReset
from forum.models import AuditEntry
from tests.accounts.conftest import free_port
from tests.checks import assert_private_page
from tests.conftest import login, make_app

BASE = "https://forum.example.org"
SENT = "If this account has an email address, a link is on its way."
SMTP_DOWN = "Email cannot be sent right now."


def mail_settings(port: int, **more):
    return {
        "FORUM_MAIL_SERVER": "127.0.0.1",
        "FORUM_MAIL_PORT": str(port),
        "FORUM_MAIL_SENDER": "no-reply@forum.example.org",
        "FORUM_MAIL_BASE_URL": BASE,
        "FORUM_MAIL_STARTTLS": "0",
        **more,
    }


@pytest.fixture
def mail_app(app, database_url, tmp_path, smtp_server):
    return make_app(database_url, tmp_path, **mail_settings(smtp_server.port))


def ask(client, username, **headers):
    return client.post("/auth/forgot", data={"username": username}, headers=headers)


def resets(db) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(PasswordReset))


def test_the_email_carries_only_the_link(mail_app, db, make_user, smtp_server):
    make_user("amina", display_name="Amina K.", email="amina@example.org")
    client = mail_app.test_client()
    form = client.get("/auth/forgot")
    assert form.status_code == 200 and 'name="username"' in form.get_data(as_text=True)
    assert_private_page(form.get_data(as_text=True))
    response = ask(client, "Amina")
    assert response.status_code == 200
    assert SENT in response.get_data(as_text=True)
    assert_private_page(response.get_data(as_text=True))

    [message] = smtp_server.messages()
    assert smtp_server.received[0]["to"] == ["amina@example.org"]
    assert message["From"] == "no-reply@forum.example.org"
    assert message["To"] == "amina@example.org"
    assert message["Subject"] == "Your password reset link"
    assert message["Message-ID"].endswith("@forum.example.org>")
    body = message.get_content()
    links = re.findall(r"https://\S+", body)
    assert len(links) == 1 and links[0].startswith(BASE + "/auth/reset/")
    everything = message.as_string()
    for personal in ("amina", "Amina", "K."):
        assert personal not in everything.replace("amina@example.org", "")
    assert resets(db) == 1
    assert db.session.scalar(sa.select(AuditEntry.action)) == "password_reset.email"

    path = links[0].removeprefix(BASE)
    new = "lantern river cobalt mango tree"
    reset = client.post(path, data={"password": new, "confirm": new})
    assert reset.status_code == 302
    assert login(mail_app.test_client(), "amina", new).status_code == 302
    assert client.get(path).status_code == 404  # used


def test_the_email_is_in_the_members_language(mail_app, make_user, smtp_server):
    make_user("layla", email="layla@example.org", locale="ar")
    make_user("joao", email="joao@example.org", locale="pt")
    ask(mail_app.test_client(), "layla", **{"Accept-Language": "en"})
    ask(mail_app.test_client(), "joao")
    arabic, portuguese = smtp_server.messages()
    assert arabic["Subject"] == "رابط إعادة تعيين كلمة المرور"
    assert "افتح هذا الرابط خلال 24 ساعة" in arabic.get_content()
    assert portuguese["Subject"] == "A sua ligação para repor a palavra-passe"
    assert "Abra esta ligação nas próximas 24 horas" in portuguese.get_content()


def test_the_answer_is_the_same_whoever_is_asked_for(mail_app, db, make_user, smtp_server):
    make_user("amina", email="amina@example.org")
    make_user("joao")  # no email
    pages = []
    for username in ("amina", "joao", "nobody-here"):
        response = ask(mail_app.test_client(), username)
        assert response.status_code == 200
        # Only the per-visit form tokens of the layout may differ.
        page = response.get_data(as_text=True)
        pages.append(re.sub(r'name="csrf_token"\s+value="[^"]*"', "", page))
    assert pages[0] == pages[1] == pages[2]
    assert len(smtp_server.received) == 1
    assert resets(db) == 1


def test_smtp_down_gives_a_clear_message_and_saves_nothing(
    app, database_url, tmp_path, db, make_user
):
    down = make_app(database_url, tmp_path, **mail_settings(free_port()))
    make_user("amina", email="amina@example.org")
    for username in ("amina", "nobody-here"):
        response = ask(down.test_client(), username, **{"Accept-Language": "fr"})
        assert response.status_code == 503
        page = response.get_data(as_text=True)
        assert "impossible d’envoyer" in page.lower() or "Impossible" in page
    english = ask(down.test_client(), "amina").get_data(as_text=True)
    assert SMTP_DOWN in english
    assert resets(db) == 0


def test_no_email_goes_out_in_clear_when_starttls_is_required(
    app, database_url, tmp_path, db, make_user, smtp_server
):
    strict = make_app(
        database_url, tmp_path, **mail_settings(smtp_server.port, FORUM_MAIL_STARTTLS="1")
    )
    make_user("amina", email="amina@example.org")
    response = ask(strict.test_client(), "amina")
    assert response.status_code == 503
    assert SMTP_DOWN in response.get_data(as_text=True)
    assert smtp_server.received == [] and resets(db) == 0


def test_without_mail_settings_the_page_points_to_an_administrator(client, db, make_user):
    make_user("amina", email="amina@example.org")
    page = client.get("/auth/forgot")
    assert page.status_code == 200
    assert "Ask an administrator of this site for a reset link." in page.get_data(as_text=True)
    assert ask(client, "amina").status_code == 200
    assert resets(db) == 0


@pytest.mark.parametrize(
    ("username", "message"), [("", "This field is required."), ("x" * 201, "Too long.")]
)
def test_bad_input_is_refused(mail_app, db, smtp_server, username, message):
    response = ask(mail_app.test_client(), username)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert smtp_server.received == []


def test_requests_are_rate_limited_per_account(
    app, database_url, tmp_path, db, make_user, smtp_server
):
    limited = make_app(
        database_url, tmp_path, FORUM_RATELIMIT_ENABLED="1", **mail_settings(smtp_server.port)
    )
    make_user("amina", email="amina@example.org")
    statuses = [
        ask(limited.test_client(), "amina", **{"X-Try": str(n)}).status_code for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    assert len(smtp_server.received) == 3


def test_an_emailed_link_never_turns_two_factor_off(mail_app, db, make_user, smtp_server):
    user = make_user("amina", email="amina@example.org", two_factor=True)
    client = mail_app.test_client()
    ask(client, "amina")
    body = smtp_server.messages()[0].get_content()
    path = re.search(r"https://\S+", body).group(0).removeprefix(BASE)
    new = "lantern river cobalt mango tree"
    client.post(path, data={"password": new, "confirm": new})
    db.session.refresh(user)
    assert user.two_factor_enabled
    response = client.post("/auth/login", data={"username": "amina", "password": new})
    assert response.headers["Location"] == "/auth/login/code"
