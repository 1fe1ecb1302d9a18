"""PostgreSQL matches a search's tsquery as a value known when the statement runs.

A query read in five languages and expanded through the glossary holds dozens of
terms; evaluated row by row in a sequential scan, each term costs a search in every
document (the 50,000-post benchmark spent 250-550 ms there, against 70-130 ms through
the GIN index). Shown a constant, the planner sees a common word and scans every row;
shown an InitPlan's value (`PostgresEngine._through_index`), it reads the index on any
table large enough for that to pay. A small test table is scanned either way, so this
checks the shape of the plan, not a time."""

import re

import pytest
import sqlalchemy as sa

from forum.exchanges import search
from forum.exchanges.models import Post
from forum.extensions import db as _db
from forum.models import utcnow

POSTS = 200


@pytest.fixture
def many_posts(db, make_user, make_thread):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's planner (FORUM_TEST_DATABASE_URL)")
    author = make_user("amina")
    thread = make_thread(author, title="Lawyers on call", body="A lawyer answers at night.")
    opening = db.session.scalar(sa.select(sa.func.max(Post.id)))
    first = opening + 1
    now = utcnow()
    words = "lawyer court hearing bail family phone network village alert report".split()
    rows, documents = [], []
    for n in range(POSTS):
        text = " ".join(words[(n + k) % len(words)] for k in range(40))
        rows.append(
            {
                "id": first + n,
                "thread_id": thread.id,
                "parent_id": opening,
                "is_opening": False,
                "author_id": author.id,
                "is_anonymous": False,
                "body": text,
                "body_html": f"<p>{text}</p>",
                "language": "en",
                "created_at": now,
                "endorsement_count": 0,
                "open_flag_count": 0,
            }
        )
        documents.append(search.document_for(first + n, thread.id, f"<p>{text}</p>", "en"))
    db.session.execute(sa.insert(Post), rows)
    search.index(documents)
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("ANALYZE search_posts")
    return thread


def plan_of(statement: sa.Select) -> str:
    compiled = statement.compile(dialect=_db.engine.dialect)
    rows = _db.session.connection().exec_driver_sql(f"EXPLAIN {compiled}", compiled.params)
    return "\n".join(row[0] for row in rows)


@pytest.mark.parametrize("typed", ["lawyer", "court hearing", '"family phone"', "villag"])
def test_the_match_is_planned_without_seeing_the_words(db, many_posts, typed):
    query = search.build_query(typed, ("en", "es"))
    for statement in (
        sa.select(search.best_posts(query)),
        sa.select(search.matching_posts(query)),
    ):
        plan = plan_of(statement)
        assert "InitPlan" in plan, plan
        assert re.search(r"document @@ \$\d", plan), plan
        assert not re.search(r"document @@ '", plan), plan


def test_the_index_plan_finds_what_the_words_say(db, many_posts):
    query = search.build_query("lawyer", ("en",))
    best = search.best_posts(query)
    assert db.session.execute(sa.select(best.c.group_id)).scalars().all() == [many_posts.id]
    matching = search.matching_posts(query)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(matching)) == POSTS + 1
    assert not db.session.execute(
        sa.select(search.matching_posts(search.build_query("quetzalcoatl", ("en",))))
    ).all()
