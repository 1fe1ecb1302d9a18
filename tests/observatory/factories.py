"""Observatory rows made through the services, for tests and the authorization matrix."""

from __future__ import annotations

from datetime import date

from forum.extensions import db
from forum.observatory import services
from forum.observatory.models import Element, Instrument


def create_instrument(
    country: str = "CO",
    *,
    title: str = "Protection programme for defenders",
    status: str = "adopted",
    status_on: date = date(2020, 5, 1),
    kind: str = "mechanism",
    level: str = "national",
    original_language: str = "es",
    original_title: str = "Programa de protección",
    actor=None,  # noqa: ANN001
) -> Instrument:
    instrument = services.create_instrument(
        actor,
        services.InstrumentInput(
            country=country,
            level=level,
            kind=kind,
            original_language=original_language,
            original_title=original_title,
            authority="Ministry of the Interior",
            adopted_on=status_on,
            sources=[("https://example.org/decree", "Official gazette")],
        ),
        services.TextInput("en", title, "What it does."),
        status=status,
        status_on=status_on,
        note="First recorded.",
    )
    db.session.flush()
    return instrument


def matrix_things() -> dict[str, int]:
    """An instrument with two steps and the default checklist (for every route's URL)."""
    services.ensure_default_checklist()
    instrument = create_instrument()
    change = services.add_status_change(
        None, instrument, "in_force", date(2021, 1, 1), {"en": "Entered into force."}
    )
    element = db.session.scalars(db.select(Element).order_by(Element.id)).first()
    db.session.commit()
    return {
        "instrument_id": instrument.id,
        "change_id": change.id,
        "element_id": element.id,
        "code": "CO",
    }
