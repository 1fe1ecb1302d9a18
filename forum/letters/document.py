"""The invitation letter: the words in the registrant's language, then PDF bytes.

`letter_document` decides every string (under the letter's own locale, whatever the
page's); `letter_html` and `letter_pdf` are pure, data in, bytes out, rendered by
WeasyPrint with our bundled fonts only (`forum.events.exports.pdf`). Arabic letters are
laid out right to left. The place is the event's city and country, never a confidential
venue: a letter travels to consulates and airline desks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from babel.dates import format_date
from flask_babel import force_locale
from flask_babel import gettext as _

from forum import taxonomy
from forum.events.exports.badges.render import text_direction
from forum.events.exports.pdf import TEMPLATES_DIR, html_to_pdf, template_env
from forum.letters.models import LetterRequest

RTL_LOCALES = frozenset({"ar"})


@dataclass(frozen=True)
class LetterDocument:
    lang: str
    direction: str
    organisation: str
    address: str
    date_line: str
    reference: str
    title: str
    greeting: str
    paragraphs: tuple[str, ...]
    closing: str
    signatory: str
    signatory_title: str

    def dir_of(self, text: str) -> str:
        """The direction of a letterhead line (WeasyPrint has no `dir="auto"`)."""
        return text_direction(text, "rtl" if self.direction == "rtl" else "ltr")


def _isolated(value: str, rtl: bool) -> str:
    """A person's own words inside a sentence of the other direction: isolated (FSI …
    PDI), so "Rue de la Paix 12" or a passport number keep their order in Arabic."""
    return f"\u2068{value}\u2069" if rtl and value else value


def _day(value: str | date | None, locale: str) -> str:
    if not value:
        return ""
    day = value if isinstance(value, date) else date.fromisoformat(value)
    return format_date(day, format="long", locale=locale)


def letter_document(
    request: LetterRequest, settings: dict[str, Any], today: date
) -> LetterDocument:
    """Every string of one letter, in the language the registrant asked in."""
    locale = request.locale or "en"
    event = request.event
    text = event.text_for(locale)
    title = text.title if text else event.slug
    rtl = locale in RTL_LOCALES
    organisation = settings["FORUM_LETTER_ORGANISATION"]
    with force_locale(locale):
        place = ", ".join(
            part
            for part in (
                event.city or "",
                taxonomy.country_name(event.country, locale) if event.country else "",
            )
            if part
        )
        paragraphs = [
            _(
                "%(organisation)s invites %(name)s, born on %(birth)s, nationality: "
                "%(country)s, holder of passport number %(passport)s valid until %(expiry)s, "
                "to take part in “%(event)s”.",
                organisation=_isolated(organisation, rtl),
                name=_isolated(request.legal_name or "", rtl),
                country=taxonomy.country_name(request.nationality or "", locale),
                birth=_day(request.birth_date, locale),
                passport=_isolated(request.passport_number or "", rtl),
                expiry=_day(request.passport_expiry, locale),
                event=_isolated(title, rtl),
            ),
            (
                _(
                    "The event takes place in %(place)s from %(start)s to %(end)s.",
                    place=_isolated(place, rtl),
                    start=_day(event.starts_at.date(), locale),
                    end=_day(event.ends_at.date(), locale),
                )
                if place
                else _(
                    "The event takes place from %(start)s to %(end)s.",
                    start=_day(event.starts_at.date(), locale),
                    end=_day(event.ends_at.date(), locale),
                )
            ),
        ]
        if request.purpose:
            paragraphs.append(
                _(
                    "Details of the visit: %(details)s",
                    details=_isolated(request.purpose, rtl),
                )
            )
        paragraphs.append(
            _(
                "We kindly ask the authorities concerned to grant the visa needed to attend. "
                "This letter is not a commitment to cover any costs."
            )
        )
        if settings.get("FORUM_LETTER_CONTACT"):
            paragraphs.append(
                _(
                    "To confirm this invitation, please contact %(contact)s.",
                    contact=_isolated(settings["FORUM_LETTER_CONTACT"], rtl),
                )
            )
        return LetterDocument(
            lang=locale,
            direction="rtl" if rtl else "ltr",
            organisation=organisation,
            address=settings.get("FORUM_LETTER_ADDRESS", ""),
            date_line=_day(today, locale),
            reference=_("Reference: %(number)s", number=f"{event.id}-{request.id}"),
            title=_("Invitation letter"),
            greeting=_("To whom it may concern,"),
            paragraphs=tuple(paragraphs),
            closing=_("Yours faithfully,"),
            signatory=settings.get("FORUM_LETTER_SIGNATORY", "") or organisation,
            signatory_title=settings.get("FORUM_LETTER_SIGNATORY_TITLE", ""),
        )


@lru_cache(maxsize=1)
def letter_css() -> str:
    return (TEMPLATES_DIR / "letter.css").read_text(encoding="utf-8")


def letter_html(doc: LetterDocument) -> str:
    return template_env().get_template("letter.html").render(doc=doc)


def letter_pdf(doc: LetterDocument) -> bytes:
    return html_to_pdf(letter_html(doc), letter_css())
