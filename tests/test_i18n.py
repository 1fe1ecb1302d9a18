import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from forum import ROOT
from forum.i18n import LOCALES
from tests.conftest import PASSWORD

CATALOG_LOCALES = [code for code in LOCALES if code != "en"]


def catalog(locale: str):
    path = ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


@pytest.mark.parametrize("locale", CATALOG_LOCALES)
def test_catalog_is_complete_and_has_no_fuzzy_entries(locale):
    problems = []
    for message in catalog(locale):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if not all(strings):
            problems.append(f"untranslated: {message.id!r}")
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
    assert problems == []


@pytest.mark.parametrize("locale", CATALOG_LOCALES)
def test_placeholders_survive_translation(locale):
    import re

    pattern = re.compile(r"%\((\w+)\)[sd]")
    for message in catalog(locale):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else [message.id]
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        expected = set(pattern.findall(ids[-1]))
        for text in strings:
            assert set(pattern.findall(text)) <= expected | set(pattern.findall(ids[0])), message.id


def test_catalogs_are_not_behind_the_source(tmp_path: Path):
    """Extracting again must not find a message that the catalogs lack."""
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "N_",
            "-k",
            "lazy_ngettext:1,2",
            "--no-location",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        source_ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    for locale in CATALOG_LOCALES:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog(locale) if m.id}
        assert sorted(source_ids - known) == [], locale


@pytest.mark.parametrize(
    ("header", "expected_lang", "expected_text"),
    [
        ("es-ES,es;q=0.9", "es", "Iniciar sesión"),
        ("fr-CA", "fr", "Se connecter"),
        ("pt-BR", "pt", "Entrar"),
        ("ar-LB", "ar", "تسجيل الدخول"),
        ("de-DE", "en", "Sign in"),
    ],
)
def test_language_follows_the_browser(client, header, expected_lang, expected_text):
    page = client.get("/auth/login", headers={"Accept-Language": header}).get_data(as_text=True)
    direction = "rtl" if expected_lang == "ar" else "ltr"
    assert f'<html lang="{expected_lang}" dir="{direction}">' in page
    assert expected_text in page


def test_home_page_in_all_five_languages(client):
    seen = set()
    for code in LOCALES:
        client.set_cookie("forum_locale", code)
        page = client.get("/").get_data(as_text=True)
        assert f'lang="{code}"' in page
        title = page.split("<title>", 1)[1].split("</title>", 1)[0]
        seen.add(title)
    assert len(seen) == 5  # every language shows its own words


def test_switcher_choice_beats_the_browser_and_is_kept(client):
    response = client.post("/locale", data={"locale": "ar", "next": "/auth/login"})
    assert response.status_code == 303 and response.headers["Location"] == "/auth/login"
    page = client.get("/auth/login", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page


def test_switcher_ignores_unknown_languages_and_foreign_redirects(client):
    response = client.post("/locale", data={"locale": "xx", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
    assert "forum_locale" not in response.headers.get("Set-Cookie", "")


def test_switcher_saves_the_choice_on_the_account(client, db, login_as):
    user = login_as("amina")
    client.post("/locale", data={"locale": "pt", "next": "/"})
    db.session.refresh(user)
    assert user.locale == "pt"


def test_dates_follow_the_viewers_timezone_and_language(app, login_as, client, db):
    from datetime import datetime

    from flask_babel import force_locale, format_datetime

    moment = datetime(2026, 3, 1, 12, 0)  # naive UTC, as stored
    with app.test_request_context():
        app.config["FORUM_DEFAULT_TIMEZONE"] = "America/Bogota"
        with force_locale("es"):
            assert "7:00" in format_datetime(moment, "short")


def test_anonymous_pages_set_no_cookie(csrf_app):
    """No session (and no CSRF token) for a visitor who only reads."""
    response = csrf_app.test_client().get("/")
    assert "Set-Cookie" not in response.headers
    assert 'name="csrf_token"' not in response.get_data(as_text=True)


def test_anonymous_language_switch_needs_no_token(csrf_app):
    client = csrf_app.test_client()
    response = client.post("/locale", data={"locale": "fr", "next": "/"})
    assert response.status_code == 303
    assert "forum_locale=fr" in response.headers["Set-Cookie"]


def test_signed_in_language_switch_checks_the_token(csrf_app, db, make_user):
    from tests.conftest import csrf_token_from

    user = make_user("amina")
    client = csrf_app.test_client()
    token = csrf_token_from(client.get("/auth/login").get_data(as_text=True))
    client.post(
        "/auth/login", data={"username": "amina", "password": PASSWORD, "csrf_token": token}
    )
    forged = client.post("/locale", data={"locale": "ar", "next": "/"})
    assert forged.status_code == 400
    db.session.refresh(user)
    assert user.locale != "ar"
    token = csrf_token_from(client.get("/account/").get_data(as_text=True))
    assert (
        client.post("/locale", data={"locale": "ar", "next": "/", "csrf_token": token}).status_code
        == 303
    )
    db.session.refresh(user)
    assert user.locale == "ar"


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
    ],
)
def test_a_cross_site_language_switch_is_refused(csrf_app, headers):
    """A page elsewhere cannot switch a visitor's language (nor post any other form)."""
    client = csrf_app.test_client()
    response = client.post("/locale", data={"locale": "ar", "next": "/"}, headers=headers)
    assert response.status_code == 400
    assert "forum_locale" not in response.headers.get("Set-Cookie", "")


def test_the_same_site_language_switch_still_works(csrf_app):
    client = csrf_app.test_client()
    for headers in ({"Sec-Fetch-Site": "same-origin"}, {"Origin": "http://localhost"}):
        response = client.post("/locale", data={"locale": "fr", "next": "/"}, headers=headers)
        assert response.status_code == 303
        assert "forum_locale=fr" in response.headers["Set-Cookie"]


def test_every_exempt_or_not_form_refuses_a_cross_site_post(csrf_app):
    response = csrf_app.test_client().post(
        "/auth/login",
        data={"username": "x", "password": "y"},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert response.status_code == 400
