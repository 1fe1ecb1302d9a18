"""Text into index terms, per language, the same way for documents and queries.

1. **Fold** (`fold`): case-folded, accents and Arabic marks removed, Arabic letters
   unified (`arabic.normalise`), split into words of letters and digits. People type
   "telefono" for "teléfono" and "securite" for "sécurité"; folding first lets both
   spellings meet.
2. **Analyse** (`analyse`) folded words in one language: its stop words dropped, then its
   stemmer — Snowball (PyStemmer) for English, Spanish, French and Portuguese, our light
   stemmer for Arabic (`arabic.stem`).

PostgreSQL indexes and searches the folded text with its own `english`, `spanish`,
`french` and `portuguese` configurations, which are the same Snowball stemmers and stop
lists (`stopwords/`), so both engines agree on what a word becomes; Arabic reaches both
already analysed here. `tests/search/test_analysis.py` checks the agreement word by word
on PostgreSQL.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from pathlib import Path

import Stemmer

from forum.search import arabic

LANGUAGES = ("en", "es", "fr", "pt", "ar")
# Snowball algorithm and PostgreSQL configuration per language. Arabic has neither here:
# it is analysed in Python and indexed with PostgreSQL's language-neutral `simple`.
SNOWBALL = {"en": "english", "es": "spanish", "fr": "french", "pt": "portuguese"}
POSTGRES_CONFIG = {**SNOWBALL, "ar": "simple"}
# Longer "words" are noise (pasted hashes, keys); neither engine indexes them.
MAX_WORD = 60

_WORD = re.compile(r"[^\W_]+")
_STOPWORDS = Path(__file__).with_name("stopwords")


def fold(text: str) -> list[str]:
    """The words of `text`, folded the same way for documents and queries."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return [w for w in _WORD.findall(arabic.normalise(stripped)) if len(w) <= MAX_WORD]


def folded(text: str) -> str:
    """`fold` joined by spaces: what PostgreSQL's configurations receive."""
    return " ".join(fold(text))


@cache
def stop_words(language: str) -> frozenset[str]:
    """PostgreSQL's list as it ships (see stopwords/README.md); Arabic's normalised."""
    lines = (_STOPWORDS / f"{language}.txt").read_text(encoding="utf-8").split()
    if language == "ar":
        return frozenset(arabic.normalise(word) for word in lines)
    return frozenset(lines)


@cache
def _stemmer(language: str) -> Stemmer.Stemmer:
    stemmer = Stemmer.Stemmer(SNOWBALL[language])
    stemmer.maxCacheSize = 20_000
    return stemmer


def is_stop_word(word: str, language: str) -> bool:
    return word in stop_words(language)


@lru_cache(maxsize=65_536)
def stem(word: str, language: str) -> str:
    """The index term of one folded word in `language` (no stop-word check)."""
    if language == "ar":
        return arabic.stem(word)
    return _stemmer(language).stemWord(word)


def analyse(words: Iterable[str], language: str) -> list[str]:
    """Index terms of folded `words` in `language`: stop words dropped, the rest stemmed.

    Arabic-script words are analysed as Arabic whatever `language` says, as PostgreSQL's
    Snowball stemmers leave them alone (posts mix scripts: a quote, a place name).
    """
    terms = []
    for word in words:
        if arabic.is_arabic(word):
            if not is_stop_word(word, "ar"):
                terms.append(arabic.stem(word))
        elif language != "ar" and not is_stop_word(word, language):
            terms.append(stem(word, language))
        elif language == "ar":
            terms.append(word)
    return terms


def analysed_text(text: str, language: str) -> str:
    """What SQLite's index stores for `text` written in `language`."""
    return " ".join(analyse(fold(text), language))


def postgres_text(text: str, language: str) -> str:
    """What PostgreSQL's configuration for `language` receives: folded words, and Arabic
    words already analysed (its configurations cannot)."""
    words = fold(text)
    if language == "ar":
        return " ".join(analyse(words, "ar"))
    return " ".join(
        arabic.stem(w) if arabic.is_arabic(w) else w
        for w in words
        if not (arabic.is_arabic(w) and is_stop_word(w, "ar"))
    )


def script_languages(word: str, languages: Sequence[str]) -> tuple[str, ...]:
    """The languages a query word is analysed in: Arabic for Arabic script, else the
    reader's languages written in Latin script (at least English)."""
    if arabic.is_arabic(word):
        return ("ar",)
    latin = tuple(language for language in languages if language in SNOWBALL)
    return latin or ("en",)
