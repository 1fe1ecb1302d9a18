"""The signed-in person's own settings at /account/: profile, password, two-factor
sign-in and signing out everywhere."""

from __future__ import annotations

from cryptography.fernet import InvalidToken
from flask import Blueprint, abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum import crypto
from forum.auth import services, two_factor
from forum.auth.account.forms import (
    EndAllSessionsForm,
    EndOneSessionForm,
    NewRecoveryCodesForm,
    PasswordChangeForm,
    SettingsForm,
    TwoFactorDisableForm,
    TwoFactorSetupForm,
)
from forum.auth.labels import BROWSER_LABELS, SYSTEM_LABELS
from forum.auth.limits import CONFIRM_LIMIT, user_key
from forum.auth.passwords import verify_password
from forum.auth.sessions import current_session_id, end_session, start_session
from forum.events.calendar.forms import FeedIssueForm, FeedOffForm
from forum.events.calendar.services import feed_token, feed_urls
from forum.events.registration.queries import my_registrations
from forum.extensions import db, limiter
from forum.forms import form_status
from forum.names import TAKEN
from forum.security import audit, require, roles_on_hold

bp = Blueprint("account", __name__, url_prefix="/account")

# The secret being set up waits in the session, encrypted, until a code proves the app
# has it; after this long the person starts again with a new secret.
SETUP_KEY = "two_factor_setup"
SETUP_SECONDS = 15 * 60


def _render(status: int = 200, **forms):
    user = current_user
    forms.setdefault("settings", SettingsForm(formdata=None, obj=user))
    forms.setdefault("password", PasswordChangeForm(formdata=None))
    forms.setdefault("new_codes", NewRecoveryCodesForm(formdata=None, prefix="codes"))
    forms.setdefault("turn_off", TwoFactorDisableForm(formdata=None, prefix="off"))
    forms.setdefault("end_all", EndAllSessionsForm(formdata=None, prefix="end"))
    codes_left = two_factor.recovery_codes_left(user) if user.two_factor_enabled else 0
    token = feed_token(user)
    return (
        render_template(
            "account/index.html",
            codes_left=codes_left,
            registrations=my_registrations(user),
            calendar_urls=feed_urls(token) if token else None,
            feed_issue=FeedIssueForm(formdata=None, prefix="feed"),
            feed_off=FeedOffForm(formdata=None, prefix="feed-off"),
            sessions=services.active_sessions(user),
            this_session=current_session_id(),
            end_one=EndOneSessionForm(formdata=None, prefix="one"),
            browser_labels=BROWSER_LABELS,
            system_labels=SYSTEM_LABELS,
            **forms,
        ),
        status,
    )


@bp.get("/")
def index():
    require("account.manage")
    return _render()


@bp.post("/")
def save_settings():
    require("account.manage")
    settings = SettingsForm()
    valid = settings.validate_on_submit()
    if valid and services.display_name_taken(
        settings.display_name.data, except_user_id=current_user.id
    ):
        settings.display_name.errors.append(str(TAKEN))
        valid = False
    if valid:
        services.update_settings(
            current_user,
            display_name=settings.display_name.data,
            locale=settings.locale.data,
            timezone=settings.timezone.data,
            email=settings.email.data,
            notice_emails=settings.notice_emails.data,
            digest=settings.digest.data or None,
            digest_emails=settings.digest_emails.data,
        )
        db.session.commit()
        flash(_("Your settings are saved."))
        return redirect(url_for("account.index"))
    return _render(form_status(settings), settings=settings)


@bp.post("/password")
@limiter.limit(CONFIRM_LIMIT, key_func=user_key)
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
            start_session(current_user)
            db.session.commit()
            flash(_("Your password is changed. Other sessions were signed out."))
            return redirect(url_for("account.index"))
    return _render(422, password=password)


@bp.post("/sessions/end")
def end_all_sessions():
    """ "Log out everywhere": every session of the account ends, this one included."""
    require("account.manage")
    form = EndAllSessionsForm(prefix="end")
    if not form.validate_on_submit():
        return _render(422, end_all=form)
    services.end_all_sessions(current_user)
    end_session()
    db.session.commit()
    flash(_("You are signed out everywhere, including here."))
    return redirect(url_for("auth.login"))


@bp.post("/sessions/<int:sign_in_id>/end")
def end_one_session(sign_in_id: int):
    """ "Sign out this one": another device's session (or this one) ends on the server."""
    require("account.manage")
    form = EndOneSessionForm(prefix="one")
    if not form.validate_on_submit():
        return _render(422, end_one=form)
    this_one = sign_in_id == current_session_id()
    if not services.end_one_session(current_user, sign_in_id):
        abort(404)
    if this_one:
        end_session()
    db.session.commit()
    if this_one:
        flash(_("You are signed out."))
        return redirect(url_for("auth.login"))
    flash(_("That session is signed out."))
    return redirect(url_for("account.index") + "#sessions-title", 303)


def _setup_secret(create: bool) -> str | None:
    """The secret being set up (kept encrypted in the session), or a new one."""
    token = session.get(SETUP_KEY)
    if isinstance(token, str):
        try:
            return crypto.keyring().decrypt(token.encode(), ttl=SETUP_SECONDS).decode()
        except InvalidToken:
            session.pop(SETUP_KEY, None)
    if not create:
        return None
    secret = two_factor.new_secret()
    session[SETUP_KEY] = crypto.keyring().encrypt(secret.encode()).decode()
    return secret


def _render_setup(form: TwoFactorSetupForm, secret: str, status: int = 200):
    uri = two_factor.provisioning_uri(secret, current_user.display_name)
    return render_template(
        "account/two_factor_setup.html",
        form=form,
        qr=two_factor.qr_svg(uri, _("QR code to scan with your authenticator app")),
        secret=two_factor.grouped(secret),
        roles_waiting=roles_on_hold(current_user),
    ), status


@bp.get("/two-factor/setup")
def two_factor_setup():
    require("account.manage")
    if current_user.two_factor_enabled:
        flash(_("Two-factor sign-in is already on."))
        return redirect(url_for("account.index"))
    return _render_setup(TwoFactorSetupForm(formdata=None), _setup_secret(create=True) or "")


@bp.post("/two-factor/setup")
@limiter.limit(CONFIRM_LIMIT, key_func=user_key)
def confirm_two_factor_setup():
    require("account.manage")
    if current_user.two_factor_enabled:
        flash(_("Two-factor sign-in is already on."))
        return redirect(url_for("account.index"))
    secret = _setup_secret(create=False)
    if secret is None:
        flash(
            _("The setup took too long, so here is a new QR code. Please scan it again."),
            "warning",
        )
        return redirect(url_for("account.two_factor_setup"))
    form = TwoFactorSetupForm()
    if form.validate_on_submit():
        step = two_factor.matching_step(secret, two_factor.normalise_code(form.code.data))
        if step is not None:
            codes = two_factor.turn_on(current_user, secret, step)
            audit(current_user, "two_factor.on", target_type="user", target_id=current_user.id)
            db.session.commit()
            session.pop(SETUP_KEY, None)
            return render_template("account/recovery_codes.html", codes=codes, first=True)
        form.code.errors.append(
            _(
                "This code is not right. Check that the phone's clock is correct and enter "
                "the code the app shows now."
            )
        )
    return _render_setup(form, secret, 422)


@bp.post("/two-factor/recovery-codes")
@limiter.limit(CONFIRM_LIMIT, key_func=user_key)
def new_recovery_codes():
    require("account.manage")
    form = NewRecoveryCodesForm(prefix="codes")
    if not current_user.two_factor_enabled:
        return redirect(url_for("account.index"))
    if form.validate_on_submit():
        if two_factor.use_code(current_user, form.code.data) == "totp":
            codes = two_factor.replace_recovery_codes(current_user)
            audit(
                current_user, "two_factor.new_codes", target_type="user", target_id=current_user.id
            )
            db.session.commit()
            return render_template("account/recovery_codes.html", codes=codes, first=False)
        db.session.rollback()
        form.code.errors.append(
            _("This code is not right, or it was used already. Please try the next one.")
        )
    return _render(422, new_codes=form)


@bp.post("/two-factor/disable")
@limiter.limit(CONFIRM_LIMIT, key_func=user_key)
def disable_two_factor():
    require("account.manage")
    form = TwoFactorDisableForm(prefix="off")
    if not current_user.two_factor_enabled:
        return redirect(url_for("account.index"))
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.password.data):
            form.password.errors.append(_("Your current password is not right."))
        elif two_factor.use_code(current_user, form.code.data) is None:
            db.session.rollback()
            form.code.errors.append(
                _("This code is not right, or it was used already. Please try the next one.")
            )
        else:
            two_factor.turn_off(current_user)
            audit(current_user, "two_factor.off", target_type="user", target_id=current_user.id)
            db.session.commit()
            flash(_("Two-factor sign-in is off."))
            if roles_on_hold(current_user):
                flash(
                    _("Your roles are on hold until you turn two-factor sign-in on again."),
                    "warning",
                )
            return redirect(url_for("account.index"))
    return _render(422, turn_off=form)
