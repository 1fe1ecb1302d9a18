"""Trigram similarity as PostgreSQL's pg_trgm computes it, for SQLite's typo tolerance.

A word is padded with two spaces before and one after ("  law " gives "  l", " la",
"law", "aw "); two words are as similar as the share of their trigrams they have in
common (common / all distinct). On PostgreSQL `similarity()` does this in the database
with a GIN index; on SQLite an FTS5 `trigram` table finds the candidates that share a
trigram and this module scores them, so both engines accept the same corrections.
"""

from __future__ import annotations

from functools import lru_cache

# pg_trgm's default threshold is 0.3; stricter keeps "lawer" → "lawyer" and drops noise.
THRESHOLD = 0.4


@lru_cache(maxsize=8192)
def trigrams(word: str) -> frozenset[str]:
    padded = f"  {word} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def similarity(a: str, b: str) -> float:
    first, second = trigrams(a), trigrams(b)
    union = len(first | second)
    return len(first & second) / union if union else 0.0


def inner_trigrams(word: str) -> list[str]:
    """The unpadded trigrams of `word`: what SQLite's FTS5 trigram tokenizer indexes."""
    return sorted({word[i : i + 3] for i in range(len(word) - 2)})
