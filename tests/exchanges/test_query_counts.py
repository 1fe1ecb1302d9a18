"""Pages answer in a number of SQL queries that does not grow with the content."""

import sqlalchemy as sa

from forum.exchanges import services
from forum.exchanges.models import Post
from forum.exchanges.presentation import thread_url
from forum.extensions import db as _db
from forum.markdown import render
from forum.models import utcnow
from tests.conftest import login


def add_nested_replies(thread, authors, count):
    """`count` replies: chains five deep, branching, by several authors (fast, in bulk)."""
    opening = services.opening_post(thread)
    now = utcnow()
    body = "A reply with **some** text"
    html = render(body)
    ids = [opening.id]
    for n in range(count):
        parent = ids[-1] if n % 5 else opening.id
        post = Post(
            thread_id=thread.id,
            parent_id=parent,
            body=body,
            body_html=html,
            language="en",
            created_at=now,
            author_id=authors[n % len(authors)].id,
            is_anonymous=False,
        )
        if n % 7 == 0:
            post.author_id = None
            post.is_anonymous = True
            post.anon_salt, post.anon_proof = "ab" * 16, "cd" * 32
        _db.session.add(post)
        _db.session.flush()
        ids.append(post.id)
    services.refresh_counters(thread)
    _db.session.commit()


def page_queries(client, count_queries, path):
    with count_queries() as counter:
        response = client.get(path)
    assert response.status_code == 200
    return counter.count


def test_thread_page_queries_do_not_grow_with_replies(
    app, client, db, make_user, make_thread, count_queries
):
    authors = [make_user(f"writer{n}") for n in range(4)]
    small = make_thread(authors[0], visibility="public")
    large = make_thread(authors[0], visibility="public")
    add_nested_replies(small, authors, 10)
    add_nested_replies(large, authors, 1000)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Post)) == 1012
    login(client, "writer1")
    # A follower with everything unread: the page also moves the read mark.
    services.follow(authors[1], small, read_up_to=0)
    services.follow(authors[1], large, read_up_to=0)
    db.session.commit()
    with app.test_request_context():
        small_url, large_url = thread_url(small), thread_url(large)
    few = page_queries(client, count_queries, small_url)
    many = page_queries(client, count_queries, large_url)
    assert few == many
    assert many <= 15, many
    again = page_queries(client, count_queries, large_url)  # nothing new to mark read
    assert again < many
    page = client.get(large_url).get_data(as_text=True)
    assert page.count('class="post indent-') == 1000


def test_list_page_queries_do_not_grow_with_threads(
    client, db, make_user, make_thread, count_queries
):
    author = make_user("amina")
    search_url = "/exchanges/?q=lawyers&risk=criminalisation"
    for _ in range(3):
        make_thread(author, visibility="public")
    few = page_queries(client, count_queries, "/exchanges/?region=africa&sort=newest")
    searched_few = page_queries(client, count_queries, search_url)
    for _ in range(40):
        make_thread(author, visibility="public")
    many = page_queries(client, count_queries, "/exchanges/?region=africa&sort=newest")
    searched = page_queries(client, count_queries, search_url)
    assert few == many and searched == searched_few
    # A search also asks whether the glossary changed (one small query).
    assert searched == many + 1
    assert many <= 10, many
