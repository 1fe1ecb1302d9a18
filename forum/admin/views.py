"""Granting and revoking roles, and reading the audit log (administrators only)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from forum.admin.forms import ResetLinkForm, RoleChangeForm
from forum.auth import resets, services
from forum.auth.labels import ROLE_LABELS
from forum.events.registration.queries import audit_targets
from forum.extensions import db
from forum.models import AuditEntry, Role, User
from forum.security import audit, require
from forum.urls import page_number, search_words

bp = Blueprint("admin", __name__, url_prefix="/admin")

PER_PAGE = 50


@bp.get("/roles")
def roles():
    require("admin.roles")
    query = search_words("q", 60)
    stmt = sa.select(User).order_by(User.username)
    if query:
        pattern = f"%{query.casefold()}%"
        stmt = stmt.where(
            sa.or_(User.username.like(pattern), sa.func.lower(User.display_name).like(pattern))
        )
    number = page_number()
    # Accounts are personal data: who looked, at which page and for whom, is recorded first.
    # That a search was made, not its words (a name would outlive its owner's erasure).
    detail = f"search page={number}" if query else f"page={number}"
    audit(current_user, "admin.users_view", detail=detail)
    db.session.commit()
    page = db.paginate(stmt, page=number, per_page=PER_PAGE, error_out=False)
    return render_template(
        "admin/roles.html", page=page, query=query, form=RoleChangeForm(), labels=ROLE_LABELS
    )


@bp.post("/roles/<int:user_id>")
def change_role(user_id: int):
    require("admin.roles")
    user = db.session.get(User, user_id) or abort(404)
    form = RoleChangeForm()
    if not form.validate_on_submit():
        flash(_("Choose one of the roles offered."), "error")
        return redirect(url_for("admin.roles")), 303
    role = Role(form.role.data)
    label = str(ROLE_LABELS[role])
    try:
        if form.revoke.data:
            changed = services.revoke_role(current_user, user, role)
            message = _("%(name)s is no longer %(role)s.", name=user.display_name, role=label)
        else:
            changed = services.grant_role(current_user, user, role)
            message = _("%(name)s is now %(role)s.", name=user.display_name, role=label)
    except services.AccountError as error:
        flash(str(error), "error")
        return redirect(url_for("admin.roles", q=request.args.get("q"))), 303
    db.session.commit()
    flash(message if changed else _("Nothing changed."))
    return redirect(url_for("admin.roles", q=request.args.get("q"))), 303


@bp.get("/audit")
def audit_log():
    require("admin.audit")
    number = page_number()
    # The log names people and what was done with their data: reading it is recorded too.
    audit(current_user, "admin.audit_view", detail=f"page={number}")
    db.session.commit()
    stmt = sa.select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    page = db.paginate(stmt, page=number, per_page=PER_PAGE, error_out=False)
    names = audit_targets(page.items, str(get_locale()))
    return render_template("admin/audit.html", page=page, names=names)


@bp.route("/users/<int:user_id>/reset-link", methods=["GET", "POST"])
def reset_link(user_id: int):
    """Account recovery without email: a one-time link the administrator passes on."""
    require("admin.reset_password")
    user = db.session.get(User, user_id) or abort(404)
    form = ResetLinkForm()
    if not form.validate_on_submit():
        audit(current_user, "admin.reset_view", target_type="user", target_id=user.id)
        db.session.commit()
        return render_template("admin/reset_link.html", user=user, form=form, link=None)
    token = resets.issue(
        user, issued_by=current_user, clears_two_factor=bool(form.clear_two_factor.data)
    )
    db.session.commit()
    path = url_for("auth.reset_password", token=token)
    base = current_app.config["FORUM_MAIL_BASE_URL"] or request.host_url.rstrip("/")
    response = make_response(
        render_template(
            "admin/reset_link.html",
            user=user,
            form=None,
            link=base + path,
            lifetime_hours=int(resets.RESET_LIFETIME.total_seconds() // 3600),
            clears_two_factor=bool(form.clear_two_factor.data),
        )
    )
    # Shown once: never kept by a cache or the back button.
    response.headers["Cache-Control"] = "no-store"
    return response
