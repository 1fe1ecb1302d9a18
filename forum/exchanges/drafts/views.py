"""Drafts pages: the author's list, discarding one, the autosave endpoint, the quick
exit's request to put drafts away, and the reminder after signing in."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, user_logged_in

from forum.dates import short_datetime
from forum.exchanges import thread_page
from forum.exchanges.drafts import queries, services
from forum.exchanges.drafts.editing import fields_of, signed_in_at
from forum.exchanges.forms import ReplyForm, ThreadForm
from forum.exchanges.models import Thread
from forum.extensions import db
from forum.forms import ActionForm
from forum.security import require
from forum.urls import is_row_id

bp = Blueprint("drafts", __name__, url_prefix="/exchanges/drafts")


def _remind(sender: Any, user: Any, **extra: Any) -> None:
    """After signing in: say that drafts wait (a quick exit may have put them away)."""
    count = len(queries.drafts_of(user, signed_in_at()))
    if count:
        flash(
            ngettext(
                "You have a saved draft: %(num)s. Find it under “Your drafts”.",
                "You have saved drafts: %(num)s. Find them under “Your drafts”.",
                count,
            )
        )


bp.record_once(lambda state: user_logged_in.connect(_remind, state.app))


@bp.get("/")
def index():
    require("exchange.create")
    drafts = queries.drafts_of(current_user, signed_in_at())
    titles = dict(
        db.session.execute(
            Thread.__table__.select()
            .with_only_columns(Thread.id, Thread.title)
            .where(Thread.id.in_({d.thread_id for d in drafts if d.thread_id}))
        ).all()
    )
    return render_template(
        "exchanges/drafts.html",
        drafts=drafts,
        titles=titles,
        form=ActionForm(),
    )


@bp.post("/<int:draft_id>/delete")
def delete(draft_id: int):
    require("exchange.create")
    if not ActionForm().validate_on_submit():
        abort(400)
    if not services.discard(current_user, draft_id):
        abort(404)  # not found, or not this member's: the same answer
    db.session.commit()
    flash(_("The draft is deleted."))
    return redirect(url_for("drafts.index"), 303)


def _reply_place() -> tuple[int, int | None]:
    """The thread (and post) a reply draft belongs to, checked like the reply page."""
    raw_thread, raw_parent = request.form.get("thread", ""), request.form.get("to", "")
    if not is_row_id(raw_thread) or (raw_parent and not is_row_id(raw_parent)):
        abort(400)
    thread = db.session.get(Thread, int(raw_thread)) or abort(404)
    require("exchange.view", thread, hide=True)
    parent_id = int(raw_parent) if raw_parent else None
    if parent_id is not None:
        parent = thread_page.post_in_thread(thread, parent_id)
        if parent is None or parent.is_opening:
            abort(404)
    return thread.id, parent_id


@bp.post("/save")
def save():
    """Autosave (our script, while writing): keep the form as it is now, answer in JSON.

    Without the script, the forms' "Save draft" button does the same through the
    writing pages themselves.
    """
    require("exchange.create")
    reply = bool(request.form.get("thread"))
    thread_id, parent_id = _reply_place() if reply else (None, None)
    form = ReplyForm(meta={"csrf": False}) if reply else ThreadForm(meta={"csrf": False})
    if not ActionForm().validate_on_submit():
        return jsonify(error=_("This form has expired. Please reload the page.")), 400
    try:
        saved = services.save(
            current_user,
            queries.slot_for(thread_id, parent_id),
            fields_of(form, reply),
            signed_in_at=signed_in_at(),
            thread_id=thread_id,
        )
    except services.DraftError as error:
        db.session.rollback()
        return jsonify(error=str(error)), 422
    db.session.commit()
    if saved is None:
        return jsonify(saved=False, message=_("Nothing to save yet."))
    return jsonify(
        saved=True,
        message=_("Draft saved (%(time)s).", time=short_datetime(saved.updated_at)),
    )


@bp.post("/hold")
def hold():
    """The quick exit's last word (sent as it leaves): keep the drafts, show none of
    them again in this session. Answers 204 with nothing in it."""
    if current_user.is_authenticated and ActionForm().validate_on_submit():
        services.hold_all(current_user)
        db.session.commit()
    return "", 204
