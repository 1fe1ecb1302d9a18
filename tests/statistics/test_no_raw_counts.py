"""No published aggregate bypasses forum.statistics: a check of the code's shape.

Features that publish aggregates are listed in `PUBLISHERS` (a new one, such as attack
patterns, adds its package and templates). In them:

* every SQL `count(...)` sits in a module that turns counts into `Tally` objects, and
  every such count is paired with `key_sum(...)` in the same statement;
* templates never format a number themselves (`format_number`, `|length` as output):
  they print `DisplayCell.text`, which only `statistics.display.Formatter` writes.

It cannot prove that no raw count leaks (a count could travel in a variable), but it
turns the usual way of adding one by mistake into a failing test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from forum import ROOT

#: (package, template folder) of every feature that publishes counts.
PUBLISHERS = [
    ("forum/insights", "templates/insights"),
    ("forum/events/feedback", "templates/feedback"),
]
for optional in ("attacks",):
    if (Path(ROOT) / "forum" / optional).is_dir():
        PUBLISHERS.append((f"forum/{optional}", f"templates/{optional}"))

COUNT = re.compile(r"func\.count\(")
STATEMENT_END = re.compile(r"\n\s*\n")


def python_files() -> list[Path]:
    return [p for package, _ in PUBLISHERS for p in sorted((Path(ROOT) / package).rglob("*.py"))]


def template_files() -> list[Path]:
    return [
        p
        for _, folder in PUBLISHERS
        if (Path(ROOT) / folder).is_dir()
        for p in sorted((Path(ROOT) / folder).rglob("*.html"))
    ]


@pytest.mark.parametrize("path", python_files(), ids=str)
def test_counts_become_tallies_with_their_keys(path: Path):
    text = path.read_text(encoding="utf-8")
    counts = list(COUNT.finditer(text))
    if not counts:
        return
    assert "Tally" in text, f"{path}: counts without forum.statistics.figures.Tally"
    for match in counts:
        # the statement around the count: up to the next blank line either way
        start = text.rfind("\n\n", 0, match.start())
        end = STATEMENT_END.search(text, match.end())
        statement = text[start : end.start() if end else len(text)]
        assert "key_sum(" in statement, f"{path}: a count without its record keys"


@pytest.mark.parametrize("path", template_files(), ids=str)
def test_templates_print_published_figures_only(path: Path):
    text = path.read_text(encoding="utf-8")
    assert "format_number" not in text, f"{path}: formats a number itself"
    assert not re.search(r"\{\{[^}]*\|\s*length\s*[}|]", text), f"{path}: prints a length"
    assert not re.search(r"\{\{[^}]*\.count\b", text), f"{path}: prints a raw count"


def test_the_checks_see_the_publishers():
    assert python_files() and template_files()
