"""Locale and timezone selection, and the language list shown in the switcher."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cache

from flask import current_app, g, has_request_context, request
from flask_babel import get_locale, get_translations, pgettext
from flask_login import current_user

LOCALES: dict[str, str] = {
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "pt": "Português",
    "ar": "العربية",
}
DEFAULT_LOCALE = "en"
RTL_LOCALES = frozenset({"ar"})
LOCALE_COOKIE = "forum_locale"


def select_locale() -> str:
    """Explicit choice (account setting, then cookie), then Accept-Language, then English."""
    if not has_request_context():
        return DEFAULT_LOCALE
    if current_user and current_user.is_authenticated and current_user.locale in LOCALES:
        return current_user.locale
    chosen = request.cookies.get(LOCALE_COOKIE)
    if chosen in LOCALES:
        return chosen
    return request.accept_languages.best_match(list(LOCALES)) or DEFAULT_LOCALE


def select_timezone() -> str:
    if not has_request_context():
        return current_app.config["FORUM_DEFAULT_TIMEZONE"]
    if current_user and current_user.is_authenticated and is_timezone(current_user.timezone):
        return current_user.timezone
    return current_app.config["FORUM_DEFAULT_TIMEZONE"]


def text_direction(locale: str) -> str:
    return "rtl" if locale in RTL_LOCALES else "ltr"


@cache
def timezone_names() -> tuple[str, ...]:
    """IANA zone names offered in settings and forms (no legacy aliases)."""
    names = {
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/"))
    }
    return ("UTC", *sorted(names))


def is_timezone(name: str | None) -> bool:
    return bool(name) and name in timezone_names()


def as_utc(moment: datetime) -> datetime:
    """Attach UTC to a naive UTC datetime read from the database."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _translations():  # noqa: ANN202 - babel.support.Translations
    """This request's catalog, looked up once per locale instead of on every string.

    Flask-Babel resolves the domain, cache and locale on each `_()` call (about 25 µs);
    a page has dozens. Keyed by the current locale, so `force_locale` still works.
    """
    locale = get_locale()
    cache = g.__dict__.setdefault("_forum_translations", {})
    translations = cache.get(locale)
    if translations is None:
        translations = cache[locale] = get_translations()
    return translations


def list_separator() -> str:
    """What goes between the items of a list in the current language: ", " in most, the
    Arabic comma "، " in Arabic. Babel's list patterns join with "and" (و in Arabic),
    which reads wrongly between badge names, languages or chosen answers."""
    return pgettext("between the items of a list", ", ")


def join_list(items: Iterable[str]) -> str:
    return list_separator().join(items)


def init_app(app) -> None:  # noqa: ANN001 - Flask app
    """Fast template gettext, and filters that join lists and format numbers in the
    viewer's language (dates: `forum.dates.init_app`)."""
    from flask_babel import format_decimal

    app.jinja_env.install_gettext_callables(
        gettext=lambda string: _translations().ugettext(string),
        ngettext=lambda singular, plural, n: _translations().ungettext(singular, plural, n),
        newstyle=True,
        pgettext=lambda context, string: _translations().upgettext(context, string),
        npgettext=lambda context, singular, plural, n: _translations().unpgettext(
            context, singular, plural, n
        ),
    )

    app.jinja_env.globals["list_separator"] = list_separator
    app.jinja_env.filters["join_list"] = join_list
    app.jinja_env.filters["format_number"] = lambda value: format_decimal(value)
