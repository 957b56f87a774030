"""The SVG chart module: valid, accessible SVG with its data table; French number formats."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string

from mlplatform.reports.charts import (
    NBSP,
    Series,
    bar_chart,
    format_change,
    format_number,
    format_rate,
    format_share,
    grouped_bar_chart,
    line_chart,
    radar_chart,
)

SVG = "{http://www.w3.org/2000/svg}"


def _parse(chart) -> ET.Element:
    root = ET.fromstring(str(chart.svg))  # noqa: S314 - our own markup
    assert root.tag == f"{SVG}svg"
    return root


def _texts(root: ET.Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def _charts():
    return [
        bar_chart(
            "Niveaux de qualification",
            ["Sans diplôme", "CAP ou BEP", "Baccalauréat", "Études supérieures"],
            [0.505, 0.171, 0.26, 0.064],
            value_format=format_share,
            max_value=1.0,
        ),
        grouped_bar_chart(
            "Entrées en dispositif",
            ["CEJ", "GJ", "PACEA"],
            [Series("2021", [9000, 4000, 120]), Series("2022", [12022, 1905, None])],
        ),
        line_chart("Jeunes accompagnés", ["2021", "2022"], [Series("Jeunes", [53131, 50687])]),
        radar_chart(
            "Auto-évaluation par partie",
            ["Gouvernance", "Accueil", "Accompagnement", "Partenariats"],
            [Series("Auto-évaluation", [3, 2.5, 4, 1]), Series("Audit", [2, 3, None, 1])],
            max_value=4,
        ),
    ]


@pytest.mark.parametrize("index", range(4))
def test_chart_is_valid_accessible_svg(index):
    chart = _charts()[index]
    root = _parse(chart)
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text == chart.title
    assert desc is not None and desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    # Strict CSP: presentation attributes only, never a style attribute or element.
    assert "style=" not in chart.svg and "<style" not in chart.svg and "<script" not in chart.svg
    assert root.get("viewBox") == f"0 0 {chart.width} {chart.height}"


def test_bar_values_are_written_not_only_drawn():
    chart = _charts()[0]
    texts = _texts(_parse(chart))
    assert f"50,5{NBSP}%" in texts and "Sans diplôme" in texts
    bars = list(_parse(chart).iter(f"{SVG}rect"))
    assert len(bars) == 4
    widths = [float(bar.get("width")) for bar in bars]
    assert widths[0] > widths[2] > widths[1] > widths[3]  # proportional to the values
    assert chart.table.rows[0] == ("Sans diplôme", [f"50,5{NBSP}%"])


def test_series_differ_by_pattern_and_a_missing_value_is_said():
    chart = _charts()[1]
    root = _parse(chart)
    patterns = list(root.iter(f"{SVG}pattern"))
    assert len(patterns) == 1  # the second series is hatched, the first solid
    fills = {rect.get("fill") for rect in root.iter(f"{SVG}rect") if rect.get("height") == "14"}
    assert f"url(#{patterns[0].get('id')})" in fills and "#1b3a6b" in fills
    assert "—" in _texts(root)  # PACEA 2022 is missing: said, not drawn as zero
    assert chart.table.columns == ["2021", "2022"]
    assert chart.table.rows[0] == ("CEJ", [f"9{NBSP}000", f"12{NBSP}022"])
    assert chart.table.rows[2] == ("PACEA", ["120", "—"])


def test_line_and_radar_mark_points_with_shapes_and_values():
    line = _parse(_charts()[2])
    assert len(list(line.iter(f"{SVG}circle"))) == 3  # the legend's marker and one per point
    assert f"50{NBSP}687" in _texts(line)
    radar = _charts()[3]
    root = _parse(radar)
    # Two series: circles for the first, squares for the second (3 values, one missing).
    groups = list(root.iter(f"{SVG}g"))
    assert len(groups) == 7
    assert radar.table.rows[2] == ("Accompagnement", ["4", "—"])
    with pytest.raises(ValueError):
        radar_chart("Deux axes", ["A", "B"], [Series("S", [1, 2])], max_value=4)


def test_text_is_escaped():
    chart = bar_chart("<script>alert(1)</script>", ["A & B <i>"], [3])
    assert "<script>" not in chart.svg and "&lt;script&gt;" in chart.svg
    assert "A &amp; B &lt;i&gt;" in chart.svg
    ET.fromstring(str(chart.svg))  # noqa: S314 - our own markup


def test_mismatched_values_are_refused():
    with pytest.raises(ValueError):
        grouped_bar_chart("Titre", ["A", "B"], [Series("S", [1])])
    with pytest.raises(ValueError):
        bar_chart("Titre", ["A"], [1], extra_columns=[("Nombre", ["1", "2"])])


def test_include_renders_the_chart_and_its_table():
    chart = bar_chart(
        "Logement", ["Autonome", "Famille"], [10, 30], extra_columns=[("Part", ["25 %", "75 %"])]
    )
    html = render_to_string("charts/chart.html", {"chart": chart})
    assert html.count("<svg") == 1 and "<table>" in html
    assert "<caption>Logement (données)</caption>" in html
    assert '<th scope="row">Famille</th><td class="num">30</td><td class="num">75 %</td>' in html


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (format_number(50687), f"50{NBSP}687"),
        (format_number(530558.5, 1), f"530{NBSP}558,5"),
        (format_number(-1234567), f"-1{NBSP}234{NBSP}567"),
        (format_number(None), "—"),
        (format_share(0.368), f"36,8{NBSP}%"),
        (format_share(0.12), f"12,0{NBSP}%"),
        (format_share(0.00049), f"0,0{NBSP}%"),
        (format_share(0.0645), f"6,5{NBSP}%"),  # half up, not to even
        (format_rate(12022 / 11131), f"108{NBSP}%"),
        (format_rate(0.995), f"100{NBSP}%"),
        (format_change(-0.046), f"-4,6{NBSP}%"),
        (format_change(0.128), f"+12,8{NBSP}%"),
        (format_change(0.0), f"0,0{NBSP}%"),
        (format_change(None), "—"),
    ],
)
def test_french_formats(value, expected):
    assert value == expected
