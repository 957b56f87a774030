"""Actions follow a new version of the framework (the carry-over of a campaign, issue 20).

A link from an action to a requirement of the previous version moves to the requirement's
counterparts in the new version (as paired by ``frameworks.diff.pair_versions``), among those that
apply to the structure; the change is written to the action's journal. When a requirement has no
counterpart, the link stays and an open action is flagged « à décider » (a closed action is left
as it is): the structure decides whether the action still serves, and saving its form clears the
flag. Planned (``plan_relinks``) then applied (``apply_relinks``) set-wise: the migration report
counts with the same plan.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F
from django.utils import timezone

from mlplatform.accounts.models import User
from mlplatform.frameworks.models import Requirement

from .enums import OPEN_STATUSES
from .models import ActionChange, ImprovementAction, TrackedField
from .requirements import APPLICABLE
from .services import display_value

Through = ImprovementAction.requirements.through


@dataclass(frozen=True)
class Link:
    pk: int  # the row of the many-to-many table
    action_id: int
    structure_id: int
    structure_type: str
    status: str
    requirement_id: int


@dataclass
class ActionMove:
    action_id: int
    is_open: bool
    structure_id: int = 0
    moved: dict[int, list[int]] = field(default_factory=dict)  # old requirement id -> new ids
    orphaned: list[int] = field(default_factory=list)  # old requirement ids without counterpart
    link_pks: list[int] = field(default_factory=list)  # rows of the moved links

    @property
    def flagged(self) -> bool:
        return bool(self.orphaned) and self.is_open


def links_to(old_requirement_ids: Iterable[int], structure_ids: Iterable[int]) -> list[Link]:
    """The links of the structures' actions to the given requirements (one query)."""
    rows = (
        Through.objects.filter(
            improvementaction__structure_id__in=list(structure_ids),
            requirement_id__in=list(old_requirement_ids),
        )
        .values_list(
            "pk",
            "improvementaction_id",
            "improvementaction__structure_id",
            "improvementaction__structure__type",
            "improvementaction__status",
            "requirement_id",
        )
        .order_by("improvementaction_id", "requirement_id")
    )
    return [Link(*row) for row in rows]


def plan_relinks(
    links: Iterable[Link], counterparts: dict[int, list[int]], requirements: dict[int, Requirement]
) -> list[ActionMove]:
    """Where each link goes: ``counterparts`` maps old requirement ids to new ones (all structures);
    only the new requirements addressed to the action's structure are kept."""
    moves: dict[int, ActionMove] = {}
    for link in links:
        move = moves.get(link.action_id)
        if move is None:
            move = moves[link.action_id] = ActionMove(
                link.action_id, link.status in OPEN_STATUSES, link.structure_id
            )
        addressees = APPLICABLE[link.structure_type][1]
        targets = [
            new_id
            for new_id in counterparts.get(link.requirement_id, [])
            if requirements[new_id].addressee in addressees
        ]
        if targets:
            move.moved[link.requirement_id] = targets
            move.link_pks.append(link.pk)
        else:
            move.orphaned.append(link.requirement_id)
    return list(moves.values())


def apply_relinks(
    moves: list[ActionMove],
    requirements: dict[int, Requirement],
    *,
    version_label: str,
    user: User | None,
) -> None:
    """Move the links, flag the actions to decide, write their journals (a fixed number of queries)."""
    moved = [move for move in moves if move.moved]
    flagged = [move for move in moves if move.flagged]
    if not moved and not flagged:
        return
    now = timezone.now()
    refs_before: dict[int, set[str]] = defaultdict(set)
    for action_id, ref in Through.objects.filter(
        improvementaction_id__in=[move.action_id for move in moved]
    ).values_list("improvementaction_id", "requirement__ref"):
        refs_before[action_id].add(ref)
    Through.objects.filter(pk__in=[pk for move in moved for pk in move.link_pks]).delete()
    Through.objects.bulk_create(
        [
            Through(improvementaction_id=move.action_id, requirement_id=new_id)
            for move in moved
            for new_ids in move.moved.values()
            for new_id in new_ids
        ],
        ignore_conflicts=True,
    )
    changes = []
    for move in moved:
        before = refs_before[move.action_id]
        after = (before - {requirements[old].ref for old in move.moved}) | {
            requirements[new].ref for ids in move.moved.values() for new in ids
        }
        changes.append(_change(move.action_id, TrackedField.REQUIREMENTS, before, after, user, now))
    note = (
        f"Une exigence liée n'existe plus dans la version {version_label} du référentiel : "
        "gardez l'action, reliez-la à d'autres exigences ou abandonnez-la."
    )
    for move in flagged:
        gone = ", ".join(sorted(requirements[old].ref for old in move.orphaned))
        changes.append(
            _change(move.action_id, TrackedField.TO_DECIDE, "", f"{gone} : {note}", user, now, plain=True)
        )
    ActionChange.objects.bulk_create(changes)
    touched = {move.action_id for move in moved} - {move.action_id for move in flagged}
    ImprovementAction.objects.filter(pk__in=touched).update(
        version=F("version") + 1, updated_at=now, updated_by=user
    )
    ImprovementAction.objects.filter(pk__in=[move.action_id for move in flagged]).update(
        to_decide=note[:300], version=F("version") + 1, updated_at=now, updated_by=user
    )


def _change(action_id, field_name, before, after, user, when, *, plain: bool = False) -> ActionChange:
    return ActionChange(
        action_id=action_id,
        author=user,
        changed_at=when,
        field=field_name,
        before=before if plain else display_value(field_name, before),
        after=after if plain else display_value(field_name, after),
    )
