"""The signed-in person's own settings at /account/."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.auth import services
from forum.auth.forms import PasswordChangeForm, SettingsForm
from forum.auth.passwords import verify_password
from forum.auth.sessions import start_session
from forum.events.registration.queries import my_registrations
from forum.extensions import db
from forum.forms import form_status
from forum.security import require

bp = Blueprint("account", __name__, url_prefix="/account")


def _render(settings: SettingsForm, password: PasswordChangeForm, status: int = 200):
    return render_template(
        "account/index.html",
        settings=settings,
        password=password,
        registrations=my_registrations(current_user),
    ), status


@bp.get("/")
def index():
    require("account.manage")
    settings = SettingsForm(obj=current_user)
    return _render(settings, PasswordChangeForm(formdata=None))


@bp.post("/")
def save_settings():
    require("account.manage")
    settings = SettingsForm()
    if settings.validate_on_submit():
        services.update_settings(
            current_user,
            display_name=settings.display_name.data,
            locale=settings.locale.data,
            timezone=settings.timezone.data,
            email=settings.email.data,
        )
        db.session.commit()
        flash(_("Your settings are saved."))
        return redirect(url_for("account.index"))
    return _render(settings, PasswordChangeForm(formdata=None), form_status(settings))


@bp.post("/password")
def change_password():
    require("account.manage")
    password = PasswordChangeForm()
    if password.validate_on_submit():
        if not verify_password(current_user.password_hash, password.current.data):
            password.current.errors.append(_("Your current password is not right."))
        elif password.check_new_password(
            password.password.data, current_user.username, current_user.display_name
        ):
            services.change_password(current_user, password.password.data)
            db.session.commit()
            start_session(current_user)
            flash(_("Your password is changed. Other sessions were signed out."))
            return redirect(url_for("account.index"))
    return _render(SettingsForm(formdata=None, obj=current_user), password, 422)
