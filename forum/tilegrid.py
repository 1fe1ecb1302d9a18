"""A world map as a grid of equal tiles, one per country, drawn on the server as SVG.

Shared by every feature that shows something per country (the observatory's strongest
status in force; attack patterns' published figures): a feature gives each country a
class (its colour, from our stylesheet), a label and, if it has a page, a link; the
renderer places the tiles and `templates/_tilegrid.html` draws them. No tiles or scripts
from another origin, no geography to download: a few kilobytes in the page itself.

A country whose figure is suppressed ("<5") is `hatched`: the template fills its tile
with a hatch pattern set on the tile itself, so no colour class can ever paint it with a
value. Every tile is a `<g class="tile …">` holding its label as `<title>`.

Tiles are grouped by the taxonomy's regions (the same five regions every figure uses),
in rows of `COLUMNS`, countries in alphabetical order of their ISO code within a region
so the grid does not move when the reader's language changes. Equal tiles give a small
country the same weight as a large one, which is what a map of laws should do.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from forum import taxonomy

COLUMNS = 12
TILE = 30  # px, in the SVG's own units
GAP = 2
HEADING = 22  # room above each region for its name
HATCHED_CLASS = "tile-suppressed"


@dataclass(frozen=True)
class Tile:
    code: str
    x: int
    y: int
    css_class: str
    label: str
    url: str | None
    hatched: bool = False


@dataclass(frozen=True)
class RegionBand:
    code: str
    name: str
    y: int


@dataclass(frozen=True)
class Grid:
    width: int
    height: int
    tile: int
    regions: list[RegionBand]
    tiles: list[Tile]

    @property
    def has_links(self) -> bool:
        return any(t.url for t in self.tiles)

    @property
    def has_hatched(self) -> bool:
        return any(t.hatched for t in self.tiles)


def layout(
    classes: dict[str, str],
    labels: dict[str, str],
    urls: dict[str, str],
    *,
    empty_class: str = "tile-none",
    empty_label: str = "",
    hatched: Collection[str] = (),
) -> Grid:
    """Place every country; those missing from `classes` get `empty_class`.

    `labels` are full sentences for screen readers and tooltips ("Colombia: in force");
    countries without one get their name followed by `empty_label`. Countries in
    `hatched` are drawn hatched, with `HATCHED_CLASS` whatever `classes` says.
    """
    step = TILE + GAP
    regions: list[RegionBand] = []
    tiles: list[Tile] = []
    y = 0
    for region, region_name in taxonomy.REGIONS.items():
        codes = sorted(taxonomy.countries_in(region))
        regions.append(RegionBand(region, str(region_name), y))
        y += HEADING
        for index, code in enumerate(codes):
            row, column = divmod(index, COLUMNS)
            tiles.append(
                Tile(
                    code=code,
                    x=column * step,
                    y=y + row * step,
                    css_class=HATCHED_CLASS if code in hatched else classes.get(code, empty_class),
                    label=labels.get(code)
                    or f"{taxonomy.country_name(code)}{empty_label and ': ' + empty_label}",
                    url=urls.get(code),
                    hatched=code in hatched,
                )
            )
        y += -(-len(codes) // COLUMNS) * step + GAP
    return Grid(width=COLUMNS * step - GAP, height=y, tile=TILE, regions=regions, tiles=tiles)
