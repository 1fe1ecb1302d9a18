"""Reports from members and what moderators do about them.

Three open reports hide a post until a moderator looks at it. Moderators hide, restore,
dismiss reports, lock threads and correct tags; each of these is written to the audit
log. Reporters are never shown to anyone, and anonymous posts stay anonymous to
moderators: there is no author to show.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from forum.exchanges import anonymity, search
from forum.exchanges.labels import FLAG_REASONS
from forum.exchanges.models import Flag, FlagStatus, HiddenBy, Post, Thread
from forum.exchanges.services import ExchangeError, Tags, refresh_counters, set_tags
from forum.extensions import db
from forum.models import User, utcnow
from forum.security import audit

FLAGS_TO_HIDE = 3


def _thread_of(post: Post) -> Thread:
    return db.session.get(Thread, post.thread_id)


def _count_open(post: Post) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(Flag.id)).where(
            Flag.post_id == post.id, Flag.status == FlagStatus.OPEN
        )
    )


def _set_hidden(post: Post, cause: str | None) -> None:
    now = utcnow() if cause else None
    post.hidden_at, post.hidden_by = now, cause
    thread = _thread_of(post)
    if post.is_opening:
        thread.hidden_at = now
    db.session.flush()
    search.sync(post, thread.title if post.is_opening else None)  # hidden: out of the index
    refresh_counters(thread)


def _close_open_flags(post: Post, status: str) -> None:
    db.session.execute(
        sa.update(Flag)
        .where(Flag.post_id == post.id, Flag.status == FlagStatus.OPEN)
        .values(status=status, resolved_at=utcnow())
    )
    post.open_flag_count = 0


def flag(reporter: User, post: Post, *, reason: str, note: str | None = None) -> Flag:
    """Report a post; the third open report hides it pending review."""
    if post.deleted_at is not None:
        raise ExchangeError(_("This message was removed."))
    if reason not in FLAG_REASONS:
        raise ExchangeError(_("Choose a reason."))
    if anonymity.is_own(reporter, post):
        raise ExchangeError(_("You cannot report your own message."))
    already = db.session.scalar(
        sa.select(Flag.id).where(Flag.post_id == post.id, Flag.reporter_id == reporter.id)
    )
    if already is not None:
        raise ExchangeError(_("You have already reported this message."))
    report = Flag(post_id=post.id, reporter_id=reporter.id, reason=reason, note=note or None)
    db.session.add(report)
    db.session.flush()
    post.open_flag_count = _count_open(post)
    if post.open_flag_count >= FLAGS_TO_HIDE and post.hidden_at is None:
        _set_hidden(post, HiddenBy.FLAGS)
    db.session.flush()
    return report


def _audit_post(moderator: User, action: str, post: Post, detail: str | None = None) -> None:
    thread = _thread_of(post)
    audit(
        moderator,
        action,
        target_type="exchange_post",
        target_id=post.id,
        event_id=thread.event_id,
        detail=detail or f"thread {thread.id}",
    )


def hide(moderator: User, post: Post) -> None:
    """Hide a post for good reason; its open reports are upheld."""
    if post.deleted_at is not None:
        raise ExchangeError(_("This message was removed."))
    _close_open_flags(post, FlagStatus.UPHELD)
    _set_hidden(post, HiddenBy.MODERATOR)
    _audit_post(moderator, "exchange.hide", post)


def restore(moderator: User, post: Post) -> None:
    """Show a hidden post again; its open reports are dismissed."""
    _close_open_flags(post, FlagStatus.DISMISSED)
    _set_hidden(post, None)
    _audit_post(moderator, "exchange.restore", post)


def dismiss_flags(moderator: User, post: Post) -> None:
    """The reports were unfounded: close them, and show the post if they had hidden it."""
    _close_open_flags(post, FlagStatus.DISMISSED)
    if post.hidden_by == HiddenBy.FLAGS:
        _set_hidden(post, None)
    db.session.flush()
    _audit_post(moderator, "exchange.dismiss_flags", post)


def _audit_thread(moderator: User, action: str, thread: Thread, detail: str | None = None) -> None:
    audit(
        moderator,
        action,
        target_type="exchange_thread",
        target_id=thread.id,
        event_id=thread.event_id,
        detail=detail,
    )


def lock(moderator: User, thread: Thread) -> None:
    if thread.locked_at is None:
        thread.locked_at = utcnow()
        db.session.flush()
        _audit_thread(moderator, "exchange.lock", thread)


def unlock(moderator: User, thread: Thread) -> None:
    if thread.locked_at is not None:
        thread.locked_at = None
        db.session.flush()
        _audit_thread(moderator, "exchange.unlock", thread)


def fix_tags(moderator: User, thread: Thread, tags: Tags) -> None:
    before = _describe(thread)
    set_tags(thread, tags)
    db.session.flush()
    after = _describe(thread)
    if before != after:
        _audit_thread(moderator, "exchange.fix_tags", thread, f"{before} -> {after}")


def _describe(thread: Thread) -> str:
    parts = [
        ",".join(thread.region_codes),
        ",".join(thread.country_codes),
        ",".join(thread.risk_codes),
        ",".join(thread.group_codes),
        thread.perpetrator or "",
    ]
    return "|".join(parts)
