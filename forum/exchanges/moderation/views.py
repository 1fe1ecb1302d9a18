"""The moderators' queue at /moderation/: reported and hidden posts, locks, tag fixes."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.exchanges import presentation
from forum.exchanges.forms import tags_from
from forum.exchanges.models import Post, Thread
from forum.exchanges.moderation import queries
from forum.exchanges.moderation import services as moderation
from forum.exchanges.moderation.forms import TagsForm
from forum.exchanges.services import ExchangeError
from forum.extensions import db
from forum.forms import ActionForm, form_status
from forum.security import require
from forum.urls import safe_next_url

bp = Blueprint("moderation", __name__, url_prefix="/moderation")


@bp.get("/")
def queue():
    require("moderation.queue")
    pending, hidden = queries.moderation_queue()
    return render_template(
        "moderation/queue.html", pending=pending, hidden=hidden, action_form=ActionForm()
    )


def _back(default: str) -> str:
    return safe_next_url(request.form.get("next"), default)


POST_ACTIONS = {
    "hide": moderation.hide,
    "restore": moderation.restore,
    "dismiss": moderation.dismiss_flags,
}


@bp.post("/posts/<int:post_id>/<action>")
def post_action(post_id: int, action: str):
    require("moderation.act")
    if action not in POST_ACTIONS or not ActionForm().validate_on_submit():
        abort(400)
    post = db.session.get(Post, post_id)
    if post is None:
        abort(404)
    try:
        POST_ACTIONS[action](current_user, post)
    except ExchangeError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_done_message(action))
    return redirect(_back(url_for("moderation.queue")), 303)


def _done_message(action: str) -> str:
    messages = {
        "hide": _("This message is hidden."),
        "restore": _("This message is visible again."),
        "dismiss": _("The reports are dismissed."),
        "lock": _("This exchange is locked."),
        "unlock": _("This exchange is open for replies again."),
    }
    return messages[action]


@bp.post("/threads/<int:thread_id>/<action>")
def thread_action(thread_id: int, action: str):
    require("moderation.act")
    if action not in ("lock", "unlock") or not ActionForm().validate_on_submit():
        abort(400)
    thread = db.session.get(Thread, thread_id)
    if thread is None:
        abort(404)
    (moderation.lock if action == "lock" else moderation.unlock)(current_user, thread)
    db.session.commit()
    flash(_done_message(action))
    return redirect(_back(presentation.thread_url(thread)), 303)


@bp.route("/threads/<int:thread_id>/tags", methods=["GET", "POST"])
def tags(thread_id: int):
    require("moderation.act")
    thread = db.session.get(Thread, thread_id)
    if thread is None:
        abort(404)
    if request.method == "POST":
        form = TagsForm()
    else:
        form = TagsForm(
            regions=thread.region_codes,
            countries=thread.country_codes,
            risks=thread.risk_codes,
            groups=thread.group_codes,
            perpetrator=thread.perpetrator or "",
        )
    if form.validate_on_submit():
        try:
            moderation.fix_tags(
                current_user,
                thread,
                tags_from(form),
            )
        except ExchangeError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The tags are saved."))
            return redirect(presentation.thread_url(thread), 303)
    return render_template("moderation/tags.html", form=form, thread=thread), form_status(form)
