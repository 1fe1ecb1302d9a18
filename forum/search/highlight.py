"""The passage of a result that matched, with the matching words marked, safely escaped.

A word is marked when it analyses (in the language of the text, or of the query part it
may match) to a term the query looks for: "teléfonos" is marked for a search of
"telefono", "المحامين" for "محامية". The passage is the stretch of `limit` characters
holding the most marked words, cut at word boundaries. Text is escaped piece by piece
and only our own `<mark>` tags are added, so nothing a post says can become markup.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from forum.search.analysis import analyse, fold
from forum.search.query import Query

# Letters and digits, with the combining marks and tatweel written inside a word.
_TOKEN = re.compile(r"(?:[^\W_]|[\u0300-\u036f\u0610-\u061a\u0640\u064b-\u065f\u0670])+")


class Marker:
    """Decides which words of a text match `query`, language by language."""

    def __init__(self, query: Query) -> None:
        self.exact: dict[str, set[str]] = {}
        self.prefixes: dict[str, set[str]] = {}
        self.similar: set[str] = set()
        for clause in query.clauses:
            for alternative in clause.alternatives:
                wanted = self.prefixes if alternative.prefix else self.exact
                terms = analyse(alternative.words, alternative.language)
                wanted.setdefault(alternative.language, set()).update(terms)
            self.similar.update(clause.similar)
        self.languages = sorted({*self.exact, *self.prefixes})
        self._seen: dict[tuple[str, str], bool] = {}

    def matches(self, word: str, text_language: str) -> bool:
        """Whether `word` (as written) matches; remembered, as texts repeat words."""
        key = (word, text_language)
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = self._matches(word, text_language)
        return found

    def _matches(self, word: str, text_language: str) -> bool:
        folded = fold(word)
        if len(folded) != 1:
            return False
        for language in self.languages:
            terms = analyse(folded, language)
            if not terms:
                continue
            term = terms[0]
            if term in self.exact.get(language, ()) or any(
                term.startswith(prefix) for prefix in self.prefixes.get(language, ())
            ):
                return True
        if self.similar:
            # Similar spellings are index terms, made in the text's own language.
            terms = analyse(folded, text_language)
            return bool(terms) and terms[0] in self.similar
        return False


def passage(text: str, marker: Marker | None, language: str, limit: int = 240) -> Markup:
    """`text` cut to about `limit` characters around its best matches, words marked."""
    text = " ".join(text.split())
    spans = []
    if marker is not None:
        spans = [
            (found.start(), found.end())
            for found in _TOKEN.finditer(text)
            if marker.matches(found.group(), language)
        ]
    start, end = _window(text, spans, limit)
    pieces: list[str] = ["…" if start > 0 else ""]
    cursor = start
    for begin, finish in spans:
        if begin < start or finish > end:
            continue
        pieces.append(escape(text[cursor:begin]))
        pieces.append(Markup("<mark>") + escape(text[begin:finish]) + Markup("</mark>"))
        cursor = finish
    pieces.append(escape(text[cursor:end]))
    pieces.append("…" if end < len(text) else "")
    return Markup("").join(escape(piece) for piece in pieces)


def _window(text: str, spans: list[tuple[int, int]], limit: int) -> tuple[int, int]:
    """The `limit`-character stretch with the most matches, at word boundaries."""
    if len(text) <= limit:
        return 0, len(text)
    best_start, best_count = 0, 0
    for index, (begin, _) in enumerate(spans):
        start = max(0, begin - limit // 4)
        count = sum(1 for other, finish in spans[index:] if finish <= start + limit)
        if count > best_count:
            best_start, best_count = start, count
    start = best_start
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    end = min(len(text), start + limit)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return start, end
