"""Incidents of attacks on defenders, de-identified by default.

An `Incident` is one event (HURIDOCS' "event"): when (with its precision), where (a
country, an optional province kept encrypted, and a setting — never coordinates or an
address), who was targeted as a counting unit (never who they are), and its status. Its
`Act`s say what happened (a violation type from the shared risk taxonomy and a
sub-type), its `Perpetrator`s who did it by *type* only, its `Response`s what was done
and whether it worked. The free-text account and, only with a named-case `Consent`,
the names of the people concerned are encrypted with the data keys.

A record is counted in published figures only while it is verified and its aggregate
consent stands (`forum.security.attacks.is_published`). That answer is kept on the record
itself, `published`, by the services that change its status or its consents, so that
every figure and export asks one indexed column (`published_clause`) instead of looking
up consents row by row: withdrawing consent takes a record out of all of them at once.

An anonymous member report stores no reporter: only a random salt and a keyed proof
(`reporter_salt`, `reporter_proof`, see `forum.attacks.anonymity`), and its date of
receipt to the day, so that neither a dump nor a timestamp ties it to an account.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.attacks.labels import (
    AGE_BANDS,
    ALL_BRANCHES,
    ALL_SUBTYPES,
    GENDERS,
    GROUPS,
    INVOLVEMENT,
    OUTCOMES,
    PERPETRATOR_KINDS,
    PRECISIONS,
    PREVIOUS_THREATS,
    RELIABILITY,
    RESPONSES,
    SETTINGS,
    SIZE_BANDS,
    SOURCE_KINDS,
    TARGET_UNITS,
    VIOLATIONS,
    Origin,
    Status,
    Use,
)
from forum.crypto import EncryptedText
from forum.extensions import db
from forum.models import utcnow
from forum.statistics.keys import record_key_column

ACCOUNT_MAX = 10_000
NAMES_MAX = 1_000
PROVINCE_MAX = 120


def _known(column: str, codes: object, name: str | None = None) -> sa.CheckConstraint:
    values = tuple(codes)  # type: ignore[call-overload]
    return sa.CheckConstraint(sa.column(column).in_(values), name=name or f"known_{column}")


def _enum(kind: type) -> tuple[str, ...]:
    return tuple(member.value for member in kind)  # type: ignore[attr-defined]


class Incident(db.Model):
    __tablename__ = "attack_incidents"
    __table_args__ = (
        _known("status", _enum(Status)),
        _known("origin", _enum(Origin)),
        _known("date_precision", PRECISIONS),
        _known("setting", SETTINGS),
        _known("target_unit", TARGET_UNITS),
        _known("target_size", SIZE_BANDS),
        _known("target_gender", GENDERS),
        _known("target_age", AGE_BANDS),
        _known("previously_threatened", PREVIOUS_THREATS),
        _known("source_kind", SOURCE_KINDS),
        _known("source_reliability", RELIABILITY),
        sa.CheckConstraint(
            "origin != 'anonymous' OR reporter_id IS NULL", name="anonymous_has_no_reporter"
        ),
        sa.CheckConstraint(
            "reporter_proof IS NULL OR origin = 'anonymous'", name="proof_only_when_anonymous"
        ),
        sa.Index("ix_attack_incidents_counted", "status", "occurred_on"),
        # Published records with the columns the patterns group by and the record key:
        # the incident tallies read these indexes, in their order, and never the table.
        sa.Index(
            "ix_attack_incidents_published",
            "published",
            "country",
            "setting",
            "previously_threatened",
            "stat_key",
        ),
        sa.Index(
            "ix_attack_incidents_published_months",
            "published",
            "occurred_on",
            "date_precision",
            "stat_key",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(sa.String(10), default=Status.REPORTED.value)
    # Verified with a standing aggregate consent: kept by `forum.attacks.services`.
    published: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    origin: Mapped[str] = mapped_column(sa.String(10), default=Origin.STAFF.value)
    # When: the first day of the day, month or year the precision names.
    occurred_on: Mapped[date]
    date_precision: Mapped[str] = mapped_column(sa.String(5), default="day")
    # Where: never finer than a province, and the province only encrypted.
    country: Mapped[str] = mapped_column(sa.String(2), index=True)
    province: Mapped[str | None] = mapped_column(EncryptedText)
    setting: Mapped[str] = mapped_column(sa.String(8))
    # Who was targeted, as a counting unit.
    target_unit: Mapped[str] = mapped_column(sa.String(12), default="individual")
    target_size: Mapped[str] = mapped_column(sa.String(5), default="1")
    target_gender: Mapped[str] = mapped_column(sa.String(10), default="unknown")
    target_age: Mapped[str] = mapped_column(sa.String(8), default="unknown")
    previously_threatened: Mapped[str] = mapped_column(sa.String(7), default="unknown")
    source_kind: Mapped[str] = mapped_column(sa.String(12), default="victim")
    source_reliability: Mapped[str] = mapped_column(sa.String(9), default="probable")
    # The account in the reporter's words, and names only with a named-case consent.
    account: Mapped[str | None] = mapped_column(EncryptedText)
    victim_names: Mapped[str | None] = mapped_column(EncryptedText)
    # A member's own (non-anonymous) report; staff entries name whoever entered them.
    reporter_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    entered_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    reporter_salt: Mapped[str | None] = mapped_column(sa.String(32))
    reporter_proof: Mapped[str | None] = mapped_column(sa.String(64))
    received_on: Mapped[date] = mapped_column(default=lambda: utcnow().date())
    reviewed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    reviewed_on: Mapped[date | None]
    # Deleted by `flask forum purge` after this day, when set.
    retain_until: Mapped[date | None] = mapped_column(index=True)
    # The record key of the disclosure-control layer (forum.statistics.keys).
    stat_key: Mapped[int] = record_key_column()

    acts: Mapped[list[Act]] = relationship(
        back_populates="incident", cascade="all, delete-orphan", order_by="Act.id"
    )
    groups: Mapped[list[TargetGroup]] = relationship(
        cascade="all, delete-orphan", order_by="TargetGroup.group"
    )
    perpetrators: Mapped[list[Perpetrator]] = relationship(
        cascade="all, delete-orphan", order_by="Perpetrator.id"
    )
    responses: Mapped[list[Response]] = relationship(
        cascade="all, delete-orphan", order_by="Response.id"
    )
    consents: Mapped[list[Consent]] = relationship(
        cascade="all, delete-orphan", order_by="Consent.id"
    )
    thread_links: Mapped[list[ThreadLink]] = relationship(cascade="all, delete-orphan")

    def consent_for(self, use: str) -> Consent | None:
        """The standing (not withdrawn) consent for `use`, if any."""
        for consent in self.consents:
            if consent.use == use and consent.withdrawn_on is None:
                return consent
        return None

    def __repr__(self) -> str:
        return f"<Incident {self.id}>"


class Act(db.Model):
    """One kind of act in an incident: a violation type and its sub-type."""

    __tablename__ = "attack_acts"
    __table_args__ = (
        _known("violation", VIOLATIONS),
        _known("subtype", ALL_SUBTYPES),
        sa.UniqueConstraint("incident_id", "violation", "subtype", name="uq_attack_acts_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        sa.ForeignKey("attack_incidents.id", ondelete="CASCADE"), index=True
    )
    violation: Mapped[str] = mapped_column(sa.String(32))
    subtype: Mapped[str] = mapped_column(sa.String(32), default="other")

    incident: Mapped[Incident] = relationship(back_populates="acts")


class TargetGroup(db.Model):
    """A defender group the targeted people belong to (several may apply)."""

    __tablename__ = "attack_target_groups"
    __table_args__ = (_known("group", GROUPS, "known_group"),)

    incident_id: Mapped[int] = mapped_column(
        sa.ForeignKey("attack_incidents.id", ondelete="CASCADE"), primary_key=True
    )
    group: Mapped[str] = mapped_column(sa.String(32), primary_key=True)


class Perpetrator(db.Model):
    """Who did it, by type only (ACLED keeps the actor's type apart from its name)."""

    __tablename__ = "attack_perpetrators"
    __table_args__ = (
        _known("kind", PERPETRATOR_KINDS),
        _known("branch", ALL_BRANCHES),
        _known("involvement", INVOLVEMENT),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        sa.ForeignKey("attack_incidents.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(10))
    branch: Mapped[str] = mapped_column(sa.String(20))
    involvement: Mapped[str] = mapped_column(sa.String(10), default="direct")


class Response(db.Model):
    """What was done about the incident, and whether it worked."""

    __tablename__ = "attack_responses"
    __table_args__ = (
        _known("kind", RESPONSES),
        _known("outcome", OUTCOMES),
        # The outcome table reads one kind of response: its incidents and outcomes here.
        sa.Index("ix_attack_responses_kind", "kind", "incident_id", "outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        sa.ForeignKey("attack_incidents.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(20))
    outcome: Mapped[str] = mapped_column(sa.String(10), default="pending")
    noted_on: Mapped[date] = mapped_column(default=lambda: utcnow().date())


class Consent(db.Model):
    """Consent to one use of the record, dated, and the day it was withdrawn."""

    __tablename__ = "attack_consents"
    __table_args__ = (_known("use", _enum(Use)),)

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        sa.ForeignKey("attack_incidents.id", ondelete="CASCADE"), index=True
    )
    use: Mapped[str] = mapped_column(sa.String(10))
    given_on: Mapped[date]
    withdrawn_on: Mapped[date | None]
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )


class ThreadLink(db.Model):
    """An exchange thread where the tactic used against this kind of attack is discussed."""

    __tablename__ = "attack_thread_links"

    incident_id: Mapped[int] = mapped_column(
        sa.ForeignKey("attack_incidents.id", ondelete="CASCADE"), primary_key=True
    )
    thread_id: Mapped[int] = mapped_column(
        sa.ForeignKey("exchange_threads.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    linked_at: Mapped[datetime] = mapped_column(default=utcnow)
