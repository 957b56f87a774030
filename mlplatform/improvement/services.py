"""Domain operations on improvement actions that views call: create, edit, journal.

Every change of a tracked field is written to the change log (who, when, before, after).
Edits are conditional on the version the person read: a concurrent edit raises ``StaleEdit``
and changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from mlplatform.accounts.models import User
from mlplatform.frameworks.models import Requirement
from mlplatform.network.models import Structure
from mlplatform.network.services import StaleEdit

from .enums import Priority, Status
from .models import ActionChange, ActionNote, ImprovementAction, TrackedField
from .requirements import eligible_requirements

__all__ = [
    "StaleEdit",
    "add_note",
    "create_action",
    "display_value",
    "save_action_edit",
    "structure_members",
]

# The editable fields, besides the linked requirements.
EDITABLE_FIELDS = ("title", "description", "owner", "due_on", "priority", "status", "progress", "source")


def structure_members(structure: Structure, keep: User | None = None) -> QuerySet[User]:
    """People who may own an action: active people with an active role in ``structure``.

    ``keep`` (the current owner of an action being edited) stays listed even if they left.
    """
    members = User.objects.filter(
        is_active=True, memberships__structure=structure, memberships__is_active=True
    )
    if keep is not None:
        members = members | User.objects.filter(pk=keep.pk)
    return members.distinct().order_by("last_name", "first_name", "email")


def display_value(field: str, value) -> str:
    """A tracked value as people read it, for the change log."""
    if field == TrackedField.STATUS:
        return Status(value).label
    if field == TrackedField.PRIORITY:
        return Priority(value).label
    if field == TrackedField.DUE_ON:
        return value.strftime("%d/%m/%Y") if value else ""
    if field == TrackedField.OWNER:
        return (value.get_full_name() or value.email) if value else "Aucun·e responsable"
    if field == TrackedField.PROGRESS:
        return f"{value} %"
    if field == TrackedField.REQUIREMENTS:
        return ", ".join(sorted(value)) if value else "Aucune"
    return str(value)


def _check(
    structure: Structure, owner: User | None, requirements: list[Requirement], current_owner=None
) -> None:
    errors: dict[str, str] = {}
    if (
        owner is not None
        and owner != current_owner
        and not structure_members(structure).filter(pk=owner.pk).exists()
    ):
        errors["owner"] = "La personne responsable doit faire partie de la structure."
    if requirements:
        eligible = set(
            eligible_requirements(structure)
            .filter(pk__in=[r.pk for r in requirements])
            .values_list("pk", flat=True)
        )
        if eligible != {r.pk for r in requirements}:
            errors["requirements"] = "Une exigence choisie ne s'applique pas à cette structure."
    if errors:
        raise ValidationError(errors)


def _completion(status: str, previous_status: str | None, completed_on, progress: int, today: datetime.date):
    """completed_on and progress implied by the status: set when done, cleared otherwise."""
    if status == Status.DONE:
        return (completed_on if previous_status == Status.DONE and completed_on else today), 100
    return None, progress


@transaction.atomic
def create_action(
    structure: Structure,
    *,
    user: User,
    title: str,
    due_on: datetime.date,
    description: str = "",
    requirements: Iterable[Requirement] = (),
    owner: User | None = None,
    priority: str = Priority.MEDIUM,
    status: str = Status.PLANNED,
    progress: int = 0,
    source: str = "",
) -> ImprovementAction:
    requirements = list(requirements)
    _check(structure, owner, requirements)
    completed_on, progress = _completion(status, None, None, progress, timezone.localdate())
    action = ImprovementAction(
        structure=structure,
        title=title,
        description=description,
        owner=owner,
        due_on=due_on,
        priority=priority,
        status=status,
        progress=progress,
        completed_on=completed_on,
        source=source,
        created_by=user,
        updated_by=user,
    )
    action.full_clean()
    action.save()
    if requirements:
        action.requirements.set(requirements)
    return action


def _tracked_values(action: ImprovementAction, requirement_refs: set[str]) -> dict:
    return {
        TrackedField.TITLE: action.title,
        TrackedField.STATUS: action.status,
        TrackedField.DUE_ON: action.due_on,
        TrackedField.OWNER: action.owner,
        TrackedField.PROGRESS: action.progress,
        TrackedField.PRIORITY: action.priority,
        TrackedField.REQUIREMENTS: requirement_refs,
        TrackedField.TO_DECIDE: action.to_decide,
    }


def _log_changes(
    action: ImprovementAction, before: dict, after: dict, user: User, when
) -> list[ActionChange]:
    changes = [
        ActionChange(
            action=action,
            author=user,
            changed_at=when,
            field=field,
            before=display_value(field, before[field]),
            after=display_value(field, after[field]),
        )
        for field in TrackedField.values
        if before[field] != after[field]
    ]
    return ActionChange.objects.bulk_create(changes)


@transaction.atomic
def save_action_edit(
    action: ImprovementAction,
    expected_version: int,
    changes: dict,
    *,
    user: User,
    requirements: Iterable[Requirement] | None = None,
) -> ImprovementAction:
    """Apply ``changes`` (some of EDITABLE_FIELDS) and the linked ``requirements`` (None: unchanged)
    only if nobody saved the action since ``expected_version`` was read; log what changed.

    An action flagged « à décider » (a linked requirement removed by a new framework version) is
    decided by saving it: the flag is cleared, and the journal says so."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"champs non modifiables : {sorted(unknown)}")
    current = (
        ImprovementAction.objects.select_for_update(of=("self",))
        .select_related("structure", "owner")
        .get(pk=action.pk)
    )
    if current.version != expected_version:
        raise StaleEdit
    old_refs = set(current.requirements.values_list("ref", flat=True))
    before = _tracked_values(current, old_refs)
    before_plain = (current.description, current.source)
    requirements = list(requirements) if requirements is not None else None
    _check(
        current.structure,
        changes.get("owner", current.owner),
        requirements or [],
        current_owner=current.owner,
    )

    for name, value in changes.items():
        setattr(current, name, value)
    current.to_decide = ""
    current.completed_on, current.progress = _completion(
        current.status,
        before[TrackedField.STATUS],
        current.completed_on,
        current.progress,
        timezone.localdate(),
    )
    current.full_clean(exclude=["structure", "created_by", "updated_by"])
    new_refs = {r.ref for r in requirements} if requirements is not None else old_refs
    after = _tracked_values(current, new_refs)
    if before == after and before_plain == (current.description, current.source):
        return current
    fields = {name: getattr(current, name) for name in (*EDITABLE_FIELDS, "completed_on", "to_decide")}
    now = timezone.now()
    updated = ImprovementAction.objects.filter(pk=current.pk, version=expected_version).update(
        **fields, version=F("version") + 1, updated_by=user, updated_at=now
    )
    if not updated:  # pragma: no cover - the row is locked above; kept as a safety net
        raise StaleEdit
    if requirements is not None and new_refs != old_refs:
        current.requirements.set(requirements)
    _log_changes(current, before, after, user, now)
    current.refresh_from_db()
    return current


@transaction.atomic
def add_note(
    action: ImprovementAction, *, user: User, text: str, progress: int, expected_version: int
) -> ActionNote:
    """Add an entry to the progress journal; a new progress value updates the action (logged).

    Changing the progress is refused with ``StaleEdit`` if the action changed since it was read.
    """
    current = ImprovementAction.objects.select_for_update(of=("self",)).get(pk=action.pk)
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": "L'avancement est un pourcentage entre 0 et 100."})
    if progress != current.progress:
        if current.version != expected_version:
            raise StaleEdit
        now = timezone.now()
        ImprovementAction.objects.filter(pk=current.pk, version=expected_version).update(
            progress=progress, version=F("version") + 1, updated_by=user, updated_at=now
        )
        ActionChange.objects.create(
            action=current,
            author=user,
            changed_at=now,
            field=TrackedField.PROGRESS,
            before=display_value(TrackedField.PROGRESS, current.progress),
            after=display_value(TrackedField.PROGRESS, progress),
        )
    return ActionNote.objects.create(action=current, author=user, text=text, progress=progress)
