import re

import pytest

from tests.conftest import make_app

PAGES = [
    "/",
    "/auth/login",
    "/auth/signup",
    "/robots.txt",
    "/healthz",
    "/no-such-page",
    "/static/css/app.css",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    response.close()
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_error_responses_to_posts_carry_headers_too(client):
    response = client.post("/robots.txt")
    assert response.status_code == 405
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_noindex_by_default(client):
    page = client.get("/").get_data(as_text=True)
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert client.get("/robots.txt").get_data(as_text=True) == "User-agent: *\nDisallow: /\n"
    assert client.get("/").headers["X-Robots-Tag"] == "noindex, nofollow"


def test_indexing_can_be_allowed(database_url, tmp_path):
    app = make_app(database_url, tmp_path, FORUM_NOINDEX="0")
    client = app.test_client()
    page = client.get("/").get_data(as_text=True)
    assert 'name="robots"' not in page
    assert "Disallow: /\n" not in client.get("/robots.txt").get_data(as_text=True)
    assert "X-Robots-Tag" not in client.get("/").headers


def test_https_setting_secures_cookies_and_adds_hsts(database_url, tmp_path, make_user):
    app = make_app(database_url, tmp_path, FORUM_HTTPS="1")
    make_user("amina")
    client = app.test_client()
    response = client.post(
        "/auth/login",
        data={"username": "amina", "password": "correct horse battery staple"},
        base_url="https://localhost",
    )
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_session_cookie_is_httponly_and_samesite_without_https(client, make_user):
    make_user("amina")
    response = client.post(
        "/auth/login", data={"username": "amina", "password": "correct horse battery staple"}
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_onion_location_is_announced_when_configured(database_url, tmp_path):
    app = make_app(database_url, tmp_path, FORUM_ONION_URL="http://exampleonionaddress.onion")
    response = app.test_client().get("/auth/login?next=/account/")
    assert response.headers["Onion-Location"] == (
        "http://exampleonionaddress.onion/auth/login?next=/account/"
    )


def test_signed_in_pages_are_not_cached(client, login_as):
    login_as("amina")
    assert client.get("/account/").headers["Cache-Control"] == "no-store"


def test_no_inline_scripts_or_styles_in_the_layout(client):
    page = client.get("/auth/signup").get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert "<style" not in page
    assert not re.search(r"\sstyle=", page)
    assert not re.search(r"\son[a-z]+=", page)
