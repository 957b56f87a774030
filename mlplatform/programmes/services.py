"""Operations on programmes that views and commands call: who may act, the PRAE of an ARML and its
declinations, the follow-up of an action (version-checked, every change logged), indicators bound
to the observatory, and the carrying of declinations to a new national version.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure
from mlplatform.network.services import StaleEdit
from mlplatform.observatory.indicators import INDICATORS_BY_CODE, indicators, indicators_many

from .enums import ActionStatus, EntryKind, MilestoneStatus, ProgrammeKind
from .models import (
    Action,
    BudgetLine,
    Entry,
    Indicator,
    IndicatorValue,
    Milestone,
    Programme,
    ProgrammeEntry,
    ProgrammeVersion,
)

__all__ = ["StaleEdit"]

ARML_ROLES = frozenset({Role.ARML_REFERENT, Role.ARML_STAFF})


def _membership(user: Any):
    return user.active_membership() if getattr(user, "is_authenticated", False) else None


def can_edit_programme(user: Any, programme: Programme) -> bool:
    """The UNML edits the PNAE; an ARML edits its own PRAE."""
    membership = _membership(user)
    if membership is None:
        return False
    if programme.is_national:
        return membership.role == Role.NATIONAL_ADMIN
    return membership.role in ARML_ROLES and membership.structure_id == programme.owner_id


def can_follow_up(user: Any, action: Action) -> bool:
    """The programme's editors, and the ARML référentes of a national action."""
    programme = action.programme_version.programme
    if can_edit_programme(user, programme):
        return True
    membership = _membership(user)
    return (
        membership is not None
        and programme.is_national
        and membership.role in ARML_ROLES
        and action.referent_structures.filter(pk=membership.structure_id).exists()
    )


def current_version(programme: Programme) -> ProgrammeVersion | None:
    return programme.versions.order_by("-year").first()


def national_programme() -> Programme | None:
    """The national programme currently running (the latest period)."""
    return Programme.objects.filter(kind=ProgrammeKind.NATIONAL).order_by("-end_year", "-start_year").first()


def _log(action: Action, user: Any, text: str, kind: str = EntryKind.CHANGE) -> None:
    Entry.objects.create(
        action=action, author=user if getattr(user, "pk", None) else None, kind=kind, text=text
    )


def _bump(action: Action, expected_version: int, **changes: Any) -> None:
    """Apply ``changes`` only if nobody changed the action since ``expected_version`` was read."""
    updated = Action.objects.filter(pk=action.pk, version=expected_version).update(
        **changes, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleEdit
    action.refresh_from_db()


def log_programme(
    programme: Programme, user: Any, text: str, version: ProgrammeVersion | None = None
) -> None:
    """A line of the programme's journal (versions, actions added, bilans, snapshots)."""
    ProgrammeEntry.objects.create(
        programme=programme,
        programme_version=version,
        author=user if getattr(user, "pk", None) else None,
        text=text,
    )


# The same, for the other modules of the app (sheets, yearly versions).
log_entry = _log
bump = _bump


@transaction.atomic
def create_prae(arml: Structure, *, user: Any, start_year: int, end_year: int, year: int) -> Programme:
    """The regional programme of an ARML, with its first yearly version."""
    errors: dict[str, str] = {}
    if arml.type != StructureType.ARML:
        errors["__all__"] = "Seule une ARML porte un programme régional."
    if Programme.objects.filter(owner=arml, kind=ProgrammeKind.REGIONAL).exists():
        errors["__all__"] = "Cette ARML a déjà son programme régional."
    if not 2000 <= start_year <= end_year <= 2100:
        errors["end_year"] = "La dernière année doit suivre la première."
    elif not start_year - 1 <= year <= end_year:
        errors["year"] = f"L'année de la version doit être comprise entre {start_year - 1} et {end_year}."
    if errors:
        raise ValidationError(errors)
    programme = Programme.objects.create(
        code=f"PRAE-{arml.code}",
        kind=ProgrammeKind.REGIONAL,
        owner=arml,
        title=f"Programme régional d'animation et d'évaluation — {arml.name}",
        start_year=start_year,
        end_year=end_year,
    )
    version = ProgrammeVersion.objects.create(
        programme=programme, year=year, adopted_by="", created_by=user if getattr(user, "pk", None) else None
    )
    log_programme(programme, user, f"Programme régional créé, version {year} en brouillon.", version)
    return programme


def _next_number(version: ProgrammeVersion) -> int:
    return (version.actions.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def decline_action(
    version: ProgrammeVersion, national_action: Action, *, user: Any, adaptation: str
) -> Action:
    """A regional action declining ``national_action``: it copies the sheet's objective and its
    framing, and says how the region adapts it (its context)."""
    if version.programme.is_national or not national_action.programme_version.programme.is_national:
        raise ValidationError({"national_action": "Seul un programme régional décline une action nationale."})
    national = national_action.programme_version.programme
    if version.actions.filter(
        declines__number=national_action.number, declines__programme_version__programme=national
    ).exists():
        raise ValidationError(
            {"national_action": "Cette action nationale est déjà déclinée dans ce programme."}
        )
    if not adaptation.strip():
        raise ValidationError({"adaptation": "Dites comment la région décline cette action."})
    action = Action.objects.create(
        programme_version=version,
        number=_next_number(version),
        title=national_action.title,
        declines=national_action,
        context=[adaptation.strip()],
        lead=[version.programme.owner.name],
        territorial_dimension=["regionale"],
    )
    _log(action, user, f"Déclinaison de l'action nationale n° {national_action.number} créée.")
    log_programme(
        version.programme,
        user,
        f"Action n° {action.number} ajoutée à la version {version.year} : déclinaison de l'action nationale "
        f"n° {national_action.number}.",
        version,
    )
    return action


@transaction.atomic
def add_regional_action(version: ProgrammeVersion, *, user: Any, title: str, context: str) -> Action:
    if not title.strip():
        raise ValidationError({"title": "L'objectif de l'action est obligatoire."})
    action = Action.objects.create(
        programme_version=version,
        number=_next_number(version),
        title=title.strip()[:400],
        context=[context.strip()] if context.strip() else [],
        lead=[version.programme.owner.name],
        territorial_dimension=["regionale"],
    )
    _log(action, user, "Action régionale créée.")
    log_programme(
        version.programme,
        user,
        f"Action n° {action.number} ajoutée à la version {version.year} : {action.title}.",
        version,
    )
    return action


@transaction.atomic
def save_follow_up(
    action: Action, *, user: Any, expected_version: int, status: str, progress: int, comment: str = ""
) -> Action:
    """Status and progress of an action (version-checked); the change and the comment are logged."""
    if status == ActionStatus.DONE:
        progress = 100
    changes = []
    if status != action.status:
        changes.append(f"statut : {ActionStatus(action.status).label} → {ActionStatus(status).label}")
    if progress != action.progress:
        changes.append(f"avancement : {action.progress} % → {progress} %")
    _bump(action, expected_version, status=status, progress=progress)
    if changes:
        _log(action, user, "Suivi modifié — " + " ; ".join(changes) + ".")
    if comment.strip():
        _log(action, user, comment.strip(), EntryKind.COMMENT)
    return action


@transaction.atomic
def add_indicator(
    action: Action,
    *,
    user: Any,
    expected_version: int,
    label: str,
    unit: str = "",
    observatory_code: str = "",
) -> Indicator:
    if observatory_code and observatory_code not in INDICATORS_BY_CODE:
        raise ValidationError({"observatory_code": "Indicateur de l'observatoire inconnu."})
    _bump(action, expected_version)
    indicator = Indicator.objects.create(
        action=action, label=label.strip(), unit=unit.strip(), observatory_code=observatory_code
    )
    bound = (
        f" (relié à l'observatoire : {INDICATORS_BY_CODE[observatory_code].label})"
        if observatory_code
        else ""
    )
    _log(action, user, f"Indicateur ajouté : {indicator.label}{bound}.")
    return indicator


@transaction.atomic
def set_indicator_value(
    indicator: Indicator,
    *,
    user: Any,
    expected_version: int,
    year: int,
    target: Decimal | None,
    actual: Decimal | None,
) -> IndicatorValue:
    """The target (and, for an indicator not bound to the observatory, the actual value) of a year."""
    action = indicator.action
    programme = action.programme_version.programme
    if not programme.start_year - 1 <= year <= programme.end_year + 1:
        raise ValidationError(
            {"year": f"L'année doit être dans la période du programme ({programme.period})."}
        )
    if indicator.observatory_code and actual is not None:
        raise ValidationError(
            {"actual": "Cet indicateur est relié à l'observatoire : sa valeur réalisée se remplit seule."}
        )
    _bump(action, expected_version)
    value, _created = IndicatorValue.objects.update_or_create(
        indicator=indicator, year=year, defaults={"target": target, "actual": actual}
    )
    shown = f"cible {target if target is not None else '—'}"
    if not indicator.observatory_code:
        shown += f", réalisé {actual if actual is not None else '—'}"
    _log(action, user, f"Indicateur « {indicator.label} » {year} : {shown}.")
    return value


@transaction.atomic
def add_milestone(
    action: Action, *, user: Any, expected_version: int, title: str, due_on: datetime.date
) -> Milestone:
    _bump(action, expected_version)
    milestone = Milestone.objects.create(action=action, title=title.strip(), due_on=due_on)
    _log(action, user, f"Jalon ajouté : {milestone.title} (échéance {due_on:%d/%m/%Y}).")
    return milestone


@transaction.atomic
def set_milestone_status(milestone: Milestone, *, user: Any, expected_version: int, status: str) -> Milestone:
    action = milestone.action
    _bump(action, expected_version)
    previous = MilestoneStatus(milestone.status).label
    milestone.status = status
    milestone.done_on = timezone.localdate() if status == MilestoneStatus.DONE else None
    milestone.save(update_fields=["status", "done_on"])
    _log(action, user, f"Jalon « {milestone.title} » : {previous} → {MilestoneStatus(status).label}.")
    return milestone


@transaction.atomic
def save_budget_line(
    action: Action,
    *,
    user: Any,
    expected_version: int,
    year: int,
    funder: str,
    planned: Decimal,
    spent: Decimal | None,
    fte: Decimal | None,
) -> BudgetLine:
    """The budget of an action for a year and a funder (replaces the funder's line of that year)."""
    programme = action.programme_version.programme
    if not programme.start_year - 1 <= year <= programme.end_year + 1:
        raise ValidationError(
            {"year": f"L'année doit être dans la période du programme ({programme.period})."}
        )
    if not funder.strip():
        raise ValidationError({"funder": "Indiquez le financeur."})
    _bump(action, expected_version)
    line, _created = BudgetLine.objects.update_or_create(
        action=action,
        year=year,
        funder=funder.strip(),
        defaults={"planned": planned, "spent": spent, "fte": fte},
    )
    _log(
        action,
        user,
        f"Budget {year}, {line.funder} : prévu {planned} €, dépensé {spent if spent is not None else '—'} €, "
        f"ETP {fte if fte is not None else '—'}.",
    )
    return line


@transaction.atomic
def set_referent_armls(action: Action, *, user: Any, expected_version: int, armls: list[Structure]) -> None:
    """The ARMLs référentes of a national action (they may then update its follow-up)."""
    if not action.programme_version.programme.is_national:
        raise ValidationError({"armls": "Seule une action nationale a des ARML référentes."})
    if any(arml.type != StructureType.ARML for arml in armls):
        raise ValidationError({"armls": "Choisissez des ARML."})
    _bump(action, expected_version)
    action.referent_structures.set(armls)
    names = ", ".join(sorted(arml.name for arml in armls)) or "aucune"
    _log(action, user, f"ARML référentes désignées : {names}.")


def relink_declinations(new_version: ProgrammeVersion) -> int:
    """Regional actions declining an action of an older version of the same national programme now
    decline the action of the same number in ``new_version`` (kept as they are if it has none)."""
    by_number = {a.number: a for a in new_version.actions.all()}
    moved = 0
    regional = (
        Action.objects.filter(declines__programme_version__programme_id=new_version.programme_id)
        .exclude(declines__programme_version=new_version)
        .select_related("declines")
    )
    for action in regional:
        target = by_number.get(action.declines.number)
        if target is not None:
            action.declines = target
            action.save(update_fields=["declines"])
            moved += 1
    return moved


def actual_values(
    indicators: list[Indicator], owner: Structure, years: set[int] | None = None
) -> dict[tuple[int, int], Any]:
    """(indicator pk, year) -> actual value, bound indicators read from the observatory.

    One observatory read per year that a bound indicator needs, whatever the number of indicators.
    """
    result: dict[tuple[int, int], Any] = {}
    needed_years: set[int] = set()
    for indicator in indicators:
        for value in indicator.values.all():
            if years is not None and value.year not in years:
                continue
            if indicator.observatory_code:
                needed_years.add(value.year)
            else:
                result[(indicator.pk, value.year)] = value.actual
    figures = {year: observatory_figure_year(year, owner) for year in sorted(needed_years)}
    for indicator in indicators:
        if indicator.observatory_code:
            for value in indicator.values.all():
                if value.year in figures:
                    result[(indicator.pk, value.year)] = figures[value.year].get(indicator.observatory_code)
    return result


def actual_values_by_owner(pairs: list[tuple[Indicator, Structure]]) -> dict[tuple[int, int], Any]:
    """(indicator pk, year) -> actual value for indicators of several owners (the matrix of common
    indicators): typed values as stored, bound ones from the observatory's figures of each owner's
    perimeter, read once per year for all the owners (``indicators_many``), whatever their number."""
    result: dict[tuple[int, int], Any] = {}
    needed: dict[int, dict[int, Structure]] = {}
    for indicator, owner in pairs:
        for value in indicator.values.all():
            if indicator.observatory_code:
                needed.setdefault(value.year, {})[owner.pk] = owner
            else:
                result[(indicator.pk, value.year)] = value.actual
    for year, owners in sorted(needed.items()):
        figures = indicators_many(year, list(owners.values()))
        for indicator, owner in pairs:
            if not indicator.observatory_code:
                continue
            owner_figures = figures.get(owner.code) or {}
            covered = (owner_figures.get("coverage") or {}).get("mls")
            for value in indicator.values.all():
                if value.year == year:
                    result[(indicator.pk, year)] = (
                        owner_figures["indicators"].get(indicator.observatory_code) if covered else None
                    )
    return result


def observatory_figure_year(year: int, owner: Structure) -> dict[str, Any]:
    """The observatory's indicators of ``owner``'s perimeter for ``year`` (the one read API); empty
    when no Mission Locale of the perimeter has figures for that year (nothing to show, not zero)."""
    figures = indicators(year, owner)
    return figures["indicators"] if figures["coverage"]["mls"] else {}
