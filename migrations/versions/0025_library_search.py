"""library works in the cross-language search: per-language index, typo-tolerance terms

The library's language-blind index (`search_editions`, folded words) is replaced by a
kind of `forum.search` (docs/ARCHITECTURE.md, "Search"), one row per edition in the
edition's language, keeping its work's id (results list works):

- SQLite: FTS5 `search_works(work_id UNINDEXED, title, body)`, rowid = edition id, a
  trigger removing the row with the edition; `search_work_terms` and its FTS5 `trigram`
  index `search_work_grams`, kept by triggers.
- PostgreSQL: `search_works(edition_id, work_id, document tsvector)` with a GIN index and
  a foreign key removing the row with the edition; `search_work_terms(term)` with a
  pg_trgm GIN index.

The rows are rebuilt here from the works' titles, summaries and the text read out of
each edition, with the application's text analysis (a pure module), so the index holds
exactly what the running code searches for.

Revision ID: 0025_library_search
Revises: 0023_observatory
Create Date: 2026-12-07 16:50:00.000000

"""

import sqlalchemy as sa
from alembic import op

from forum.search.analysis import POSTGRES_CONFIG, analysed_text, folded, postgres_text

# revision identifiers, used by Alembic.
revision = "0025_library_search"
down_revision = "0024_topic_follows"
branch_labels = None
depends_on = None

TERM_MIN = 4


def _editions(bind):
    """(edition id, work id, language, titles, summary, text) of every edition."""
    titles, summaries = {}, {}
    for work_id, language, title, summary in bind.execute(
        sa.text(
            "SELECT work_id, language, title, summary FROM library_work_texts ORDER BY language"
        )
    ):
        titles.setdefault(work_id, []).append(title)
        summaries[(work_id, language)] = summary or ""
    bodies = dict(bind.execute(sa.text("SELECT edition_id, body FROM library_edition_texts")).all())
    for edition_id, work_id, language in bind.execute(
        sa.text("SELECT id, work_id, language FROM library_editions ORDER BY id")
    ).all():
        yield (
            edition_id,
            work_id,
            language,
            " ".join(titles.get(work_id, [])),
            f"{summaries.get((work_id, language), '')}\n{bodies.get(edition_id) or ''}",
        )


def upgrade():
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    if postgres:
        op.execute("DROP TABLE IF EXISTS search_editions")
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "CREATE TABLE search_works ("
            " edition_id INTEGER PRIMARY KEY REFERENCES library_editions (id) ON DELETE CASCADE,"
            " work_id INTEGER NOT NULL,"
            " document TSVECTOR NOT NULL)"
        )
        op.execute("CREATE INDEX ix_search_works_document ON search_works USING GIN (document)")
        op.execute("CREATE TABLE search_work_terms (term TEXT PRIMARY KEY)")
        op.execute(
            "CREATE INDEX ix_search_work_terms_trgm ON search_work_terms "
            "USING GIN (term gin_trgm_ops)"
        )
        rows = [
            {
                "id": edition_id,
                "work": work_id,
                "config": POSTGRES_CONFIG.get(language, "simple"),
                "title": postgres_text(title, language),
                "body": postgres_text(body, language),
            }
            for edition_id, work_id, language, title, body in _editions(bind)
        ]
        if rows:
            bind.execute(
                sa.text(
                    "INSERT INTO search_works (edition_id, work_id, document) VALUES (:id, :work, "
                    "setweight(to_tsvector(CAST(:config AS regconfig), :title), 'A') || "
                    "setweight(to_tsvector(CAST(:config AS regconfig), :body), 'B'))"
                ),
                rows,
            )
        op.execute(
            "INSERT INTO search_work_terms (term) SELECT DISTINCT lexeme "
            "FROM search_works, unnest(document) WHERE length(lexeme) >= 4 "
            "ORDER BY lexeme ON CONFLICT DO NOTHING"
        )
        return
    op.execute("DROP TRIGGER IF EXISTS search_editions_forget")
    op.execute("DROP TABLE IF EXISTS search_editions")
    op.execute(
        "CREATE VIRTUAL TABLE search_works USING fts5("
        " work_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2')"
    )
    op.execute(
        "CREATE TRIGGER search_works_forget AFTER DELETE ON library_editions BEGIN"
        " DELETE FROM search_works WHERE rowid = old.id; END"
    )
    op.execute("CREATE TABLE search_work_terms (id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE)")
    op.execute(
        "CREATE VIRTUAL TABLE search_work_grams USING fts5("
        " term, content = 'search_work_terms', content_rowid = 'id', tokenize = 'trigram')"
    )
    op.execute(
        "CREATE TRIGGER search_work_terms_added AFTER INSERT ON search_work_terms BEGIN"
        " INSERT INTO search_work_grams (rowid, term) VALUES (new.id, new.term); END"
    )
    op.execute(
        "CREATE TRIGGER search_work_terms_removed AFTER DELETE ON search_work_terms BEGIN"
        " INSERT INTO search_work_grams (search_work_grams, rowid, term)"
        " VALUES ('delete', old.id, old.term); END"
    )
    rows = [
        {
            "id": edition_id,
            "work": work_id,
            "title": analysed_text(title, language),
            "body": analysed_text(body, language),
        }
        for edition_id, work_id, language, title, body in _editions(bind)
    ]
    if rows:
        bind.execute(
            sa.text(
                "INSERT INTO search_works (rowid, work_id, title, body) "
                "VALUES (:id, :work, :title, :body)"
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
            sa.text("INSERT INTO search_work_terms (term) VALUES (:term)"),
            [{"term": term} for term in sorted(terms)],
        )


def downgrade():
    """Back to the language-blind index (folded words), rebuilt from the same texts."""
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    if postgres:
        op.execute("DROP TABLE IF EXISTS search_work_terms")
        op.execute("DROP TABLE IF EXISTS search_works")
        op.execute(
            "CREATE TABLE search_editions ("
            " edition_id INTEGER PRIMARY KEY REFERENCES library_editions (id) ON DELETE CASCADE,"
            " document TSVECTOR NOT NULL)"
        )
        op.execute(
            "CREATE INDEX ix_search_editions_document ON search_editions USING GIN (document)"
        )
        insert = (
            "INSERT INTO search_editions (edition_id, document) VALUES (:id, "
            "setweight(to_tsvector('simple', :title), 'A') || "
            "setweight(to_tsvector('simple', :body), 'B'))"
        )
    else:
        op.execute("DROP TRIGGER IF EXISTS search_work_terms_added")
        op.execute("DROP TRIGGER IF EXISTS search_work_terms_removed")
        op.execute("DROP TABLE IF EXISTS search_work_grams")
        op.execute("DROP TABLE IF EXISTS search_work_terms")
        op.execute("DROP TRIGGER IF EXISTS search_works_forget")
        op.execute("DROP TABLE IF EXISTS search_works")
        op.execute(
            "CREATE VIRTUAL TABLE search_editions USING fts5("
            " title, body, tokenize = 'unicode61 remove_diacritics 2')"
        )
        op.execute(
            "CREATE TRIGGER search_editions_forget AFTER DELETE ON library_editions BEGIN"
            " DELETE FROM search_editions WHERE rowid = old.id; END"
        )
        insert = "INSERT INTO search_editions (rowid, title, body) VALUES (:id, :title, :body)"
    rows = [
        {"id": edition_id, "title": folded(title), "body": folded(body)}
        for edition_id, _work_id, _language, title, body in _editions(bind)
    ]
    if rows:
        bind.execute(sa.text(insert), rows)
