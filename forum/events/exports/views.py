"""Pages of the exports: the printed agenda (public), badges and attendee list (team).

Views stay thin: they check access, parse input, call `services`, commit once and wrap
the bytes. Team pages answer 404 to anyone outside the event's team, like the
registrations page, and send a visitor who is not signed in to the sign-in page.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from forum.auth.limits import user_key
from forum.events.exports import services
from forum.events.exports.forms import BadgeForm
from forum.events.exports.labels import LAYOUT_LABELS
from forum.events.exports.models import ExportJob, JobStatus
from forum.events.exports.services import ExportError
from forum.events.loader import load_event
from forum.events.models import Event
from forum.extensions import db, limiter
from forum.i18n import LOCALES
from forum.ratelimit import address_key
from forum.security import can

bp = Blueprint("event_exports", __name__, url_prefix="/events")

#: PDFs cost CPU (a fraction of a second to several seconds each): enough for any person,
#: too little to keep the server busy on purpose. Keyed on the account when signed in.
AGENDA_PDF_LIMIT = "30 per minute"
BADGES_LIMIT = "20 per minute;100 per hour"

#: Seconds between automatic reloads of the progress page (an HTTP `Refresh` header:
#: no script needed, and the CSP does not apply to it).
REFRESH_SECONDS = 2


def _pdf(body: bytes, filename: str, *, attachment: bool) -> Response:
    response = Response(body, mimetype="application/pdf")
    disposition = "attachment" if attachment else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


# --- the printed agenda ----------------------------------------------------------------


def _viewer_key() -> str:
    return user_key() if current_user.is_authenticated else address_key()


@bp.get("/<slug>/agenda.pdf")
@limiter.limit(AGENDA_PDF_LIMIT, key_func=_viewer_key)
def agenda_pdf(slug: str):
    """Whoever may see the event may print its agenda; `?lang=xx` picks the language."""
    event = load_event(slug)
    chosen = request.args.get("lang", "")
    locale = chosen if chosen in LOCALES else str(get_locale())
    printed = services.printed_agenda(event, current_user, locale)
    if printed.confidential:
        db.session.commit()  # the audit entry, before the venue leaves the server
    response = _pdf(printed.pdf, f"agenda-{event.slug}-{locale}.pdf", attachment=False)
    response.headers["Content-Language"] = locale
    if printed.confidential:
        # Never kept by a shared cache, nor by ours (see forum.page_cache).
        response.headers["Cache-Control"] = "private, no-store"
    return response


# --- badges ----------------------------------------------------------------------------


def _badge_page(event: Event, form: BadgeForm, error: str | None = None, code: int = 200):
    query = request.values.get("q", "").strip()[:100]
    approved = services.approved_registrations(event.id)
    matches = services.search_registrations(approved, query)
    return render_template(
        "exports/badges.html",
        event=event,
        form=form,
        error=error,
        query=query,
        approved_count=len(approved),
        choices=[(r, services.badge_name(r)) for r in matches[: services.CHOICES_SHOWN]],
        more=max(0, len(matches) - services.CHOICES_SHOWN),
        chosen=set(form.ids.data or []),
        inline_limit=services.INLINE_LIMIT,
        layouts=LAYOUT_LABELS,
    ), code


@bp.get("/<slug>/manage/badges")
def badges(slug: str):
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
            services.launch(job.id)
            return redirect(url_for(".badge_job", slug=event.slug, job_id=job.id), 303)
        pdf = services.render_badges_now(event, chosen, layout, language, current_user)
    except ExportError as problem:
        db.session.rollback()
        return _badge_page(event, form, str(problem), 422)
    db.session.commit()
    return _pdf(pdf, f"badges-{event.slug}-{layout}.pdf", attachment=True)


def _job(event: Event, job_id: int) -> ExportJob:
    """The job, for the person who asked for it only; anyone else gets a 404."""
    job = services.job_of(event, job_id)
    if job is None or services.job_expired(job):
        abort(404)
    if not can(current_user, "export_job.fetch", (job, event)):
        abort(404)
    return job


@bp.get("/<slug>/manage/badges/jobs/<int:job_id>")
def badge_job(slug: str, job_id: int):
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
def badge_job_file(slug: str, job_id: int):
    event = load_event(slug, "event.badges")
    job = _job(event, job_id)
    if job.status != JobStatus.DONE.value:
        abort(404)
    pdf = services.job_pdf(job, current_user)
    db.session.commit()
    return _pdf(pdf, f"badges-{event.slug}-{job.layout}.pdf", attachment=True)


# --- the attendee list -----------------------------------------------------------------


@bp.get("/<slug>/manage/attendees")
def attendees(slug: str):
    event = load_event(slug, "event.attendees")
    rows = services.attendee_rows(event, current_user, str(get_locale()))
    services.record_attendee_view(event, current_user, csv=False, count=len(rows))
    db.session.commit()
    return render_template(
        "exports/attendees.html",
        event=event,
        rows=rows,
        columns=services.attendee_columns(),
    )


@bp.get("/<slug>/manage/attendees.csv")
def attendees_csv(slug: str):
    event = load_event(slug, "event.attendees")
    rows = services.attendee_rows(event, current_user, str(get_locale()))
    services.record_attendee_view(event, current_user, csv=True, count=len(rows))
    db.session.commit()
    response = Response(services.attendees_csv(rows), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="attendees-{event.slug}.csv"'
    return response
