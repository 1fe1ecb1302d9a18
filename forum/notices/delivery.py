"""One email from an outbox row (a notice, a digest): claim it, send it, mark it.

The row is the outbox: `email_state` pending → sending → sent (or none when the person
wants no email). The claim is one UPDATE, so a second copy of the task finds nothing;
when the SMTP server fails the claim is given back and the error raised, so the queue
retries with back-off.
"""

from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

import sqlalchemy as sa

from forum.auth.mail import smtp_connection
from forum.extensions import db
from forum.models import User, utcnow
from forum.notices.labels import EmailState


def send_claimed(
    model: Any,
    row_id: int,
    wants: Callable[[User], bool],
    build: Callable[[User, Any], EmailMessage],
) -> None:
    """Email row `row_id` of `model` (with `user_id`, `email_state`, `emailed_at`) once."""
    claimed = db.session.execute(
        sa.update(model)
        .where(model.id == row_id, model.email_state == EmailState.PENDING.value)
        .values(email_state=EmailState.SENDING.value, emailed_at=utcnow())
    ).rowcount
    db.session.commit()
    if not claimed:
        return
    row = db.session.get(model, row_id)
    user = db.session.get(User, row.user_id)
    if user is None or not user.email or not wants(user):
        row.email_state = EmailState.NONE.value
        db.session.commit()
        return
    try:
        with smtp_connection() as smtp:
            smtp.send_message(build(user, row))
    except Exception:
        db.session.rollback()
        db.session.execute(
            sa.update(model)
            .where(model.id == row_id)
            .values(email_state=EmailState.PENDING.value)  # emailed_at: the last try
        )
        db.session.commit()
        raise
    row.email_state = EmailState.SENT.value
    row.emailed_at = utcnow()
    db.session.commit()
