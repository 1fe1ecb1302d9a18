"""The person's profile (/account/profile) and their data rights (/account/data)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.auth.passwords import verify_password
from forum.auth.services import count_admins
from forum.auth.sessions import end_session
from forum.extensions import db
from forum.forms import form_status
from forum.i18n import join_list
from forum.models import Role
from forum.profiles import data_rights, services
from forum.profiles.forms import POSTS_KEEP, EraseForm, ProfileForm
from forum.profiles.labels import FIELD_LABELS
from forum.profiles.languages import language_name
from forum.profiles.models import PROFILE_FIELDS
from forum.security import has_role, require
from forum.taxonomy import country_name

bp = Blueprint("profiles", __name__, url_prefix="/account")


@bp.app_template_global("profile_field_label")
def _field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


@bp.app_template_global("profile_value")
def _field_value(name: str, value: Any) -> str:
    """A profile value as people read it: names of countries and languages, not codes."""
    if name == "country":
        return country_name(value)
    if name == "languages":
        return join_list(language_name(code) for code in value)
    return str(value)


@bp.route("/profile", methods=["GET", "POST"])
def edit():
    require("account.manage")
    profile = services.profile_of(current_user)
    form = ProfileForm(obj=profile) if profile is not None else ProfileForm()
    if form.validate_on_submit():
        services.save_profile(current_user, {name: form[name].data for name in _form_names()})
        db.session.commit()
        flash(_("Your profile is saved."))
        return redirect(url_for("profiles.edit"), 303)
    return render_template("profiles/edit.html", form=form, fields=PROFILE_FIELDS), form_status(
        form
    )


def _form_names() -> list[str]:
    return [name for field in PROFILE_FIELDS for name in (field, f"{field}_visibility")]


@bp.get("/data")
def data():
    require("account.manage")
    return render_template("profiles/data.html", form=EraseForm(formdata=None))


@bp.get("/data/export.json")
def export():
    require("account.manage")
    body = data_rights.export_json(data_rights.export_user(current_user))
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": 'attachment; filename="convene-my-data.json"',
            "Cache-Control": "no-store",
        },
    )


@bp.post("/data/erase")
def erase():
    require("account.manage")
    form = EraseForm()
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.password.data):
            form.password.errors.append(_("Your password is not right."))
        elif has_role(current_user, Role.ADMIN) and count_admins() <= 1:
            form.form_errors.append(
                _("You are the last administrator. Give the role to someone else first.")
            )
        else:
            user = current_user._get_current_object()
            data_rights.erase_user(user, keep_posts=form.posts.data == POSTS_KEEP)
            db.session.commit()
            end_session()
            flash(_("Your account and your data are erased. Take care."))
            return redirect(url_for("main.home"), 303)
    return render_template("profiles/data.html", form=form), 422
