"""Read-side helpers other applications call (self-assessment, home page), in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from mlplatform.frameworks.models import FrameworkVersion, Requirement
from mlplatform.network.models import Structure

from .enums import OPEN_STATUSES, Status
from .models import ImprovementAction


def actions_by_requirement(
    structure: Structure,
    version: FrameworkVersion | None = None,
    requirement_ids: Iterable[int] | None = None,
) -> dict[int, list[ImprovementAction]]:
    """The structure's actions linked to each requirement, by requirement id, in one query.

    Restrict with ``version`` (a whole framework version) and/or ``requirement_ids``. Each action
    comes with its owner loaded; ``action.is_overdue``, ``get_status_display`` and
    ``get_absolute_url`` need no further query (the structure is the one given).
    """
    links = ImprovementAction.requirements.through.objects.filter(improvementaction__structure=structure)
    if version is not None:
        links = links.filter(requirement__version=version)
    if requirement_ids is not None:
        links = links.filter(requirement_id__in=list(requirement_ids))
    links = links.select_related("improvementaction__owner").order_by(
        "improvementaction__due_on", "improvementaction_id"
    )
    result: dict[int, list[ImprovementAction]] = defaultdict(list)
    for link in links:
        action = link.improvementaction
        action.structure = structure
        result[link.requirement_id].append(action)
    return dict(result)


def create_action_url(
    structure: Structure, requirement: Requirement | int | None = None, return_to: str = "", source: str = ""
) -> str:
    """The page creating an action, with a requirement preselected, a return link and an origin."""
    params = {}
    if requirement is not None:
        params["exigence"] = requirement if isinstance(requirement, int) else requirement.pk
    if return_to:
        params["retour"] = return_to
    if source:
        params["origine"] = source
    url = reverse("improvement:create", kwargs={"code": structure.code})
    return f"{url}?{urlencode(params)}" if params else url


def plan_url(structure: Structure, **filters: str) -> str:
    url = reverse("improvement:plan", kwargs={"code": structure.code})
    return f"{url}?{urlencode(filters)}" if filters else url


@dataclass(frozen=True)
class StatusCounts:
    total: int
    planned: int
    in_progress: int
    done: int
    abandoned: int
    overdue: int

    @property
    def open(self) -> int:
        return self.planned + self.in_progress

    @classmethod
    def of(cls, actions: Iterable[ImprovementAction], today: datetime.date) -> StatusCounts:
        """The same counts, computed from actions already loaded."""
        actions = list(actions)
        by_status = {status: sum(1 for a in actions if a.status == status) for status in Status}
        return cls(
            total=len(actions),
            planned=by_status[Status.PLANNED],
            in_progress=by_status[Status.IN_PROGRESS],
            done=by_status[Status.DONE],
            abandoned=by_status[Status.ABANDONED],
            overdue=sum(1 for a in actions if a.is_overdue_on(today)),
        )

    def by_status(self) -> list[tuple[str, str, int]]:
        """(status value, French label, count) in workflow order."""
        values = (self.planned, self.in_progress, self.done, self.abandoned)
        return [(s.value, s.label, n) for s, n in zip(Status, values, strict=True)]


def _count_kwargs(prefix: str, today: datetime.date) -> dict:
    open_q = Q(**{f"{prefix}status__in": OPEN_STATUSES})
    return {
        "total": Count(f"{prefix}pk"),
        "planned": Count(f"{prefix}pk", filter=Q(**{f"{prefix}status": Status.PLANNED})),
        "in_progress": Count(f"{prefix}pk", filter=Q(**{f"{prefix}status": Status.IN_PROGRESS})),
        "done": Count(f"{prefix}pk", filter=Q(**{f"{prefix}status": Status.DONE})),
        "abandoned": Count(f"{prefix}pk", filter=Q(**{f"{prefix}status": Status.ABANDONED})),
        "overdue": Count(f"{prefix}pk", filter=open_q & Q(**{f"{prefix}due_on__lt": today})),
    }


def status_counts(actions: QuerySet[ImprovementAction], today: datetime.date | None = None) -> StatusCounts:
    """Counts per status and overdue, in one query."""
    return StatusCounts(**actions.aggregate(**_count_kwargs("", today or timezone.localdate())))


@dataclass(frozen=True)
class StructurePlanSummary:
    structure: Structure
    counts: StatusCounts


def plan_summaries(
    structures: QuerySet[Structure], today: datetime.date | None = None, *, through_children: bool = False
) -> list[StructurePlanSummary]:
    """Counts of each structure's plan (e.g. the MLs of a region), in one query whatever their number.

    ``through_children``: count the plans of each structure's MLs instead (the regions, for the UNML).
    """
    prefix = "children__improvement_actions__" if through_children else "improvement_actions__"
    annotated = structures.annotate(**_count_kwargs(prefix, today or timezone.localdate()))
    return [
        StructurePlanSummary(
            s,
            StatusCounts(
                total=s.total,
                planned=s.planned,
                in_progress=s.in_progress,
                done=s.done,
                abandoned=s.abandoned,
                overdue=s.overdue,
            ),
        )
        for s in annotated
    ]


def overdue_actions(structure: Structure, limit: int = 3) -> tuple[int, list[ImprovementAction]]:
    """How many of the structure's actions are overdue, and the ``limit`` most late ones."""
    overdue = ImprovementAction.objects.for_structure(structure).overdue()
    count = overdue.count()
    first = list(overdue.select_related("owner").order_by("due_on", "pk")[:limit]) if count else []
    return count, first
