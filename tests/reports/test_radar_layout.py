"""The radar chart's axis labels: wrapped, cut short if need be, and always inside the drawing.

The results page and its PDF draw the score of each part (or commitment) of a framework on a
radar; the long names used to run off the drawing and be clipped. Here each label line is
measured with the module's estimate, and with DejaVu Sans itself (the PDF's font) when it is
installed, and must lie inside the viewBox, clear of the legend and of the other labels.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mlplatform.reports.charts import (
    ASCENT,
    FONT_SIZE,
    LINE_HEIGHT,
    RADAR_TOP,
    Series,
    format_share,
    radar_chart,
    text_width,
    wrap_label,
)

SVG = "{http://www.w3.org/2000/svg}"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DESCENT = 0.24 * FONT_SIZE
# Commitment names of the ML framework, and worse.
LONG_NAMES = [
    "La gouvernance de la Mission Locale intègre les collectivités, l'Etat et les partenaires "
    "territoriaux économiques, de l'emploi et du social",
    "La Mission Locale assure un service public de proximité pour tous les jeunes de 16 à 25 ans, "
    "et jusqu'à 29 ans pour les jeunes en situation de handicap",
    "La Mission Locale porte une approche globale de l'accompagnement des jeunes vers l'autonomie "
    "et l'emploi",
    "L'action de la Mission Locale est construite sur un diagnostic territorial partagé des besoins "
    "des jeunes",
    "MÉMORANDUMSWWWWWWWWWWWWWWWWWWWWWWWWWWWW",  # one word wider than any line
    "Management et pilotage",
    "L'offre de service de la Mission Locale",
    "Les ressources humaines, la gestion prévisionnelle des emplois et des compétences",
]


def _radar(count: int, names=LONG_NAMES):
    axes = [f"{index + 1}. {names[index % len(names)]}" for index in range(count)]
    return radar_chart(
        "Score par engagement",
        axes,
        [Series("Cette campagne", [100.0] * count), Series("Campagne précédente", [40.0] * count)],
        max_value=100,
        value_format=lambda v: format_share(None if v is None else v / 100, 0),
    )


def _measure():
    """The width of a line: the module's estimate, or the real one when DejaVu Sans is there."""
    if not DEJAVU.exists():
        return text_width
    from PIL import ImageFont

    font = ImageFont.truetype(str(DEJAVU), FONT_SIZE)
    return lambda text: max(font.getlength(text), 0.0)


def _boxes(chart) -> tuple[list[tuple[float, float, float, float, str]], list]:
    """(left, top, right, bottom, text) of every line of text, and the label blocks (lists of lines)."""
    root = ET.fromstring(str(chart.svg))  # noqa: S314 - our own markup
    measure = _measure()
    lines, labels = [], []
    for text in root.iter(f"{SVG}text"):
        anchor = text.get("text-anchor", "start")
        share = {"start": 0.0, "middle": 0.5, "end": 1.0}[anchor]
        rows = list(text.iter(f"{SVG}tspan")) or [text]
        block = []
        for row in rows:
            content = row.text or ""
            x, y = float(row.get("x")), float(row.get("y"))
            estimate, real = text_width(content), measure(content)
            assert real <= estimate + 0.5, f"estimation trop courte pour « {content} »"
            box = (x - estimate * share, y - ASCENT, x + estimate * (1 - share), y + DESCENT, content)
            lines.append(box)
            block.append(box)
        if text.find(f"{SVG}tspan") is not None:
            labels.append(block)
    return lines, labels


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("count", [3, 4, 5, 6, 8])
def test_long_labels_stay_inside_the_viewbox(count):
    chart = _radar(count)
    width, height = chart.width, chart.height
    lines, labels = _boxes(chart)
    assert len(labels) == count
    for left, top, right, bottom, content in lines:
        assert left >= 0 and right <= width, f"« {content} » sort du dessin ({left:.0f} → {right:.0f})"
        assert top >= 0 and bottom <= height, f"« {content} » sort du dessin ({top:.0f} → {bottom:.0f})"
    for block in labels:
        assert len(block) <= 3
        assert all(top >= RADAR_TOP - 2 for _, top, *_ in block), "une étiquette empiète sur la légende"
    for index, block in enumerate(labels):
        for other in labels[index + 1 :]:
            assert not any(_overlap(a, b) for a in block for b in other), "deux étiquettes se chevauchent"


def test_the_circle_keeps_a_useful_size():
    root = ET.fromstring(str(_radar(5).svg))  # noqa: S314 - our own markup
    outer = list(root.iter(f"{SVG}polygon"))[3]  # the fourth ring: the outer one
    xs = [float(point.split(",")[0]) for point in outer.get("points").split()]
    assert max(xs) - min(xs) > 250


def test_names_are_wrapped_then_cut_short_with_an_ellipsis():
    assert wrap_label("Management et pilotage", 150) == ["Management et", "pilotage"]
    lines = wrap_label(LONG_NAMES[0], 150)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(text_width(line) <= 150 for line in lines)
    assert wrap_label("W" * 40, 72)[0].endswith("…")
    assert LINE_HEIGHT > FONT_SIZE


def test_short_names_are_whole():
    chart = radar_chart(
        "Parties", ["Accueil", "Gouvernance", "Pilotage"], [Series("S", [1, 2, 3])], max_value=3
    )
    _, labels = _boxes(chart)
    assert [[line[4] for line in block] for block in labels] == [["Accueil"], ["Gouvernance"], ["Pilotage"]]
