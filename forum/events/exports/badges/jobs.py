"""The background export as a queue task: render a recorded job, exactly once.

The job row (`ExportJob`) is the truth; the task only says "render job N". The worker
claims the row before rendering, so a task sent twice (the sweep, a retry) renders once:
a second copy finds the row taken and leaves. The one exception is the same message
delivered again (same message id): the queue does that only after the worker that held
it stopped sending heartbeats, so the row's claim is dead and the new delivery takes it
over and starts again. Progress is committed as it goes, for the progress page (read by
any app instance).
"""

from __future__ import annotations

import io
import logging
import threading
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import force_locale
from sqlalchemy.orm import joinedload

from forum.events.exports.badges.models import ExportJob, JobStatus
from forum.events.exports.badges.services import badge_event, badges_for
from forum.events.exports.badges.sheets import write_badges
from forum.events.exports.services import APPROVED, ExportError, by_badge_name
from forum.events.models import Event
from forum.events.registration.models import Registration
from forum.extensions import db
from forum.models import utcnow
from forum.queue.runner import current_message_id
from forum.queue.tasks import sweep, task

logger = logging.getLogger(__name__)

#: Tries of one job: the first and this many retries, each after a longer pause.
RETRIES = 3

#: A running job whose progress has not moved for this long lost its worker: another
#: delivery may take it over, and the sweep sends it again.
RECLAIM_AFTER = timedelta(minutes=2)

#: A job still waiting after this long is sent again (its message was lost: Redis was
#: away when it was sent, or the embedded queue of a restarted development server).
RESEND_AFTER = timedelta(minutes=10)

#: One export at a time per worker process: each already uses every core (worker
#: processes), so two at once would only halve each other's speed and double memory.
_ONE_JOB_AT_A_TIME = threading.Lock()


@task(
    "badges.render",
    max_retries=RETRIES,
    min_backoff=timedelta(seconds=10),
    max_backoff=timedelta(minutes=5),
    time_limit=timedelta(minutes=30),
    queue="exports",
)
def render_badges(job_id: int) -> None:
    with _ONE_JOB_AT_A_TIME:
        run_badge_job(job_id)


def claim(job_id: int) -> bool:
    """Take the job for this delivery; False when it is done or held by a live worker."""
    message_id = current_message_id()
    now = utcnow()
    dead = [ExportJob.heartbeat_at < now - RECLAIM_AFTER]
    if message_id is not None:  # this very message, delivered again: its worker died
        dead.append(ExportJob.task_id == message_id)
    takeover = sa.and_(ExportJob.status == JobStatus.RUNNING.value, sa.or_(*dead))
    claimed = db.session.execute(
        sa.update(ExportJob)
        .where(
            ExportJob.id == job_id,
            ExportJob.expires_at > now,
            sa.or_(ExportJob.status == JobStatus.QUEUED.value, takeover),
        )
        .values(
            status=JobStatus.RUNNING.value,
            heartbeat_at=now,
            done=0,
            task_id=message_id,
            attempts=ExportJob.attempts + 1,
        )
    ).rowcount
    db.session.commit()
    return bool(claimed)


def run_badge_job(job_id: int, *, workers: int | None = None) -> None:
    """Render a queued job and store its PDF; a no-op if the job is done or taken.

    People whose registration was cancelled since the job was queued are left out. A
    failure the queue can cure (the database away, a crash) goes back to the queue, which
    tries again later; the last try, or a job with nobody left to print, marks it failed.
    """
    if not claim(job_id):
        return
    try:
        job = db.session.get(ExportJob, job_id)
        event = db.session.get(Event, job.event_id) if job is not None else None
        if job is None or event is None:
            return
        registrations = sorted(
            db.session.scalars(
                sa.select(Registration)
                .where(
                    Registration.id.in_(job.registration_ids),
                    Registration.event_id == event.id,
                    Registration.status == APPROVED,
                )
                .options(joinedload(Registration.user))
            ),
            key=by_badge_name,
        )
        if not registrations:
            raise ExportError("nobody left to print")
        with force_locale(job.locale):
            header = badge_event(event, job.locale)
            badges = badges_for(registrations, job.locale)
        _set_progress(job_id, 0, len(badges))
        out = io.BytesIO()
        write_badges(
            header,
            badges,
            job.layout,
            out,
            lambda done, total: _set_progress(job_id, done, total),
            workers=workers,
        )
        pdf = out.getvalue()
        job.pdf = pdf
        job.size = len(pdf)
        job.status = JobStatus.DONE.value
        job.finished_at = utcnow()
        db.session.commit()
    except Exception as error:
        db.session.rollback()
        # The exception's text could quote a name: log its kind only.
        attempts = db.session.scalar(sa.select(ExportJob.attempts).where(ExportJob.id == job_id))
        again = (
            not isinstance(error, ExportError)
            and current_message_id() is not None
            and (attempts or 0) <= RETRIES
        )
        logger.error(
            "Badge export job %s failed (%s)%s",
            job_id,
            type(error).__name__,
            ", will try again" if again else "",
        )
        db.session.execute(
            sa.update(ExportJob)
            .where(ExportJob.id == job_id)
            .values(
                status=JobStatus.QUEUED.value if again else JobStatus.FAILED.value,
                finished_at=None if again else utcnow(),
            )
        )
        db.session.commit()
        if again:
            raise


def _set_progress(job_id: int, done: int, total: int) -> None:
    db.session.execute(
        sa.update(ExportJob)
        .where(ExportJob.id == job_id)
        .values(total=total, done=min(done, total), heartbeat_at=utcnow())
    )
    db.session.commit()


@sweep
def resend_stuck_jobs() -> int:
    """Send again the jobs waiting too long, and those whose worker stopped mid-way."""
    now = utcnow()
    stuck = sa.or_(
        sa.and_(
            ExportJob.status == JobStatus.QUEUED.value, ExportJob.heartbeat_at < now - RESEND_AFTER
        ),
        sa.and_(
            ExportJob.status == JobStatus.RUNNING.value,
            ExportJob.heartbeat_at < now - RECLAIM_AFTER,
        ),
    )
    ids = list(db.session.scalars(sa.select(ExportJob.id).where(stuck, ExportJob.expires_at > now)))
    if ids:
        # Waiting again, from now: the copy sent below claims it, the next sweep waits.
        db.session.execute(
            sa.update(ExportJob)
            .where(ExportJob.id.in_(ids))
            .values(status=JobStatus.QUEUED.value, heartbeat_at=now)
        )
        db.session.commit()
    for job_id in ids:
        render_badges.send(job_id)
    return len(ids)
