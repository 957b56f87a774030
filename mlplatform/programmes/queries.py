"""Reading programmes for the pages and exports, in a number of queries independent of their size."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure

from .enums import MilestoneStatus, ProgrammeKind
from .models import Action, Entry, Indicator, Milestone, Programme, ProgrammeVersion, Review
from .services import actual_values, actual_values_by_owner


def version_of(programme: Programme, year: str | None) -> ProgrammeVersion:
    """The version asked for (``?annee=``) or the latest; 404 when there is none."""
    versions = programme.versions.order_by("-year")
    if year:
        if not year.isdigit():
            raise Http404("Année invalide.")
        versions = versions.filter(year=int(year))
    version = versions.first()
    if version is None:
        raise Http404("Ce programme n'a pas encore de version.")
    return version


def version_for_year(programme: Programme, year: int, asked: str | None = None) -> ProgrammeVersion:
    """The version a year's bilan reads: the one asked for (``?annee=``), else the latest adopted or
    prepared for that year or before (the same one the annual activity report reads), else the first."""
    if asked:
        return version_of(programme, asked)
    version = (
        programme.versions.filter(year__lte=year).order_by("-year").first()
        or programme.versions.order_by("year").first()
    )
    if version is None:
        raise Http404("Ce programme n'a pas encore de version.")
    return version


def sheet_actions(version: ProgrammeVersion) -> QuerySet[Action]:
    """The action sheets of a version with everything a sheet shows (follow-up included)."""
    return (
        version.actions.select_related(
            "theme", "axis", "declines__programme_version__programme", "declines__theme", "declines__axis"
        )
        .prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.prefetch_related("values")),
            "milestones",
            "referent_structures",
            "budget_lines",
            "deliverables",
            Prefetch("reviews", queryset=Review.objects.order_by("-year", "pk")),
        )
        .order_by("number")
    )


@dataclass
class Group:
    kind: str  # "theme" | "axis" | "none"
    number: int | None
    title: str
    actions: list[Action] = field(default_factory=list)


def overview(version: ProgrammeVersion) -> dict[str, Any]:
    """Actions grouped by theme then axis, with declination counts for the national programme."""
    actions = list(
        version.actions.select_related(
            "theme", "axis", "declines__programme_version__programme", "declines__theme", "declines__axis"
        )
        .annotate(declination_count=Count("declinations", distinct=True))
        .order_by("number")
    )
    groups: dict[tuple, Group] = {}
    themes = list(version.themes.all())
    for theme in themes:
        groups[("theme", theme.pk)] = Group("theme", theme.number, theme.title)
    for axis in version.axes.all():
        groups[("axis", axis.pk)] = Group("axis", axis.number, axis.title)
    loose = Group("none", None, "Actions")
    for action in actions:
        if action.theme_id:
            groups[("theme", action.theme_id)].actions.append(action)
        elif action.axis_id:
            groups[("axis", action.axis_id)].actions.append(action)
        else:
            loose.actions.append(action)
    ordered = list(groups.values()) + ([loose] if loose.actions else [])
    return {
        "groups": ordered,
        "actions": actions,
        "priorities": list(version.priorities.all()),
        "axes": list(version.axes.all()),
        "theme_table": [theme for theme in themes if theme.table],
        "counts": {
            "total": len(actions),
            "done": sum(1 for a in actions if a.status == "realisee"),
            "average": round(sum(a.progress for a in actions) / len(actions)) if actions else 0,
        },
    }


def years(programme: Programme) -> list[int]:
    return list(range(programme.start_year, programme.end_year + 1))


def indicator_table(action: Action, programme: Programme) -> list[dict[str, Any]]:
    """Each indicator with its target and actual value per year (bound ones from the observatory)."""
    indicators = list(action.indicators.all())
    actuals = actual_values(indicators, programme.owner)
    rows = []
    for indicator in indicators:
        targets = {value.year: value.target for value in indicator.values.all()}
        rows.append(
            {
                "indicator": indicator,
                "years": [
                    {"year": y, "target": targets.get(y), "actual": actuals.get((indicator.pk, y))}
                    for y in years(programme)
                ],
            }
        )
    return rows


def journal(action: Action) -> list[Entry]:
    return list(action.entries.select_related("author").order_by("-created_at", "-pk")[:100])


def declinations(action: Action) -> list[Action]:
    return list(
        action.declinations.select_related("programme_version__programme__owner").order_by(
            "programme_version__programme__owner__name", "pk"
        )
    )


def matrix(national: Programme, version: ProgrammeVersion) -> dict[str, Any]:
    """ARML × national actions: the declination of each (latest PRAE version of each ARML)."""
    national_actions = list(version.actions.order_by("number"))
    armls = list(Structure.objects.filter(type=StructureType.ARML).order_by("name", "pk"))
    regional = (
        Action.objects.filter(
            declines__programme_version__programme=national,
            programme_version__programme__kind=ProgrammeKind.REGIONAL,
        )
        .select_related("programme_version__programme__owner", "declines")
        .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.prefetch_related("values")))
        .order_by("programme_version__year", "pk")
    )
    latest: dict[int, int] = {}
    cells: dict[tuple[int, int], Action] = {}
    for action in regional:
        owner_id = action.programme_version.programme.owner_id
        year = action.programme_version.year
        if owner_id in latest and year > latest[owner_id]:  # a newer PRAE version replaces the older
            cells = {k: v for k, v in cells.items() if k[0] != owner_id}
        latest[owner_id] = year
        cells[(owner_id, action.declines.number)] = action
    rows = [
        {
            "arml": arml,
            "cells": [cells.get((arml.pk, a.number)) for a in national_actions],
            "count": sum(1 for a in national_actions if (arml.pk, a.number) in cells),
        }
        for arml in armls
    ]
    common: dict[tuple[int, str], dict[str, Any]] = defaultdict(dict)
    labels: dict[tuple[int, str], str] = {}
    for (owner_id, number), action in cells.items():
        for indicator in action.indicators.all():
            key = (number, indicator.observatory_code or indicator.label.strip().casefold())
            labels.setdefault(key, indicator.label)
            common[key][owner_id] = indicator
    arml_names = {a.pk: a.name for a in armls}
    shared_keys = [key for key, by_owner in sorted(common.items()) if len(by_owner) >= 2]
    owners = {a.pk: a for a in armls}
    actuals = actual_values_by_owner(
        [(indicator, owners[o]) for key in shared_keys for o, indicator in common[key].items()]
    )
    shared = [
        {
            "number": key[0],
            "label": labels[key],
            "bound": any(i.observatory_code for i in common[key].values()),
            "armls": sorted(arml_names[o] for o in common[key]),
            "targets": {
                arml_names[o]: {v.year: v.target for v in i.values.all()} for o, i in common[key].items()
            },
            # Per ARML (by name): each year's target and actual value.
            "values": {
                arml_names[o]: [
                    {"year": v.year, "target": v.target, "actual": actuals.get((i.pk, v.year))}
                    for v in i.values.all()
                ]
                for o, i in sorted(common[key].items(), key=lambda item: arml_names[item[0]])
            },
        }
        for key in shared_keys
    ]
    return {"actions": national_actions, "rows": rows, "common": shared}


def overdue_milestones(structure_ids: list[int], today: datetime.date) -> QuerySet[Milestone]:
    """Planned milestones past their date of actions the people of these structures follow up."""
    return (
        Milestone.objects.filter(status=MilestoneStatus.PLANNED, due_on__lt=today)
        .filter(action__programme_version__programme__owner_id__in=structure_ids)
        .select_related("action__programme_version__programme")
        .order_by("due_on", "pk")
    )
