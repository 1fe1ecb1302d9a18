"""Translated names of a letter request's states."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from forum.letters.models import LetterStatus

STATUS_LABELS = {
    LetterStatus.REQUESTED.value: _l("Waiting for the issuer"),
    LetterStatus.ISSUED.value: _l("Issued"),
    LetterStatus.DECLINED.value: _l("Declined"),
}
