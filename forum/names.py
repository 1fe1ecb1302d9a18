"""Display names that show who someone is, and nobody else.

A display name is what every reader trusts. Three tricks make one lie:

1. **Invisible and direction characters.** A right-to-left override (U+202E) makes
   "nimda" read "admin"; zero-width characters make two different names print alike.
   They are refused, not silently removed, so the person sees what they typed is odd.
2. **Compatibility forms.** "Ａｄｍｉｎ" (full width) or "𝐀𝐝𝐦𝐢𝐧" (mathematical bold) print
   like "Admin". Names are stored in NFKC form, which folds those to plain letters.
3. **Look-alikes.** Cyrillic "а" and Latin "a", the digit "0" and the letter "o", print
   alike. Each name gets a *skeleton* (`name_key`): NFKC, case-folded, accents and
   marks dropped, look-alike letters mapped to one Latin letter, everything that is not
   a letter or digit removed. Two names with one skeleton look the same to a reader; a
   new name may not share its skeleton with another account's, nor contain a word that
   names a role of the house ("moderator", "admin", "organizer", "staff") in any of the
   five languages.

The look-alike table is small and ours: the letters of the scripts our five languages
and their readers meet (Latin, Cyrillic, Greek, Arabic-Persian variants) and the digits
read as letters. The `confusable_homoglyphs` package, with Unicode's full list, is not in
our package index; a reviewed table of the likely cases is easier to audit than a list of
six thousand, and the other rules (NFKC, refusing invisible characters, the badge staff
carry that no name can produce) do not depend on it.
"""

from __future__ import annotations

import re
import unicodedata

from flask_babel import lazy_gettext as _l

# Direction controls: embeddings, overrides, isolates and marks (Unicode "Bidi_Control").
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Characters that print as nothing but are not format characters (category Cf, refused
# as a whole): fillers of Hangul and Braille, the Mongolian vowel separator.
INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e\u034f")

# Look-alikes → the Latin letter they pass for (after NFKC and case folding).
_CONFUSABLES = {
    # Cyrillic
    "а": "a",
    "в": "b",
    "е": "e",
    "ё": "e",
    "з": "3",
    "і": "i",
    "ї": "i",
    "ј": "j",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "ѕ": "s",
    "һ": "h",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "ӏ": "l",
    "ь": "b",
    "г": "r",
    "п": "n",
    "и": "u",
    "л": "n",
    # Greek
    "α": "a",
    "β": "b",
    "ε": "e",
    "η": "n",
    "ι": "i",
    "κ": "k",
    "μ": "u",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    "γ": "y",
    "ω": "w",
    "σ": "o",
    "ς": "c",
    # Latin letters that pass for others
    "ı": "i",
    "ł": "l",
    "ø": "o",
    "đ": "d",
    "ħ": "h",
    "ŀ": "l",
    "ɑ": "a",
    "ɡ": "g",
    "ſ": "f",
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "þ": "p",
    # Digits and signs read as letters
    "0": "o",
    "1": "l",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "8": "b",
    "9": "g",
    "|": "l",
    "!": "i",
    "@": "a",
    "$": "s",
    # Arabic letters with Persian or Urdu shapes that print alike
    "ى": "ي",
    "ی": "ي",
    "ې": "ي",
    "ک": "ك",
    "ۃ": "ه",
    "ة": "ه",
    "ە": "ه",
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
}
# After the map, these are one shape in many fonts.
_SHAPES = (("rn", "m"), ("vv", "w"), ("l", "i"))

# Words naming a role of the house, in English, Spanish, French, Portuguese and Arabic.
# Compared by skeleton, so "Adm1n", "ＭＯＤ" or "Moderadora" are caught as well.
ROLE_WORDS = (
    "admin", "administrator", "administrador", "administradora", "administrateur",
    "administratrice", "moderator", "moderador", "moderadora", "moderateur", "moderatrice",
    "organizer", "organiser", "organizador", "organizadora", "organisateur",
    "organisatrice", "staff", "convene",
)  # fmt: skip
# Only as a word of their own: short, or common inside other words ("منظمات").
SHORT_WORDS = ("mod", "modo", "مشرف", "مشرفة", "مدير", "مديرة", "ادارة", "منظم", "منظمة")

INVALID_CHARACTERS = _l(
    "Use visible letters, digits and punctuation only: this name contains invisible or "
    "direction-changing characters."
)
RESERVED = _l(
    "Choose another name: this one reads like a role of the forum (moderator, "
    "administrator, organizer or staff). People with a role carry a badge next to their name."
)
TAKEN = _l("Choose another name: it looks the same as the name of another account.")


def has_hidden_characters(value: str) -> bool:
    """True when the text holds a direction control or a character that prints as nothing."""
    for char in value:
        if char in BIDI_CONTROLS or char in INVISIBLE:
            return True
        if unicodedata.category(char) in ("Cf", "Cc", "Co", "Cs", "Cn"):
            return True
    return False


def normalise(value: str) -> str:
    """NFKC, single ordinary spaces, trimmed: what is stored and shown."""
    text = unicodedata.normalize("NFKC", value)
    return " ".join(text.split())


def _letters(value: str) -> str:
    folded = unicodedata.normalize("NFKC", value).casefold()
    decomposed = unicodedata.normalize("NFKD", folded)
    out = []
    for char in decomposed:
        if unicodedata.combining(char):
            continue
        char = _CONFUSABLES.get(char, char)
        out.append(char)
    return "".join(out)


def _squash(text: str) -> str:
    for pair, single in _SHAPES:
        text = text.replace(pair, single)
    # Repeats print as a longer word, not another: "aadmiin" reads "admin".
    return re.sub(r"(.)\1+", r"\1", text)


def name_key(value: str) -> str:
    """The skeleton of a name: equal for two names a reader cannot tell apart."""
    text = "".join(ch for ch in _letters(value) if ch.isalnum())
    for pair, single in _SHAPES:
        text = text.replace(pair, single)
    return text


def _squash(key: str) -> str:
    """Repeats print as a longer word, not another: "aadmiin" reads "admin"."""
    return re.sub(r"(.)\1+", r"\1", key)


def _words(value: str) -> list[str]:
    words = re.split(r"[\W_]+", _letters(value))
    # The Arabic article joins its noun: "المشرف" is "ال" + "مشرف".
    return [_squash(name_key(word.removeprefix("ال"))) for word in words if word]


_ROLE_KEYS = frozenset(_squash(name_key(word)) for word in ROLE_WORDS)
_WORD_KEYS = _ROLE_KEYS | {_squash(name_key(word)) for word in SHORT_WORDS}


def reads_as_role(value: str) -> bool:
    """True when the name is a role's name, holds one as a word, or begins or ends with one
    ("TheModerator", "admin_ana")."""
    if any(word in _WORD_KEYS for word in _words(value)):
        return True
    key = _squash(name_key(value))
    return any(key.startswith(role) or key.endswith(role) for role in _ROLE_KEYS)


def display_name_problem(value: str) -> str | None:
    """What is wrong with a display name as typed, before it is compared with others."""
    if has_hidden_characters(value):
        return str(INVALID_CHARACTERS)
    if not name_key(value):
        return str(INVALID_CHARACTERS)
    if reads_as_role(value):
        return str(RESERVED)
    return None
