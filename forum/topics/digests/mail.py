"""The digest email: counts and links, nothing else.

No exchange title, no topic name, not even a topic's address (`/topics/group/lgbtiq`
would say it): the number of new exchanges and one link to the digest page behind the
sign-in, where the counts per topic are. A seized inbox shows that someone follows some
topics on the forum, not which. One-click unsubscribe (RFC 8058) as for notices: the
same link stops every email from the forum.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate

from flask import current_app, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from forum.auth.mail import reset_link
from forum.i18n import DEFAULT_LOCALE, LOCALES
from forum.models import User
from forum.notices.mail import unsubscribe_token
from forum.topics.digests.models import Digest


def digest_email(user: User, digest: Digest) -> EmailMessage:
    locale = user.locale if user.locale in LOCALES else DEFAULT_LOCALE
    with current_app.test_request_context():
        page = reset_link(url_for("topics.digests"))
        unsubscribe_url = reset_link(url_for("notices.unsubscribe", signed=unsubscribe_token(user)))
    with force_locale(locale):
        subject = _("Your digest of followed topics")
        lines = [
            ngettext(
                "%(num)d new exchange in the topics you follow:",
                "%(num)d new exchanges in the topics you follow:",
                digest.total,
            ),
            _("Your digests, behind the sign-in:"),
            page,
            _(
                "You receive this because you asked for digests by email. To stop every "
                "email from the forum, open this link or change it on your account page:"
            ),
            unsubscribe_url,
        ]
    host = current_app.config["FORUM_MAIL_BASE_URL"].split("//", 1)[-1].split("/", 1)[0]
    message = EmailMessage()
    message["From"] = current_app.config["FORUM_MAIL_SENDER"]
    message["To"] = user.email
    message["Subject"] = subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = f"<digest.{digest.id}@{host or 'localhost'}>"
    message["Auto-Submitted"] = "auto-generated"
    message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content("\n\n".join(lines) + "\n")
    return message
