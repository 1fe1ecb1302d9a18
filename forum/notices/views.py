"""A person's notices, and the one-click unsubscribe of notice emails."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from forum.extensions import csrf, db
from forum.models import User
from forum.notices import mail, queries, services
from forum.notices.forms import UnsubscribeForm
from forum.notices.labels import PROPOSAL_KINDS, notice_text
from forum.security import require

bp = Blueprint("notices", __name__, url_prefix="/notices")


@bp.get("/")
def index():
    require("notices.read")
    rows = queries.notices_of(current_user)
    services.mark_read(current_user)
    db.session.commit()
    return render_template(
        "notices/index.html", rows=rows, notice_text=notice_text, proposal_kinds=PROPOSAL_KINDS
    )


def _user_of(token: str) -> User:
    user_id = mail.user_id_from_token(token)
    user = db.session.get(User, user_id) if user_id is not None else None
    if user is None:
        abort(404)
    return user


@bp.get("/unsubscribe/<signed>")
def unsubscribe(signed: str):
    user = _user_of(signed)
    return render_template(
        "notices/unsubscribe.html",
        form=UnsubscribeForm(),
        token=signed,
        done=not user.notice_emails,
    )


@bp.post("/unsubscribe/<signed>")
@csrf.exempt
def unsubscribe_now(signed: str):
    user = _user_of(signed)
    services.stop_emails(user)
    db.session.commit()
    return render_template(
        "notices/unsubscribe.html", form=UnsubscribeForm(), token=signed, done=True
    )
