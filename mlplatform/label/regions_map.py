"""A schematic map of the regions (one tile per region), shaded by the share of labelled structures.

Drawn on the server as SVG with the helpers of ``mlplatform.reports.charts`` and returned as a
``charts.Chart`` (kind "map"), so ``{% include "charts/chart.html" %}`` shows it with its data
table. Accessible like every chart: ``role="img"`` with a title and a description giving every
value; each tile shows its region's name and value, carries a ``<title>``; shades differ by
pattern (dots, hatching, cross-hatching, solid) and not by colour alone.

The 13 metropolitan regions are laid out roughly where they are; the overseas regions are a row
of their own; a region the layout does not know (a new name, test data) gets a tile in a last row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from mlplatform.frameworks.search import fold
from mlplatform.reports.charts import (
    Chart,
    ChartTable,
    _el,
    _svg,
    _text,
    format_number,
    format_share,
)

TILE_W, TILE_H, GAP = 150, 92, 8
INSET = 13  # the shaded frame around the white band of text
LEFT, TOP = 10, 10
INK = "#1b3a6b"
MUTED = "#767676"


@dataclass(frozen=True)
class Tile:
    name: str
    column: float
    row: float
    lines: tuple[str, ...]  # the name as written on the tile


# Rough geography: north at the top, Brittany on the left, Corsica apart in the south-east.
METROPOLE: tuple[Tile, ...] = (
    Tile("Hauts-de-France", 2, 0, ("Hauts-de-France",)),
    Tile("Normandie", 1, 1, ("Normandie",)),
    Tile("Île-de-France", 2, 1, ("Île-de-France",)),
    Tile("Grand Est", 3, 1, ("Grand Est",)),
    Tile("Bretagne", 0, 2, ("Bretagne",)),
    Tile("Pays de la Loire", 1, 2, ("Pays de la Loire",)),
    Tile("Centre-Val de Loire", 2, 2, ("Centre-Val", "de Loire")),
    Tile("Bourgogne-Franche-Comté", 3, 2, ("Bourgogne-", "Franche-Comté")),
    Tile("Nouvelle-Aquitaine", 1, 3, ("Nouvelle-", "Aquitaine")),
    Tile("Auvergne-Rhône-Alpes", 2.5, 3, ("Auvergne-", "Rhône-Alpes")),
    Tile("Occitanie", 1.5, 4, ("Occitanie",)),
    Tile("Provence-Alpes-Côte d'Azur", 2.5, 4, ("Provence-Alpes-", "Côte d'Azur")),
    Tile("Corse", 3.75, 4.2, ("Corse",)),
)
OVERSEAS_ROW = 5.55
OVERSEAS: tuple[Tile, ...] = tuple(
    Tile(name, index, OVERSEAS_ROW, (name,))
    for index, name in enumerate(("Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte"))
)
OTHERS_ROW = 6.95
COLUMNS = 5


@dataclass(frozen=True)
class RegionShare:
    """The figures of one region: how many structures, how many labelled."""

    name: str
    structures: int
    labelled: int

    @property
    def share(self) -> float | None:
        return self.labelled / self.structures if self.structures else None


@dataclass(frozen=True)
class Shade:
    label: str
    background: str
    pattern: str  # "none", "dots", "hatch", "cross", "solid"


NO_DATA = Shade("Aucune structure", "#ffffff", "none")
SHADES: tuple[Shade, ...] = (
    Shade("0 %", "#ffffff", "none"),
    Shade("moins de 25 %", "#eef2f8", "dots"),
    Shade("de 25 à 50 %", "#d6e2f3", "hatch"),
    Shade("de 50 à 75 %", "#a9c1e4", "cross"),
    Shade("75 % et plus", INK, "solid"),
)


def shade_of(share: float | None) -> Shade:
    if share is None:
        return NO_DATA
    if share <= 0:
        return SHADES[0]
    if share < 0.25:
        return SHADES[1]
    if share < 0.5:
        return SHADES[2]
    if share < 0.75:
        return SHADES[3]
    return SHADES[4]


def _fill(map_id: str, shade: Shade) -> str:
    if shade.pattern in ("none", "solid"):
        return shade.background
    return f"url(#{map_id}-{shade.pattern})"


def _patterns(map_id: str) -> SafeString:
    parts = []
    for shade in SHADES:
        if shade.pattern == "dots":
            mark = _el("circle", cx=4, cy=4, r=1.4, fill=INK)
        elif shade.pattern == "hatch":
            mark = _el("path", d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4", stroke=INK, stroke_width=1.5)
        elif shade.pattern == "cross":
            mark = _el("path", d="M0,0 L8,8 M8,0 L0,8", stroke=INK, stroke_width=1.5)
        else:
            continue
        body = _el("rect", width=8, height=8, fill=shade.background) + mark
        parts.append(
            _el(
                "pattern",
                body,
                id=f"{map_id}-{shade.pattern}",
                width=8,
                height=8,
                patternUnits="userSpaceOnUse",
            )
        )
    return _el("defs", mark_safe("".join(parts)))  # noqa: S308 - format_html results


def _describe(region: RegionShare | None, name: str) -> str:
    if region is None or not region.structures:
        return f"{name} : aucune structure"
    return (
        f"{name} : {format_share(region.share)} des structures labellisées "
        f"({format_number(region.labelled)} sur {format_number(region.structures)})"
    )


def _tile(map_id: str, tile: Tile, region: RegionShare | None) -> SafeString:
    x = LEFT + tile.column * (TILE_W + GAP)
    y = TOP + tile.row * (TILE_H + GAP)
    shade = shade_of(region.share if region else None)
    value = format_share(region.share, 0) if region and region.structures else "—"
    dashed = shade is NO_DATA
    parts = [
        _el("title", _describe(region, tile.name)),
        _el(
            "rect",
            x=x,
            y=y,
            width=TILE_W,
            height=TILE_H,
            rx=4,
            fill=_fill(map_id, shade),
            stroke=MUTED if dashed else INK,
            stroke_width=1.5,
            stroke_dasharray="4 3" if dashed else "",
        ),
        # A white band keeps the text readable on every shade; the frame around it shows the shade.
        _el(
            "rect",
            x=x + INSET,
            y=y + INSET,
            width=TILE_W - 2 * INSET,
            height=TILE_H - 2 * INSET,
            rx=3,
            fill="#ffffff",
            stroke=INK if shade is SHADES[-1] else "",
            stroke_width=1,
        ),
    ]
    line_y = y + 34 if len(tile.lines) > 1 else y + 40
    for line in tile.lines:
        parts.append(_text(x + TILE_W / 2, line_y, line, "middle", font_size=12))
        line_y += 15
    parts.append(_text(x + TILE_W / 2, y + TILE_H - 20, value, "middle", font_size=14, font_weight="bold"))
    return _el("g", mark_safe("".join(parts)))  # noqa: S308 - format_html results


def _legend(map_id: str, y: float, width: float) -> tuple[SafeString, float]:
    """The shades and what they mean; returns the markup and the y of its last line."""
    parts = [_text(LEFT, y, "Part des structures labellisées :", font_weight="bold")]
    y += 24
    cursor = LEFT
    for shade in (*SHADES, NO_DATA):
        step = 30 + len(shade.label) * 6.2 + 16
        if cursor + step > width:
            cursor, y = LEFT, y + 24
        parts.append(
            _el(
                "rect",
                x=cursor,
                y=y - 12,
                width=24,
                height=16,
                fill=_fill(map_id, shade),
                stroke=MUTED if shade is NO_DATA else INK,
                stroke_width=1,
                stroke_dasharray="4 3" if shade is NO_DATA else "",
            )
        )
        parts.append(_text(cursor + 30, y, shade.label, font_size=11))
        cursor += step
    return mark_safe("".join(parts)), y  # noqa: S308 - format_html results


def regions_map(
    regions: Sequence[RegionShare],
    *,
    title: str = "Part des structures labellisées par région",
    map_id: str = "carte-des-regions",
) -> Chart:
    """The tile map of ``regions`` (matched by name, accents and apostrophes aside) and its table."""
    by_name = {fold(region.name): region for region in regions}
    known = {fold(tile.name) for tile in (*METROPOLE, *OVERSEAS)}
    others = [region for region in regions if fold(region.name) not in known]
    other_tiles = tuple(
        Tile(region.name, index % COLUMNS, OTHERS_ROW + index // COLUMNS, (region.name[:20],))
        for index, region in enumerate(others)
    )
    tiles = (*METROPOLE, *OVERSEAS, *other_tiles)
    last_row = max(tile.row for tile in tiles)
    legend_y = TOP + (last_row + 1) * (TILE_H + GAP) + 10
    width = LEFT * 2 + COLUMNS * (TILE_W + GAP)
    parts = [_patterns(map_id)]
    parts.append(
        _text(LEFT, TOP + OVERSEAS_ROW * (TILE_H + GAP) - 6, "Outre-mer", font_size=12, font_weight="bold")
    )
    if other_tiles:
        parts.append(
            _text(
                LEFT,
                TOP + OTHERS_ROW * (TILE_H + GAP) - 6,
                "Autres régions",
                font_size=12,
                font_weight="bold",
            )
        )
    parts += [_tile(map_id, tile, by_name.get(fold(tile.name))) for tile in tiles]
    legend, bottom = _legend(map_id, legend_y, width)
    parts.append(legend)
    height = int(bottom + 12)
    with_data = [region for region in regions if region.structures]
    description = (
        "Carte schématique des régions, une case par région, ombrée selon la part des structures "
        "labellisées. "
        + ("; ".join(_describe(region, region.name) for region in with_data) or "Aucune structure.")
        + "."
    )
    table = ChartTable(
        caption=title,
        corner="Région",
        columns=["Structures", "Labellisées", "Part labellisée"],
        rows=[
            (
                region.name,
                [
                    format_number(region.structures),
                    format_number(region.labelled),
                    format_share(region.share),
                ],
            )
            for region in regions
        ],
    )
    return Chart(
        id=map_id,
        kind="map",
        title=title,
        description=description,
        svg=_svg(map_id, title, description, width, height, mark_safe("".join(parts))),  # noqa: S308
        table=table,
        width=width,
        height=height,
        legend=[shade.label for shade in (*SHADES, NO_DATA)],
    )
