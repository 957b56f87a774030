"""The project's one chart module: accessible SVG charts drawn on the server, each with its data table.

A builder (``bar_chart``, ``grouped_bar_chart``, ``line_chart``, ``radar_chart``) returns a
``Chart``: the SVG markup (escaped, safe to print in a template) and a
``ChartTable`` holding the same figures. ``{% include "charts/chart.html" with chart=... %}``
renders both, the table beside the drawing; the same include works in the PDF (WeasyPrint
draws inline SVG).

Accessibility and CSP: the ``<svg>`` has ``role="img"`` with a ``<title>`` and a ``<desc>``;
series are told apart by patterns (solid, hatching, dots, cross-hatching) and marker shapes,
not by colour alone; every bar or point carries its value as text; colours keep at least 3:1
against white for shapes and 4.5:1 for text. Only SVG presentation attributes are used (no
``style`` attribute, no ``<style>`` element), which the strict CSP allows.

Numbers are written the French way: ``format_number`` (``50 687``), ``format_share``
(``36,8 %``), ``format_rate`` (``108 %``), ``format_change`` (``-4,6 %``).
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

NBSP = "\u00a0"
MISSING = "—"

# --------------------------------------------------------------------------------------------
# French number formats


def _round(value: float, digits: int) -> Decimal:
    quantum = Decimal(1).scaleb(-digits)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def format_number(value: float | int | None, digits: int = 0) -> str:
    """``50687`` -> ``50 687``; ``530558.5`` with ``digits=1`` -> ``530 558,5`` (non-breaking spaces)."""
    if value is None:
        return MISSING
    rounded = _round(value, digits)
    sign = "-" if rounded < 0 else ""
    text = f"{abs(rounded):,.{digits}f}"  # 530,558.5
    integer, _, decimals = text.partition(".")
    integer = integer.replace(",", NBSP)
    return f"{sign}{integer},{decimals}" if decimals else f"{sign}{integer}"


def format_share(fraction: float | None, digits: int = 1) -> str:
    """A share given as a fraction, with one decimal: ``0.368`` -> ``36,8 %``."""
    if fraction is None:
        return MISSING
    return f"{format_number(fraction * 100, digits)}{NBSP}%"


def format_rate(fraction: float | None) -> str:
    """A rate of achievement as a whole percent: ``1.0823`` -> ``108 %``."""
    return format_share(fraction, 0)


def format_change(fraction: float | None, digits: int = 1) -> str:
    """A year-over-year change, signed: ``-0.046`` -> ``-4,6 %``, ``0.128`` -> ``+12,8 %``."""
    if fraction is None:
        return MISSING
    text = format_share(fraction, digits)
    return text if text.startswith("-") or _round(fraction * 100, digits) == 0 else f"+{text}"


# --------------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class Series:
    """One named series of values (``None`` for a value that is missing or withheld)."""

    label: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class ChartTable:
    """The figures of a chart as a table: one row per category, one column per series."""

    caption: str
    corner: str
    columns: list[str]
    rows: list[tuple[str, list[str]]]


@dataclass(frozen=True)
class Chart:
    id: str
    kind: str  # "bar", "grouped", "line" or "radar"
    title: str
    description: str
    svg: SafeString
    table: ChartTable
    width: int
    height: int
    legend: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Look:
    """How a series is drawn: a colour, a fill pattern, a line dash and a marker shape."""

    color: str
    pattern: str  # "solid", "hatch", "dots", "cross"
    dash: str  # stroke-dasharray, "" for a plain line
    marker: str  # "circle", "square", "triangle", "diamond"


# Colours with at least 4.5:1 against white (they also colour the value labels' markers).
LOOKS = (
    Look("#1b3a6b", "solid", "", "circle"),
    Look("#b13a0b", "hatch", "6 3", "square"),
    Look("#1d6b35", "dots", "2 3", "triangle"),
    Look("#4a4a4a", "cross", "8 3 2 3", "diamond"),
)
TEXT = "#1e1e1e"
GRID = "#767676"
FONT = "DejaVu Sans, Arial, sans-serif"
FONT_SIZE = 12
CHAR_WIDTH = 6.8  # average width of a character at FONT_SIZE, to size label columns


def look(index: int) -> Look:
    return LOOKS[index % len(LOOKS)]


# --------------------------------------------------------------------------------------------
# SVG helpers (every attribute and text is escaped here, as Django's ``escape`` would: a chart has
# thousands of elements, so this skips its per-call overhead; the output is the same)


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _escaped(value: object) -> str:
    """``value`` escaped unless it is already safe markup (Django's ``conditional_escape``)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value), quote=True)


def _attrs(attrs: dict[str, object]) -> str:
    return "".join(
        f' {key.rstrip("_").replace("_", "-")}="{_escaped(_num(v) if isinstance(v, float) else v)}"'
        for key, v in attrs.items()
        if v is not None and v != ""
    )


def _el(tag: str, content: str | SafeString = "", **attrs: object) -> SafeString:
    if content == "":
        return mark_safe(f"<{tag}{_attrs(attrs)}/>")  # noqa: S308 - tag is a constant, the rest escaped
    return mark_safe(f"<{tag}{_attrs(attrs)}>{_escaped(content)}</{tag}>")  # noqa: S308 - escaped


def _text(x: float, y: float, content: str, anchor: str = "start", **attrs: object) -> SafeString:
    attrs = {"font_size": FONT_SIZE, "fill": TEXT, **attrs}
    return _el("text", content, x=x, y=y, text_anchor=anchor, **attrs)


def _clip(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: max(limit - 1, 1)].rstrip() + "…"


def _patterns(chart_id: str, count: int) -> SafeString:
    """One <pattern> per series look that is not solid."""
    parts = []
    for index in range(count):
        item = look(index)
        pid = f"{chart_id}-motif-{index}"
        if item.pattern == "hatch":
            body = _el("rect", width=8, height=8, fill="#ffffff") + _el(
                "path", d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4", stroke=item.color, stroke_width=2
            )
        elif item.pattern == "dots":
            body = _el("rect", width=8, height=8, fill="#ffffff") + _el(
                "circle", cx=4, cy=4, r=2, fill=item.color
            )
        elif item.pattern == "cross":
            body = _el("rect", width=8, height=8, fill="#ffffff") + _el(
                "path", d="M0,0 L8,8 M8,0 L0,8", stroke=item.color, stroke_width=1.5
            )
        else:
            continue
        parts.append(_el("pattern", body, id=pid, width=8, height=8, patternUnits="userSpaceOnUse"))
    return _el("defs", mark_safe("".join(parts))) if parts else mark_safe("")  # noqa: S308


def _fill(chart_id: str, index: int) -> str:
    item = look(index)
    return item.color if item.pattern == "solid" else f"url(#{chart_id}-motif-{index})"


def _points(pairs: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{_num(round(x, 1))},{_num(round(y, 1))}" for x, y in pairs)


def _marker(shape: str, x: float, y: float, color: str, size: float = 4.5) -> SafeString:
    if shape == "square":
        return _el("rect", x=x - size, y=y - size, width=2 * size, height=2 * size, fill=color)
    big = size + 1
    if shape == "triangle":
        return _el(
            "polygon", points=_points([(x, y - big), (x - big, y + size), (x + big, y + size)]), fill=color
        )
    if shape == "diamond":
        corners = [(x, y - big), (x + big, y), (x, y + big), (x - big, y)]
        return _el("polygon", points=_points(corners), fill=color)
    return _el("circle", cx=x, cy=y, r=size, fill=color)


def _legend(chart_id: str, labels: Sequence[str], x: float, y: float, markers: bool = False) -> SafeString:
    """A horizontal legend: a swatch (pattern or marker and dash) and the label of each series."""
    parts = []
    cursor = x
    for index, label in enumerate(labels):
        item = look(index)
        if markers:
            parts.append(
                _el(
                    "line",
                    x1=cursor,
                    y1=y,
                    x2=cursor + 22,
                    y2=y,
                    stroke=item.color,
                    stroke_width=2,
                    stroke_dasharray=item.dash,
                )
            )
            parts.append(_marker(item.marker, cursor + 11, y, item.color))
        else:
            parts.append(
                _el(
                    "rect",
                    x=cursor,
                    y=y - 7,
                    width=22,
                    height=14,
                    fill=_fill(chart_id, index),
                    stroke=item.color,
                    stroke_width=1,
                )
            )
        parts.append(_text(cursor + 28, y + 4, label))
        cursor += 28 + len(label) * CHAR_WIDTH + 24
    return mark_safe("".join(parts))  # noqa: S308 - parts are escaped markup


def _svg(chart_id: str, title: str, description: str, width: int, height: int, body: str) -> SafeString:
    inner = (
        _el("title", title, id=f"{chart_id}-titre")
        + _el("desc", description, id=f"{chart_id}-desc")
        + mark_safe(body)  # noqa: S308 - body is made of escaped markup
    )
    return _el(
        "svg",
        inner,
        xmlns="http://www.w3.org/2000/svg",
        role="img",
        aria_labelledby=f"{chart_id}-titre {chart_id}-desc",
        viewBox=f"0 0 {width} {height}",
        width=width,
        height=height,
        font_family=FONT,
        class_="chart-svg",
    )


def _chart_id(title: str, chart_id: str | None) -> str:
    return chart_id or "graphique-" + (slugify(title)[:48] or "sans-titre")


def _summary(kind: str, categories: Sequence[str], series: Sequence[Series], fmt: Callable) -> str:
    """A text alternative: every value, so that the drawing says nothing the text does not."""
    parts = []
    for index, category in enumerate(categories):
        values = [
            f"{s.label} {fmt(s.values[index])}" if len(series) > 1 else fmt(s.values[index]) for s in series
        ]
        parts.append(f"{category} : {', '.join(values)}")
    return f"{kind}. " + " ; ".join(parts) + "."


Extra = Sequence[tuple[str, Sequence[str]]]


def _table(
    title: str,
    corner: str,
    categories: Sequence[str],
    series: Sequence[Series],
    fmt: Callable,
    extra_columns: Extra = (),
) -> ChartTable:
    for label, cells in extra_columns:
        if len(cells) != len(categories):
            raise ValueError(f"La colonne « {label} » n'a pas autant de valeurs que de catégories.")
    return ChartTable(
        caption=title,
        corner=corner,
        columns=[s.label for s in series] + [label for label, _ in extra_columns],
        rows=[
            (category, [fmt(s.values[i]) for s in series] + [str(cells[i]) for _, cells in extra_columns])
            for i, category in enumerate(categories)
        ],
    )


def _check(categories: Sequence[str], series: Sequence[Series]) -> None:
    if not series:
        raise ValueError("Un graphique demande au moins une série.")
    for item in series:
        if len(item.values) != len(categories):
            raise ValueError(f"La série « {item.label} » n'a pas autant de valeurs que de catégories.")


def _scale_max(series: Sequence[Series], max_value: float | None) -> float:
    values = [v for s in series for v in s.values if v is not None]
    top = max([*values, 0.0]) if max_value is None else max_value
    return float(top) if top > 0 else 1.0


# --------------------------------------------------------------------------------------------
# Builders


def grouped_bar_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    description: str = "",
    value_format: Callable[[float | None], str] = format_number,
    max_value: float | None = None,
    corner: str = "",
    extra_columns: Extra = (),
    chart_id: str | None = None,
    width: int = 640,
) -> Chart:
    """Horizontal bars, one group per category and one bar per series (e.g. Y-1 and Y)."""
    _check(categories, series)
    cid = _chart_id(title, chart_id)
    n_series = len(series)
    label_chars = min(max((len(c) for c in categories), default=4), 34)
    left = 12 + label_chars * CHAR_WIDTH
    right = 84
    bar_h = 18 if n_series == 1 else 14
    gap = 4
    group_h = n_series * bar_h + (n_series - 1) * gap + 14
    top = 34 if n_series > 1 else 8
    height = int(top + len(categories) * group_h + 8)
    plot_w = width - left - right
    top_value = _scale_max(series, max_value)
    parts: list[str] = []
    if n_series > 1:
        parts.append(_legend(cid, [s.label for s in series], left, 14))
    parts.append(_el("line", x1=left, y1=top - 4, x2=left, y2=height - 6, stroke=GRID, stroke_width=1))
    for ci, category in enumerate(categories):
        group_top = top + ci * group_h
        mid = group_top + (group_h - 14) / 2
        parts.append(_text(left - 8, mid + 4, _clip(category, 34), "end"))
        for si, item in enumerate(series):
            value = item.values[ci]
            y = group_top + si * (bar_h + gap)
            label = value_format(value)
            if value is None:
                parts.append(_text(left + 6, y + bar_h - 4, label))
                continue
            bar_w = max(plot_w * min(float(value), top_value) / top_value, 0.0)
            tooltip = f"{category}{' — ' + item.label if n_series > 1 else ''} : {label}"
            parts.append(
                _el(
                    "rect",
                    _el("title", tooltip),
                    x=left,
                    y=y,
                    width=round(bar_w, 1),
                    height=bar_h,
                    fill=_fill(cid, si),
                    stroke=look(si).color,
                    stroke_width=1,
                )
            )
            parts.append(_text(left + bar_w + 6, y + bar_h - 4, label))
    kind = "Graphique en barres" if n_series == 1 else "Graphique en barres groupées"
    desc = description or _summary(kind, categories, series, value_format)
    body = _patterns(cid, n_series) + mark_safe("".join(parts))  # noqa: S308
    return Chart(
        id=cid,
        kind="bar" if n_series == 1 else "grouped",
        title=title,
        description=desc,
        svg=_svg(cid, title, desc, width, height, body),
        table=_table(title, corner, categories, series, value_format, extra_columns),
        width=width,
        height=height,
        legend=[s.label for s in series],
    )


def bar_chart(
    title: str,
    categories: Sequence[str],
    values: Sequence[float | None],
    *,
    label: str = "Valeur",
    description: str = "",
    value_format: Callable[[float | None], str] = format_number,
    max_value: float | None = None,
    corner: str = "",
    extra_columns: Extra = (),
    chart_id: str | None = None,
    width: int = 640,
) -> Chart:
    """Horizontal bars, one per category (e.g. the share of each qualification level)."""
    return grouped_bar_chart(
        title,
        categories,
        [Series(label, values)],
        description=description,
        value_format=value_format,
        max_value=max_value,
        corner=corner,
        extra_columns=extra_columns,
        chart_id=chart_id,
        width=width,
    )


def _nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round tick values from 0 to at least ``top``."""
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [step * i for i in range(math.ceil(top / step) + 1)]


def line_chart(
    title: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    *,
    description: str = "",
    value_format: Callable[[float | None], str] = format_number,
    axis_format: Callable[[float | None], str] | None = None,
    corner: str = "",
    extra_columns: Extra = (),
    chart_id: str | None = None,
    width: int = 640,
    height: int = 300,
) -> Chart:
    """Lines over ordered x labels (years...), one per series, each point labelled with its value."""
    _check(x_labels, series)
    cid = _chart_id(title, chart_id)
    axis_format = axis_format or value_format
    ticks = _nice_ticks(_scale_max(series, None))
    top_value = ticks[-1]
    tick_chars = max(len(axis_format(t)) for t in ticks)
    left, right, top, bottom = 16 + tick_chars * CHAR_WIDTH, 40, 44, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    parts: list[str] = [_legend(cid, [s.label for s in series], left, 14, markers=True)]
    for tick in ticks:
        y = top + plot_h - plot_h * tick / top_value
        parts.append(_el("line", x1=left, y1=y, x2=width - right, y2=y, stroke=GRID, stroke_width=0.5))
        parts.append(_text(left - 6, y + 4, axis_format(tick), "end"))
    n = len(x_labels)
    step = plot_w / (n - 1) if n > 1 else 0
    xs = [left + (step * i if n > 1 else plot_w / 2) for i in range(n)]
    for x, label in zip(xs, x_labels, strict=True):
        parts.append(_text(x, height - bottom + 20, _clip(label, 16), "middle"))
    for si, item in enumerate(series):
        style = look(si)
        points = [
            (x, top + plot_h - plot_h * float(v) / top_value, v)
            for x, v in zip(xs, item.values, strict=True)
            if v is not None
        ]
        if len(points) > 1:
            parts.append(
                _el(
                    "polyline",
                    points=" ".join(f"{_num(round(x, 1))},{_num(round(y, 1))}" for x, y, _ in points),
                    fill="none",
                    stroke=style.color,
                    stroke_width=2.5,
                    stroke_dasharray=style.dash,
                )
            )
        for x, y, v in points:
            parts.append(_marker(style.marker, round(x, 1), round(y, 1), style.color))
            parts.append(_text(round(x, 1), round(y - 10, 1), value_format(v), "middle"))
    desc = description or _summary("Graphique en lignes", x_labels, series, value_format)
    return Chart(
        id=cid,
        kind="line",
        title=title,
        description=desc,
        svg=_svg(cid, title, desc, width, height, mark_safe("".join(parts))),  # noqa: S308
        table=_table(title, corner, x_labels, series, value_format, extra_columns),
        width=width,
        height=height,
        legend=[s.label for s in series],
    )


# Text measures for laying out labels that must stay inside the drawing. The estimate is generous:
# DejaVu Sans (the first font of FONT, and the PDF's) is the widest of the fonts a reader may get.
LINE_HEIGHT = FONT_SIZE + 3
ASCENT = 0.95 * FONT_SIZE  # from the top of a line to its baseline
_NARROW = frozenset("fijlrtI.,;:'’!|()[] -")
_WIDE = frozenset("mwMWŒœ@%")


def text_width(text: str, font_size: float = FONT_SIZE) -> float:
    """An upper estimate of the width of ``text`` in pixels."""
    ems = sum(
        0.42 if char in _NARROW else 1.0 if char in _WIDE else 0.78 if char.isupper() else 0.64
        for char in text
    )
    return ems * font_size


def _fit(text: str, width: float, cut: bool = False) -> str:
    """``text``, or its beginning and "…" when it is wider than ``width`` (or when ``cut``)."""
    if not cut and text_width(text) <= width:
        return text
    while text and text_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip(" ,;:-—") + "…"


def wrap_label(label: str, width: float, max_lines: int = 3) -> list[str]:
    """The words of ``label`` on at most ``max_lines`` lines no wider than ``width`` pixels."""
    lines: list[str] = []
    for word in label.split():
        if lines and text_width(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    lines = [_fit(line, width) for line in lines] or [""]
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], _fit(lines[max_lines - 1], width, cut=True)]
    return lines


@dataclass(frozen=True)
class _RadarLayout:
    cx: float
    cy: float
    radius: float
    labels: list[list[str]]  # the lines of each axis label


RADAR_MARGIN = 4
RADAR_TOP = 28  # below the legend
RADAR_MIN_RADIUS = 90
RADAR_LABEL_WIDTHS = (150, 120, 96, 72)  # tried in turn until the circle is large enough


def _radar_angle(index: int, count: int) -> float:
    return -math.pi / 2 + 2 * math.pi * index / count


def _radar_anchor(cos: float) -> tuple[str, float]:
    """The text-anchor of a label and the share of its width left of its anchor point."""
    if abs(cos) < 0.25:
        return "middle", 0.5
    return ("start", 0.0) if cos > 0 else ("end", 1.0)


def _radar_gap(sin: float) -> float:
    """Space between the outer ring and a label (more at the top, where the scale is written)."""
    return 18 if sin < -0.8 else 10


def _radar_radius(labels: list[list[str]], width: int, height: int) -> tuple[float, float]:
    """The smallest and the largest radius for which every label block stays inside the drawing.

    Each label is a block of lines placed beyond the end of its axis; its left and top edges
    move along the axis as the radius grows: ``edge = base + (radius + gap) * cos (or sin)``.
    """
    top, bottom = RADAR_TOP, height - RADAR_MARGIN
    left, right = RADAR_MARGIN, width - RADAR_MARGIN
    cx, cy = width / 2, (top + bottom) / 2
    low, high = 0.0, min(right - cx, cy - top)
    for index, lines in enumerate(labels):
        angle = _radar_angle(index, len(labels))
        cos, sin = math.cos(angle), math.sin(angle)
        gap = _radar_gap(sin)
        w, h = max(text_width(line) for line in lines), len(lines) * LINE_HEIGHT
        _, share = _radar_anchor(cos)
        for base, coef, lowest, highest in (
            (cx - w * share, cos, left, right - w),
            (cy - h * (1 - sin) / 2, sin, top, bottom - h),
        ):
            if abs(coef) < 1e-9:
                if not lowest <= base <= highest:
                    high = -1.0
                continue
            ends = sorted(((lowest - base) / coef - gap, (highest - base) / coef - gap))
            low, high = max(low, ends[0]), min(high, ends[1])
    return low, high


def _radar_layout(axes: Sequence[str], width: int, height: int) -> _RadarLayout:
    """Centre and radius of the circle, and the axis labels wrapped, every label inside the drawing.

    Narrower lines are tried in turn while the circle would come out too small.
    """
    cx, cy = width / 2, (RADAR_TOP + height - RADAR_MARGIN) / 2
    for label_width in RADAR_LABEL_WIDTHS:
        labels = [wrap_label(axis, label_width) for axis in axes]
        low, high = _radar_radius(labels, width, height)
        if high >= max(low, RADAR_MIN_RADIUS):
            break
    return _RadarLayout(cx, cy, max(high, 0.0), labels)


def _radar_label(layout: _RadarLayout, index: int, count: int) -> SafeString:
    lines = layout.labels[index]
    angle = _radar_angle(index, count)
    cos, sin = math.cos(angle), math.sin(angle)
    distance = layout.radius + _radar_gap(sin)
    x = round(layout.cx + distance * cos, 1)
    anchor, _ = _radar_anchor(cos)
    block_top = layout.cy + distance * sin - len(lines) * LINE_HEIGHT * (1 - sin) / 2
    tspans = format_html_join(
        "",
        "{}",
        (
            (_el("tspan", line, x=x, y=round(block_top + ASCENT + row * LINE_HEIGHT, 1)),)
            for row, line in enumerate(lines)
        ),
    )
    return _el("text", tspans, text_anchor=anchor, font_size=FONT_SIZE, fill=TEXT)


def radar_chart(
    title: str,
    axes: Sequence[str],
    series: Sequence[Series],
    *,
    max_value: float,
    description: str = "",
    value_format: Callable[[float | None], str] = format_number,
    rings: int = 4,
    corner: str = "",
    extra_columns: Extra = (),
    chart_id: str | None = None,
    width: int = 640,
    height: int = 480,
) -> Chart:
    """A radar (spider) chart over three axes or more, values from 0 to ``max_value``.

    Meant for scores (e.g. a self-assessment per part of a framework); the names of the axes
    are wrapped on up to three lines, cut short if need be (the table gives them whole), and
    the circle is sized so that every name stays inside the drawing.
    """
    _check(axes, series)
    if len(axes) < 3:
        raise ValueError("Un graphique en radar demande au moins trois axes.")
    if max_value <= 0:
        raise ValueError("La valeur maximale d'un graphique en radar doit être positive.")
    cid = _chart_id(title, chart_id)
    n = len(axes)
    layout = _radar_layout(axes, width, height)
    cx, cy, radius = layout.cx, layout.cy, layout.radius

    def point(index: int, fraction: float) -> tuple[float, float]:
        angle = _radar_angle(index, n)
        return cx + radius * fraction * math.cos(angle), cy + radius * fraction * math.sin(angle)

    def points_attr(fractions: Sequence[float]) -> str:
        return " ".join(
            f"{_num(round(x, 1))},{_num(round(y, 1))}"
            for x, y in (point(i, f) for i, f in enumerate(fractions))
        )

    parts: list[str] = [_legend(cid, [s.label for s in series], 12, 14, markers=True)]
    for ring in range(1, rings + 1):
        fraction = ring / rings
        parts.append(
            _el("polygon", points=points_attr([fraction] * n), fill="none", stroke=GRID, stroke_width=0.5)
        )
        x, y = point(0, fraction)
        parts.append(_text(round(x + 4, 1), round(y - 3, 1), value_format(max_value * fraction)))
    for index in range(n):
        x, y = point(index, 1)
        parts.append(_el("line", x1=cx, y1=cy, x2=round(x, 1), y2=round(y, 1), stroke=GRID, stroke_width=0.5))
        parts.append(_radar_label(layout, index, n))
    for si, item in enumerate(series):
        style = look(si)
        fractions = [min(max(float(v or 0) / max_value, 0.0), 1.0) for v in item.values]
        parts.append(
            _el(
                "polygon",
                points=points_attr(fractions),
                fill=style.color,
                fill_opacity=0.12,
                stroke=style.color,
                stroke_width=2.5,
                stroke_dasharray=style.dash,
            )
        )
        for index, value in enumerate(item.values):
            if value is None:
                continue
            x, y = point(index, fractions[index])
            parts.append(
                _el(
                    "g",
                    _el("title", f"{axes[index]} — {item.label} : {value_format(value)}")
                    + _marker(style.marker, round(x, 1), round(y, 1), style.color),
                )
            )
    desc = description or _summary(
        f"Graphique en radar, de 0 à {value_format(max_value)}", axes, series, value_format
    )
    return Chart(
        id=cid,
        kind="radar",
        title=title,
        description=desc,
        svg=_svg(cid, title, desc, width, height, mark_safe("".join(parts))),  # noqa: S308
        table=_table(title, corner, axes, series, value_format, extra_columns),
        width=width,
        height=height,
        legend=[s.label for s in series],
    )


def diverging_bar_chart(
    title: str, categories: Sequence[str], series: Sequence[Series], *, negative: int, width: int = 640
) -> Chart:
    """Diverging stacked bars (satisfaction scales): the ``negative`` first series (shares, 0 to 1)
    stack leftwards from the centre line, the others rightwards; ``None`` values are not drawn."""
    _check(categories, series)
    cid = _chart_id(title, None)
    label_chars = min(max((len(c) for c in categories), default=4), 34)
    left, bar_h, top = 12 + label_chars * CHAR_WIDTH, 18, 34
    half = (width - left - 12) / 2
    centre, height = left + half, int(top + len(categories) * (bar_h + 12) + 8)
    parts = [_legend(cid, [s.label for s in series], 8, 14)]
    for ci, category in enumerate(categories):
        y = top + ci * (bar_h + 12)
        parts.append(_text(left - 8, y + bar_h - 4, _clip(category, 34), "end"))
        left_edge = centre - half * sum(s.values[ci] or 0 for s in series[:negative])
        x = left_edge
        for si, item in enumerate(series):
            value = item.values[ci] or 0
            tip = _el("title", f"{category} — {item.label} : {format_share(item.values[ci])}")
            parts.append(
                _el(
                    "rect",
                    tip,
                    x=round(x, 1),
                    y=y,
                    width=round(half * value, 1),
                    height=bar_h,
                    fill=_fill(cid, si),
                    stroke=look(si).color,
                    stroke_width=1,
                )
            )
            x += half * value
    parts.append(_el("line", x1=centre, y1=top - 4, x2=centre, y2=height - 6, stroke=TEXT, stroke_width=1))
    desc = _summary("Graphique en barres empilées divergentes", categories, series, format_share)
    body = _patterns(cid, len(series)) + mark_safe("".join(parts))  # noqa: S308
    return Chart(
        id=cid,
        kind="diverging",
        title=title,
        description=desc,
        svg=_svg(cid, title, desc, width, height, body),
        table=_table(title, "Question", categories, series, format_share),
        width=width,
        height=height,
        legend=[s.label for s in series],
    )
