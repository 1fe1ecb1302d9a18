"""WTForms' own messages follow each request's language, though their catalogs are now
loaded once per process instead of on every request (issue 19)."""

import contextvars

from babel import support
from flask_wtf.i18n import translations

MESSAGE = "Not a valid integer value."


def message_in(app, locale: str) -> str:
    """WTForms' message as a request in `locale` shows it (in its own context, as in
    production: the test's app context would otherwise share the locale)."""

    def run() -> str:
        with app.test_request_context("/", headers={"Accept-Language": locale}):
            app.preprocess_request()
            return translations.gettext(MESSAGE)

    return contextvars.Context().run(run)


def test_wtforms_messages_follow_each_requests_language(app):
    seen = {locale: message_in(app, locale) for locale in ("es", "fr", "en", "ar")}
    assert seen["en"] == MESSAGE
    assert seen["es"] == "No es un valor entero válido."
    assert seen["fr"] == "N'est pas un entier valide."
    assert seen["ar"] not in (MESSAGE, seen["es"], seen["fr"])
    assert message_in(app, "es") == seen["es"] and message_in(app, "en") == MESSAGE


def test_the_catalog_is_not_read_again_for_each_request(app, monkeypatch):
    first = message_in(app, "pt")
    loads = []
    monkeypatch.setattr(support.Translations, "load", lambda *a, **k: loads.append(a))
    assert [message_in(app, "pt") for _ in range(3)] == [first] * 3 and first != MESSAGE
    assert loads == []
