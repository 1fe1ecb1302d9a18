"""Macros read the language from a function, never from the page's context: a macro
imported from another template does not see the context processor's values, so a title
picked with `locale` there silently fell back to the event's default language."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from jinja2 import nodes

from forum.models import Role
from tests.registration.factories import create_event

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
# What the app's context processor gives a page (forum/__init__.py, layout_context).
CONTEXT_ONLY = {"locale", "direction", "locales", "current_path"}


def test_no_macro_reads_a_context_only_value(app: Flask) -> None:
    wrong = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        tree = app.jinja_env.parse(path.read_text(encoding="utf-8"))
        for macro in tree.find_all(nodes.Macro):
            own = {arg.name for arg in macro.args}
            own |= {n.name for n in macro.find_all(nodes.Name) if n.ctx == "store"}
            for name in macro.find_all(nodes.Name):
                if name.ctx == "load" and name.name in CONTEXT_ONLY - own:
                    wrong.append(f"{path.relative_to(TEMPLATES)}: {macro.name} reads {name.name}")
    assert not wrong, "\n".join(sorted(set(wrong)))


def test_a_spanish_organizer_reads_the_spanish_title(client, db, login_as) -> None:
    organizer = login_as("lucia", Role.ORGANIZER, locale="es")
    event = create_event(1, [organizer], title="Protection seminar")
    from forum.events.models import EventText

    event.texts.append(EventText(locale="es", title="Seminario de protección", summary=""))
    db.session.commit()
    for path in ("manage/registrations", "manage/questions", "manage/audit", "manage/badges"):
        page = client.get(f"/events/{event.slug}/{path}").get_data(as_text=True)
        assert "Seminario de protección" in page, path
        assert "Protection seminar" not in page, path
