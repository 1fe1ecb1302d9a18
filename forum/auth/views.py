"""Sign-up, sign-in and sign-out."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from forum.auth import services
from forum.auth.forms import LoginForm, SignupForm
from forum.auth.sessions import end_session, start_session
from forum.extensions import db, limiter
from forum.forms import form_status
from forum.ratelimit import account_key
from forum.urls import safe_next_url

bp = Blueprint("auth", __name__, url_prefix="/auth")

# Address limits are generous because many defenders share Tor exits; the tighter
# limits are per account name, so one guesser cannot lock everyone behind an exit out.
SIGNUP_ADDRESS_LIMIT = "20 per hour"
SIGNUP_ACCOUNT_LIMIT = "5 per hour"
LOGIN_ADDRESS_LIMIT = "60 per 10 minutes"
LOGIN_ACCOUNT_LIMIT = "5 per minute;20 per hour"


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
                flash(_("Welcome, %(name)s — your account is ready.", name=user.display_name))
                return redirect(url_for("main.home"))
    return render_template("auth/signup.html", form=form), form_status(form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_ADDRESS_LIMIT, methods=["POST"])
@limiter.limit(LOGIN_ACCOUNT_LIMIT, key_func=account_key, methods=["POST"])
def login():
    next_url = safe_next_url(request.args.get("next"), url_for("main.home"))
    if current_user.is_authenticated:
        return redirect(next_url)
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.username.data, form.password.data)
        if user is not None:
            db.session.commit()
            start_session(user)
            return redirect(next_url)
        form.password.errors.append(_("The username or the password is not right."))
    return render_template("auth/login.html", form=form), form_status(form)


@bp.post("/logout")
def logout():
    end_session()
    flash(_("You are signed out."))
    return redirect(url_for("main.home"))
