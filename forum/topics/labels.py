"""Names of the kinds of topic, translated."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "region": _l("Region"),
    "country": _l("Country"),
    "risk": _l("Risk"),
    "group": _l("Defenders"),
}
