"""Words of the messages pages: whom a message goes to."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from forum.events.registration.labels import STATUS_LABELS

EVERYONE_COMING = _l("Everyone still coming (approved, awaiting approval, waiting list)")

CHECKED_IN_LABELS = {
    "": _l("Checked in or not"),
    "yes": _l("Only people checked in"),
    "no": _l("Only people not checked in yet"),
}

__all__ = ["CHECKED_IN_LABELS", "EVERYONE_COMING", "STATUS_LABELS"]
