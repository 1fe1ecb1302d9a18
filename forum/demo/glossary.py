"""The glossary of protection terms for the demo: the committed data file, as a fresh
database gets it from its migration (tests empty the table, `seed-demo` fills it)."""

from __future__ import annotations

from collections.abc import Iterable

from forum.search.glossary.services import load_seed


def seed() -> Iterable[str]:
    concepts, terms = load_seed()
    yield f"Glossary: {concepts} concepts and {terms} terms added."
