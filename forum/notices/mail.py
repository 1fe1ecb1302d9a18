"""The notice email: a subject and a body that say nothing about any gathering.

A seized or shared inbox must not tell which events someone attends, so the email names
no event, no date and no place: "there is news about one of your registrations", with a
link to the notices page behind the sign-in. Every email carries a one-click
unsubscribe (RFC 8058: `List-Unsubscribe` with `List-Unsubscribe-Post`).
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from forum.auth.mail import mail_enabled, reset_link
from forum.i18n import DEFAULT_LOCALE, LOCALES
from forum.models import User

__all__ = ["mail_enabled", "notice_email", "unsubscribe_token", "user_id_from_token"]

_SALT = "notices.unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def unsubscribe_token(user: User) -> str:
    """Signed, not secret: it only turns notice emails off, for the account it names."""
    return _serializer().dumps(user.id)


def user_id_from_token(token: str) -> int | None:
    try:
        value = _serializer().loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def notice_email(user: User, notice_id: int) -> EmailMessage:
    """The email for one notice, in the member's language."""
    locale = user.locale if user.locale in LOCALES else DEFAULT_LOCALE
    with current_app.test_request_context():
        notices_url = reset_link(url_for("notices.index"))
        unsubscribe_url = reset_link(url_for("notices.unsubscribe", signed=unsubscribe_token(user)))
    with force_locale(locale):
        subject = _("News about your registration")
        body = "\n\n".join(
            [
                _("There is news about one of your registrations. Sign in to read it:"),
                notices_url,
                _(
                    "You receive this because you asked for emails about your registrations. "
                    "To stop them, open this link or change it on your account page:"
                ),
                unsubscribe_url,
            ]
        )
    host = current_app.config["FORUM_MAIL_BASE_URL"].split("//", 1)[-1].split("/", 1)[0]
    message = EmailMessage()
    message["From"] = current_app.config["FORUM_MAIL_SENDER"]
    message["To"] = user.email
    message["Subject"] = subject
    message["Date"] = formatdate(usegmt=True)
    # One id per notice: a receiving server that sees a retry can recognise it.
    message["Message-ID"] = f"<notice.{notice_id}@{host or 'localhost'}>"
    message["Auto-Submitted"] = "auto-generated"
    message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(body + "\n")
    return message
