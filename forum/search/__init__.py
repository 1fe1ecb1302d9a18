"""Search across languages and kinds of content: text analysis, the two engines, the
query with its glossary expansions and typo tolerance, and the highlighted passage.

One interface (`index.py`) with one index per kind (`kinds.py`); exchanges' posts are
the first kind, library works and attack patterns come next (docs/ARCHITECTURE.md).
"""
