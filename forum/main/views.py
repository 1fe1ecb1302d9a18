from __future__ import annotations

import sqlalchemy as sa
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms.validators import ValidationError

from forum.extensions import csrf, db
from forum.forms import same_origin_signal
from forum.home import home_sections
from forum.i18n import LOCALE_COOKIE, LOCALES
from forum.urls import safe_next_url

bp = Blueprint("main", __name__)


def validate_csrf_or_400() -> None:
    """Check the CSRF token by hand in a view exempt from the automatic check."""
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError as error:
        raise CSRFError(error.args[0]) from None


@bp.get("/")
def home():
    return render_template("main/home.html", sections=home_sections())


@bp.post("/locale")
@csrf.exempt
def set_locale():
    """The language switcher: remember the choice in a cookie, and on the account.

    It follows the rule of every form: a request from another site is refused. Signed-in
    people send the CSRF token, as everywhere. Visitors who are not signed in carry no
    token (anonymous pages write no session cookie, so they can be cached); for them the
    browser's own word decides: a request whose `Sec-Fetch-Site` or `Origin` names another
    site is refused (`forum.forms.same_origin_signal`). Every browser in use sends one of
    them with a cross-site POST, so a forged switch cannot come from a page elsewhere.
    """
    if not current_user.is_authenticated and same_origin_signal() is False:
        abort(400)  # also refused by forum.forms.refuse_cross_site_writes; said here too
    chosen = request.form.get("locale", "")
    target = safe_next_url(request.form.get("next"), url_for("main.home"))
    response = make_response(redirect(target, 303))
    if chosen not in LOCALES:
        return response
    if current_user.is_authenticated:
        validate_csrf_or_400()
        current_user.locale = chosen
        db.session.commit()
    response.set_cookie(
        LOCALE_COOKIE,
        chosen,
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["FORUM_HTTPS"],
    )
    return response


@bp.get("/robots.txt")
def robots() -> Response:
    if current_app.config["FORUM_NOINDEX"]:
        body = "User-agent: *\nDisallow: /\n"
    else:
        body = "User-agent: *\nDisallow: /account/\nDisallow: /admin/\nDisallow: /auth/\n"
    return Response(body, mimetype="text/plain")


@bp.get("/healthz")
def healthz():
    """For load balancers: 200 when the database answers, 503 otherwise."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable"), 503
    return jsonify(status="ok")
