"""Pages of the library: the list and search, a work, uploads, links, review, packs, files."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from forum.errors import render_error
from forum.events.loader import load_event
from forum.events.models import Event
from forum.events.models import Session as EventSession
from forum.exchanges.models import Thread
from forum.extensions import db
from forum.forms import ActionForm, form_status
from forum.i18n import LOCALES
from forum.library import display, jobs, queries, services
from forum.library.display import topic_choices, topic_label
from forum.library.forms import (
    CiteForm,
    EditionForm,
    EventWorkForm,
    FilterForm,
    LinkForm,
    PackForm,
    UploadForm,
    WorkEditForm,
)
from forum.library.labels import UseRole, Visibility
from forum.library.models import Edition, Pack, Work, WorkUse
from forum.library.packs import parse_scope
from forum.library.serving import download_name, file_response
from forum.library.sniffing import ACCEPTED
from forum.library.storage import FileMissing, storage
from forum.search.readers import reader_languages
from forum.security import can, require
from forum.security.library import widest_audience
from forum.urls import page_number

bp = Blueprint("library", __name__, url_prefix="/library")
bp.record_once(display.register)

#: Room for the form's other fields around the file, within the request size limit.
FORM_OVERHEAD = 64 * 1024
_AUDIENCE_RANK = {"public": 0, "members": 1, "participants": 2}


def _locale() -> str:
    return str(get_locale())


def _work_or_404(work_id: int) -> Work:
    work = db.session.get(Work, work_id)
    if work is None:
        abort(404)
    require("library.view", work, hide=True)
    return work


def _edition_or_404(edition_id: int) -> tuple[Edition, Work]:
    edition = db.session.get(Edition, edition_id)
    if edition is None:
        abort(404)
    return edition, _work_or_404(edition.work_id)


def _filter_args() -> dict[str, Any]:
    return {key: request.args.getlist(key) for key in request.args if key != "page"}


# --- list and search --------------------------------------------------------------------


@bp.get("/")
def index():
    form = FilterForm(request.args)
    form.topic.choices = [("", _("Any topic")), *topic_choices()]
    if not form.validate():
        return render_template("library/list.html", form=form, page=None, shelves=[]), 400
    filters = queries.Filters(
        text=form.q.data or "",
        kinds=[form.kind.data] if form.kind.data else [],
        languages=[form.language.data] if form.language.data else [],
        tags=[tuple(form.topic.data.split(":", 1))] if form.topic.data else [],
        reader_languages=reader_languages(current_user, _locale()),
    )
    page, shelves = queries.list_works(current_user, filters, page_number(), _locale())
    return render_template(
        "library/list.html",
        form=form,
        page=page,
        shelves=shelves,
        page_args=_filter_args(),
        searched=bool(filters.text),
        languages=LOCALES,
    )


# --- one work ---------------------------------------------------------------------------


@bp.get("/<int:work_id>")
def work(work_id: int):
    work = _work_or_404(work_id)
    shelf = queries.shelves([work], _locale())[0]
    return render_template(
        "library/work.html",
        shelf=shelf,
        work=work,
        uses=queries.uses_of(work, current_user),
        action_form=ActionForm(),
        cite_form=CiteForm() if current_user.is_authenticated else None,
        languages=LOCALES,
    )


def _fill_work_choices(form: Any) -> None:
    form.event.choices = [("", _("No event")), *queries.event_choices(_locale())]


def _work_input(form: Any) -> services.WorkInput:
    event_id = int(form.event.data) if form.event.data else None
    return services.WorkInput(
        kind=form.kind.data,
        published_on=form.published_on.data,
        visibility=form.visibility.data,
        event_id=event_id if form.visibility.data == Visibility.PARTICIPANTS.value else event_id,
        authors=form.authors(),
        tags=form.tags(),
    )


def _allow_large_body() -> None:
    """Uploads may exceed the site's request limit, up to the library's own cap."""
    request.max_content_length = current_app.config["FORUM_LIBRARY_MAX_UPLOAD"] + FORM_OVERHEAD


@bp.route("/new", methods=["GET", "POST"])
def upload():
    require("library.upload")
    _allow_large_body()
    form = UploadForm()
    _fill_work_choices(form)
    curator = can(current_user, "library.curate")
    if form.validate_on_submit():
        try:
            work = services.create_work(
                current_user,
                _work_input(form),
                services.EditionInput(
                    language=form.language.data,
                    title=form.title.data,
                    summary=form.summary.data or "",
                    data=form.file.data.read(),
                ),
                curator=curator,
            )
        except services.LibraryError as failure:
            db.session.rollback()
            form.form_errors.append(str(failure.message))
        else:
            edition_ids = list(
                db.session.scalars(sa.select(Edition.id).where(Edition.work_id == work.id))
            )
            db.session.commit()
            for edition_id in edition_ids:
                jobs.process_edition.send(edition_id)
            flash(
                _("The work is in the library.")
                if curator
                else _("Thank you. The work will be listed once a curator has reviewed it.")
            )
            return redirect(url_for("library.work", work_id=work.id), 303)
    if not form.is_submitted():
        form.language.data = _locale()
    return render_template("library/upload.html", form=form, curator=curator), form_status(form)


@bp.route("/<int:work_id>/edit", methods=["GET", "POST"])
def edit(work_id: int):
    work = _work_or_404(work_id)
    require("library.edit", work)
    form = WorkEditForm(obj=None)
    _fill_work_choices(form)
    if not form.is_submitted():
        language = (
            request.args.get("language")
            if request.args.get("language") in LOCALES
            else work.default_language
        )
        text = next((t for t in work.texts if t.language == language), None)
        form.process(
            data={
                "kind": work.kind,
                "published_on": work.published_on,
                "visibility": work.visibility,
                "event": str(work.event_id) if work.event_id else "",
                "organisations": "\n".join(
                    a.name for a in work.authors if a.kind == "organisation"
                ),
                "pseudonyms": "\n".join(a.name for a in work.authors if a.kind == "pseudonym"),
                "regions": work.tag_codes("region"),
                "countries": work.tag_codes("country"),
                "risks": work.tag_codes("risk"),
                "groups": work.tag_codes("group"),
                "language": language,
                "title": text.title if text else "",
                "summary": text.summary if text else "",
            }
        )
    elif form.validate():
        services.update_work(work, _work_input(form))
        services.set_text(work, form.language.data, form.title.data, form.summary.data or "")
        db.session.flush()
        services.search.reindex_work(work)
        db.session.commit()
        flash(_("Your changes are saved."))
        return redirect(url_for("library.work", work_id=work.id), 303)
    return render_template("library/edit.html", form=form, work=work), form_status(form)


@bp.route("/<int:work_id>/editions/new", methods=["GET", "POST"])
def add_edition(work_id: int):
    work = _work_or_404(work_id)
    require("library.edit", work)
    _allow_large_body()
    form = EditionForm()
    if form.validate_on_submit():
        try:
            edition = services.add_edition(
                work,
                current_user,
                services.EditionInput(
                    language=form.language.data,
                    title=form.title.data,
                    summary=form.summary.data or "",
                    data=form.file.data.read(),
                ),
            )
        except services.LibraryError as failure:
            db.session.rollback()
            form.form_errors.append(str(failure.message))
        else:
            edition_id = edition.id
            db.session.commit()
            jobs.process_edition.send(edition_id)
            flash(_("The edition is added."))
            return redirect(url_for("library.work", work_id=work.id), 303)
    return render_template("library/edition.html", form=form, work=work), form_status(form)


@bp.post("/editions/<int:edition_id>/remove")
def remove_edition(edition_id: int):
    edition, work = _edition_or_404(edition_id)
    require("library.edit", work)
    if ActionForm().validate_on_submit():
        services.remove_edition(edition, current_user)
        db.session.commit()
        flash(_("The edition is removed."))
    return redirect(url_for("library.work", work_id=work.id), 303)


@bp.post("/<int:work_id>/remove")
def remove(work_id: int):
    work = _work_or_404(work_id)
    require("library.edit", work)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("library.work", work_id=work.id), 303)
    services.remove_work(work, current_user)
    db.session.commit()
    flash(_("The work is removed from the library."))
    return redirect(url_for("library.index"), 303)


# --- review of members' uploads -------------------------------------------------------------


@bp.get("/review")
def review():
    require("library.curate")
    return render_template(
        "library/review.html",
        shelves=queries.shelves(queries.pending_works(), _locale()),
        action_form=ActionForm(),
    )


@bp.post("/<int:work_id>/publish")
def publish(work_id: int):
    work = _work_or_404(work_id)
    require("library.curate")
    if ActionForm().validate_on_submit():
        services.publish(work, current_user)
        db.session.commit()
        flash(_("The work is published."))
    return redirect(url_for("library.review"), 303)


# --- where a work is used ---------------------------------------------------------------------


@bp.route("/<int:work_id>/links", methods=["GET", "POST"])
def links(work_id: int):
    work = _work_or_404(work_id)
    require("library.curate")
    form = LinkForm()
    form.event.choices = [("", _("Choose an event")), *queries.event_choices(_locale())]
    form.session.choices = [("", _("No session")), *queries.session_choices(_locale())]
    if form.validate_on_submit():
        try:
            if form.role.data == UseRole.CITED.value:
                thread = db.session.get(Thread, form.thread_id())
                if thread is None or thread.deleted_at is not None:
                    raise services.LibraryError(_("There is no exchange with that number."))
                services.cite_in_thread(work, thread, current_user)
            else:
                event = db.session.get(Event, int(form.event.data))
                session = (
                    db.session.get(EventSession, int(form.session.data))
                    if form.session.data
                    else None
                )
                services.link_to_event(work, event, form.role.data, session, current_user)
        except services.LibraryError as failure:
            db.session.rollback()
            form.form_errors.append(str(failure.message))
        else:
            db.session.commit()
            flash(_("The link is saved."))
            return redirect(url_for("library.work", work_id=work.id), 303)
    return render_template(
        "library/links.html",
        form=form,
        work=work,
        uses=queries.uses_of(work, current_user),
        action_form=ActionForm(),
    ), form_status(form)


@bp.post("/<int:work_id>/cite")
def cite(work_id: int):
    work = _work_or_404(work_id)
    require("library.cite_any")
    form = CiteForm()
    if form.validate_on_submit():
        thread = db.session.get(Thread, form.thread_id())
        if thread is None or not can(current_user, "exchange.view", thread):
            flash(_("There is no exchange with that number."), "error")
        elif not can(current_user, "library.cite", thread):
            flash(_("This exchange is closed to new citations."), "error")
        else:
            try:
                services.cite_in_thread(work, thread, current_user)
            except services.LibraryError as failure:
                db.session.rollback()
                flash(str(failure.message), "error")
            else:
                db.session.commit()
                flash(_("The work is cited in the exchange."))
    else:
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
    return redirect(url_for("library.work", work_id=work.id), 303)


@bp.route("/events/<slug>", methods=["GET", "POST"])
def event_links(slug: str):
    """An event's organizers (and curators) put works on its curriculum and sessions."""
    event = load_event(slug)
    require("library.link_event", event)
    form = EventWorkForm()
    sessions = queries.sessions_of(event, _locale())
    form.session.choices = [("", _("No session")), *sessions]
    if form.validate_on_submit():
        work = db.session.get(Work, form.work_id())
        if work is None or not can(current_user, "library.view", work):
            form.work.errors.append(_("There is no work with that number in the library."))
        else:
            session = None
            if form.role.data != UseRole.CURRICULUM.value:
                session = db.session.get(EventSession, int(form.session.data))
            try:
                services.link_to_event(work, event, form.role.data, session, current_user)
            except services.LibraryError as failure:
                db.session.rollback()
                form.form_errors.append(str(failure.message))
            else:
                db.session.commit()
                flash(_("The work is linked to the event."))
                return redirect(url_for("library.event_links", slug=event.slug), 303)
    text = event.text_for(_locale())
    return render_template(
        "library/event_links.html",
        form=form,
        event=event,
        event_title=text.title if text else event.slug,
        links=queries.event_links(event, current_user, _locale()),
        session_titles=dict(sessions),
        action_form=ActionForm(),
        languages=LOCALES,
    ), form_status(form)


@bp.post("/links/<int:use_id>/remove")
def unlink(use_id: int):
    use = db.session.get(WorkUse, use_id)
    if use is None:
        abort(404)
    work = _work_or_404(use.work_id)
    require("library.unlink", use)
    if ActionForm().validate_on_submit():
        services.unlink(use)
        db.session.commit()
        flash(_("The link is removed."))
    if request.form.get("back") == "event" and use.event_id is not None:
        event = db.session.get(Event, use.event_id)
        if event is not None:
            return redirect(url_for("library.event_links", slug=event.slug), 303)
    return redirect(url_for("library.work", work_id=work.id), 303)


# --- files ------------------------------------------------------------------------------------


def _missing_file():
    """A file the database lists but the storage has lost: a clear 404, not a 500."""
    return render_error(
        404,
        _(
            "This file is missing from the library's storage. Please tell the library's "
            "curators; the work's page is still there."
        ),
    )


@bp.get("/editions/<int:edition_id>/file")
def download(edition_id: int):
    edition, work = _edition_or_404(edition_id)
    kind = ACCEPTED[edition.media_type]
    text = work.text_for(edition.language)
    names = download_name(text.title if text else str(work.id), edition.language, kind.extension)
    try:
        chunks = storage().chunks(edition.storage_key)
    except FileMissing:
        return _missing_file()
    return file_response(
        chunks,
        edition.media_type,
        names,
        edition.size_bytes,
        private=work.visibility != Visibility.PUBLIC.value,
    )


@bp.get("/editions/<int:edition_id>/thumbnail.webp")
def thumbnail(edition_id: int):
    edition, work = _edition_or_404(edition_id)
    if not edition.thumbnail_key:
        abort(404)
    try:
        data = storage().read(edition.thumbnail_key)
    except FileMissing:
        return _missing_file()
    return file_response(
        iter([data]),
        "image/webp",
        ("thumbnail.webp", "thumbnail.webp"),
        len(data),
        inline=True,
        private=work.visibility != Visibility.PUBLIC.value,
    )


# --- offline packs ----------------------------------------------------------------------------


def _pack_scope_choices() -> list[tuple[str, str]]:
    events = queries.event_choices(_locale())
    return [*topic_choices(), *((f"event:{value}", label) for value, label in events)]


def _audience_for(scope: str) -> str:
    parsed = parse_scope(scope)
    event_id = int(parsed[1]) if parsed and parsed[0] == "event" else None
    return widest_audience(current_user, event_id)


@bp.route("/packs", methods=["GET", "POST"])
def packs():
    form = PackForm(request.args)
    form.scope.choices = _pack_scope_choices()
    if not request.args:
        form.language.data = _locale()
        return render_template("library/packs.html", form=form, preview=None)
    if not form.validate():
        return render_template("library/packs.html", form=form, preview=None), 400
    scope, language = form.scope.data, form.language.data
    audience = _audience_for(scope)
    if request.method == "POST":
        if ActionForm().validate_on_submit():
            pack, build = services.request_pack(scope, language, audience)
            pack_id = pack.id
            db.session.commit()
            if build:
                jobs.build_pack.send(pack_id)
        return redirect(url_for("library.packs", scope=scope, language=language), 303)
    preview = queries.pack_preview(scope, language, audience)
    return render_template(
        "library/packs.html",
        form=form,
        preview=preview,
        scope_label=topic_label(scope) or dict(form.scope.choices).get(scope, scope),
        action_form=ActionForm(),
        up_to_date=preview.pack is not None
        and preview.pack.state == "ready"
        and preview.pack.fingerprint == services.fingerprint(preview.entries),
    )


@bp.get("/packs/<int:pack_id>/download")
def pack_download(pack_id: int):
    pack = db.session.get(Pack, pack_id)
    if pack is None or pack.state != "ready" or not pack.storage_key:
        abort(404)
    if _AUDIENCE_RANK[_audience_for(pack.scope)] < _AUDIENCE_RANK[pack.audience]:
        abort(404)
    name = f"convene-library-{pack.scope.replace(':', '-')}-{pack.language}.zip"
    try:
        chunks = storage().chunks(pack.storage_key)
    except FileMissing:
        return _missing_file()
    return file_response(
        chunks,
        "application/zip",
        (name, name),
        pack.size_bytes or 0,
        private=pack.audience != "public",
    )
