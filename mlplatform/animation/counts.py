"""The yearly figures of a structure's network life: the one source of the page, the
``animation counts`` command and the annual activity report.

- meetings organised: the meetings the structure ran (``organised=True``);
- meetings attended: those it recorded as attended (run outside the network's records) plus those
  run by another structure that lists it among the participants (each meeting counted once);
- bodies: per kind of governing body, its meetings run or attended;
- by theme: organised and attended per theme;
- events: the events starting in the year;
- partnerships active: agreements in force on at least one day of the year.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q

from mlplatform.network.models import Structure

from .enums import BODY_KINDS, Theme
from .models import Event, Meeting, Partnership


@dataclass(frozen=True)
class YearCounts:
    structure: str
    year: int
    meetings_organised: int = 0
    meetings_attended: int = 0
    bodies: dict[str, int] = field(default_factory=dict)
    by_theme: dict[str, dict[str, int]] = field(default_factory=dict)
    events: int = 0
    partnerships_active: int = 0

    def as_dict(self) -> dict:
        return {
            "structure": self.structure,
            "year": self.year,
            "meetings_organised": self.meetings_organised,
            "meetings_attended": self.meetings_attended,
            "bodies": dict(self.bodies),
            "by_theme": {theme: dict(values) for theme, values in self.by_theme.items()},
            "events": self.events,
            "partnerships_active": self.partnerships_active,
        }

    def theme_rows(self) -> list[tuple[str, int, int]]:
        """(theme label, organised, attended) in the order of the themes, for pages."""
        return [
            (label, self.by_theme[value]["organised"], self.by_theme[value]["attended"])
            for value, label in Theme.choices
            if value in self.by_theme
        ]

    def body_rows(self) -> list[tuple[str, int]]:
        labels = dict(Meeting._meta.get_field("kind").choices)
        return [(labels[kind], count) for kind, count in self.bodies.items()]


def yearly_counts(structure: Structure, year: int) -> YearCounts:
    """The figures of ``structure`` for ``year`` (five queries whatever the amount of data)."""
    in_year = Q(date__year=year)
    attended_rows = (
        Meeting.objects.filter(in_year)
        .filter(
            Q(structure=structure, organised=False)
            | (Q(organised=True, participants=structure) & ~Q(structure=structure))
        )
        .values("kind", "theme")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    organised_rows = (
        Meeting.objects.filter(in_year, structure=structure, organised=True)
        .values("kind", "theme")
        .annotate(n=Count("pk"))
        .order_by()
    )
    bodies = {str(kind): 0 for kind in BODY_KINDS}
    by_theme: dict[str, dict[str, int]] = {}
    totals = {"organised": 0, "attended": 0}
    for key, rows in (("organised", organised_rows), ("attended", attended_rows)):
        for row in rows:
            totals[key] += row["n"]
            if row["kind"] in bodies:
                bodies[row["kind"]] += row["n"]
            theme = by_theme.setdefault(row["theme"], {"organised": 0, "attended": 0})
            theme[key] += row["n"]
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    events = Event.objects.filter(structure=structure, starts_on__year=year).count()
    partnerships = (
        Partnership.objects.filter(structure=structure, starts_on__lte=last)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .count()
    )
    return YearCounts(
        structure=structure.code,
        year=year,
        meetings_organised=totals["organised"],
        meetings_attended=totals["attended"],
        bodies=bodies,
        by_theme=dict(sorted(by_theme.items())),
        events=events,
        partnerships_active=partnerships,
    )
