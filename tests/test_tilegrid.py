"""The shared tile-grid map (forum/tilegrid.py, templates/_tilegrid.html): a hatched
country is hatched whatever class a feature gives it, and a map without links is one
picture while a map with links exposes the linked tiles only."""

from __future__ import annotations

from flask import render_template_string

from forum import tilegrid

MACRO = '{% from "_tilegrid.html" import tile_grid %}{{ tile_grid(grid, "t", "m") }}'


def test_a_hatched_country_is_never_coloured(app) -> None:  # noqa: ANN001
    grid = tilegrid.layout(
        {"CO": "tile-5", "KE": "tile-2"}, {"CO": "Colombia: <5"}, {}, hatched={"CO"}
    )
    colombia = next(t for t in grid.tiles if t.code == "CO")
    assert colombia.hatched and colombia.css_class == tilegrid.HATCHED_CLASS
    with app.test_request_context():
        svg = render_template_string(MACRO, grid=grid)
    assert 'id="m"' in svg and 'role="img"' in svg and 'id="tg-hatch"' in svg
    line = next(line for line in svg.splitlines() if ">CO<" in line)
    assert line.startswith('<g class="tile tile-suppressed"><title>Colombia: &lt;5</title>')
    assert 'fill="url(#tg-hatch)"' in line and "tile-5" not in line
    kenya = next(line for line in svg.splitlines() if ">KE<" in line)
    assert 'class="tile tile-2"' in kenya and "tg-hatch" not in kenya


def test_links_make_a_group_and_hide_the_other_tiles(app) -> None:  # noqa: ANN001
    grid = tilegrid.layout({"MX": "tile-s4"}, {"MX": "Mexico: in force"}, {"MX": "/mx"})
    with app.test_request_context():
        svg = render_template_string(MACRO, grid=grid)
    assert 'role="group"' in svg and "tg-hatch" not in svg
    link = '<a href="/mx" aria-label="MX · Mexico: in force"><g class="tile tile-s4">'
    assert link in svg
    peru = next(line for line in svg.splitlines() if ">PE<" in line)
    assert peru.startswith('<g class="tile tile-none" aria-hidden="true">')
