"""Sending the password-reset email over SMTP (`FORUM_MAIL_*` settings).

The email carries only the link: no username, no display name, nothing that says more
about the person than the address it is sent to. It is written in the member's language.
A connection is opened *before* looking at the account, so that an SMTP failure looks
the same whoever was asked for.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from forum.i18n import DEFAULT_LOCALE, LOCALES

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 10


class MailError(RuntimeError):
    """Email could not be sent; the person gets a clear message, not an error page."""


def mail_enabled() -> bool:
    return bool(current_app.config["FORUM_MAIL_SERVER"])


def _site_host() -> str:
    return urlsplit(current_app.config["FORUM_MAIL_BASE_URL"]).hostname or "localhost"


@contextmanager
def smtp_connection() -> Iterator[smtplib.SMTP]:
    """An SMTP session, with STARTTLS (certificate checked) and login as configured."""
    config = current_app.config
    try:
        # Greet with the site's public name, not this machine's.
        smtp = smtplib.SMTP(
            config["FORUM_MAIL_SERVER"],
            config["FORUM_MAIL_PORT"],
            local_hostname=_site_host(),
            timeout=TIMEOUT_SECONDS,
        )
    except (OSError, smtplib.SMTPException) as error:
        log.warning("SMTP server unreachable (%s)", type(error).__name__)
        raise MailError from error
    try:
        if config["FORUM_MAIL_STARTTLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["FORUM_MAIL_USERNAME"]:
            smtp.login(config["FORUM_MAIL_USERNAME"], config["FORUM_MAIL_PASSWORD"])
        yield smtp
    except (OSError, smtplib.SMTPException) as error:
        log.warning("SMTP failure (%s)", type(error).__name__)
        raise MailError from error
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()


def reset_link(path: str) -> str:
    return current_app.config["FORUM_MAIL_BASE_URL"] + path


def reset_email(to: str, link: str, locale: str | None) -> EmailMessage:
    """The reset email in the member's language: the link and what it is for, no more."""
    with force_locale(locale if locale in LOCALES else DEFAULT_LOCALE):
        subject = _("Your password reset link")
        body = "\n\n".join(
            [
                _("Someone, probably you, asked to set a new password for your account."),
                _("Open this link within 24 hours to choose a new password. It works once:"),
                link,
                _("If you did not ask for this, ignore this email: your password stays as it is."),
            ]
        )
    message = EmailMessage()
    message["From"] = current_app.config["FORUM_MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=_site_host())
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body + "\n")
    return message
