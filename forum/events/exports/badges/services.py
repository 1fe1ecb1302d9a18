"""Badges: who is printed, with which fields, inline or as a background job.

The pure renderer (:mod:`.sheets`) takes finished data; this module decides what goes into
it: only approved people, only the profile fields each allows on a badge, the language
asked for. Every export is written to the audit log. Exports of more than `INLINE_LIMIT`
badges run in the background and are kept, encrypted, for `JOB_LIFETIME`.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, undefer

from forum.dates import Clock
from forum.events.exports.badges.layouts import LAYOUTS, Badge, BadgeEvent
from forum.events.exports.badges.models import ExportJob, JobKind, JobStatus
from forum.events.exports.badges.sheets import write_badges
from forum.events.exports.services import (
    APPROVED,
    ExportError,
    approved_registrations,
    badge_name,
    by_badge_name,
)
from forum.events.location import location_for
from forum.events.models import Event
from forum.events.registration.labels import EVENT_ROLE_LABELS
from forum.events.registration.models import Registration
from forum.events.registration.queries import profiles_of
from forum.extensions import db
from forum.i18n import LOCALES, text_direction
from forum.models import User, utcnow
from forum.security import audit
from forum.security.profiles import badge_profile
from forum.taxonomy import country_name

#: Up to this many badges render within the request (about 7 ms each, so a few
#: seconds at most); more run in the background, so no web worker is held for long.
INLINE_LIMIT = 200


#: A finished file is kept this long, then deleted (also by `flask forum purge`).
JOB_LIFETIME = timedelta(hours=24)


#: A job whose progress has not moved for this long is given up: its tasks were lost
#: (the embedded queue of a restarted development server) or kept failing.
GIVE_UP_AFTER = timedelta(minutes=30)


#: The badge page lists at most this many people to pick from; search narrows it.
CHOICES_SHOWN = 300


def search_registrations(registrations: Sequence[Registration], query: str) -> list[Registration]:
    """Those whose badge or display name contains `query`, ignoring case."""
    needle = query.strip().casefold()
    if not needle:
        return list(registrations)
    return [
        registration
        for registration in registrations
        if needle in badge_name(registration).casefold()
        or needle in registration.user.display_name.casefold()
    ]


def check_layout(layout: str) -> None:
    """Refuse an unknown layout with a message for the person, not a stack trace."""
    if layout not in LAYOUTS:
        raise ExportError(_("Choose one of the badge layouts offered."))


def select_for_badges(event: Event, ids: Sequence[int] | None) -> list[Registration]:
    """The registrations to print: all approved ones (`ids` None) or exactly those chosen.

    A chosen id that is not an approved registration of this event (another event's, a
    cancelled one, a made-up number) refuses the whole request: printing "some" of a
    selection would hand out a stack with someone silently missing.
    """
    if ids is None:
        chosen = approved_registrations(event.id)
        if not chosen:
            raise ExportError(
                _("Nobody is approved for this event yet: there is nothing to print.")
            )
        return chosen
    wanted = set(ids)
    if not wanted:
        raise ExportError(_("Choose at least one person, or print badges for everyone approved."))
    found = list(
        db.session.scalars(
            sa.select(Registration)
            .where(
                Registration.id.in_(wanted),
                Registration.event_id == event.id,
                Registration.status == APPROVED,
            )
            .options(joinedload(Registration.user))
        )
    )
    if len(found) != len(wanted):
        raise ExportError(
            _(
                "Some of the chosen people are not approved for this event, so nothing was "
                "printed. Reload the page and choose again."
            )
        )
    return sorted(found, key=by_badge_name)


def badge_event(event: Event, locale: str) -> BadgeEvent:
    """The header every badge repeats: title, dates and city, never the venue."""
    text = event.text_for(locale)
    clock = Clock(event.timezone, event.timezone, locale)
    dates = clock.span(event.starts_at, event.ends_at)
    place = location_for(event, None, with_venue=False).place(locale)
    return BadgeEvent(
        title=text.title if text else event.slug,
        dates=f"{dates} · {place}" if place else dates,
        direction="rtl" if text_direction(locale) == "rtl" else "ltr",
        lang=locale,
    )


def badges_for(registrations: Sequence[Registration], locale: str) -> list[Badge]:
    """One badge per registration, with only what each person lets participants see.

    The QR code gets the opaque check-in token and nothing else. Call under
    `force_locale(locale)` so role names are in the badge's language.
    """
    profiles = profiles_of(registration.user_id for registration in registrations)
    roles = {code: str(label) for code, label in EVENT_ROLE_LABELS.items()}
    badges = []
    for registration in registrations:
        shown = badge_profile(profiles.get(registration.user_id))
        country = shown.get("country")
        badges.append(
            Badge(
                name=badge_name(registration),
                pronouns=shown.get("pronouns"),
                organisation=shown.get("organisation"),
                country=country_name(country, locale) if country else None,
                role=roles.get(registration.role, registration.role),
                token=registration.checkin_token,
            )
        )
    return badges


def render_badges_now(
    event: Event, registrations: Sequence[Registration], layout: str, locale: str, actor: User
) -> bytes:
    """Render a small export within the request, in this process only (no workers to
    start for a few seconds of work), and record it in the audit log."""
    check_layout(layout)
    with force_locale(locale):
        header = badge_event(event, locale)
        badges = badges_for(registrations, locale)
    out = io.BytesIO()
    write_badges(header, badges, layout, out, workers=0)
    audit(
        actor,
        "badges.export",
        target_type="event",
        target_id=event.id,
        event_id=event.id,
        detail=f"layout={layout} count={len(badges)}",
        subjects=[registration.user_id for registration in registrations],
    )
    return out.getvalue()


def start_badge_job(
    event: Event,
    registrations: Sequence[Registration],
    layout: str,
    locale: str,
    actor: User,
    now: datetime | None = None,
) -> ExportJob:
    """Record a large export (the caller commits, then sends `jobs.render_badges`)."""
    check_layout(layout)
    now = now or utcnow()
    purge_expired_jobs(now)
    job = ExportJob(
        event_id=event.id,
        requested_by_id=actor.id,
        kind=JobKind.BADGES.value,
        layout=layout,
        locale=locale if locale in LOCALES else "en",
        registration_ids=[registration.id for registration in registrations],
        status=JobStatus.QUEUED.value,
        done=0,
        total=len(registrations),
        created_at=now,
        heartbeat_at=now,
        expires_at=now + JOB_LIFETIME,
    )
    db.session.add(job)
    db.session.flush()
    audit(
        actor,
        "badges.export_started",
        target_type="export_job",
        target_id=job.id,
        event_id=event.id,
        detail=f"layout={layout} count={job.total}",
        subjects=[registration.user_id for registration in registrations],
    )
    return job


def job_of(event: Event, job_id: int) -> ExportJob | None:
    """The event's job by id (its file not loaded); other events' jobs are not found."""
    return db.session.scalar(
        sa.select(ExportJob).where(ExportJob.id == job_id, ExportJob.event_id == event.id)
    )


def settle_job(job: ExportJob, now: datetime | None = None) -> ExportJob:
    """Mark a job failed when nothing has moved for `GIVE_UP_AFTER`.

    On Redis a job survives restarts (the queue redelivers it, the worker's sweep sends it
    again), so this is the last resort that keeps the progress page from waiting forever.
    """
    now = now or utcnow()
    if not job.finished and job.heartbeat_at < now - GIVE_UP_AFTER:
        job.status = JobStatus.FAILED.value
        job.finished_at = now
        db.session.flush()
    return job


def job_expired(job: ExportJob, now: datetime | None = None) -> bool:
    return job.expires_at <= (now or utcnow())


def job_pdf(job: ExportJob, actor: User) -> bytes:
    """The finished file, decrypted; each download is written to the audit log."""
    pdf = db.session.scalar(
        sa.select(ExportJob).where(ExportJob.id == job.id).options(undefer(ExportJob.pdf))
    ).pdf
    if pdf is None:
        raise LookupError("job has no file")
    audit(
        actor,
        "badges.download",
        target_type="export_job",
        target_id=job.id,
        event_id=job.event_id,
        detail=f"layout={job.layout} count={job.total}",
    )
    return pdf


def purge_expired_jobs(now: datetime | None = None) -> int:
    """Delete every job past its expiry, finished file and all; returns how many."""
    result = db.session.execute(
        sa.delete(ExportJob).where(ExportJob.expires_at <= (now or utcnow()))
    )
    return result.rowcount or 0


def delete_event_jobs(event_id: int) -> int:
    """Delete an event's export files, e.g. when its registration data is purged."""
    result = db.session.execute(sa.delete(ExportJob).where(ExportJob.event_id == event_id))
    return result.rowcount or 0
