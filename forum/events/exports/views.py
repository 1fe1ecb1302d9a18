"""Pages of the exports: the printed agenda (public) and the attendee list (team).

Views stay thin: they check access, parse input, call `services`, commit once and wrap
the bytes. Team pages follow the event loader's refusal policy (`forum.events.loader`).
Badges have their own pages (`forum.events.exports.badges.views`).
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_babel import get_locale
from flask_login import current_user

from forum.auth.limits import user_key
from forum.downloads import file_response
from forum.errors import render_error
from forum.events.exports import services
from forum.events.loader import load_event
from forum.events.registration.questions.answers import question_label
from forum.extensions import db, limiter
from forum.i18n import LOCALES
from forum.ratelimit import address_key

bp = Blueprint("event_exports", __name__, url_prefix="/events")

#: PDFs cost CPU (a fraction of a second to several seconds each): enough for any person,
#: too little to keep the server busy on purpose. Keyed on the account when signed in.
AGENDA_PDF_LIMIT = "30 per minute"


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
    response = file_response(
        printed.pdf, "application/pdf", f"agenda-{event.slug}-{locale}.pdf", inline=True
    )
    response.headers["Content-Language"] = locale
    if printed.confidential:
        # Never kept by a shared cache, nor by ours (see forum.page_cache).
        response.headers["Cache-Control"] = "private, no-store"
    return response


# --- the attendee list -----------------------------------------------------------------


@bp.get("/<slug>/manage/attendees")
def attendees(slug: str):
    event = load_event(slug, "event.attendees")
    locale = str(get_locale())
    rows = services.attendee_rows(event, current_user, locale)
    services.record_attendee_view(
        event, current_user, csv=False, registration_ids=[row.registration_id for row in rows]
    )
    db.session.commit()
    return render_template(
        "exports/attendees.html",
        event=event,
        rows=rows,
        columns=services.attendee_columns(),
        questions=[
            (question, question_label(question, locale))
            for question in services.exportable_questions(event, current_user)
        ],
    )


@bp.get("/<slug>/manage/attendees.csv")
def attendees_csv(slug: str):
    event = load_event(slug, "event.attendees")
    locale = str(get_locale())
    try:
        questions = services.chosen_questions(event, current_user, request.args.getlist("question"))
    except services.ExportError as failure:
        return render_error(400, str(failure))  # nothing exported, nothing recorded
    rows = services.attendee_rows(event, current_user, locale, questions)
    services.record_attendee_view(
        event,
        current_user,
        csv=True,
        registration_ids=[row.registration_id for row in rows],
        questions=questions,
    )
    db.session.commit()
    response = Response(services.attendees_csv(rows, questions, locale), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="attendees-{event.slug}.csv"'
    return response
