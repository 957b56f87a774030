"""The plan's timeline: one bar per action, from its creation to its due date, months on the axis.

Geometry only (numbers for an SVG drawn by templates/improvement/_timeline.html, on the page and
in the PDF). The project's chart module (mlplatform/reports/charts.py) draws bars, radars and
lines but no time axis, so the timeline lives here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from .enums import Status
from .models import ImprovementAction

MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")
LABEL_WIDTH = 250
PLOT_WIDTH = 600
ROW_HEIGHT = 24
AXIS_HEIGHT = 44
BAR_HEIGHT = 12
MAX_ROWS = 80
LABEL_CHARS = 34

# Fill colours (presentation attributes, so the PDF needs no stylesheet); contrast >= 3:1 on white.
STATUS_FILL = {
    Status.PLANNED: "#5a6f94",
    Status.IN_PROGRESS: "#1b3a6b",
    Status.DONE: "#1d6b35",
    Status.ABANDONED: "#6b6b6b",
}
OVERDUE_FILL = "#a4161a"


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    major: bool


@dataclass(frozen=True)
class Row:
    action: ImprovementAction
    y: float
    label: str
    x_start: float
    x_due: float
    width: float
    progress_width: float
    overdue: bool
    overdue_width: float
    fill: str
    start: datetime.date

    @property
    def bar_y(self) -> float:
        return self.y + (ROW_HEIGHT - BAR_HEIGHT) / 2

    @property
    def text_y(self) -> float:
        return self.y + ROW_HEIGHT / 2 + 4

    @property
    def due_cy(self) -> float:
        return self.y + ROW_HEIGHT / 2


@dataclass
class Timeline:
    rows: list[Row] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    today_x: float = 0
    hidden: int = 0
    first: datetime.date | None = None
    last: datetime.date | None = None

    label_width: int = LABEL_WIDTH
    plot_width: int = PLOT_WIDTH
    axis_height: int = AXIS_HEIGHT
    bar_height: int = BAR_HEIGHT
    overdue_fill: str = OVERDUE_FILL

    @property
    def width(self) -> int:
        return LABEL_WIDTH + PLOT_WIDTH + 20

    @property
    def height(self) -> float:
        return AXIS_HEIGHT + ROW_HEIGHT * len(self.rows) + 10

    @property
    def plot_right(self) -> int:
        return LABEL_WIDTH + PLOT_WIDTH

    @property
    def grid_bottom(self) -> float:
        return AXIS_HEIGHT + ROW_HEIGHT * len(self.rows)


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def build_timeline(actions: list[ImprovementAction], today: datetime.date | None = None) -> Timeline:
    """Lay out ``actions`` (in display order); at most MAX_ROWS bars, the rest counted in ``hidden``."""
    today = today or timezone.localdate()
    shown = actions[:MAX_ROWS]
    timeline = Timeline(hidden=len(actions) - len(shown))
    if not shown:
        return timeline

    def start_of(action: ImprovementAction) -> datetime.date:
        return min(timezone.localtime(action.created_at).date(), action.due_on)

    dates = [today] + [start_of(a) for a in shown] + [a.due_on for a in shown]
    dates += [a.completed_on for a in shown if a.completed_on]
    first = _month_start(min(dates))
    last = _next_month(max(dates))
    timeline.first, timeline.last = first, last
    span = (last - first).days

    def x(day: datetime.date) -> float:
        return round(LABEL_WIDTH + PLOT_WIDTH * (day - first).days / span, 1)

    months = []
    month = first
    while month < last:
        months.append(month)
        month = _next_month(month)
    step = 1 if len(months) <= 14 else 3 if len(months) <= 40 else 6 if len(months) <= 80 else 12
    for index, month in enumerate(months):
        if index % step == 0:
            major = month.month == 1 or index == 0
            label = f"{MONTHS[month.month - 1]} {month.year}" if major else MONTHS[month.month - 1]
            timeline.ticks.append(Tick(x(month), label, major))
    timeline.today_x = x(today)

    for index, action in enumerate(shown):
        start = start_of(action)
        x_start, x_due = x(start), x(action.due_on)
        width = max(x_due - x_start, 2)
        overdue = action.is_overdue_on(today)
        timeline.rows.append(
            Row(
                action=action,
                y=AXIS_HEIGHT + index * ROW_HEIGHT,
                label=_short(action.title),
                x_start=x_start,
                x_due=x_due,
                width=width,
                progress_width=round(width * action.progress / 100, 1),
                overdue=overdue,
                overdue_width=round(x(today) - x_due, 1) if overdue else 0,
                fill=STATUS_FILL[action.status],
                start=start,
            )
        )
    return timeline
