"""search across languages: per-language index, typo-tolerance terms, glossary

- The posts index is rebuilt with per-language analysis (forum/search/analysis.py):
  PostgreSQL `to_tsvector('<english|spanish|french|portuguese>', folded text)`, Arabic
  normalised and lightly stemmed first (`simple`); SQLite stores the Snowball stems.
  Each row keeps its post's thread id (each thread's best post is found without a
  join), and hidden posts are left out (moderation takes them out and puts them back).
- `search_post_terms`: every index term of four letters or more, for typo tolerance.
  PostgreSQL: pg_trgm (`CREATE EXTENSION`, a trusted extension since PostgreSQL 13) and a
  GIN trigram index; SQLite: a table and an FTS5 `trigram` index of it kept by triggers.
- `glossary_concepts`, `glossary_terms`, seeded from forum/search/glossary/terms.csv.

The rebuild uses the application's text analysis (a pure module: folding, stop words,
stemmers): the index has to hold exactly what the running code searches for. The data
file is read with the csv module alone.

Revision ID: 0010_search_languages
Revises: 0016_library
Create Date: 2026-12-07 12:11:34.898048

"""
import csv
import html
from datetime import datetime, timezone
from pathlib import Path

import nh3
import sqlalchemy as sa
from alembic import op

from forum.search.analysis import POSTGRES_CONFIG, analysed_text, folded, postgres_text

# revision identifiers, used by Alembic.
revision = '0010_search_languages'
down_revision = '0016_library'
branch_labels = None
depends_on = None

SEED = Path(__file__).resolve().parents[2] / "forum" / "search" / "glossary" / "terms.csv"
LANGUAGES = ("en", "es", "fr", "pt", "ar")
BATCH = 1000


def _text(body_html):
    return html.unescape(nh3.clean((body_html or "").replace("<", " <"), tags=set()))


def _posts(bind):
    """Every live post with its language, and its thread's title when it opens one."""
    return bind.execute(
        sa.text(
            "SELECT p.id, p.thread_id, p.language, p.body_html, p.is_opening, t.title "
            "FROM exchange_posts p JOIN exchange_threads t ON t.id = p.thread_id "
            "WHERE p.deleted_at IS NULL AND p.hidden_at IS NULL ORDER BY p.id"
        )
    ).all()


def _rebuild(bind, analysed, grouped):
    """Fill the posts index from the posts, `analysed` saying how (new or old way) and
    `grouped` whether rows keep their thread id (new way)."""
    postgres = bind.dialect.name == "postgresql"
    bind.execute(sa.text("DELETE FROM search_posts"))
    rows = []
    for post_id, thread_id, language, body_html, is_opening, title in _posts(bind):
        row = analysed(post_id, language, title if is_opening else "", _text(body_html))
        if grouped:
            row["thread"] = thread_id
        rows.append(row)
        if len(rows) >= BATCH:
            _insert(bind, postgres, rows, grouped)
            rows = []
    _insert(bind, postgres, rows, grouped)


def _insert(bind, postgres, rows, grouped):
    if not rows:
        return
    thread_column, thread_value = (", thread_id", ", :thread") if grouped else ("", "")
    if postgres:
        bind.execute(
            sa.text(
                f"INSERT INTO search_posts (post_id{thread_column}, document) "
                f"VALUES (:id{thread_value}, "
                "setweight(to_tsvector(CAST(:config AS regconfig), :title), 'A') || "
                "setweight(to_tsvector(CAST(:config AS regconfig), :body), 'B'))"
            ),
            rows,
        )
    else:
        bind.execute(
            sa.text(
                f"INSERT INTO search_posts (rowid{thread_column}, title, body) "
                f"VALUES (:id{thread_value}, :title, :body)"
            ),
            rows,
        )


def _posts_table(bind, grouped):
    """SQLite: the FTS5 table, with its thread id column (new) or without (old)."""
    op.execute("DROP TRIGGER IF EXISTS search_posts_forget")
    op.execute("DROP TABLE IF EXISTS search_posts")
    thread = " thread_id UNINDEXED," if grouped else ""
    op.execute(
        f"CREATE VIRTUAL TABLE search_posts USING fts5({thread} title, body,"
        " tokenize = 'unicode61 remove_diacritics 2')"
    )
    op.execute(
        "CREATE TRIGGER search_posts_forget AFTER DELETE ON exchange_posts BEGIN"
        " DELETE FROM search_posts WHERE rowid = old.id; END"
    )


def _by_language(postgres):
    def analysed(post_id, language, title, body):
        if postgres:
            return {
                "id": post_id,
                "config": POSTGRES_CONFIG.get(language, "simple"),
                "title": postgres_text(title, language),
                "body": postgres_text(body, language),
            }
        return {
            "id": post_id,
            "title": analysed_text(title, language),
            "body": analysed_text(body, language),
        }

    return analysed


def _as_before(postgres):
    """The index as revision 0005 wrote it: folded words, no stemming."""

    def analysed(post_id, language, title, body):
        row = {"id": post_id, "title": folded(title), "body": folded(body)}
        if postgres:
            row["config"] = "simple"
        return row

    return analysed


def _seed_glossary(bind):
    concepts = sa.table(
        "glossary_concepts",
        sa.column("id", sa.Integer),
        sa.column("key", sa.String),
        sa.column("created_at", sa.DateTime),
        sa.column("updated_at", sa.DateTime),
    )
    terms = sa.table(
        "glossary_terms",
        sa.column("concept_id", sa.Integer),
        sa.column("language", sa.String),
        sa.column("term", sa.String),
    )
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    with SEED.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for number, row in enumerate(rows, start=1):
        bind.execute(
            concepts.insert().values(id=number, key=row["key"].strip(), created_at=now, updated_at=now)
        )
        seen = set()
        values = []
        for language in LANGUAGES:
            for term in (row.get(language) or "").split("|"):
                term = " ".join(term.split())
                if term and (language, term.casefold()) not in seen:
                    seen.add((language, term.casefold()))
                    values.append({"concept_id": number, "language": language, "term": term})
        if values:
            bind.execute(terms.insert(), values)
    if bind.dialect.name == "postgresql" and rows:
        bind.execute(
            sa.text("SELECT setval(pg_get_serial_sequence('glossary_concepts', 'id'), :last)"),
            {"last": len(rows)},
        )


def upgrade():
    op.create_table('glossary_concepts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_glossary_concepts')),
    sa.UniqueConstraint('key', name=op.f('uq_glossary_concepts_key'))
    )
    op.create_table('glossary_terms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('concept_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('term', sa.String(length=80), nullable=False),
    sa.CheckConstraint("language IN ('en', 'es', 'fr', 'pt', 'ar')", name=op.f('ck_glossary_terms_known_language')),
    sa.ForeignKeyConstraint(['concept_id'], ['glossary_concepts.id'], name=op.f('fk_glossary_terms_concept_id_glossary_concepts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_glossary_terms')),
    sa.UniqueConstraint('concept_id', 'language', 'term', name='uq_glossary_terms_term')
    )
    with op.batch_alter_table('glossary_terms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_glossary_terms_concept_id'), ['concept_id'], unique=False)
    # A thread's opening post in one step: search ranks threads by its endorsements.
    op.create_index(
        'ix_exchange_posts_opening', 'exchange_posts', ['thread_id'], unique=False,
        sqlite_where=sa.text('is_opening = 1'), postgresql_where=sa.text('is_opening'),
    )

    bind = op.get_bind()
    _seed_glossary(bind)
    postgres = bind.dialect.name == "postgresql"
    if postgres:
        op.execute("DELETE FROM search_posts")
        op.execute("ALTER TABLE search_posts ADD COLUMN thread_id INTEGER NOT NULL")
    else:
        _posts_table(bind, grouped=True)
    _rebuild(bind, _by_language(postgres), grouped=True)
    if postgres:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE TABLE search_post_terms (term TEXT PRIMARY KEY)")
        op.execute(
            "CREATE INDEX ix_search_post_terms_trgm ON search_post_terms "
            "USING GIN (term gin_trgm_ops)"
        )
        op.execute(
            "INSERT INTO search_post_terms (term) SELECT DISTINCT lexeme "
            "FROM search_posts, unnest(document) WHERE length(lexeme) >= 4 "
            "ORDER BY lexeme ON CONFLICT DO NOTHING"
        )
    else:
        op.execute(
            "CREATE TABLE search_post_terms (id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE)"
        )
        op.execute(
            "CREATE VIRTUAL TABLE search_post_grams USING fts5("
            " term, content = 'search_post_terms', content_rowid = 'id', tokenize = 'trigram')"
        )
        op.execute(
            "CREATE TRIGGER search_post_terms_added AFTER INSERT ON search_post_terms BEGIN"
            " INSERT INTO search_post_grams (rowid, term) VALUES (new.id, new.term); END"
        )
        op.execute(
            "CREATE TRIGGER search_post_terms_removed AFTER DELETE ON search_post_terms BEGIN"
            " INSERT INTO search_post_grams (search_post_grams, rowid, term)"
            " VALUES ('delete', old.id, old.term); END"
        )
        terms = set()
        for title, body in bind.execute(sa.text("SELECT title, body FROM search_posts")):
            terms.update(word for word in (*title.split(), *body.split()) if len(word) >= 4)
        if terms:
            bind.execute(
                sa.text("INSERT INTO search_post_terms (term) VALUES (:term)"),
                [{"term": term} for term in sorted(terms)],
            )


def downgrade():
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    if postgres:
        op.execute("DROP TABLE IF EXISTS search_post_terms")
    else:
        op.execute("DROP TRIGGER IF EXISTS search_post_terms_added")
        op.execute("DROP TRIGGER IF EXISTS search_post_terms_removed")
        op.execute("DROP TABLE IF EXISTS search_post_grams")
        op.execute("DROP TABLE IF EXISTS search_post_terms")
    if postgres:
        op.execute("ALTER TABLE search_posts DROP COLUMN thread_id")
    else:
        _posts_table(bind, grouped=False)
    _rebuild(bind, _as_before(postgres), grouped=False)
    op.drop_index('ix_exchange_posts_opening', table_name='exchange_posts')
    with op.batch_alter_table('glossary_terms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_glossary_terms_concept_id'))

    op.drop_table('glossary_terms')
    op.drop_table('glossary_concepts')
