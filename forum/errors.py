"""Error pages in the site's layout and language; never a traceback to the visitor."""

from __future__ import annotations

import contextlib
import logging

import sqlalchemy as sa
from flask import Flask, g, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

MESSAGES = {
    400: (
        _l("Bad request"),
        _l("The request could not be understood. Please go back and try again."),
    ),
    401: (_l("Please sign in"), _l("You need to sign in to see this page.")),
    403: (_l("Not allowed"), _l("Your account does not have permission to do this.")),
    404: (
        _l("Page not found"),
        _l("This page does not exist, or it is not shared with you."),
    ),
    405: (_l("Not allowed"), _l("This page cannot be used this way.")),
    413: (_l("Too large"), _l("What you sent is too large. Please send something smaller.")),
    415: (
        _l("Format not accepted"),
        _l("This address accepts only the forms of this site. Please use the form on the page."),
    ),
    422: (_l("Cannot be processed"), _l("Some of what you sent is not valid.")),
    429: (
        _l("Too many attempts"),
        _l("There were too many attempts in a short time. Please wait a few minutes."),
    ),
    500: (
        _l("Something went wrong"),
        _l("An error on our side stopped this page. It has been noted; please try again later."),
    ),
    503: (
        _l("Temporarily unavailable"),
        _l("The service is briefly unavailable. Please try again in a minute."),
    ),
}
CSRF_MESSAGE = _l(
    "This form has expired or was not sent from this site. Please go back, reload the "
    "page and try again."
)


def render_error(code: int, message: str | None = None):
    title, default = MESSAGES.get(code, MESSAGES[500])
    wants_json = request.accept_mimetypes.best == "application/json" or request.is_json
    if wants_json:
        return {"error": str(title), "message": str(message or default)}, code
    return render_template(
        "errors/error.html", code=code, title=title, message=message or default
    ), code


def handle_http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    return render_error(error.code)


def handle_csrf_error(error: CSRFError):
    return render_error(400, str(CSRF_MESSAGE))


def handle_unexpected(error: Exception):
    original = getattr(error, "original_exception", None)
    if isinstance(original, sa.exc.DBAPIError | sa.exc.TimeoutError):
        # Raised where no handler is looked up (e.g. an after-request hook): the same
        # 503 page as anywhere else while the database is away.
        return handle_database_error(original)
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    # Flask has already logged the exception (without request data; see forum.logs).
    return render_error(500)


def is_database_outage(error: Exception) -> bool:
    """Whether the database is unreachable (down, restarting, pool exhausted) rather
    than the query being wrong."""
    if isinstance(error, sa.exc.TimeoutError | sa.exc.OperationalError | sa.exc.InterfaceError):
        return True
    return isinstance(error, sa.exc.DBAPIError) and error.connection_invalidated


def handle_database_error(error: Exception):
    """503 with a translated page while the database is away; the pool's pre-ping
    replaces dead connections, so the app recovers by itself when it returns."""
    from forum.extensions import db, login_manager

    try:
        db.session.rollback()
    except sa.exc.SQLAlchemyError:
        db.session().invalidate()
    if not is_database_outage(error):
        logging.getLogger("forum").error("Database error", exc_info=error)
        return render_error(500)
    logging.getLogger("forum").warning("Database unavailable (%s)", type(error).__name__)
    # The page layout asks who is signed in; that would need the database again.
    g._login_user = login_manager.anonymous_user()
    body, code = render_error(503)
    return body, code, {"Retry-After": "30"}


def close_session(_error: BaseException | None = None) -> None:
    """End the request's database session without failing the answer.

    If the database went away during the request (restart, failover), even the final
    rollback fails; the answer (often our 503 page) is ready by then, so the dead
    connection is dropped from the pool instead of turning the answer into a 500.
    Registered after Flask-SQLAlchemy's own teardown, so it runs first.
    """
    from forum.extensions import db

    try:
        db.session.remove()
    except sa.exc.SQLAlchemyError:
        logging.getLogger("forum").warning("Database connection lost at the end of a request")
        with contextlib.suppress(sa.exc.SQLAlchemyError):
            db.session().invalidate()
        db.session.registry.clear()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_session)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_unexpected)
    app.register_error_handler(sa.exc.DBAPIError, handle_database_error)
    app.register_error_handler(sa.exc.TimeoutError, handle_database_error)
