"""A member's optional profile, with one visibility per field.

Every field is optional and starts at the most private visibility ("only me"). Legal name,
contact, organisation and bio are encrypted at rest: any of them can identify a defender,
and a database dump must not.
"""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from forum.crypto import EncryptedText
from forum.extensions import db
from forum.models import utcnow

LEGAL_NAME_MAX = 200
ORGANISATION_MAX = 200
PRONOUNS_MAX = 40
CONTACT_MAX = 200
BIO_MAX = 1000
LANGUAGES_MAX = 12


class Visibility(enum.StrEnum):
    """Who may see a profile field, from the narrowest audience to the widest.

    Audiences nest: a field shown to participants of the same events is also shown to the
    organizers of those events, and a field shown to all members to both.
    """

    ME = "me"
    ORGANIZERS = "organizers"
    PARTICIPANTS = "participants"
    MEMBERS = "members"

    @property
    def rank(self) -> int:
        return _RANKS[self]


_RANKS = {level: index for index, level in enumerate(Visibility)}
VISIBILITY_VALUES = tuple(level.value for level in Visibility)

# The profile's fields, in the order they are shown and exported.
PROFILE_FIELDS = (
    "legal_name",
    "organisation",
    "country",
    "languages",
    "pronouns",
    "contact",
    "bio",
)


def _visibility_column() -> Mapped[str]:
    return mapped_column(sa.String(20), default=Visibility.ME.value)


class Profile(db.Model):
    __tablename__ = "profiles"
    __table_args__ = tuple(
        sa.CheckConstraint(
            sa.column(f"{name}_visibility").in_(VISIBILITY_VALUES),
            name=f"known_{name}_visibility",
        )
        for name in PROFILE_FIELDS
    )

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    legal_name: Mapped[str | None] = mapped_column(EncryptedText)
    legal_name_visibility: Mapped[str] = _visibility_column()
    organisation: Mapped[str | None] = mapped_column(EncryptedText)
    organisation_visibility: Mapped[str] = _visibility_column()
    country: Mapped[str | None] = mapped_column(sa.String(2))
    country_visibility: Mapped[str] = _visibility_column()
    # ISO 639-1 codes, e.g. ["es", "qu"].
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    languages_visibility: Mapped[str] = _visibility_column()
    pronouns: Mapped[str | None] = mapped_column(sa.String(PRONOUNS_MAX))
    pronouns_visibility: Mapped[str] = _visibility_column()
    contact: Mapped[str | None] = mapped_column(EncryptedText)
    contact_visibility: Mapped[str] = _visibility_column()
    bio: Mapped[str | None] = mapped_column(EncryptedText)
    bio_visibility: Mapped[str] = _visibility_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def value_of(self, name: str) -> object:
        return getattr(self, name)

    def visibility_of(self, name: str) -> Visibility:
        return Visibility(getattr(self, f"{name}_visibility"))

    def __repr__(self) -> str:
        return f"<Profile {self.user_id}>"
