"""attack patterns in the cross-language search: the views' index, typo-tolerance terms

A kind of `forum.search` (docs/ARCHITECTURE.md, "Search"; `forum/attacks/search.py`):
one document per view of the patterns page (a country, region, violation type,
perpetrator type, group of defenders, setting or response) and language, grouped by
view. The documents are translated labels of the taxonomy, never anything of an
incident, so there is no row to follow and no foreign key:

- SQLite: FTS5 `search_patterns(view_id UNINDEXED, title, body)`, rowid = the document's
  id; `search_pattern_terms` and its FTS5 `trigram` index `search_pattern_grams`, kept
  by triggers.
- PostgreSQL: `search_patterns(entry_id, view_id, document tsvector)` with a GIN index;
  `search_pattern_terms(term)` with a pg_trgm GIN index.

When run by the application (`flask db upgrade`), the rows are written here from the
running code's labels in the five languages, with the application's text analysis;
otherwise `flask forum search-reindex` writes them.

Revision ID: 0032_search_patterns
Revises: 0031_trust_names_audit
Create Date: 2026-12-07 22:30:00.000000

"""

import sqlalchemy as sa
from alembic import op
from flask import has_app_context

from forum.search.analysis import POSTGRES_CONFIG, analysed_text, postgres_text

# revision identifiers, used by Alembic.
revision = "0032_search_patterns"
down_revision = "0031_trust_names_audit"
branch_labels = None
depends_on = None

TERM_MIN = 4


def _documents():
    """The views' documents from the running code, or none outside the application."""
    if not has_app_context():
        return []
    from forum.attacks.search import view_documents

    return view_documents()


def upgrade():
    bind = op.get_bind()
    documents = _documents()
    if bind.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "CREATE TABLE search_patterns ("
            " entry_id INTEGER PRIMARY KEY,"
            " view_id INTEGER NOT NULL,"
            " document TSVECTOR NOT NULL)"
        )
        op.execute(
            "CREATE INDEX ix_search_patterns_document ON search_patterns USING GIN (document)"
        )
        op.execute("CREATE TABLE search_pattern_terms (term TEXT PRIMARY KEY)")
        op.execute(
            "CREATE INDEX ix_search_pattern_terms_trgm ON search_pattern_terms "
            "USING GIN (term gin_trgm_ops)"
        )
        if documents:
            bind.execute(
                sa.text(
                    "INSERT INTO search_patterns (entry_id, view_id, document) VALUES (:id, :view, "
                    "setweight(to_tsvector(CAST(:config AS regconfig), :title), 'A') || "
                    "setweight(to_tsvector(CAST(:config AS regconfig), :body), 'B'))"
                ),
                [
                    {
                        "id": doc.item_id,
                        "view": doc.group_id,
                        "config": POSTGRES_CONFIG.get(doc.language, "simple"),
                        "title": postgres_text(doc.title, doc.language),
                        "body": postgres_text(doc.body, doc.language),
                    }
                    for doc in documents
                ],
            )
            op.execute(
                "INSERT INTO search_pattern_terms (term) SELECT DISTINCT lexeme "
                "FROM search_patterns, unnest(document) WHERE length(lexeme) >= 4 "
                "ORDER BY lexeme ON CONFLICT DO NOTHING"
            )
        return
    op.execute(
        "CREATE VIRTUAL TABLE search_patterns USING fts5("
        " view_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2')"
    )
    op.execute(
        "CREATE TABLE search_pattern_terms (id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE)"
    )
    op.execute(
        "CREATE VIRTUAL TABLE search_pattern_grams USING fts5("
        " term, content = 'search_pattern_terms', content_rowid = 'id', tokenize = 'trigram')"
    )
    op.execute(
        "CREATE TRIGGER search_pattern_terms_added AFTER INSERT ON search_pattern_terms BEGIN"
        " INSERT INTO search_pattern_grams (rowid, term) VALUES (new.id, new.term); END"
    )
    op.execute(
        "CREATE TRIGGER search_pattern_terms_removed AFTER DELETE ON search_pattern_terms BEGIN"
        " INSERT INTO search_pattern_grams (search_pattern_grams, rowid, term)"
        " VALUES ('delete', old.id, old.term); END"
    )
    rows = [
        {
            "id": doc.item_id,
            "view": doc.group_id,
            "title": analysed_text(doc.title, doc.language),
            "body": analysed_text(doc.body, doc.language),
        }
        for doc in documents
    ]
    if rows:
        bind.execute(
            sa.text(
                "INSERT INTO search_patterns (rowid, view_id, title, body) "
                "VALUES (:id, :view, :title, :body)"
            ),
            rows,
        )
    terms = {
        word
        for row in rows
        for word in (*row["title"].split(), *row["body"].split())
        if len(word) >= TERM_MIN
    }
    if terms:
        bind.execute(
            sa.text("INSERT INTO search_pattern_terms (term) VALUES (:term)"),
            [{"term": term} for term in sorted(terms)],
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE IF EXISTS search_pattern_terms")
        op.execute("DROP TABLE IF EXISTS search_patterns")
        return
    op.execute("DROP TRIGGER IF EXISTS search_pattern_terms_added")
    op.execute("DROP TRIGGER IF EXISTS search_pattern_terms_removed")
    op.execute("DROP TABLE IF EXISTS search_pattern_grams")
    op.execute("DROP TABLE IF EXISTS search_pattern_terms")
    op.execute("DROP TABLE IF EXISTS search_patterns")
