"""Yearly versions of a regional programme from the pages (« N+1 se prépare durant N »), and the
programme's journal.

``prepare_next_version`` copies the latest version N into N+1 as a draft: its themes, axes and
priorities, every action sheet (declinations keep pointing to their national action) with its
status, its indicators and the targets of the years from N+1, its budget lines and its planned
milestones from N+1. ``adopt_version`` records who adopted a draft and when, once. The national
programme's versions come from its data files (``programmes load``), never from here.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch

from mlplatform.core.french import counted

from .enums import EntryKind, MilestoneStatus
from .models import (
    Action,
    Axis,
    BudgetLine,
    Entry,
    Indicator,
    IndicatorValue,
    Milestone,
    Priority,
    Programme,
    ProgrammeVersion,
    Theme,
)
from .services import StaleEdit, can_edit_programme, log_programme

# The fields of an action sheet copied into the next version (follow-up state included).
COPIED_FIELDS = (
    "number", "title", "seed_label", "notes", "context", "stakes", "description_intro", "description",
    "capitalisation", "essaimage", "lead", "co_lead", "referent_armls", "concerned_armls", "actors",
    "territorial_dimension", "territorial_text", "calendar", "calendar_note", "declines_id", "status",
    "progress",
)  # fmt: skip


def can_manage_versions(user: Any, programme: Programme) -> bool:
    """The ARML of a regional programme prepares and adopts its yearly versions."""
    return not programme.is_national and can_edit_programme(user, programme)


def next_year(programme: Programme, latest: ProgrammeVersion | None) -> int | None:
    """The year of the version to prepare next, or None when the period is covered."""
    if latest is None or latest.year >= programme.end_year:
        return None
    return latest.year + 1


def _copy_structure(source: ProgrammeVersion, target: ProgrammeVersion) -> tuple[dict, dict]:
    themes = {
        theme.pk: Theme.objects.create(
            programme_version=target,
            number=theme.number,
            title=theme.title,
            table_label=theme.table_label,
            table=theme.table,
        )
        for theme in source.themes.order_by("number")
    }
    axes = {
        axis.pk: Axis.objects.create(
            programme_version=target,
            number=axis.number,
            title=axis.title,
            objectives=axis.objectives,
            planned_actions=axis.planned_actions,
        )
        for axis in source.axes.order_by("number")
    }
    Priority.objects.bulk_create(
        Priority(programme_version=target, number=p.number, title=p.title, action_numbers=p.action_numbers)
        for p in source.priorities.order_by("number")
    )
    return themes, axes


def _copy_action(action: Action, target: ProgrammeVersion, themes: dict, axes: dict, user: Any) -> Action:
    copy = Action.objects.create(
        programme_version=target,
        theme=themes.get(action.theme_id),
        axis=axes.get(action.axis_id),
        **{field: getattr(action, field) for field in COPIED_FIELDS},
    )
    copy.referent_structures.set(action.referent_structures.all())
    for indicator in action.indicators.all():
        new = Indicator.objects.create(
            action=copy,
            label=indicator.label,
            unit=indicator.unit,
            observatory_code=indicator.observatory_code,
        )
        IndicatorValue.objects.bulk_create(
            IndicatorValue(indicator=new, year=value.year, target=value.target)
            for value in indicator.values.all()
            if value.year >= target.year
        )
    BudgetLine.objects.bulk_create(
        BudgetLine(action=copy, year=line.year, funder=line.funder, planned=line.planned)
        for line in action.budget_lines.all()
        if line.year >= target.year
    )
    start = datetime.date(target.year, 1, 1)
    Milestone.objects.bulk_create(
        Milestone(action=copy, title=m.title, due_on=m.due_on)
        for m in action.milestones.all()
        if m.status == MilestoneStatus.PLANNED and m.due_on >= start
    )
    Entry.objects.create(
        action=copy,
        kind=EntryKind.CHANGE,
        author=user if getattr(user, "pk", None) else None,
        text=f"Fiche reprise de la version {action.programme_version.year} (action n° {action.number}).",
    )
    return copy


@transaction.atomic
def prepare_next_version(programme: Programme, *, user: Any, from_year: int) -> ProgrammeVersion:
    """Copy the latest version (``from_year``, as the person saw it) into the next year, as a draft.

    ``StaleEdit`` when another version was prepared meanwhile (the latest is no longer ``from_year``).
    """
    if not can_manage_versions(user, programme):
        raise PermissionDenied("Seule l'ARML porteuse prépare les versions de son programme régional.")
    # Two preparations of the same programme wait for each other here (no-op on SQLite).
    list(Programme.objects.select_for_update(of=("self",)).filter(pk=programme.pk).order_by("pk"))
    source = programme.versions.order_by("-year").first()
    if source is None or source.year != from_year:
        raise StaleEdit
    year = next_year(programme, source)
    if year is None:
        raise ValidationError(
            f"La version {source.year} couvre la dernière année du programme ({programme.period}) : "
            "il n'y a pas d'année suivante à préparer."
        )
    try:
        with transaction.atomic():
            target = ProgrammeVersion.objects.create(
                programme=programme,
                year=year,
                rubriques=source.rubriques,
                prepared_from=source,
                created_by=user if getattr(user, "pk", None) else None,
            )
    except IntegrityError as error:  # prepared meanwhile
        raise StaleEdit from error
    themes, axes = _copy_structure(source, target)
    actions = source.actions.select_related("programme_version").prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.prefetch_related("values")),
        "budget_lines",
        "milestones",
        "referent_structures",
    )
    count = 0
    for action in actions.order_by("number"):
        _copy_action(action, target, themes, axes, user)
        count += 1
    copied = counted(count, "fiche reprise", "fiches reprises")
    log_programme(
        programme,
        user,
        f"Version {year} préparée à partir de la version {source.year} ({copied}) ; "
        "elle reste un brouillon jusqu'à son adoption.",
        target,
    )
    return target


@transaction.atomic
def adopt_version(
    version: ProgrammeVersion, *, user: Any, adopted_by: str, adopted_on: datetime.date
) -> ProgrammeVersion:
    """Record who adopted a draft version and when; ``StaleEdit`` if it was adopted meanwhile."""
    programme = version.programme
    if not can_manage_versions(user, programme):
        raise PermissionDenied("Seule l'ARML porteuse enregistre l'adoption de son programme régional.")
    adopted_by = adopted_by.strip()
    if not adopted_by:
        raise ValidationError({"adopted_by": "Indiquez l'instance qui a adopté la version."})
    updated = ProgrammeVersion.objects.filter(pk=version.pk, adopted_on__isnull=True).update(
        adopted_by=adopted_by[:300], adopted_on=adopted_on
    )
    if not updated:
        raise StaleEdit
    version.refresh_from_db()
    log_programme(
        programme, user, f"Version {version.year} adoptée le {adopted_on:%d/%m/%Y} par {adopted_by}.", version
    )
    return version


def journal(programme: Programme, limit: int = 100) -> dict[str, list]:
    """The programme's own journal and the latest entries of its actions' journals."""
    return {
        "entries": list(
            programme.entries.select_related("author", "programme_version").order_by("-created_at", "-pk")[
                :limit
            ]
        ),
        "action_entries": list(
            Entry.objects.filter(action__programme_version__programme=programme)
            .select_related("author", "action__programme_version")
            .order_by("-created_at", "-pk")[:limit]
        ),
    }
