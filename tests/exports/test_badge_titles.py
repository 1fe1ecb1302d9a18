"""A title too long for the badge is cut after two lines with an ellipsis, never mid-word
without a mark (Arabic badges cut a long fallback title silently)."""

from __future__ import annotations

import pytest

from forum.events.exports.badges.render import BadgeEvent
from forum.events.exports.badges.sheets import render_badges

from .helpers import pdf_pages_text

LONG = {
    "ar": "مؤتمر إقليمي طويل جدًا حول حماية المدافعين عن حقوق الإنسان في المناطق الريفية "
    "والمعزولة في أمريكا اللاتينية والكاريبي وأفريقيا وآسيا",
    "en": "Regional convening on the protection of human rights defenders in rural and "
    "isolated communities of Latin America, the Caribbean, Africa and Asia, second edition",
}


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_long_title_ends_with_an_ellipsis(make_badge, lang) -> None:
    direction = "rtl" if lang == "ar" else "ltr"
    event = BadgeEvent(LONG[lang], "12–14 May 2027", direction=direction, lang=lang)
    [text] = pdf_pages_text(render_badges(event, [make_badge()], "a6", workers=0))
    first_lines = text.split("\n")[:2]
    # The print fonts have no "…": WeasyPrint writes three dots (extracted at the left
    # end of an Arabic line, where the line ends when read).
    assert "..." in first_lines[1] or "…" in first_lines[1], first_lines
    assert LONG[lang].split()[-1] not in text


def test_a_short_title_is_whole(make_badge) -> None:
    event = BadgeEvent("Forum 2027", "12–14 May 2027", direction="ltr", lang="en")
    [text] = pdf_pages_text(render_badges(event, [make_badge()], "a6", workers=0))
    assert "Forum 2027" in text and "..." not in text
