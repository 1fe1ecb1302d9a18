"""Models shared by every feature: users, their roles, and the audit log.

Datetimes are stored as naive UTC (`*_at` columns) on both SQLite and PostgreSQL;
`forum.i18n` converts them to the viewer's timezone for display.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from forum.crypto import EncryptedText
from forum.extensions import db
from forum.names import name_key

USERNAME_MAX = 32
DISPLAY_NAME_MAX = 60


def utcnow() -> datetime:
    """Current time as naive UTC, the form every `*_at` column stores."""
    return datetime.now(UTC).replace(tzinfo=None)


class Role(enum.StrEnum):
    """Roles beyond membership. Every account is a member; these are granted."""

    ORGANIZER = "organizer"
    STAFF = "staff"
    MODERATOR = "moderator"
    ADMIN = "admin"
    # Enters and verifies incidents of attacks on defenders (forum.attacks).
    DOCUMENTER = "documenter"
    # Sees attack patterns and de-identified incident records, never their free text.
    ANALYST = "analyst"
    # Reads passport details of invitation-letter requests and issues the letters
    # (forum.letters); nobody else, administrators included, sees those details.
    LETTER_ISSUER = "letter_issuer"


ROLE_VALUES = tuple(role.value for role in Role)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored case-folded so "Amina" and "amina" cannot both exist.
    username: Mapped[str] = mapped_column(sa.String(USERNAME_MAX), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(DISPLAY_NAME_MAX))
    # The name's skeleton (forum.auth.names.name_key): two names with one skeleton look
    # alike to a reader, so a new name may not take another account's. Set with the name.
    display_name_key: Mapped[str] = mapped_column(
        sa.String(DISPLAY_NAME_MAX * 2), index=True, default="", server_default=""
    )
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    email: Mapped[str | None] = mapped_column(EncryptedText)
    # Emails about one's own registrations (forum/notices), opted into on /account/.
    notice_emails: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # A digest of the followed topics (forum/topics/digests): "off", "daily" or "weekly";
    # in-app always when on, by email only when `digest_emails` too.
    digest: Mapped[str] = mapped_column(sa.String(6), default="off", server_default="off")
    digest_emails: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    locale: Mapped[str | None] = mapped_column(sa.String(5))
    timezone: Mapped[str] = mapped_column(sa.String(64), default="UTC")
    # Bumped to sign out every session of the account (password change, "log out everywhere").
    session_version: Mapped[int] = mapped_column(default=1)
    disabled_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Two-factor sign-in (TOTP). The secret is encrypted at rest; the last accepted time
    # step is kept so that a code, once used, cannot be used again in its window.
    totp_secret: Mapped[str | None] = mapped_column(EncryptedText)
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    totp_enabled_at: Mapped[datetime | None]
    # Failed sign-ins since the last success, and until when browsers this account has
    # not used before must wait (see forum.auth.lockout). Never an address.
    failed_logins: Mapped[int] = mapped_column(default=0, server_default=sa.text("0"))
    locked_until: Mapped[datetime | None]
    # The newest reply the person has seen listed on the notifications page: the header's
    # count shows only unread replies after it, so viewing the list clears the count
    # (forum/exchanges/notifications.py). Reading a thread still moves its own read mark.
    notifications_seen_post_id: Mapped[int] = mapped_column(default=0, server_default=sa.text("0"))

    roles: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @validates("display_name")
    def _keep_name_key(self, _key: str, value: str) -> str:
        """Every way a name is set (sign-up, settings, erasure, the demo) keeps its key."""
        self.display_name_key = name_key(value)
        return value

    def get_id(self) -> str:
        return f"{self.id}.{self.session_version}"

    @property
    def is_active(self) -> bool:
        return self.disabled_at is None

    @property
    def role_names(self) -> set[str]:
        return {grant.role for grant in self.roles}

    @property
    def two_factor_enabled(self) -> bool:
        return self.totp_secret is not None

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (sa.CheckConstraint(sa.column("role").in_(ROLE_VALUES), name="known_role"),)

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="roles")


class AuditEntry(db.Model):
    """Who did what to which thing, and when — never from which address."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(sa.String(64))
    target_type: Mapped[str | None] = mapped_column(sa.String(32))
    target_id: Mapped[int | None]
    event_id: Mapped[int | None] = mapped_column(index=True)
    detail: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    actor: Mapped[User | None] = relationship(lazy="joined")
    subjects: Mapped[list[AuditSubject]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="raise"
    )


class AuditSubject(db.Model):
    """Whom an audit entry was about: the person a decision, a check-in or a role change
    concerned, each person an export included. It lets "my data" show a person what was
    done with their data, and erasure find those entries (forum.profiles.data_rights)."""

    __tablename__ = "audit_subjects"

    audit_entry_id: Mapped[int] = mapped_column(
        sa.ForeignKey("audit_entries.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class CacheVersion(db.Model):
    """A counter every process reads before serving a cached page or count.

    Each commit that changed data raises it, so a copy cached by any worker on any host
    before the change is never served after it: a moderator's "hide" is effective
    everywhere at once (see `forum.page_cache`).
    """

    __tablename__ = "cache_versions"

    name: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    version: Mapped[int] = mapped_column(sa.BigInteger, default=0)
