"""What a person typed, turned into what the engines look for.

A query is a list of clauses that must all match (AND). A clause is one typed word or
quoted phrase with its alternatives (OR): the word analysed in each language the reader
reads, the terms of glossary concepts it names, in all five languages, and — when exact
matches are few — index terms spelled like it (`similar`). The engines compile this
structure into their own syntax (`engines.py`); user input never reaches either syntax:
only folded words of letters and digits survive `parse`, and the query is cut at
`MAX_QUERY_CHARS` and `MAX_TERMS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from forum.search.analysis import LANGUAGES, analyse, fold, is_stop_word, script_languages

MAX_QUERY_CHARS = 200
MAX_TERMS = 8
PREFIX_MIN = 3
# The longest glossary term, in words, that a run of typed words is compared with.
MAX_TERM_WORDS = 4


@dataclass(frozen=True)
class Parsed:
    """Single words and "quoted phrases", folded, in the order typed."""

    pieces: tuple[tuple[str, ...], ...]  # one word, or a phrase of several
    quoted: tuple[bool, ...]

    @property
    def words(self) -> list[str]:
        return [word for piece in self.pieces for word in piece]


def parse(raw: str | None) -> Parsed | None:
    """Words and "quoted phrases" from what a person typed; None when nothing is left."""
    if not raw:
        return None
    pieces: list[tuple[str, ...]] = []
    quoted: list[bool] = []
    budget = MAX_TERMS
    parts = raw[:MAX_QUERY_CHARS].split('"')
    for position, part in enumerate(parts):
        words = fold(part)[:budget]
        in_quotes = position % 2 == 1 and position < len(parts) - 1
        if in_quotes and len(words) > 1:
            if tuple(words) not in pieces:
                pieces.append(tuple(words))
                quoted.append(True)
        else:
            for word in words:
                if (word,) not in pieces:
                    pieces.append((word,))
                    quoted.append(False)
        budget = MAX_TERMS - sum(len(piece) for piece in pieces)
        if budget <= 0:
            break
    if not pieces:
        return None
    return Parsed(tuple(pieces), tuple(quoted))


@dataclass(frozen=True)
class Alternative:
    """One way a clause can match: folded `words` (a phrase if several) analysed in
    `language`, as a prefix or exactly."""

    words: tuple[str, ...]
    language: str
    prefix: bool = False


@dataclass(frozen=True)
class Expansion:
    """A glossary concept a clause named, and the terms it added, for the reader."""

    typed: str
    terms: tuple[tuple[str, str], ...]  # (language, term as the glossary writes it)


@dataclass(frozen=True)
class Clause:
    typed: tuple[str, ...]
    alternatives: tuple[Alternative, ...]
    similar: tuple[str, ...] = ()  # index terms spelled like the typed word, matched exactly

    @property
    def word(self) -> str | None:
        """The typed word when the clause is a single word (typo tolerance needs one)."""
        return self.typed[0] if len(self.typed) == 1 else None


@dataclass(frozen=True)
class Query:
    clauses: tuple[Clause, ...]
    languages: tuple[str, ...]
    expansions: tuple[Expansion, ...] = ()
    glossary_used: bool = True
    similar_used: bool = False
    typed: str = ""

    def __bool__(self) -> bool:
        return bool(self.clauses)

    def with_similar(self, similar: dict[int, tuple[str, ...]]) -> Query:
        """The same query with index terms spelled like clause `i`'s word added to it."""
        clauses = tuple(
            replace(clause, similar=similar.get(i, ())) if similar.get(i) else clause
            for i, clause in enumerate(self.clauses)
        )
        return replace(self, clauses=clauses, similar_used=bool(similar))


@dataclass(frozen=True)
class Searched:
    """What a search page asked, passed to the other kinds' panels on it
    (`forum.related`, place `"search"`): each builds its own query from it."""

    text: str
    languages: tuple[str, ...]
    expand: bool = True


class GlossaryIndex(Protocol):
    """What query building needs of the glossary (`forum.search.glossary.queries`)."""

    def concepts_for(self, language: str, terms: tuple[str, ...]) -> Sequence[int]: ...

    def terms_of(self, concept_id: int) -> Sequence[tuple[str, str]]: ...


def _key(words: Sequence[str], language: str) -> tuple[str, ...]:
    return tuple(analyse(words, language))


def _glossary_match(glossary: GlossaryIndex, words: Sequence[str]) -> list[int]:
    """Concepts one of whose terms, analysed in its own language, is these words."""
    found: list[int] = []
    for language in LANGUAGES:
        key = _key(words, language)
        if key:
            for concept in glossary.concepts_for(language, key):
                if concept not in found:
                    found.append(concept)
    return found


def _alternatives_of(words: tuple[str, ...], languages: Sequence[str]) -> list[Alternative]:
    prefix = len(words) == 1 and len(words[0]) >= PREFIX_MIN
    return [
        Alternative(words, language, prefix)
        for language in script_languages(words[0], languages)
        if _key(words, language)
    ]


def _distinct(alternatives: list[Alternative]) -> tuple[Alternative, ...]:
    """Alternatives that look for different index terms: two languages (or synonyms)
    often analyse to the same term, and an exact term is found by a prefix of it
    already. Each one left costs the engines work on every matching row."""
    seen: set[tuple[tuple[str, ...], bool]] = set()
    prefixes = [
        _key(a.words, a.language)[0] for a in alternatives if a.prefix and _key(a.words, a.language)
    ]
    kept = []
    for alternative in alternatives:
        key = (_key(alternative.words, alternative.language), alternative.prefix)
        single = len(key[0]) == 1 and not alternative.prefix
        if key in seen or (single and any(key[0][0].startswith(p) for p in prefixes)):
            continue
        seen.add(key)
        kept.append(alternative)
    return tuple(kept)


def _is_stop(word: str, languages: Sequence[str]) -> bool:
    """A stop word in any language the word is read in: it would match almost anything."""
    return any(is_stop_word(word, language) for language in script_languages(word, languages))


@dataclass
class _Builder:
    languages: tuple[str, ...]
    glossary: GlossaryIndex | None
    clauses: list[Clause] = field(default_factory=list)
    expansions: list[Expansion] = field(default_factory=list)

    def add_phrase(self, words: tuple[str, ...]) -> None:
        alternatives = _alternatives_of(words, self.languages)
        if alternatives:
            self.clauses.append(Clause(words, _distinct(alternatives)))

    def add_words(self, words: list[str]) -> None:
        """Unquoted words: the longest runs naming a glossary concept become one clause."""
        start = 0
        while start < len(words):
            for length in range(min(MAX_TERM_WORDS, len(words) - start), 0, -1):
                span = tuple(words[start : start + length])
                concepts = _glossary_match(self.glossary, span) if self.glossary else []
                if concepts or length == 1:
                    self._add_span(span, concepts)
                    start += length
                    break

    def _add_span(self, span: tuple[str, ...], concepts: list[int]) -> None:
        if len(span) == 1 and not concepts and _is_stop(span[0], self.languages):
            return
        alternatives = _alternatives_of(span, self.languages)
        terms: list[tuple[str, str]] = []
        for concept in concepts:
            for language, term in self.glossary.terms_of(concept):  # type: ignore[union-attr]
                words = tuple(fold(term))
                alternative = Alternative(words, language, prefix=False)
                if words and alternative not in alternatives and _key(words, language):
                    alternatives.append(alternative)
                if words and words != span and (language, term) not in terms:
                    terms.append((language, term))
        if alternatives:
            self.clauses.append(Clause(span, _distinct(alternatives)))
        if terms:
            self.expansions.append(Expansion(" ".join(span), tuple(terms)))


def build(
    raw: str | None,
    languages: Sequence[str],
    glossary: GlossaryIndex | None = None,
) -> Query | None:
    """The query for `raw`, read in `languages`, expanded through `glossary` if given.

    None when nothing searchable was typed; an empty (false) query when every word was a
    stop word, which matches nothing.
    """
    parsed = parse(raw)
    if parsed is None:
        return None
    readable = tuple(language for language in languages if language in LANGUAGES) or ("en",)
    builder = _Builder(readable, glossary)
    pending: list[str] = []
    for piece, quoted in zip(parsed.pieces, parsed.quoted, strict=True):
        if quoted:
            builder.add_words(pending)
            pending = []
            builder.add_phrase(piece)
        else:
            pending.extend(piece)
    builder.add_words(pending)
    return Query(
        clauses=tuple(builder.clauses),
        languages=readable,
        expansions=tuple(builder.expansions),
        glossary_used=glossary is not None,
        typed=" ".join(" ".join(piece) for piece in parsed.pieces),
    )
