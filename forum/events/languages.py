"""Languages an event or a session can be held or interpreted in.

Wider than the five interface languages: a seminar in Bogotá may offer Quechua, a
workshop in Nairobi Swahili. Names come from CLDR (via Babel) in the viewer's language,
so only "International Sign", which CLDR lacks, needs a translation of our own.
"""

from __future__ import annotations

from functools import cache

from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from forum.i18n import LOCALES

# Interface languages first, then others defenders' meetings commonly need.
LANGUAGE_CODES: tuple[str, ...] = (
    *LOCALES,
    "am", "ay", "bn", "fa", "gn", "hi", "ht", "id", "ils", "ku", "my", "ne", "qu", "ru",
    "sw", "tl", "tr", "uk", "zh",
)  # fmt: skip
_OWN_NAMES = {"ils": _l("International Sign")}


@cache
def _cldr_names(locale: str) -> dict[str, str]:
    names = Locale.parse(locale).languages
    return {code: names.get(code, code) for code in LANGUAGE_CODES if code not in _OWN_NAMES}


def language_name(code: str, locale: str | None = None) -> str:
    """The language's name in the viewer's language, e.g. "francés" for fr in Spanish."""
    if code in _OWN_NAMES:
        return str(_OWN_NAMES[code])
    return _cldr_names(locale or str(get_locale())).get(code, code)


def language_choices(locale: str | None = None) -> list[tuple[str, str]]:
    """(code, name) pairs: the interface languages first, then the rest by name."""
    locale = locale or str(get_locale())
    first = [(code, language_name(code, locale)) for code in LOCALES]
    rest = sorted(
        ((code, language_name(code, locale)) for code in LANGUAGE_CODES if code not in LOCALES),
        key=lambda pair: pair[1].casefold(),
    )
    return first + rest
