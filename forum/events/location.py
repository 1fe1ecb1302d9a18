"""Where an event happens, as one viewer may know it.

This is the only way pages, feeds and exports learn an event's venue or online link:
`location_for` asks `forum.security` whether the viewer may see a confidential
location and, if not, leaves the venue name, address and link out of the result
altogether, so no template or export can print them by mistake.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from forum.events.models import Event
from forum.security import can
from forum.taxonomy import country_name

LIST_SEPARATORS = {"ar": "، "}
CONFIDENTIAL_NOTICE = _l("The exact location is shared with confirmed participants.")


@dataclass(frozen=True, slots=True)
class LocationView:
    """What one viewer may know about an event's location."""

    city: str | None
    country: str | None
    in_person: bool
    online: bool
    confidential: bool
    revealed: bool
    venue_name: str | None = None
    venue_address: str | None = None
    online_url: str | None = None

    @property
    def withheld(self) -> bool:
        """True when something exists that this viewer is not shown."""
        return self.confidential and not self.revealed

    @property
    def notice(self) -> str | None:
        return str(CONFIDENTIAL_NOTICE) if self.withheld else None

    def place(self, locale: str | None = None) -> str:
        """City and country, e.g. "Bogotá, Colombia" — never the venue; safe anywhere."""
        locale = locale or str(get_locale())
        parts = [self.city or ""]
        if self.country:
            parts.append(country_name(self.country, locale))
        return LIST_SEPARATORS.get(locale, ", ").join(part for part in parts if part)


def location_for(event: Event, viewer: Any, *, with_venue: bool = True) -> LocationView:
    """The event's location as `viewer` (possibly anonymous) may see it.

    The venue columns are only read (and so decrypted) when the viewer may see them and
    the page shows them: lists and cards pass `with_venue=False`.
    """
    revealed = can(viewer, "event.see_location", event)
    common = {
        "city": event.city,
        "country": event.country,
        "in_person": bool(event.city or event.country),
        "online": event.has_online_link,
        "confidential": bool(event.location_confidential),
        "revealed": revealed,
    }
    if not (revealed and with_venue):
        return LocationView(**common)
    venue_name, venue_address = event.venue_name, event.venue_address
    common["in_person"] = common["in_person"] or bool(venue_name or venue_address)
    return LocationView(
        **common,
        venue_name=venue_name,
        venue_address=venue_address,
        online_url=event.online_url,
    )
