"""The rules of exchanges: starting threads, replying, editing, deleting, endorsing, following.

Functions flush but never commit; the view commits once. They check their rules even when
a form already did (the demo and data-rights code call them directly) and raise
`ExchangeError` with a translated sentence when a rule is broken, having saved nothing.

Anonymity: when a post is anonymous nothing else is written for its author in the same
moment — no subscription, no counter, no audit entry — because a row written at the same
time would point at them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

import sqlalchemy as sa
from flask_babel import gettext as _

from forum import taxonomy
from forum.events.models import Event, Session
from forum.exchanges import anonymity, search
from forum.exchanges.labels import CONTEXTS, OUTCOMES, Visibility
from forum.exchanges.models import (
    BODY_MAX,
    FOR_WHOM_MAX,
    LANGUAGE_CODES,
    RESOURCES_MAX,
    TITLE_MAX,
    Endorsement,
    Flag,
    FlagStatus,
    Post,
    Subscription,
    Thread,
    ThreadCountry,
    ThreadGroup,
    ThreadRegion,
    ThreadRisk,
)
from forum.extensions import db
from forum.markdown import render
from forum.models import User, utcnow
from forum.security import can
from forum.security.exchanges import in_thread_audience


class ExchangeError(ValueError):
    """A rule about exchanges was broken; the message is shown to the person."""


@dataclass
class Tags:
    regions: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    perpetrator: str | None = None

    def checked(self) -> Tags:
        """Known codes only, de-duplicated, with the regions of the chosen countries added."""
        for values, known in (
            (self.regions, taxonomy.REGIONS),
            (self.countries, taxonomy.COUNTRY_REGION),
            (self.risks, taxonomy.RISK_TYPES),
            (self.groups, taxonomy.DEFENDER_GROUPS),
        ):
            if any(value not in known for value in values):
                raise ExchangeError(_("Choose tags and countries from the lists offered."))
        if self.perpetrator and self.perpetrator not in taxonomy.PERPETRATORS:
            raise ExchangeError(_("Choose tags and countries from the lists offered."))
        regions = set(self.regions) | {taxonomy.COUNTRY_REGION[c] for c in self.countries}
        if not regions:
            raise ExchangeError(_("Choose at least one region or country."))
        if not self.risks:
            raise ExchangeError(_("Choose at least one risk."))
        return Tags(
            sorted(regions),
            sorted(set(self.countries)),
            sorted(set(self.risks)),
            sorted(set(self.groups)),
            self.perpetrator or None,
        )


@dataclass
class Tactic:
    """What worked, for whom, under which circumstances; every part optional."""

    context: str | None = None
    for_whom: str | None = None
    outcome: str | None = None
    resources: str | None = None

    def checked(self) -> Tactic:
        if self.context and self.context not in CONTEXTS:
            raise ExchangeError(_("Choose one of the options offered."))
        if self.outcome and self.outcome not in OUTCOMES:
            raise ExchangeError(_("Choose one of the options offered."))
        if len(self.for_whom or "") > FOR_WHOM_MAX or len(self.resources or "") > RESOURCES_MAX:
            raise ExchangeError(_("Some of what you wrote is too long."))
        return Tactic(
            self.context or None,
            (self.for_whom or "").strip() or None,
            self.outcome or None,
            (self.resources or "").strip() or None,
        )


def _check_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ExchangeError(_("Give your exchange a title."))
    if len(title) > TITLE_MAX:
        raise ExchangeError(_("Use at most %(max)d characters.", max=TITLE_MAX))
    return title


def _check_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ExchangeError(_("Write something before sending."))
    if len(body) > BODY_MAX:
        raise ExchangeError(_("Use at most %(max)d characters.", max=BODY_MAX))
    return body


def _check_language(language: str) -> str:
    if language not in LANGUAGE_CODES:
        raise ExchangeError(_("Choose one of the languages offered."))
    return language


def _set_author(post: Post, author: User, anonymous: bool) -> None:
    if anonymous:
        anonymity.seal(post, author)
    else:
        post.author_id = author.id


def _index(post: Post, title: str | None = None) -> None:
    search.sync(post, title)


def set_tags(thread: Thread, tags: Tags) -> None:
    tags = tags.checked()
    thread.regions = [ThreadRegion(region=code) for code in tags.regions]
    thread.countries = [ThreadCountry(country=code) for code in tags.countries]
    thread.risks = [ThreadRisk(risk=code) for code in tags.risks]
    thread.groups = [ThreadGroup(defender_group=code) for code in tags.groups]
    thread.perpetrator = tags.perpetrator


def set_tactic(thread: Thread, tactic: Tactic) -> None:
    tactic = tactic.checked()
    thread.context = tactic.context
    thread.for_whom = tactic.for_whom
    thread.outcome = tactic.outcome
    thread.resources = tactic.resources


def _check_link(
    author: User, visibility: str, event_id: int | None, session_id: int | None
) -> None:
    if visibility not in {v.value for v in Visibility}:
        raise ExchangeError(_("Choose one of the options offered."))
    event = db.session.get(Event, event_id) if event_id is not None else None
    if event_id is not None and (event is None or not can(author, "event.view", event)):
        raise ExchangeError(_("Choose an event from the list."))
    if session_id is not None:
        session = db.session.get(Session, session_id)
        if session is None or session.event_id != event_id:
            raise ExchangeError(_("Choose a session of the linked event."))
    if visibility == Visibility.PARTICIPANTS.value:
        if event is None:
            raise ExchangeError(_("Choose the event whose participants may read it."))
        probe = SimpleNamespace(visibility=visibility, event_id=event_id)
        if not in_thread_audience(author, probe):
            raise ExchangeError(
                _("Only participants and organizers of an event can limit an exchange to it.")
            )


def create_thread(
    author: User,
    *,
    title: str,
    body: str,
    language: str,
    tags: Tags,
    tactic: Tactic | None = None,
    visibility: str = Visibility.MEMBERS.value,
    event_id: int | None = None,
    session_id: int | None = None,
    anonymous: bool = False,
) -> Thread:
    title, body, language = _check_title(title), _check_body(body), _check_language(language)
    _check_link(author, visibility, event_id, session_id)
    # An anonymous exchange's own times are only its day, like its opening post's.
    now = anonymity.coarse_time(utcnow()) if anonymous else utcnow()
    thread = Thread(
        title=title,
        language=language,
        visibility=visibility,
        event_id=event_id,
        session_id=session_id,
        created_at=now,
        last_activity_at=now,
    )
    set_tags(thread, tags)
    set_tactic(thread, tactic or Tactic())
    opening = Post(
        is_opening=True, body=body, body_html=render(body), language=language, created_at=now
    )
    _set_author(opening, author, anonymous)
    db.session.add(thread)
    db.session.flush()
    opening.thread_id = thread.id
    db.session.add(opening)
    db.session.flush()
    _index(opening, title)
    if not anonymous:
        follow(author, thread)
    return thread


def opening_post(thread: Thread) -> Post:
    return db.session.scalars(
        sa.select(Post).where(Post.thread_id == thread.id, Post.is_opening.is_(True))
    ).one()


def check_can_reply(thread: Thread) -> None:
    if thread.deleted_at is not None:
        raise ExchangeError(_("This exchange was deleted; it takes no more replies."))
    if thread.hidden_at is not None:
        raise ExchangeError(_("This exchange is hidden pending review; it takes no replies."))
    if thread.locked_at is not None:
        raise ExchangeError(_("This exchange is locked; it takes no more replies."))


def reply(
    author: User,
    thread: Thread,
    *,
    body: str,
    language: str,
    parent_id: int | None = None,
    anonymous: bool = False,
    submission_key: str | None = None,
) -> Post:
    """Reply to the thread (`parent_id` None) or to any of its posts.

    A form sent again with the same `submission_key` (a retry after a dropped
    connection, a double click) returns the reply it made the first time.
    """
    check_can_reply(thread)
    body, language = _check_body(body), _check_language(language)
    if submission_key is not None:
        earlier = sent_before(thread, submission_key, body)
        if earlier is not None:
            return earlier
        if _key_taken(submission_key):
            # The same page sends a different text (back button, then a new reply).
            submission_key = None
    if parent_id is None:
        parent = opening_post(thread)
    else:
        parent = db.session.get(Post, parent_id)
        if parent is None or parent.thread_id != thread.id:
            raise ExchangeError(_("The message you reply to is not part of this exchange."))
        if parent.deleted_at is not None or parent.hidden_at is not None:
            raise ExchangeError(_("The message you reply to was removed."))
    post = Post(
        thread_id=thread.id,
        parent_id=parent.id,
        body=body,
        body_html=render(body),
        language=language,
        created_at=utcnow(),
        submission_key=submission_key,
    )
    _set_author(post, author, anonymous)
    db.session.add(post)
    db.session.flush()
    _index(post)
    refresh_counters(thread)
    if not anonymous:
        follow(author, thread, read_up_to=post.id)
    return post


def sent_before(thread: Thread, submission_key: str | None, body: str) -> Post | None:
    """The reply this form already made in this thread with this text, if any."""
    if submission_key is None:
        return None
    return db.session.scalar(
        sa.select(Post).where(
            Post.submission_key == submission_key,
            Post.thread_id == thread.id,
            Post.body == body,
        )
    )


def _key_taken(submission_key: str) -> bool:
    return (
        db.session.scalar(sa.select(sa.literal(True)).where(Post.submission_key == submission_key))
        is not None
    )


def edit_post(post: Post, *, body: str, language: str) -> None:
    if post.deleted_at is not None:
        raise ExchangeError(_("This message was deleted."))
    body, language = _check_body(body), _check_language(language)
    if body == post.body and language == post.language:
        return
    post.body, post.body_html, post.language = body, render(body), language
    post.edited_at = anonymity.edit_time(post)
    thread = db.session.get(Thread, post.thread_id)
    if post.is_opening:
        thread.language = language
    db.session.flush()
    _index(post, thread.title if post.is_opening else None)


def edit_thread(
    thread: Thread,
    opening: Post,
    *,
    title: str,
    body: str,
    language: str,
    tags: Tags,
    tactic: Tactic,
) -> None:
    """The author changes the opening post, title, tags and tactic — never the audience."""
    if thread.deleted_at is not None:
        raise ExchangeError(_("This message was deleted."))
    title, body, language = _check_title(title), _check_body(body), _check_language(language)
    set_tags(thread, tags)
    set_tactic(thread, tactic)
    changed_text = (title, body, language) != (thread.title, opening.body, opening.language)
    thread.title, thread.language = title, language
    if changed_text:
        opening.body, opening.body_html, opening.language = body, render(body), language
        opening.edited_at = anonymity.edit_time(opening)
    db.session.flush()
    _index(opening, title)


def delete_post(post: Post) -> None:
    """Leave a tombstone: text, author and proof go; the row keeps the tree together."""
    if post.deleted_at is not None:
        return
    now = anonymity.edit_time(post)
    post.body = post.body_html = ""
    post.deleted_at = now
    post.author_id = None
    anonymity.forget(post)
    post.hidden_at = post.hidden_by = None
    post.endorsement_count = post.open_flag_count = 0
    db.session.execute(sa.delete(Endorsement).where(Endorsement.post_id == post.id))
    db.session.execute(
        sa.update(Flag)
        .where(Flag.post_id == post.id, Flag.status == FlagStatus.OPEN)
        .values(status=FlagStatus.DISMISSED, resolved_at=now)
    )
    thread = db.session.get(Thread, post.thread_id)
    if post.is_opening:
        thread.deleted_at = now
        thread.title = ""
        thread.hidden_at = None
    db.session.flush()
    search.remove([post.id])
    refresh_counters(thread)


def delete_thread_entirely(thread: Thread) -> None:
    """Remove a thread and everything in it, row by row.

    Explicit rather than trusting ON DELETE CASCADE: SQLite enforces foreign keys only
    when asked to, and the search index must lose the texts too.
    """
    post_ids = select_post_ids(thread)
    search.remove(post_ids)
    if post_ids:
        db.session.execute(sa.delete(Endorsement).where(Endorsement.post_id.in_(post_ids)))
        db.session.execute(sa.delete(Flag).where(Flag.post_id.in_(post_ids)))
    db.session.execute(sa.delete(Subscription).where(Subscription.thread_id == thread.id))
    db.session.execute(
        sa.delete(Post)
        .where(Post.thread_id == thread.id)
        .execution_options(synchronize_session="fetch")
    )
    db.session.delete(thread)
    db.session.flush()


def select_post_ids(thread: Thread) -> list[int]:
    return list(db.session.scalars(sa.select(Post.id).where(Post.thread_id == thread.id)))


def refresh_counters(thread: Thread) -> None:
    """Recount what readers can see: replies neither hidden nor deleted, and the latest.

    The thread's row is locked first (FOR NO KEY UPDATE on PostgreSQL, which new replies'
    foreign keys do not conflict with), so two replies at once recount one after the
    other: otherwise each counts without the other's uncommitted reply and one is lost
    from the counter (found by bench/loadtest.py).
    """
    db.session.execute(
        sa.select(Thread.id).where(Thread.id == thread.id).with_for_update(key_share=True)
    )
    count, latest = db.session.execute(
        sa.select(sa.func.count(Post.id), sa.func.max(Post.created_at)).where(
            Post.thread_id == thread.id,
            Post.is_opening.is_(False),
            Post.deleted_at.is_(None),
            Post.hidden_at.is_(None),
        )
    ).one()
    thread.reply_count = count
    thread.last_activity_at = max(latest or thread.created_at, thread.created_at)
    db.session.flush()


# --- following ---------------------------------------------------------------------------


def latest_post_id(thread: Thread) -> int:
    latest = sa.select(sa.func.max(Post.id)).where(Post.thread_id == thread.id)
    return db.session.scalar(latest) or 0


def follow(user: User, thread: Thread, *, read_up_to: int | None = None) -> Subscription:
    """Follow a thread; replies after `read_up_to` (default: now) count as new."""
    subscription = db.session.get(Subscription, (thread.id, user.id))
    mark = read_up_to if read_up_to is not None else latest_post_id(thread)
    if subscription is None:
        subscription = Subscription(thread_id=thread.id, user_id=user.id, last_read_post_id=mark)
        db.session.add(subscription)
    else:
        subscription.last_read_post_id = max(subscription.last_read_post_id, mark)
    db.session.flush()
    return subscription


def unfollow(user: User, thread: Thread) -> bool:
    result = db.session.execute(
        sa.delete(Subscription).where(
            Subscription.thread_id == thread.id, Subscription.user_id == user.id
        )
    )
    return bool(result.rowcount)


# --- endorsements --------------------------------------------------------------------------


def endorse(user: User, post: Post) -> None:
    """ "Useful to us too": once per member and post, never one's own (anonymous or not)."""
    if post.deleted_at is not None or post.hidden_at is not None:
        raise ExchangeError(_("This message was removed."))
    if anonymity.is_own(user, post):
        raise ExchangeError(_("You cannot mark your own message as useful."))
    if db.session.get(Endorsement, (post.id, user.id)) is not None:
        raise ExchangeError(_("You have already marked this as useful."))
    db.session.add(Endorsement(post_id=post.id, user_id=user.id))
    post.endorsement_count = Post.endorsement_count + 1
    db.session.flush()


def withdraw_endorsement(user: User, post: Post) -> bool:
    result = db.session.execute(
        sa.delete(Endorsement).where(Endorsement.post_id == post.id, Endorsement.user_id == user.id)
    )
    if result.rowcount:
        post.endorsement_count = Post.endorsement_count - 1
        db.session.flush()
    return bool(result.rowcount)
