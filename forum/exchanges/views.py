"""Pages of the exchanges: list and search, thread, writing, reporting, notifications."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from forum.exchanges import feed, notifications, presentation, queries, services, thread_page
from forum.exchanges.drafts import queries as drafts
from forum.exchanges.drafts import services as draft_services
from forum.exchanges.drafts.editing import (
    PREVIEW,
    SAVE_DRAFT,
    fields_of,
    preview,
    signed_in_at,
)
from forum.exchanges.forms import (
    FilterForm,
    FlagForm,
    PostEditForm,
    ReplyForm,
    ThreadEditForm,
    ThreadForm,
    offer_events,
    tactic_from,
    tags_from,
)
from forum.exchanges.labels import SORTS_REPLIES
from forum.exchanges.limits import (
    ENDORSE_LIMIT,
    FLAG_LIMIT,
    REPLY_LIMIT,
    THREAD_LIMIT,
    member_key,
)
from forum.exchanges.models import Post, Thread
from forum.exchanges.moderation import services as moderation
from forum.extensions import db, limiter
from forum.forms import ActionForm, form_status
from forum.related import related_panels
from forum.search.query import Searched
from forum.search.readers import reader_languages
from forum.security import can, require
from forum.urls import is_row_id, page_number

bp = Blueprint("exchanges", __name__, url_prefix="/exchanges")
bp.record_once(presentation.register)


@bp.app_context_processor
def header_notifications() -> dict[str, Any]:
    """The unread count in the header, for signed-in members only; counted once per
    request however many templates (and cached fragments) the request renders."""
    if not current_user.is_authenticated:
        return {"exchange_unread": 0}
    if "exchange_unread" not in g:
        g.exchange_unread = notifications.new_count(current_user)
    return {"exchange_unread": g.exchange_unread}


def _thread_or_404(thread_id: int) -> Thread:
    thread = db.session.get(Thread, thread_id)
    if thread is None:
        abort(404)
    return thread


def _post_or_404(post_id: int) -> tuple[Post, Thread]:
    post = db.session.get(Post, post_id)
    if post is None:
        abort(404)
    thread = _thread_or_404(post.thread_id)
    require("exchange.view", thread, hide=True)
    return post, thread


# --- list, search and feed ----------------------------------------------------------------


@bp.get("/")
def index():
    form = FilterForm(request.args)
    if not form.validate():
        return render_template(
            "exchanges/list.html", form=form, page=None, filters=None, filters_panel=None
        ), 400
    filters = queries.Filters(
        regions=form.region.data or [],
        countries=form.country.data or [],
        risks=form.risk.data or [],
        groups=form.group.data or [],
        languages=form.language.data or [],
        outcomes=form.outcome.data or [],
        text=(form.q.data or "").strip(),
        sort=form.sort.data or ("relevance" if form.q.data else "activity"),
        reader_languages=reader_languages(current_user, str(get_locale())),
        expand=form.expands,
    )
    if filters.text and "sort" not in request.args:
        filters.sort = "relevance"
    page = queries.list_threads(current_user, filters, page_number())
    searched = Searched(filters.text, filters.reader_languages, filters.expand)
    return render_template(
        "exchanges/list.html",
        form=form,
        # Other kinds matching the same words (attack patterns), each deciding who sees it.
        panels=related_panels("search", searched) if filters.text else [],
        filters_panel=presentation.filters_fragment(form),
        thread_list=presentation.thread_list_fragment(page, active_filters=form.active),
        page=page,
        filters=filters,
        page_args=_filter_args(),
        searched=bool(filters.text),
        expansion_links=_expansion_links(),
    )


def _filter_args() -> dict[str, Any]:
    """The current filters, for pagination links."""
    return {key: request.args.getlist(key) for key in request.args if key != "page"}


def _expansion_links() -> dict[str, str]:
    """The same search with glossary expansions off, and on again."""
    args = {key: value for key, value in _filter_args().items() if key != "expand"}
    return {
        "off": url_for("exchanges.index", **args, expand="0"),
        "on": url_for("exchanges.index", **args),
    }


@bp.get("/feed.atom")
def atom_feed() -> Response:
    entries = [
        feed.FeedEntry(
            entry_id=f"urn:convene:exchange:{thread.id}",
            title=thread.title,
            url=presentation.thread_url(thread, _external=True),
            author=presentation.author_name(anonymous, name),
            summary=queries.excerpt(body_html, 400),
            published=thread.created_at,
            updated=thread.last_activity_at,
        )
        for thread, body_html, name, anonymous in queries.public_threads_for_feed()
    ]
    body = feed.to_atom(
        entries,
        title=_("Convene: public exchanges"),
        feed_url=url_for("exchanges.atom_feed", _external=True),
        site_url=url_for("exchanges.index", _external=True),
        feed_id="urn:convene:exchanges",
    )
    return Response(body, mimetype="application/atom+xml")


# --- one thread -----------------------------------------------------------------------------


def _reply_sort() -> str:
    sort = request.args.get("sort", "oldest")
    if sort not in SORTS_REPLIES:
        abort(400)
    return sort


def _render_thread(
    thread: Thread, reply_form: ReplyForm | None, status: int = 200, preview: Any = None
):
    sort = _reply_sort()
    page = thread_page.thread_page(thread, current_user, newest_first=sort == "newest")
    marked = False
    if page.subscription is not None and status == 200:
        # Flushed before anything renders, so the header's unread count leaves it out.
        marked = notifications.mark_read(page.subscription, page.read_mark)
    member = current_user.is_authenticated
    may_reply = can(current_user, "exchange.reply", thread)
    body = presentation.thread_body(
        page,
        member=member,
        may_reply=may_reply,
        can_follow=member and can(current_user, "exchange.follow", thread),
        can_moderate=can(current_user, "moderation.act"),
        sort=sort,
        sorts=SORTS_REPLIES,
    )
    slot = drafts.slot_for(thread.id)
    html = render_template(
        "exchanges/thread.html",
        related=related_panels("thread", thread),
        thread=thread,
        thread_body=body,
        may_reply=may_reply,
        reply_form=reply_form,
        preview=preview,
        draft_held=member and drafts.is_held(current_user, slot, signed_in_at()),
    )
    if marked:
        db.session.commit()  # after rendering: committing expires what the page reads
    return html, status


@bp.get("/<int:thread_id>")
@bp.get("/<int:thread_id>-<slug>")
def thread(thread_id: int, slug: str | None = None):
    thread = _thread_or_404(thread_id)
    require("exchange.view", thread, hide=True)
    canonical = presentation.thread_url(thread)
    if request.path != canonical:
        return redirect(presentation.thread_url(thread, **request.args), 301)
    # Only those who may reply get a form (building one costs more than it seems).
    form = None
    if can(current_user, "exchange.reply", thread):
        saved = drafts.load(current_user, drafts.slot_for(thread.id), signed_in_at())
        values = saved.fields if saved else {"language": str(get_locale())}
        form = ReplyForm(formdata=None, **values)
    return _render_thread(thread, form)


def _parent_from(raw: str | None) -> int | None:
    if not raw:
        return None
    if not is_row_id(raw):
        abort(404 if raw.isdigit() else 400)  # too large to be an id: no such post
    return int(raw)


@bp.route("/<int:thread_id>/reply", methods=["GET", "POST"])
@limiter.limit(REPLY_LIMIT, key_func=member_key, methods=["POST"])
def reply(thread_id: int):
    """Reply to the thread, or (with `to`) to one of its posts."""
    thread = _thread_or_404(thread_id)
    require("exchange.view", thread, hide=True)
    require("exchange.create")
    parent_id = _parent_from(request.values.get("to") or request.form.get("parent"))
    parent = thread_page.post_in_thread(thread, parent_id) if parent_id else None
    if parent_id and parent is None:
        abort(404)
    slot = drafts.slot_for(
        thread.id, parent_id if parent is not None and not parent.is_opening else None
    )
    form = ReplyForm()
    if request.method == "GET":
        if parent is None:
            return redirect(presentation.thread_url(thread, _anchor="reply"))
        saved = drafts.load(current_user, slot, signed_in_at())
        values = saved.fields if saved else {"language": str(get_locale())}
        form = ReplyForm(formdata=None, parent=parent_id or "", **values)
        return _render_reply(thread, parent, form, slot=slot)
    action = request.form.get("action")
    if action in (PREVIEW, SAVE_DRAFT):
        if parent is not None and not parent.is_opening:
            view = thread_page.post_view(parent, current_user, can_see_hidden=False)
            return _write_again(
                form, action, slot, thread, "exchanges/reply.html", thread=thread, parent=view
            )
        shown, status = _reply_box_again(form, action, slot, thread)
        return _render_thread(thread, form, status, preview=shown)
    if form.validate_on_submit():
        try:
            post = services.reply(
                current_user,
                thread,
                body=form.body.data,
                language=form.language.data,
                parent_id=parent_id,
                anonymous=form.anonymous.data,
                submission_key=form.once.data,
            )
            draft_services.posted(current_user, slot)
        except services.ExchangeError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        except sa.exc.IntegrityError:
            # The same form, sent twice at once: the other request stored it first.
            db.session.rollback()
            post = services.sent_before(thread, form.once.data, (form.body.data or "").strip())
            if post is None:
                raise
            return redirect(presentation.thread_url(thread, _anchor=f"post-{post.id}"), 303)
        else:
            # The address is worked out before the commit, which expires the objects:
            # reading them again needs the database, and if it went away just then the
            # visitor would be told 503 about a reply that is saved (and post it twice).
            target = presentation.thread_url(thread, _anchor=f"post-{post.id}")
            db.session.commit()
            flash(_("Your reply is published."))
            return redirect(target, 303)
    if parent is not None and not parent.is_opening:
        return _render_reply(thread, parent, form, 422, slot=slot)
    return _render_thread(thread, form, 422)


def _reply_box_again(form: ReplyForm, action: str, slot: str, thread: Thread):
    """Preview or save the draft of the thread page's reply box: (preview, status)."""
    if action == PREVIEW:
        shown = preview(form.body.data)
        if shown is None:
            form.form_errors.append(_("Write something to preview."))
            return None, 422
        return shown, 200
    try:
        saved = draft_services.save(
            current_user,
            slot,
            fields_of(form, reply=True),
            signed_in_at=signed_in_at(),
            thread_id=thread.id,
        )
    except draft_services.DraftError as error:
        db.session.rollback()
        form.form_errors.append(str(error))
        return None, 422
    db.session.commit()
    flash(_("Your draft is saved. Only you can see it.") if saved else _("Nothing to save yet."))
    return None, 200


def _render_reply(thread: Thread, parent: Post, form: ReplyForm, status: int = 200, *, slot: str):
    parent_view = thread_page.post_view(parent, current_user, can_see_hidden=False)
    return render_template(
        "exchanges/reply.html", **_writing(form, slot, thread=thread, parent=parent_view)
    ), status if status != 200 else form_status(form)


# --- writing ----------------------------------------------------------------------------------


@bp.route("/new", methods=["GET", "POST"])
@limiter.limit(THREAD_LIMIT, key_func=member_key, methods=["POST"])
def new():
    require("exchange.create")
    slot = drafts.slot_for()
    form = ThreadForm()
    if request.method == "GET":
        saved = drafts.load(current_user, slot, signed_in_at())
        values = saved.fields if saved else {"language": str(get_locale())}
        form = ThreadForm(formdata=None, **values)
    offer_events(form)
    action = request.form.get("action")
    if request.method == "POST" and action in (PREVIEW, SAVE_DRAFT):
        return _write_again(form, action, slot, None, "exchanges/new.html")
    if form.validate_on_submit():
        session_id = int(form.session.data.split(":", 1)[1]) if form.session.data else None
        try:
            thread = services.create_thread(
                current_user,
                title=form.title.data,
                body=form.body.data,
                language=form.language.data,
                tags=tags_from(form),
                tactic=tactic_from(form),
                visibility=form.visibility.data,
                event_id=int(form.event.data) if form.event.data else None,
                session_id=session_id,
                anonymous=form.anonymous.data,
            )
            draft_services.posted(current_user, slot)
        except services.ExchangeError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Your exchange is published."))
            return redirect(presentation.thread_url(thread), 303)
    return render_template("exchanges/new.html", **_writing(form, slot)), form_status(form)


def _writing(form: Any, slot: str, **extra: Any) -> dict[str, Any]:
    """What a writing page shows besides its form: whether the quick exit put a draft
    of this place away in this session (then autosave stays off)."""
    return {
        "form": form,
        "draft_held": drafts.is_held(current_user, slot, signed_in_at()),
        **extra,
    }


def _write_again(
    form: Any, action: str, slot: str, reply_to: Thread | None, template: str, **extra: Any
):
    """ "Preview" or "Save draft": show the form again as written, with the preview or
    the draft kept. Nothing is published and nothing is required yet."""
    status, shown = 200, None
    if action == PREVIEW:
        shown = preview(form.body.data)
        if shown is None:
            form.form_errors.append(_("Write something to preview."))
            status = 422
    else:
        try:
            saved = draft_services.save(
                current_user,
                slot,
                fields_of(form, reply=reply_to is not None),
                signed_in_at=signed_in_at(),
                thread_id=reply_to.id if reply_to is not None else None,
            )
        except draft_services.DraftError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
            status = 422
        else:
            db.session.commit()
            flash(
                _("Your draft is saved. Only you can see it.")
                if saved
                else _("Nothing to save yet.")
            )
    context = _writing(form, slot, preview=shown, **extra)
    return render_template(template, **context), status


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
def edit(post_id: int):
    post, thread = _post_or_404(post_id)
    require("exchange.edit", post, hide=True)
    if post.is_opening:
        return _edit_thread(thread, post)
    form = PostEditForm() if request.method == "POST" else PostEditForm(obj=post)
    if form.validate_on_submit():
        try:
            services.edit_post(post, body=form.body.data, language=form.language.data)
        except services.ExchangeError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Your changes are saved."))
            return redirect(presentation.thread_url(thread, _anchor=f"post-{post.id}"), 303)
    return render_template(
        "exchanges/edit_post.html", form=form, thread=thread, post=post
    ), form_status(form)


def _edit_thread(thread: Thread, opening: Post):
    if request.method == "POST":
        form = ThreadEditForm()
    else:
        form = ThreadEditForm(
            obj=thread,
            body=opening.body,
            regions=thread.region_codes,
            countries=thread.country_codes,
            risks=thread.risk_codes,
            groups=thread.group_codes,
            perpetrator=thread.perpetrator or "",
            context=thread.context or "",
            outcome=thread.outcome or "",
        )
    if form.validate_on_submit():
        try:
            services.edit_thread(
                thread,
                opening,
                title=form.title.data,
                body=form.body.data,
                language=form.language.data,
                tags=tags_from(form),
                tactic=tactic_from(form),
            )
        except services.ExchangeError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Your changes are saved."))
            return redirect(presentation.thread_url(thread), 303)
    return render_template("exchanges/edit_thread.html", form=form, thread=thread), form_status(
        form
    )


@bp.post("/posts/<int:post_id>/delete")
def delete(post_id: int):
    post, thread = _post_or_404(post_id)
    require("exchange.delete", post, hide=True)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.delete_post(post)
    db.session.commit()
    if post.is_opening:
        flash(_("Your exchange is deleted."))
        return redirect(url_for("exchanges.index"), 303)
    flash(_("Your message is deleted."))
    return redirect(presentation.thread_url(thread, _anchor=f"post-{post.id}"), 303)


# --- endorsing, reporting, following ------------------------------------------------------------


@bp.post("/posts/<int:post_id>/useful")
@limiter.limit(ENDORSE_LIMIT, key_func=member_key)
def endorse(post_id: int):
    post, thread = _post_or_404(post_id)
    require("exchange.create")
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        if request.form.get("withdraw"):
            services.withdraw_endorsement(current_user, post)
        else:
            require("exchange.endorse", post)
            services.endorse(current_user, post)
    except services.ExchangeError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
    return redirect(presentation.thread_url(thread, _anchor=f"post-{post.id}"), 303)


@bp.route("/posts/<int:post_id>/report", methods=["GET", "POST"])
@limiter.limit(FLAG_LIMIT, key_func=member_key, methods=["POST"])
def report(post_id: int):
    post, thread = _post_or_404(post_id)
    require("exchange.create")
    if post.hidden_at is not None and not can(current_user, "exchange.see_hidden"):
        abort(404)
    require("exchange.flag", post)
    form = FlagForm()
    if form.validate_on_submit():
        try:
            moderation.flag(current_user, post, reason=form.reason.data, note=form.note.data)
        except services.ExchangeError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(
                _("Thank you. Moderators will look at it; nobody else will know you reported it.")
            )
            return redirect(presentation.thread_url(thread, _anchor=f"post-{post.id}"), 303)
    view = thread_page.post_view(post, current_user, can_see_hidden=False)
    return render_template(
        "exchanges/report.html", form=form, thread=thread, post=view
    ), form_status(form)


@bp.post("/<int:thread_id>/follow")
def follow(thread_id: int):
    thread = _thread_or_404(thread_id)
    require("exchange.follow", thread, hide=True)
    if not ActionForm().validate_on_submit():
        abort(400)
    if request.form.get("stop"):
        services.unfollow(current_user, thread)
        flash(_("You no longer follow this exchange."))
    else:
        services.follow(current_user, thread)
        flash(_("You follow this exchange: new replies appear in your notifications."))
    db.session.commit()
    return redirect(presentation.thread_url(thread), 303)


@bp.get("/notifications")
def notification_list():
    require("exchange.notifications")
    listed = notifications.notices(current_user)
    if notifications.mark_seen(current_user, listed):
        db.session.commit()
    g.exchange_unread = 0  # everything counted is on this page now
    return render_template(
        "exchanges/notifications.html",
        notices=listed,
        followed=notifications.followed_count(current_user),
    )
