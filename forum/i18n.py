"""Locale and timezone selection, and the language list shown in the switcher."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from difflib import SequenceMatcher
from functools import cache
from importlib import resources

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
    if current_user and current_user.is_authenticated:
        zone = canonical_timezone(current_user.timezone)
        if zone is not None:
            return zone
    return current_app.config["FORUM_DEFAULT_TIMEZONE"]


def text_direction(locale: str) -> str:
    return "rtl" if locale in RTL_LOCALES else "ltr"


def _tzdata_text(name: str) -> str:
    return resources.files("tzdata.zoneinfo").joinpath(name).read_text(encoding="utf-8")


@cache
def timezone_names() -> tuple[str, ...]:
    """IANA zone names offered in settings and forms: one per place, by its current name.

    `zone.tab` lists the zones of each country by their canonical names (Asia/Kolkata,
    America/New_York, Africa/Asmara); the legacy aliases (Asia/Calcutta, US/Eastern,
    Africa/Asmera) that `zoneinfo.available_timezones()` also holds are not offered, but
    accepted where a name is typed or was saved before (`canonical_timezone`)."""
    names = {
        line.split("\t")[2]
        for line in _tzdata_text("zone.tab").splitlines()
        if line and not line.startswith("#")
    }
    return ("UTC", *sorted(names))


# Names that all mean UTC.
_UTC_NAMES = frozenset(
    {"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Universal", "Etc/Universal", "Zulu", "Etc/Zulu",
     "GMT", "Etc/GMT", "GMT0", "GMT+0", "GMT-0", "Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0",
     "Greenwich", "Etc/Greenwich"}
)  # fmt: skip


@cache
def _aliases() -> dict[str, str]:
    """Legacy name → the offered name of the same place.

    tzdata links an alias to the zone holding its rules, which may be another place
    (Africa/Asmera → Africa/Nairobi); an offered name sharing that zone with a city spelt
    nearly alike is the same place renamed (Africa/Asmara); otherwise the zone itself."""
    offered = set(timezone_names())
    links: dict[str, str] = {}
    for line in _tzdata_text("tzdata.zi").splitlines():
        if line.startswith("L "):
            _, target, alias = line.split()
            links[alias] = target
    by_target: dict[str, list[str]] = {}
    for name in offered:
        by_target.setdefault(links.get(name, name), []).append(name)
    aliases = {name: "UTC" for name in _UTC_NAMES}
    for alias, target in links.items():
        if alias in offered or alias in aliases:
            continue
        candidates = sorted(by_target.get(target, []))
        if not candidates:
            continue
        city = alias.rsplit("/", 1)[-1]
        best = max(candidates, key=lambda name: _likeness(city, name))
        if _likeness(city, best) >= 0.6 or target not in offered:
            aliases[alias] = best  # the same place, renamed: Asmera → Asmara
        else:
            aliases[alias] = target  # GB → Europe/London, US/Eastern → America/New_York
    return aliases


def _likeness(city: str, name: str) -> float:
    return SequenceMatcher(None, city.casefold(), name.rsplit("/", 1)[-1].casefold()).ratio()


def canonical_timezone(name: str | None) -> str | None:
    """The offered name for a zone name, legacy aliases included; None when unknown."""
    if not name:
        return None
    if name in timezone_names():
        return name
    return _aliases().get(name)


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


@cache
def _wtforms_catalog(locale: str):  # noqa: ANN202 - babel.support.Translations
    from babel.support import Translations
    from wtforms.i18n import messages_path

    return Translations.load(messages_path(), [locale], domain="wtforms")


class _WTFormsTranslations:
    """WTForms' own messages ("Not a valid integer value.") in the request's language.

    Flask-WTF reads WTForms' catalog from disk on every request that shows a form, and
    every signed-in page shows one (sign-out). The catalogs are kept per locale instead,
    and the locale is read at each call, as Flask-WTF would.
    """

    def ugettext(self, string: str) -> str:
        return _wtforms_catalog(str(get_locale())).ugettext(string)

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return _wtforms_catalog(str(get_locale())).ungettext(singular, plural, n)


WTFORMS_TRANSLATIONS = _WTFormsTranslations()


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

    @app.before_request
    def keep_wtforms_catalogs() -> None:
        # Where Flask-WTF looks first for this request's WTForms catalog.
        request.wtforms_translations = WTFORMS_TRANSLATIONS

    app.jinja_env.globals["list_separator"] = list_separator
    app.jinja_env.filters["join_list"] = join_list
    app.jinja_env.filters["format_number"] = lambda value: format_decimal(value)
