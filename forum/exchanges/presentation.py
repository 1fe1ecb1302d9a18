"""How exchanges appear in pages: thread URLs, author labels, tag labels.

Registered as Jinja globals by the blueprint, so templates never compute these.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import OrderedDict
from datetime import date
from functools import lru_cache
from typing import Any

from babel import dates as babel_dates
from flask import render_template, request, url_for
from flask_babel import get_locale, get_timezone, ngettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from werkzeug.routing import BuildError

from forum import taxonomy
from forum.auth.labels import ROLE_LABELS
from forum.dates import DateLabels, iso_utc
from forum.exchanges.labels import (
    CONTEXTS,
    FLAG_REASONS,
    OUTCOMES,
    VISIBILITY_SHORT,
    Visibility,
)
from forum.i18n import LOCALES
from forum.models import Role

ANONYMOUS_MEMBER = _l("Anonymous member")
FORMER_MEMBER = _l("Former member")

VOCABULARIES = {
    "region": taxonomy.REGIONS,
    "risk": taxonomy.RISK_TYPES,
    "group": taxonomy.DEFENDER_GROUPS,
    "perpetrator": taxonomy.PERPETRATORS,
    "context": CONTEXTS,
    "outcome": OUTCOMES,
    "visibility": VISIBILITY_SHORT,
    "reason": FLAG_REASONS,
}


def slugify(title: str, limit: int = 60) -> str:
    """ASCII words of the title for readable URLs; empty when none are left."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:limit].rstrip("-")


def thread_url(thread: Any, _anchor: str | None = None, **params: Any) -> str:
    """The thread's address. Only public threads carry their title in the URL: the
    address of a members-only thread must not reveal its subject (history, notices)."""
    slug = slugify(thread.title) if thread.visibility == Visibility.PUBLIC.value else ""
    if slug:
        return url_for(
            "exchanges.thread", thread_id=thread.id, slug=slug, _anchor=_anchor, **params
        )
    return url_for("exchanges.thread", thread_id=thread.id, _anchor=_anchor, **params)


def author_label(post: Any, name: str | None = None) -> str:
    """What everyone, moderators included, sees as the author of a post."""
    display = name if name is not None else getattr(post, "author_name", None)
    return author_name(post.is_anonymous, display)


def author_name(is_anonymous: bool, display_name: str | None) -> str:
    if is_anonymous:
        return str(ANONYMOUS_MEMBER)
    return display_name or str(FORMER_MEMBER)


def event_url(slug: str) -> str:
    """The linked event's page; its address is fixed by the URL map even when the
    events pages live in another part of the code."""
    try:
        return url_for("events.detail", slug=slug)
    except BuildError:
        return f"{request.script_root}/events/{slug}/"


def tag_label(kind: str, code: str) -> str:
    """Translated label of a code; cached per language (labels are lazy translations)."""
    return _tag_label(str(get_locale()), kind, code)


@lru_cache(maxsize=4096)
def _tag_label(locale: str, kind: str, code: str) -> str:
    if kind == "country":
        return taxonomy.country_name(code, locale)
    if kind == "language":
        return LOCALES.get(code, code)
    return taxonomy.label(VOCABULARIES[kind], code)


# --- dates, fast -------------------------------------------------------------------------
# A thread page shows hundreds of dates. Babel formats one in ~50 µs; these cache the date
# and time parts per locale, so a page costs dictionary look-ups. The result is exactly
# what `format_datetime(value, "short")` gives.


@lru_cache(maxsize=1024)
def _useful(locale: str, count: int) -> str:
    """Cached per language and number: repeated down a thread page."""
    return ngettext("%(num)s found this useful", "%(num)s found this useful", count)


@lru_cache(maxsize=1024)
def _day(locale: str, day: date) -> str:
    return babel_dates.format_date(day, "medium", locale=locale)


def label_posts(posts: list[Any], by_id: dict[int, Any]) -> None:
    """Give each post of a thread page the words the template prints."""
    dates = DateLabels()
    locale = dates.locale
    for post in posts:
        post.author = author_label(post)
        if post.is_anonymous:
            # Only the day is kept (forum.exchanges.anonymity): shown as a date, no zone.
            post.when = _day(locale, post.created_at.date())
            post.iso = post.created_at.date().isoformat()
        else:
            post.when = dates.short(post.created_at)
            post.iso = iso_utc(post.created_at)
        post.useful = _useful(locale, post.endorsement_count) if post.endorsement_count else ""
        parent = by_id.get(post.parent_id)
        post.parent_author = author_label(parent) if parent is not None else ""


# --- the replies fragment, cached by content ---------------------------------------------
# Rendering hundreds of replies is most of a thread page's cost. The fragment is cached in
# the process, keyed by everything it shows: the posts' rendered fields, the viewer's
# relation to each (own, endorsed, reported), what the viewer may do, the language and
# the time zone. Any change to a post changes the key, so nothing is ever invalidated by
# hand and nothing stale can be served; old entries simply fall out of the LRU.

_FRAGMENTS: OrderedDict[tuple, Markup] = OrderedDict()
_FRAGMENTS_LOCK = threading.Lock()
FRAGMENT_CACHE_SIZE = 256


def cached_fragment(key: tuple, build: Any) -> Markup:
    """`build()` rendered once per `key` (which must name everything it shows), LRU."""
    key = (request.script_root, str(get_locale()), *key)
    with _FRAGMENTS_LOCK:
        cached = _FRAGMENTS.get(key)
        if cached is not None:
            _FRAGMENTS.move_to_end(key)
            return cached
    # Our own templates, autoescaped: the output is HTML already.
    html = Markup(build())  # noqa: S704 - our autoescaped templates  # nosec B704
    with _FRAGMENTS_LOCK:
        _FRAGMENTS[key] = html
        while len(_FRAGMENTS) > FRAGMENT_CACHE_SIZE:
            _FRAGMENTS.popitem(last=False)
    return html


def _posts_state(page: Any) -> int:
    """One number for everything the replies show: every column of every post (rows
    are tuples) and what the viewer did to each."""
    return hash((tuple(page.records), page.marks))


def thread_body(
    page: Any,
    *,
    member: bool,
    may_reply: bool,
    can_follow: bool,
    can_moderate: bool,
    sort: str,
    sorts: dict,
) -> Markup:
    """The opening post and replies of `page`, from the cache when nothing shown changed.

    The key names every input of `_thread_body.html`: all columns of the thread and of
    every post, the tags, the linked event's title, what the viewer did and may do, the
    order, the language and the time zone.
    """
    thread = page.thread
    locale = str(get_locale())
    event_title = session_title = None
    if page.event is not None:
        text = page.event.text_for(locale)
        event_title = text.title if text else page.event.slug
        if page.session is not None:
            session_text = page.session.text_for(locale, page.event.default_locale)
            session_title = session_text.title if session_text else None

    def build() -> str:
        label_posts(page.posts, {post.id: post for post in page.posts})
        return render_template(
            "exchanges/_thread_body.html",
            page=page,
            thread=thread,
            member=member,
            may_reply=may_reply,
            can_follow=can_follow,
            can_moderate=can_moderate,
            sort=sort,
            sorts=sorts,
            event_title=event_title,
            session_title=session_title,
        )

    key = (
        "thread",
        thread.id,
        tuple(getattr(thread, column.key) for column in thread.__table__.columns),
        page.tags,
        (page.event.slug if page.event else None, event_title, session_title),
        str(get_timezone()),
        member,
        may_reply,
        can_follow,
        can_moderate,
        page.can_see_hidden,
        page.following,
        sort,
        _posts_state(page),
    )
    return cached_fragment(key, build)


def thread_list_fragment(page: Any, *, active_filters: bool) -> Markup:
    """The items of a list page, from the cache when none of them has changed."""

    def build() -> str:
        return render_template(
            "exchanges/_thread_list.html", page=page, form={"active": active_filters}
        )

    state = hash(tuple(item.state for item in page.items))
    return cached_fragment(("threads", str(get_timezone()), active_filters, state), build)


def filters_fragment(form: Any) -> Markup:
    """The filter panel for these (valid) choices: the same for everyone who picks them."""
    chosen = tuple((field.name, repr(field.data)) for field in form)

    def build() -> str:
        return render_template("exchanges/_filters.html", form=form)

    return cached_fragment(("filters", chosen), build)


def role_badge(role: str | None) -> Markup:
    """The badge beside the name of someone speaking with a house role. It is markup of
    ours, outside the name's <bdi>: no text a member types can produce it."""
    if not role:
        return Markup("")
    label = ROLE_LABELS.get(Role(role), role)
    return Markup(' <span class="role-badge role-{}">{}</span>').format(role, label)


def register(state: Any) -> None:
    """Make the helpers available to every template."""
    env = state.app.jinja_env
    env.globals.update(
        thread_url=thread_url,
        author_label=author_label,
        role_badge=role_badge,
        tag_label=tag_label,
        event_url=event_url,
    )
