"""Export jobs: a large badge export rendered in the background and kept for a day.

A job row holds what was asked (event, layout, language, which registrations), its
progress, and when done the PDF itself, encrypted at rest (it holds names). Keeping the
file in the database lets any app instance serve it and deletes it with the event;
`expires_at` bounds how long it lives (`flask forum purge` removes expired rows).
"""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from forum.crypto import EncryptedBytes
from forum.extensions import db
from forum.models import utcnow


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class JobKind(enum.StrEnum):
    BADGES = "badges"


def _values(kind: type[enum.StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in kind)


class ExportJob(db.Model):
    __tablename__ = "export_jobs"
    __table_args__ = (
        sa.CheckConstraint(sa.column("status").in_(_values(JobStatus)), name="known_status"),
        sa.CheckConstraint(sa.column("kind").in_(_values(JobKind)), name="known_kind"),
        sa.CheckConstraint("done >= 0 AND done <= total", name="progress_in_range"),
        sa.Index("ix_export_jobs_expires_at", "expires_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    requested_by_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(20), default=JobKind.BADGES.value)
    layout: Mapped[str] = mapped_column(sa.String(20))
    locale: Mapped[str] = mapped_column(sa.String(5))
    # Registration ids (never names): what to print, checked again when rendering.
    registration_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    status: Mapped[str] = mapped_column(sa.String(20), default=JobStatus.QUEUED.value)
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int]
    # Deferred: the file is read only by the download, never with the progress page.
    pdf: Mapped[bytes | None] = mapped_column(EncryptedBytes, deferred=True)
    size: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    heartbeat_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    # The queue's message id of the delivery working on it (forum/queue), and how many
    # deliveries have started it: a redelivery after a worker died takes the job over.
    task_id: Mapped[str | None] = mapped_column(sa.String(64))
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    expires_at: Mapped[datetime]

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE.value, JobStatus.FAILED.value)

    def __repr__(self) -> str:
        return f"<ExportJob {self.id} {self.status} {self.done}/{self.total}>"
