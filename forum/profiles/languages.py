"""Spoken languages a person can list: ISO 639-1 codes, named in the viewer's language."""

from __future__ import annotations

import unicodedata
from functools import cache

import pycountry
from babel import Locale
from flask_babel import get_locale


@cache
def language_codes() -> frozenset[str]:
    return frozenset(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))


@cache
def _names(locale: str) -> dict[str, str]:
    known = Locale.parse(locale).languages
    names = {}
    for code in language_codes():
        fallback = pycountry.languages.get(alpha_2=code)
        names[code] = known.get(code) or (fallback.name if fallback else code)
    return names


def language_name(code: str, locale: str | None = None) -> str:
    return _names(locale or str(get_locale())).get(code, code)


def _sort_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def language_choices(locale: str | None = None) -> list[tuple[str, str]]:
    names = _names(locale or str(get_locale()))
    return sorted(names.items(), key=lambda pair: _sort_key(pair[1]))
