"""Arabic words made comparable: normalised, then lightly stemmed.

PostgreSQL has no Arabic normalisation and people type Arabic in many ways: with or
without short vowels, with a drawn-out tatweel, with any of the alef forms, with taa
marbuta or haa, alif maqsura or yaa. Both engines therefore get Arabic words already
normalised and stemmed here, so "المحامين" (the lawyers), "محامون" and "محامية" all
index and search as "محام".

The stemmer is a light one in the manner of Larkey, Ballesteros and Connell's Light10
(SIGIR 2002): it strips the conjunction "و", the definite article with its attached
prepositions, and the common plural, dual, feminine and pronoun suffixes, never leaving
fewer than two letters. It does not undo broken plurals (هواتف ← هاتف): the glossary
lists those.
"""

from __future__ import annotations

import re

# Harakat, tanwin, shadda, sukun, dagger alif and Quranic marks.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_FOLD = str.maketrans(
    {
        "\u0640": None,  # tatweel
        "\u0622": "\u0627",  # آ
        "\u0623": "\u0627",  # أ
        "\u0625": "\u0627",  # إ
        "\u0671": "\u0627",  # ٱ (alef wasla)
        "\u0624": "\u0648",  # ؤ
        "\u0626": "\u064a",  # ئ
        "\u0649": "\u064a",  # ى (alif maqsura) → ي
        "\u0629": "\u0647",  # ة (taa marbuta) → ه
    }
)
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")

# Longest first: "وال" before "و", "بال" before "ال".
PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
# Light10's order; "ية" and "ة" are written here already normalised ("يه", "ه").
SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")


def normalise(word: str) -> str:
    """Diacritics and tatweel removed; alef, hamza seats, yaa and taa marbuta unified."""
    return _DIACRITICS.sub("", word).translate(_FOLD)


def is_arabic(word: str) -> bool:
    return bool(_ARABIC_LETTER.search(word))


def stem(word: str) -> str:
    """The light stem of one normalised word; words in other scripts come back as given."""
    if not is_arabic(word):
        return word
    if len(word) >= 4 and word.startswith("و"):
        word = word[1:]
    for prefix in PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            word = word[len(prefix) :]
            break
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
    return word
