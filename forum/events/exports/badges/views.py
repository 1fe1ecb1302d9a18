"""Badge pages of an event's team: choose who and how, print now or in the background.

Views stay thin: they check access (the event loader's refusal policy), parse the form,
call `services`, commit once and wrap the bytes. A background job's page and file are
for the person who asked for it only; anyone else is told it does not exist.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from forum.auth.limits import user_key
from forum.downloads import file_response
from forum.events.exports.badges import jobs, services
from forum.events.exports.badges.forms import BadgeForm
from forum.events.exports.badges.labels import LAYOUT_LABELS
from forum.events.exports.badges.models import ExportJob, JobStatus
from forum.events.exports.services import ExportError, approved_registrations, badge_name
from forum.events.loader import load_event
from forum.events.models import Event
from forum.extensions import db, limiter
from forum.i18n import LOCALES
from forum.security import audit, can

bp = Blueprint("badges", __name__, url_prefix="/events")

#: PDFs cost CPU (a fraction of a second to several seconds each): enough for any person,
#: too little to keep the server busy on purpose.
BADGES_LIMIT = "20 per minute;100 per hour"

#: Seconds between automatic reloads of the progress page (an HTTP `Refresh` header:
#: no script needed, and the CSP does not apply to it).
REFRESH_SECONDS = 2


def _badge_page(event: Event, form: BadgeForm, error: str | None = None, code: int = 200):
    query = request.values.get("q", "").strip()[:100]
    # Names of registrants: recorded before anything is read. That a search was made, not
    # its words (a name typed there would outlive the person's erasure in the log).
    audit(
        current_user,
        "badges.view",
        target_type="event",
        target_id=event.id,
        event_id=event.id,
        detail="search" if query else None,
    )
    db.session.commit()
    approved = approved_registrations(event.id)
    matches = services.search_registrations(approved, query)
    return render_template(
        "exports/badges.html",
        event=event,
        form=form,
        error=error,
        query=query,
        approved_count=len(approved),
        choices=[(r, badge_name(r)) for r in matches[: services.CHOICES_SHOWN]],
        more=max(0, len(matches) - services.CHOICES_SHOWN),
        chosen=set(form.ids.data or []),
        inline_limit=services.INLINE_LIMIT,
        layouts=LAYOUT_LABELS,
    ), code


@bp.get("/<slug>/manage/badges")
def index(slug: str):
    event = load_event(slug, "event.badges")
    form = BadgeForm(formdata=None, language=str(get_locale()))
    return _badge_page(event, form)


@bp.post("/<slug>/manage/badges")
@limiter.limit(BADGES_LIMIT, key_func=user_key)
def print_badges(slug: str):
    event = load_event(slug, "event.badges")
    form = BadgeForm()
    if not form.validate():
        return _badge_page(event, form, code=422)
    ids = form.ids.data if form.scope.data == "selected" else None
    layout, language = form.layout.data, form.language.data
    try:
        chosen = services.select_for_badges(event, ids)
        if len(chosen) > services.INLINE_LIMIT:
            job = services.start_badge_job(event, chosen, layout, language, current_user)
            db.session.commit()
            jobs.render_badges.send(job.id)
            return redirect(url_for(".job", slug=event.slug, job_id=job.id), 303)
        pdf = services.render_badges_now(event, chosen, layout, language, current_user)
    except ExportError as problem:
        db.session.rollback()
        return _badge_page(event, form, str(problem), 422)
    db.session.commit()
    return file_response(pdf, "application/pdf", f"badges-{event.slug}-{layout}.pdf")


@bp.get("/<slug>/manage/badges/<int:registration_id>.pdf")
@limiter.limit(BADGES_LIMIT, key_func=user_key)
def reprint(slug: str, registration_id: int):
    """One person's badge again (lost, torn, a name corrected), on an A6 page, in the
    desk's language. Only an approved registration of this event has a badge."""
    event = load_event(slug, "event.badges")
    try:
        chosen = services.select_for_badges(event, [registration_id])
    except ExportError:
        db.session.rollback()
        abort(404)
    pdf = services.render_badges_now(event, chosen, "a6", str(get_locale()), current_user)
    db.session.commit()
    return file_response(pdf, "application/pdf", f"badge-{event.slug}-{registration_id}.pdf")


def _job(event: Event, job_id: int) -> ExportJob:
    """The job, for the person who asked for it only; anyone else gets a 404."""
    job = services.job_of(event, job_id)
    if job is None or services.job_expired(job):
        abort(404)
    if not can(current_user, "export_job.fetch", (job, event)):
        abort(404)
    return job


@bp.get("/<slug>/manage/badges/jobs/<int:job_id>")
def job(slug: str, job_id: int):
    event = load_event(slug, "event.badges")
    job = services.settle_job(_job(event, job_id))
    db.session.commit()
    response = Response(
        render_template(
            "exports/badge_job.html",
            event=event,
            job=job,
            layout_label=LAYOUT_LABELS.get(job.layout, job.layout),
            language=LOCALES.get(job.locale, job.locale),
            refresh_seconds=REFRESH_SECONDS,
        )
    )
    if not job.finished:
        response.headers["Refresh"] = str(REFRESH_SECONDS)
    return response


@bp.get("/<slug>/manage/badges/jobs/<int:job_id>/badges.pdf")
def job_file(slug: str, job_id: int):
    event = load_event(slug, "event.badges")
    job = _job(event, job_id)
    if job.status != JobStatus.DONE.value:
        abort(404)
    pdf = services.job_pdf(job, current_user)
    db.session.commit()
    return file_response(pdf, "application/pdf", f"badges-{event.slug}-{job.layout}.pdf")
