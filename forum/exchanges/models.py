"""Threads, posts, tags, flags, endorsements and follows.

A thread's opening text is its first `Post` (`is_opening`), so editing, deleting,
flagging, endorsing and anonymity work the same for the opening and for replies. Replies
form a tree rooted at the opening post.

Anonymous posts keep no author: `author_id` is NULL and only a keyed hash
(`anon_proof`, HMAC with `FORUM_ANON_KEY`, a key outside the database) lets the author
edit or delete them. Deleted posts are tombstones: text and author are cleared, the row
stays so the replies below it keep their place in the tree.

Tags live in association tables (`thread_regions`, `thread_countries`, `thread_risks`,
`thread_groups`) so that insights can count them with GROUP BY. `reply_count` and
`last_activity_at` count only replies a reader can see (neither hidden nor deleted) and
are recomputed on every change (`services.refresh_counters`).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum import taxonomy
from forum.events.models import Event, Session
from forum.exchanges.labels import (
    CONTEXTS,
    FLAG_REASONS,
    OUTCOMES,
    Visibility,
    values,
)
from forum.extensions import db
from forum.models import User, utcnow
from forum.statistics.keys import record_key_column

TITLE_MAX = 200
BODY_MAX = 20_000
FOR_WHOM_MAX = 200
RESOURCES_MAX = 1_000
FLAG_NOTE_MAX = 500
LANGUAGE_CODES = ("en", "es", "fr", "pt", "ar")


class FlagStatus:
    OPEN = "open"
    DISMISSED = "dismissed"
    UPHELD = "upheld"


class HiddenBy:
    FLAGS = "flags"
    MODERATOR = "moderator"


class Thread(db.Model):
    __tablename__ = "exchange_threads"
    __table_args__ = (
        sa.CheckConstraint(
            sa.column("visibility").in_([v.value for v in Visibility]), name="known_visibility"
        ),
        sa.CheckConstraint(sa.column("language").in_(LANGUAGE_CODES), name="known_language"),
        sa.CheckConstraint(
            sa.or_(sa.column("context").is_(None), sa.column("context").in_(values(CONTEXTS))),
            name="known_context",
        ),
        sa.CheckConstraint(
            sa.or_(sa.column("outcome").is_(None), sa.column("outcome").in_(values(OUTCOMES))),
            name="known_outcome",
        ),
        sa.CheckConstraint(
            sa.or_(
                sa.column("perpetrator").is_(None),
                sa.column("perpetrator").in_(values(taxonomy.PERPETRATORS)),
            ),
            name="known_perpetrator",
        ),
        sa.CheckConstraint("reply_count >= 0", name="reply_count_not_negative"),
        sa.Index("ix_exchange_threads_listing", "hidden_at", "deleted_at", "last_activity_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(TITLE_MAX))
    language: Mapped[str] = mapped_column(sa.String(5), index=True)
    visibility: Mapped[str] = mapped_column(sa.String(12), default=Visibility.MEMBERS.value)
    event_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("events.id", ondelete="SET NULL"), index=True
    )
    session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sessions.id", ondelete="SET NULL")
    )
    # The structured tactic: what worked, for whom, under which circumstances.
    context: Mapped[str | None] = mapped_column(sa.String(20))
    for_whom: Mapped[str | None] = mapped_column(sa.String(FOR_WHOM_MAX))
    outcome: Mapped[str | None] = mapped_column(sa.String(10), index=True)
    resources: Mapped[str | None] = mapped_column(sa.String(RESOURCES_MAX))
    perpetrator: Mapped[str | None] = mapped_column(sa.String(12))
    locked_at: Mapped[datetime | None]
    hidden_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    reply_count: Mapped[int] = mapped_column(default=0)
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    event: Mapped[Event | None] = relationship(lazy="raise")
    session: Mapped[Session | None] = relationship(lazy="raise")
    # Loaded when written or edited; pages read tags for many threads at once in one
    # query instead (`queries.tags_for`).
    regions: Mapped[list[ThreadRegion]] = relationship(
        cascade="all, delete-orphan", order_by="ThreadRegion.region"
    )
    countries: Mapped[list[ThreadCountry]] = relationship(
        cascade="all, delete-orphan", order_by="ThreadCountry.country"
    )
    risks: Mapped[list[ThreadRisk]] = relationship(
        cascade="all, delete-orphan", order_by="ThreadRisk.risk"
    )
    groups: Mapped[list[ThreadGroup]] = relationship(
        cascade="all, delete-orphan", order_by="ThreadGroup.defender_group"
    )

    @property
    def region_codes(self) -> list[str]:
        return [tag.region for tag in self.regions]

    @property
    def country_codes(self) -> list[str]:
        return [tag.country for tag in self.countries]

    @property
    def risk_codes(self) -> list[str]:
        return [tag.risk for tag in self.risks]

    @property
    def group_codes(self) -> list[str]:
        return [tag.defender_group for tag in self.groups]

    @property
    def has_tactic(self) -> bool:
        return any((self.context, self.for_whom, self.outcome, self.resources))

    def __repr__(self) -> str:
        return f"<Thread {self.id}>"


class ThreadRegion(db.Model):
    __tablename__ = "thread_regions"
    __table_args__ = (
        sa.CheckConstraint(sa.column("region").in_(values(taxonomy.REGIONS)), name="known_region"),
        sa.Index("ix_thread_regions_region", "region", "thread_id"),
    )

    thread_id: Mapped[int] = mapped_column(
        sa.ForeignKey("exchange_threads.id", ondelete="CASCADE"), primary_key=True
    )
    region: Mapped[str] = mapped_column(sa.String(24), primary_key=True)


class ThreadCountry(db.Model):
    __tablename__ = "thread_countries"
    __table_args__ = (
        sa.CheckConstraint("length(country) = 2", name="iso_code"),
        sa.Index("ix_thread_countries_country", "country", "thread_id"),
    )

    thread_id: Mapped[int] = mapped_column(
        sa.ForeignKey("exchange_threads.id", ondelete="CASCADE"), primary_key=True
    )
    country: Mapped[str] = mapped_column(sa.String(2), primary_key=True)


class ThreadRisk(db.Model):
    __tablename__ = "thread_risks"
    __table_args__ = (
        sa.CheckConstraint(sa.column("risk").in_(values(taxonomy.RISK_TYPES)), name="known_risk"),
        sa.Index("ix_thread_risks_risk", "risk", "thread_id"),
    )

    thread_id: Mapped[int] = mapped_column(
        sa.ForeignKey("exchange_threads.id", ondelete="CASCADE"), primary_key=True
    )
    risk: Mapped[str] = mapped_column(sa.String(32), primary_key=True)


class ThreadGroup(db.Model):
    __tablename__ = "thread_groups"
    __table_args__ = (
        sa.CheckConstraint(
            sa.column("defender_group").in_(values(taxonomy.DEFENDER_GROUPS)), name="known_group"
        ),
        sa.Index("ix_thread_groups_defender_group", "defender_group", "thread_id"),
    )

    thread_id: Mapped[int] = mapped_column(
        sa.ForeignKey("exchange_threads.id", ondelete="CASCADE"), primary_key=True
    )
    defender_group: Mapped[str] = mapped_column(sa.String(32), primary_key=True)


class Post(db.Model):
    __tablename__ = "exchange_posts"
    __table_args__ = (
        sa.CheckConstraint("is_opening = (parent_id IS NULL)", name="opening_has_no_parent"),
        sa.CheckConstraint("NOT is_anonymous OR author_id IS NULL", name="anonymous_has_no_author"),
        sa.CheckConstraint("anon_proof IS NULL OR is_anonymous", name="proof_only_when_anonymous"),
        sa.CheckConstraint(sa.column("language").in_(LANGUAGE_CODES), name="known_language"),
        sa.CheckConstraint(
            sa.or_(
                sa.column("hidden_by").is_(None),
                sa.column("hidden_by").in_([HiddenBy.FLAGS, HiddenBy.MODERATOR]),
            ),
            name="known_hidden_by",
        ),
        sa.CheckConstraint("(hidden_at IS NULL) = (hidden_by IS NULL)", name="hidden_has_cause"),
        sa.CheckConstraint("endorsement_count >= 0", name="endorsements_not_negative"),
        sa.CheckConstraint("open_flag_count >= 0", name="flags_not_negative"),
        sa.Index("ix_exchange_posts_thread", "thread_id", "id"),
        # A thread's opening post in one step (search ranks by its endorsements).
        sa.Index(
            "ix_exchange_posts_opening",
            "thread_id",
            sqlite_where=sa.text("is_opening = 1"),
            postgresql_where=sa.text("is_opening"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(sa.ForeignKey("exchange_threads.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("exchange_posts.id", ondelete="CASCADE"), index=True
    )
    is_opening: Mapped[bool] = mapped_column(default=False)
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # Never shown: what insights add up to decide each published count (forum.statistics).
    stat_key: Mapped[int] = record_key_column()
    is_anonymous: Mapped[bool] = mapped_column(default=False)
    # Random per post, so two anonymous posts by one person do not share a hash.
    anon_salt: Mapped[str | None] = mapped_column(sa.String(32))
    anon_proof: Mapped[str | None] = mapped_column(sa.String(64))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    body_html: Mapped[str] = mapped_column(sa.Text, default="")
    language: Mapped[str] = mapped_column(sa.String(5))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    hidden_at: Mapped[datetime | None]
    hidden_by: Mapped[str | None] = mapped_column(sa.String(10))
    endorsement_count: Mapped[int] = mapped_column(default=0)
    open_flag_count: Mapped[int] = mapped_column(default=0)
    # The random key of the form that sent the post: a form sent again (a dropped
    # connection, a double click, the browser's retry) finds its post instead of
    # making a second one. Random per page, so it links nobody to anything.
    submission_key: Mapped[str | None] = mapped_column(sa.String(32), unique=True)

    thread: Mapped[Thread] = relationship(lazy="raise")
    author: Mapped[User | None] = relationship(lazy="raise")

    def __repr__(self) -> str:
        return f"<Post {self.id}>"


class Flag(db.Model):
    """A member's report of a post; the reporter is never shown to anyone."""

    __tablename__ = "exchange_flags"
    __table_args__ = (
        sa.UniqueConstraint("post_id", "reporter_id", name="uq_exchange_flags_post_reporter"),
        sa.CheckConstraint(sa.column("reason").in_(values(FLAG_REASONS)), name="known_reason"),
        sa.CheckConstraint(
            sa.column("status").in_([FlagStatus.OPEN, FlagStatus.DISMISSED, FlagStatus.UPHELD]),
            name="known_status",
        ),
        sa.Index("ix_exchange_flags_post_status", "post_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(sa.ForeignKey("exchange_posts.id", ondelete="CASCADE"))
    # Kept (as NULL) when the reporter's account is erased, so open reports still count.
    reporter_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[str] = mapped_column(sa.String(20))
    note: Mapped[str | None] = mapped_column(sa.String(FLAG_NOTE_MAX))
    status: Mapped[str] = mapped_column(sa.String(10), default=FlagStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]


class Endorsement(db.Model):
    """ "Useful to us too": one per member and post. No timestamp: it is not needed."""

    __tablename__ = "exchange_endorsements"

    post_id: Mapped[int] = mapped_column(
        sa.ForeignKey("exchange_posts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Subscription(db.Model):
    """A member follows a thread. `last_read_post_id` marks what they have seen.

    A post-id watermark rather than a read time: it says nothing about *when* someone
    read, so it cannot be lined up with the moment an anonymous post was written.
    """

    __tablename__ = "exchange_subscriptions"

    thread_id: Mapped[int] = mapped_column(
        sa.ForeignKey("exchange_threads.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    last_read_post_id: Mapped[int] = mapped_column(default=0)
