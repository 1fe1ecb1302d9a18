"""Deployment settings: mail, and trusting the reverse proxy."""

import pytest
from flask import request

from forum.config import Config, ConfigurationError
from tests.conftest import make_app

MAIL = {
    "FORUM_MAIL_SERVER": "smtp.example.org",
    "FORUM_MAIL_SENDER": "no-reply@forum.example.org",
    "FORUM_MAIL_BASE_URL": "https://forum.example.org/",
}


def test_mail_settings_are_read(tmp_path):
    config = Config({**MAIL, "FORUM_MAIL_PORT": "2525"}, str(tmp_path)).as_flask_config()
    assert config["FORUM_MAIL_SERVER"] == "smtp.example.org"
    assert config["FORUM_MAIL_PORT"] == 2525
    assert config["FORUM_MAIL_STARTTLS"] is True  # on unless turned off
    assert config["FORUM_MAIL_BASE_URL"] == "https://forum.example.org"


def test_mail_is_off_by_default(tmp_path):
    assert Config({}, str(tmp_path)).as_flask_config()["FORUM_MAIL_SERVER"] == ""


@pytest.mark.parametrize(
    ("changes", "complaint"),
    [
        ({"FORUM_MAIL_SENDER": ""}, "FORUM_MAIL_SENDER"),
        ({"FORUM_MAIL_BASE_URL": ""}, "FORUM_MAIL_BASE_URL"),
        ({"FORUM_MAIL_BASE_URL": "forum.example.org"}, "FORUM_MAIL_BASE_URL"),
        ({"FORUM_MAIL_PORT": "smtp"}, "FORUM_MAIL_PORT"),
        ({"FORUM_MAIL_STARTTLS": "maybe"}, "FORUM_MAIL_STARTTLS"),
    ],
)
def test_incomplete_mail_settings_stop_start_up(tmp_path, changes, complaint):
    with pytest.raises(ConfigurationError, match=complaint):
        Config({**MAIL, **changes}, str(tmp_path)).as_flask_config()


def test_production_refuses_to_send_the_smtp_password_in_clear(tmp_path):
    environ = {
        **MAIL,
        "FORUM_ENV": "production",
        "FORUM_SECRET_KEY": "s" * 64,
        "FORUM_DATA_KEYS": "x",
        "FORUM_MAIL_USERNAME": "convene",
        "FORUM_MAIL_STARTTLS": "0",
    }
    with pytest.raises(ConfigurationError, match="clear text"):
        Config(environ, str(tmp_path)).mail_settings()


def seen_by_app(app):
    app.add_url_rule("/_seen", "seen", lambda: f"{request.remote_addr} {request.scheme}")
    return app.test_client().get(
        "/_seen", headers={"X-Forwarded-For": "203.0.113.5", "X-Forwarded-Proto": "https"}
    )


def test_behind_a_proxy_the_client_address_and_scheme_come_from_it(database_url, tmp_path):
    app = make_app(database_url, tmp_path, FORUM_PROXY_COUNT="1")
    assert seen_by_app(app).get_data(as_text=True) == "203.0.113.5 https"


def test_without_a_proxy_forwarded_headers_are_ignored(database_url, tmp_path):
    """Otherwise anyone could dodge the per-address limits with a made-up header."""
    app = make_app(database_url, tmp_path)
    assert seen_by_app(app).get_data(as_text=True) == "127.0.0.1 http"
