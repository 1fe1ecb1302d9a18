"""Sign-up, sign-in (password, then a two-factor code where enabled), sign-out, and
password resets by one-time link."""

from __future__ import annotations

from datetime import timedelta

from flask import (
    Blueprint,
    Response,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from forum.auth import lockout, mail, resets, services, two_factor
from forum.auth.forms import CodeForm, ForgotPasswordForm, LoginForm, ResetPasswordForm, SignupForm
from forum.auth.limits import CODE_LIMIT, login_account_key, pending_account_key
from forum.auth.sessions import (
    PENDING_MAX_FAILURES,
    begin_pending_sign_in,
    count_pending_failure,
    drop_pending_sign_in,
    end_session,
    has_pending_sign_in,
    pending_sign_in,
    start_session,
)
from forum.extensions import db, limiter
from forum.forms import form_status
from forum.models import User
from forum.names import TAKEN
from forum.ratelimit import account_key
from forum.security import audit, roles_on_hold
from forum.urls import safe_next_url

bp = Blueprint("auth", __name__, url_prefix="/auth")

# Address limits are generous because many defenders share Tor exits; the tighter
# limits are per account name, so one guesser cannot lock everyone behind an exit out.
SIGNUP_ADDRESS_LIMIT = "20 per hour"
SIGNUP_ACCOUNT_LIMIT = "5 per hour"
LOGIN_ADDRESS_LIMIT = "60 per 10 minutes"
LOGIN_ACCOUNT_LIMIT = "5 per minute;20 per hour"
CODE_ADDRESS_LIMIT = "60 per 10 minutes"
FORGOT_ADDRESS_LIMIT = "10 per hour"
FORGOT_ACCOUNT_LIMIT = "3 per hour"
RESET_ADDRESS_LIMIT = "30 per hour"


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(SIGNUP_ADDRESS_LIMIT, methods=["POST"])
@limiter.limit(SIGNUP_ACCOUNT_LIMIT, key_func=account_key, methods=["POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = SignupForm()
    if form.validate_on_submit():
        if services.username_taken(form.username.data):
            form.username.errors.append(_("This username is taken. Please choose another."))
        elif services.display_name_taken(form.display_name.data):
            form.display_name.errors.append(str(TAKEN))
        else:
            try:
                user = services.create_user(
                    form.username.data,
                    form.display_name.data,
                    form.password.data,
                    email=form.email.data,
                    locale=str(get_locale()),
                )
                db.session.commit()
            except IntegrityError:
                db.session.rollback()
                form.username.errors.append(_("This username is taken. Please choose another."))
            else:
                start_session(user)
                db.session.commit()
                flash(_("Welcome, %(name)s — your account is ready.", name=user.display_name))
                return redirect(url_for("main.home"))
    return render_template("auth/signup.html", form=form), form_status(form)


def _locked_message(remaining: timedelta) -> str:
    minutes = max(1, -(-int(remaining.total_seconds()) // 60))
    return ngettext(
        "Too many failed attempts on this account. Please try again in %(num)d minute, or "
        "sign in from a device you have used for this account before.",
        "Too many failed attempts on this account. Please try again in %(num)d minutes, or "
        "sign in from a device you have used for this account before.",
        minutes,
    )


def _finish_sign_in(user: User, next_url: str) -> Response:
    """The password (and code, where needed) were right: sign in and remember the device."""
    lockout.clear(user)
    start_session(user)
    db.session.commit()
    if roles_on_hold(user):
        # Enrol first: the page and the banner above it say why.
        next_url = url_for("account.two_factor_setup")
    response = make_response(redirect(next_url))
    lockout.remember_device(response, user)
    return response


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_ADDRESS_LIMIT, methods=["POST"])
@limiter.limit(LOGIN_ACCOUNT_LIMIT, key_func=login_account_key, methods=["POST"])
def login():
    next_url = safe_next_url(request.args.get("next"), url_for("main.home"))
    if current_user.is_authenticated:
        return redirect(next_url)
    form = LoginForm()
    if form.validate_on_submit():
        name = services.normalise_username(form.username.data)
        user = services.find_user(name)
        trusted = user is not None and lockout.is_known_device(user)
        remaining = None if trusted else lockout.locked_for_name(user, name)
        # While locked, the password is checked against the dummy hash: the answer tells
        # nothing, and takes as long as for a name that does not exist.
        authenticated = services.check_password(None if remaining else user, form.password.data)
        if remaining:
            form.form_errors.append(_locked_message(remaining))
            return render_template("auth/login.html", form=form), 429
        if authenticated is None:
            lock = None if trusted else lockout.record_name_failure(user, name)
            db.session.commit()
            form.password.errors.append(_("The username or the password is not right."))
            if lock:
                form.form_errors.append(_locked_message(lock))
        elif authenticated.two_factor_enabled:
            db.session.commit()
            begin_pending_sign_in(authenticated, next_url)
            return redirect(url_for("auth.login_code"))
        else:
            return _finish_sign_in(authenticated, next_url)
    return render_template("auth/login.html", form=form), form_status(form)


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(CODE_ADDRESS_LIMIT, methods=["POST"])
@limiter.limit(CODE_LIMIT, key_func=pending_account_key, methods=["POST"])
def login_code():
    """Second step of sign-in: nobody is signed in until this code is right."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    pending = pending_sign_in()
    if pending is None:
        if has_pending_sign_in():
            flash(_("Signing in took too long. Please enter your password again."), "warning")
        drop_pending_sign_in()
        return redirect(url_for("auth.login"))
    user = pending.user
    form = CodeForm()
    trusted = lockout.is_known_device(user)
    remaining = None if trusted else lockout.locked_for(user)
    if remaining:
        drop_pending_sign_in()
        flash(_locked_message(remaining), "error")
        return redirect(url_for("auth.login"))
    if form.validate_on_submit():
        kind = two_factor.use_code(user, form.code.data)
        if kind is not None:
            if kind == "recovery":
                audit(user, "two_factor.recovery_code", target_type="user", target_id=user.id)
            response = _finish_sign_in(user, pending.next_url)
            if kind == "recovery":
                left = two_factor.recovery_codes_left(user)
                flash(
                    ngettext(
                        "You used a recovery code; %(num)d is left. Make new ones in your "
                        "account settings.",
                        "You used a recovery code; %(num)d are left. Make new ones in your "
                        "account settings.",
                        left,
                    ),
                    "warning",
                )
            return response
        lock = None if trusted else lockout.record_failure(user)
        db.session.commit()
        if lock or count_pending_failure() >= PENDING_MAX_FAILURES:
            drop_pending_sign_in()
            flash(
                _locked_message(lock)
                if lock
                else _("Too many wrong codes. Please enter your password again."),
                "error",
            )
            return redirect(url_for("auth.login"))
        form.code.errors.append(
            _("This code is not right, or it was used already. Please try the next one.")
        )
    return render_template("auth/login_code.html", form=form), form_status(form)


@bp.post("/logout")
def logout():
    end_session()
    db.session.commit()
    flash(_("You are signed out."))
    return redirect(url_for("main.home"))


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit(FORGOT_ADDRESS_LIMIT, methods=["POST"])
@limiter.limit(FORGOT_ACCOUNT_LIMIT, key_func=account_key, methods=["POST"])
def forgot_password():
    """Self-service reset by email. The answer never says whether the account exists
    or has an email address."""
    form = ForgotPasswordForm()
    if not mail.mail_enabled():
        return render_template("auth/forgot.html", form=None), 200
    if form.validate_on_submit():
        try:
            with mail.smtp_connection() as smtp:
                user = services.find_user(form.username.data)
                if user is not None and user.is_active and user.email:
                    token = resets.issue(user, issued_by=None)
                    link = mail.reset_link(url_for("auth.reset_password", token=token))
                    smtp.send_message(mail.reset_email(user.email, link, user.locale))
                    db.session.commit()
        except mail.MailError:
            db.session.rollback()
            form.form_errors.append(
                _(
                    "Email cannot be sent right now. Please try again later, or ask an "
                    "administrator for a reset link."
                )
            )
            return render_template("auth/forgot.html", form=form), 503
        return render_template("auth/forgot_sent.html")
    return render_template("auth/forgot.html", form=form), form_status(form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit(RESET_ADDRESS_LIMIT, methods=["POST"])
def reset_password(token: str):
    reset = resets.find_usable(token)
    if reset is None:
        return _unusable_link()
    form = ResetPasswordForm()
    user = reset.user
    if form.validate_on_submit() and form.check_new_password(
        form.password.data, user.username, user.display_name
    ):
        if not resets.use(reset, form.password.data):
            db.session.rollback()
            return _unusable_link()
        if current_user.is_authenticated:
            end_session()
        db.session.commit()
        flash(_("Your new password is set, and every session was signed out. Sign in now."))
        return redirect(url_for("auth.login"))
    response = make_response(
        render_template("auth/reset.html", form=form), 422 if form.errors else 200
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _unusable_link() -> Response:
    response = make_response(render_template("auth/reset_unusable.html"), 404)
    response.headers["Cache-Control"] = "no-store"
    return response
