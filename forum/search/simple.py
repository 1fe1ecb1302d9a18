"""Language-neutral word search: folded words, each matched as a prefix, and quoted
phrases — what exchanges used before per-language analysis, kept for the library's
index (`forum.library.search`), which is built on it.

New kinds of content should use `forum.search.index` with a `Kind` instead: stems in
every language the reader reads, the glossary and typo tolerance come with it
(docs/ARCHITECTURE.md, "Search"). User input never reaches an engine's syntax: only
folded words survive `parse_query`, cut at `MAX_QUERY_CHARS` and `MAX_TERMS`.
"""

from __future__ import annotations

from dataclasses import dataclass

from forum.search.analysis import folded
from forum.search.query import MAX_TERMS, PREFIX_MIN, parse

TITLE_WEIGHT = 3.0

__all__ = ["MAX_TERMS", "PREFIX_MIN", "TITLE_WEIGHT", "SearchQuery", "normalise", "parse_query"]


def normalise(text: str) -> str:
    """Words of `text`, folded the same way for documents and queries."""
    return folded(text)


@dataclass(frozen=True)
class SearchQuery:
    """Single words (prefix-matched) and quoted phrases (exact)."""

    terms: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]

    @property
    def words(self) -> list[str]:
        return [*self.terms, *(word for phrase in self.phrases for word in phrase)]


def parse_query(raw: str | None) -> SearchQuery | None:
    parsed = parse(raw)
    if parsed is None:
        return None
    pieces = list(zip(parsed.pieces, parsed.quoted, strict=True))
    terms = tuple(piece[0] for piece, quoted in pieces if not quoted)
    phrases = tuple(piece for piece, quoted in pieces if quoted)
    return SearchQuery(terms, phrases)
