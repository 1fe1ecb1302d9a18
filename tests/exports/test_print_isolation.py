"""Print templates set every embedded name and value apart from the text around it, as the
screen does with <bdi>: in an Arabic agenda a Latin name with initials gained a leading
dot, the venue and its address swapped places and the page numbers read "2 / 1"."""

from __future__ import annotations

import re
from pathlib import Path

from forum.events.exports.pdf import FSI, PDI, isolate
from tests.exports.helpers import pdf_pages_text

PRINT = Path(__file__).resolve().parents[2] / "templates" / "pdf"


def test_a_latin_name_with_initials_keeps_its_dot_in_an_arabic_agenda(
    client, make_event, make_session, db
) -> None:
    event = make_event(texts={"en": "Land defenders"})
    make_session(
        event, texts={"en": "Opening"}, room="Sala 2", speakers=["Marta C.", "J. P. Ortiz"]
    )
    db.session.commit()
    response = client.get(f"/events/{event.slug}/agenda.pdf?lang=ar")
    text = " ".join(pdf_pages_text(response.get_data()))
    assert "Marta C." in text
    assert ".Marta C" not in text


def test_every_value_in_the_agenda_template_is_isolated() -> None:
    """Each <bdi> of the print template (WeasyPrint ignores its isolation) goes through
    the `isolate` filter, which writes the isolate characters the layout honours."""
    source = (PRINT / "agenda.html").read_text(encoding="utf-8")
    contents = re.findall(r"<bdi>(.*?)</bdi>", source)
    assert contents
    assert all("|isolate" in content for content in contents), contents


def test_page_numbers_read_left_to_right() -> None:
    css = (PRINT / "agenda.css").read_text(encoding="utf-8")
    assert 'content: "\\2066" counter(page) " / " counter(pages) "\\2069"' in css


def test_isolate_wraps_only_what_is_there() -> None:
    assert isolate("Casa Verde") == f"{FSI}Casa Verde{PDI}"
    assert isolate(None) == "" and isolate("") == ""
