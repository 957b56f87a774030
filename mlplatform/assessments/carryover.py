"""Carry-over of the self-assessments to a new version of a framework (issue 20).

When a campaign opens on a version that has a previous version, each structure's new assessment
starts from its last submitted assessment on the previous version, through the pairing of
``frameworks.diff.pair_versions`` (the mapping, else the local reference):

- identical requirement: the previous answer (level, comment) and evidence are proposed, « reprise
  de <campagne>, à confirmer »; they count only once confirmed (carried.py);
- changed requirement (or levels that no longer mean the same: another rating scale): the previous
  answer and evidence are shown beside the new text; a new answer is needed;
- removed requirement: listed in « ce qui disparaît » with what the structure had answered;
- added requirement: new, unanswered.

A later campaign on the same new version carries nothing to a structure that has submitted on it
(``carry_sources``), and its actions are never flagged « à décider » twice (``plan_actions``).
Nothing of the previous assessment is written. Proposals are snapshots (``CarriedAnswer``). The
structure's improvement actions follow (``improvement.relink``). Everything is computed set-wise,
a batch of structures at a time (a few queries per batch, none per answer), and the migration
report (``migration_report``) counts with the very same functions, before anything is opened.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields

from django.db import transaction
from django.utils import timezone

from mlplatform.accounts.models import User
from mlplatform.frameworks.diff import VersionPairing, pair_versions
from mlplatform.frameworks.models import FrameworkVersion, Requirement
from mlplatform.improvement.relink import ActionMove, apply_relinks, links_to, plan_relinks
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure

from .enums import AssessmentStatus
from .models import Answer, AnswerEvidence, Assessment, Campaign, CarriedAnswer, CarryKind, Carryover
from .services import ADDRESSEES_BY_TYPE

BATCH_SIZE = 100  # structures per transaction of the carry-over


@dataclass(frozen=True)
class PreviousAnswer:
    level: int | None
    not_applicable: bool
    justification: str
    comment: str

    @property
    def is_answered(self) -> bool:
        return self.not_applicable or self.level is not None


@dataclass(frozen=True)
class Proposal:
    kind: str  # CarryKind
    requirement_id: int | None  # new version (None: removed)
    previous_requirement_id: int | None  # previous version (None: added)
    answer: PreviousAnswer | None = None
    evidence: tuple[int, ...] = ()


class VersionPlan:
    """The pairing of two versions, read for each kind of structure (its requirements only)."""

    def __init__(self, old: FrameworkVersion, new: FrameworkVersion) -> None:
        self.old, self.new = old, new
        self.pairing: VersionPairing = pair_versions(old, new)
        self._applicable: dict[str, tuple[list[Requirement], list[Requirement], set[int]]] = {}

    def applicable(self, structure_type: str) -> tuple[list[Requirement], list[Requirement], set[int]]:
        """The old and new requirements a structure of this type answers, and the new ids."""
        if structure_type not in self._applicable:
            addressees = ADDRESSEES_BY_TYPE.get(structure_type, ())
            chosen = sorted(
                (r for r in self.pairing.requirements.values() if r.addressee in addressees),
                key=lambda r: r.position,
            )
            old = [r for r in chosen if r.version_id == self.old.pk]
            new = [r for r in chosen if r.version_id == self.new.pk]
            self._applicable[structure_type] = (old, new, {r.pk for r in new})
        return self._applicable[structure_type]

    def proposals(
        self,
        structure_type: str,
        answers: dict[int, PreviousAnswer],
        evidence: dict[int, tuple[int, ...]],
    ) -> list[Proposal]:
        """What one structure gets from its previous answers (by old requirement id)."""
        old, new, new_ids = self.applicable(structure_type)
        old_ids = {r.pk for r in old}
        same_scale = self.pairing.same_scale
        proposals = []
        for requirement in new:
            sources = [pk for pk in self.pairing.sources.get(requirement.pk, []) if pk in old_ids]
            if not sources:
                proposals.append(Proposal(CarryKind.ADDED, requirement.pk, None))
                continue
            identical = requirement.pk in self.pairing.identical and same_scale
            kind = CarryKind.IDENTICAL if identical else CarryKind.CHANGED
            for source in sources:
                proposals.append(
                    Proposal(kind, requirement.pk, source, answers.get(source), evidence.get(source, ()))
                )
        for requirement in old:
            if not any(pk in new_ids for pk in self.pairing.counterparts.get(requirement.pk, [])):
                proposals.append(
                    Proposal(
                        CarryKind.REMOVED,
                        None,
                        requirement.pk,
                        answers.get(requirement.pk),
                        evidence.get(requirement.pk, ()),
                    )
                )
        return proposals


@dataclass
class CarryoverCounts:
    """What a carry-over brings: the figures of the migration report and of a finished job."""

    structures: int = 0
    answers_carried: int = 0
    answers_to_review: int = 0
    answers_dropped: int = 0
    evidence_carried: int = 0
    evidence_to_review: int = 0
    actions_relinked: int = 0
    actions_orphaned: int = 0

    def count(self, proposals: Iterable[Proposal]) -> None:
        self.structures += 1
        for proposal in proposals:
            answered = proposal.answer is not None and proposal.answer.is_answered
            if proposal.kind == CarryKind.IDENTICAL:
                self.answers_carried += answered
                self.evidence_carried += len(proposal.evidence)
            elif proposal.kind == CarryKind.CHANGED:
                self.answers_to_review += answered
                self.evidence_to_review += len(proposal.evidence)
            elif proposal.kind == CarryKind.REMOVED:
                self.answers_dropped += answered

    def count_actions(self, moves) -> None:
        self.actions_relinked += sum(1 for move in moves if move.moved)
        self.actions_orphaned += sum(1 for move in moves if move.flagged)

    def add(self, other: CarryoverCounts) -> None:
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))

    def as_dict(self) -> dict:
        return {
            "structures": self.structures,
            "answers": {
                "carried": self.answers_carried,
                "to_review": self.answers_to_review,
                "dropped": self.answers_dropped,
            },
            "evidence_links": {"carried": self.evidence_carried, "to_review": self.evidence_to_review},
            "actions": {"relinked": self.actions_relinked, "orphaned": self.actions_orphaned},
        }


# Reading the previous assessments


def structure_types(version: FrameworkVersion) -> tuple[str, ...]:
    """The kinds of structures assessed on ``version``'s framework (services.version_for)."""
    if version.framework.code == "ML":
        return (StructureType.ML,)
    return (StructureType.ARML, StructureType.UNML)


def latest_submitted(old: FrameworkVersion, structure_ids: Iterable[int]) -> dict[int, int]:
    """Each structure's last submitted assessment on ``old``: structure id -> assessment id."""
    rows = (
        Assessment.objects.filter(
            framework_version=old, status=AssessmentStatus.SUBMITTED, structure_id__in=list(structure_ids)
        )
        .order_by("structure_id", "-campaign__opens_on", "-submitted_at", "-pk")
        .values_list("structure_id", "pk")
    )
    latest: dict[int, int] = {}
    for structure_id, pk in rows:
        latest.setdefault(structure_id, pk)
    return latest


def carry_sources(
    old: FrameworkVersion, new: FrameworkVersion, structure_ids: Iterable[int]
) -> dict[int, int]:
    """Where each structure's carry-over to ``new`` starts: its last submitted assessment on ``old``,
    unless it has submitted one on ``new`` since (in a later campaign on the same version, the old
    version's answers are not proposed again). Structure id -> assessment id."""
    ids = list(structure_ids)
    on_new = set(
        Assessment.objects.filter(
            framework_version=new, status=AssessmentStatus.SUBMITTED, structure_id__in=ids
        ).values_list("structure_id", flat=True)
    )
    return latest_submitted(old, [pk for pk in ids if pk not in on_new])


def carried_before(new: FrameworkVersion, structure_ids: Iterable[int]) -> set[int]:
    """The structures already carried over to ``new`` (in an earlier campaign on it)."""
    return set(
        Carryover.objects.filter(
            assessment__framework_version=new, assessment__structure_id__in=list(structure_ids)
        ).values_list("assessment__structure_id", flat=True)
    )


def plan_actions(plan: VersionPlan, structure_ids: Iterable[int], again: set[int]) -> list[ActionMove]:
    """Where the structures' improvement actions go (one query). For the structures in ``again``
    (carried over before, in an earlier campaign on the new version), links still on the old version
    move, but their actions are not flagged « à décider » a second time: the structure has decided."""
    pairing = plan.pairing
    links = links_to(pairing.counterparts, structure_ids)
    moves = plan_relinks(
        [link for link in links if link.structure_id not in again], pairing.counterparts, pairing.requirements
    )
    for move in plan_relinks(
        [link for link in links if link.structure_id in again], pairing.counterparts, pairing.requirements
    ):
        move.orphaned.clear()
        if move.moved:
            moves.append(move)
    return moves


def previous_contents(
    assessment_ids: list[int],
) -> Iterator[tuple[int, dict[int, PreviousAnswer], dict[int, tuple[int, ...]]]]:
    """(assessment id, answers, evidence ids) by requirement, one assessment at a time, in id order:
    two streamed queries, however many assessments (memory holds one assessment)."""
    ids = sorted(set(assessment_ids))
    answers = (
        Answer.objects.filter(assessment_id__in=ids)
        .order_by("assessment_id")
        .values_list("assessment_id", "requirement_id", "level", "not_applicable", "justification", "comment")
        .iterator(chunk_size=5000)
    )
    links = (
        AnswerEvidence.objects.filter(assessment_id__in=ids, evidence__archived=False)
        .order_by("assessment_id", "added_at", "pk")
        .values_list("assessment_id", "requirement_id", "evidence_id")
        .iterator(chunk_size=5000)
    )
    next_answer, next_link = next(answers, None), next(links, None)
    for assessment_id in ids:
        current: dict[int, PreviousAnswer] = {}
        while next_answer is not None and next_answer[0] == assessment_id:
            current[next_answer[1]] = PreviousAnswer(*next_answer[2:])
            next_answer = next(answers, None)
        evidence: dict[int, list[int]] = {}
        while next_link is not None and next_link[0] == assessment_id:
            evidence.setdefault(next_link[1], []).append(next_link[2])
            next_link = next(links, None)
        yield assessment_id, current, {pk: tuple(items) for pk, items in evidence.items()}


# The migration report


@dataclass
class RegionReport:
    name: str
    counts: CarryoverCounts = field(default_factory=CarryoverCounts)


@dataclass
class MigrationReport:
    old: FrameworkVersion
    new: FrameworkVersion
    requirements: dict[str, int]
    total: CarryoverCounts
    regions: list[RegionReport]

    def as_json(self) -> dict:
        """The shape printed by ``manage.py frameworks migration-report``."""
        counts = self.total.as_dict()
        return {
            "from": self.old.version,
            "to": self.new.version,
            "requirements": self.requirements,
            "answers": counts["answers"],
            "evidence_links": counts["evidence_links"],
            "actions": counts["actions"],
        }


def _region_of(row: tuple) -> tuple[str, str]:
    """(sort key, name) of a structure's region: its ARML's, the ARML's own, or the UNML's."""
    _pk, type_, name, parent_name = row
    if type_ == StructureType.ML:
        return parent_name or "Sans ARML", parent_name or "Sans ARML"
    if type_ == StructureType.ARML:
        return name, name
    return "", name  # the UNML first


def migration_report(old: FrameworkVersion, new: FrameworkVersion) -> MigrationReport:
    """What opening a campaign on ``new`` would carry from the submitted assessments on ``old``, for
    the whole network and per region: the same plan as the carry-over, nothing written."""
    plan = VersionPlan(old, new)
    structures = list(
        Structure.objects.filter(closed_on__isnull=True, type__in=structure_types(new))
        .order_by("pk")
        .values_list("pk", "type", "name", "parent__name")
    )
    type_of = {row[0]: row[1] for row in structures}
    regions: dict[str, RegionReport] = {}
    region_of: dict[int, RegionReport] = {}
    for row in structures:
        key, name = _region_of(row)
        region_of[row[0]] = regions.setdefault(key, RegionReport(name))
    sources = carry_sources(old, new, type_of)
    structure_of = {assessment_id: structure_id for structure_id, assessment_id in sources.items()}
    total = CarryoverCounts()
    for assessment_id, answers, evidence in previous_contents(list(structure_of)):
        structure_id = structure_of[assessment_id]
        region_of[structure_id].counts.count(plan.proposals(type_of[structure_id], answers, evidence))
    for move in plan_actions(plan, type_of, carried_before(new, type_of)):
        region_of[move.structure_id].counts.count_actions([move])
    for region in regions.values():
        total.add(region.counts)
    ordered = [regions[key] for key in sorted(regions)]
    return MigrationReport(old, new, plan.pairing.counts(), total, ordered)


# The carry-over of a campaign


def pending_assessments(campaign: Campaign, *, exists: bool = False):
    """(assessment, structure, structure type, version) of the campaign's assessments on a version
    with a previous one that have not been carried over yet (with ``exists``: whether there is any)."""
    pending = Assessment.objects.filter(
        campaign=campaign, framework_version__previous__isnull=False, carryover__isnull=True
    )
    if exists:
        return pending.exists()
    return list(
        pending.order_by("pk").values_list("pk", "structure_id", "structure__type", "framework_version_id")
    )


def carry_over(
    campaign: Campaign,
    *,
    user: User | None = None,
    progress: Callable[[int, int], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> CarryoverCounts:
    """Carry every assessment of ``campaign`` not carried yet over from the previous version.

    One transaction per batch of structures: an interruption leaves whole structures done and the
    others to do; running it again does the rest (``Carryover`` marks each assessment done).
    ``progress(done, total)`` is called after each batch.
    """
    todo = pending_assessments(campaign)
    versions = FrameworkVersion.objects.select_related("framework", "previous__framework").in_bulk(
        {row[3] for row in todo}
    )
    plans = {pk: VersionPlan(version.previous, version) for pk, version in versions.items()}
    sources: dict[tuple[int, int], int] = {}
    again: set[tuple[int, int]] = set()  # (version, structure) carried over in an earlier campaign
    for pk, plan in plans.items():
        structure_ids = [row[1] for row in todo if row[3] == pk]
        for structure_id, source in carry_sources(plan.old, plan.new, structure_ids).items():
            sources[(pk, structure_id)] = source
        again.update((pk, structure_id) for structure_id in carried_before(plan.new, structure_ids))
    counts = CarryoverCounts()
    for start in range(0, len(todo), batch_size):
        batch = todo[start : start + batch_size]
        with transaction.atomic():
            counts.add(_carry_batch(batch, plans, sources, again, user))
        if progress is not None:
            progress(start + len(batch), len(todo))
    return counts


def _carry_batch(
    batch: list[tuple[int, int, str, int]],
    plans: dict[int, VersionPlan],
    sources: dict[tuple[int, int], int],
    again: set[tuple[int, int]],
    user: User | None,
) -> CarryoverCounts:
    counts = CarryoverCounts()
    now = timezone.now()
    source_of = {pk: sources.get((version_id, structure_id)) for pk, structure_id, _, version_id in batch}
    contents = {
        assessment_id: (answers, evidence)
        for assessment_id, answers, evidence in previous_contents([s for s in source_of.values() if s])
    }
    rows: list[CarriedAnswer] = []
    for pk, _structure_id, structure_type, version_id in batch:
        source = source_of[pk]
        if source is None:
            continue
        proposals = plans[version_id].proposals(structure_type, *contents[source])
        counts.count(proposals)
        rows.extend(_carried_row(pk, proposal) for proposal in proposals)
    CarriedAnswer.objects.bulk_create(rows, batch_size=2000)
    Carryover.objects.bulk_create(
        [Carryover(assessment_id=pk, source_id=source_of[pk], created_at=now) for pk, *_ in batch]
    )
    for version_id, plan in plans.items():
        structure_ids = [structure_id for _, structure_id, _, v in batch if v == version_id]
        if not structure_ids:
            continue
        before = {structure_id for structure_id in structure_ids if (version_id, structure_id) in again}
        moves = plan_actions(plan, structure_ids, before)
        apply_relinks(moves, plan.pairing.requirements, version_label=plan.new.version, user=user)
        counts.count_actions(moves)
    return counts


def _carried_row(assessment_id: int, proposal: Proposal) -> CarriedAnswer:
    answer = proposal.answer
    return CarriedAnswer(
        assessment_id=assessment_id,
        kind=proposal.kind,
        requirement_id=proposal.requirement_id,
        previous_requirement_id=proposal.previous_requirement_id,
        level=answer.level if answer else None,
        not_applicable=answer.not_applicable if answer else False,
        justification=answer.justification if answer else "",
        comment=answer.comment if answer else "",
        evidence=list(proposal.evidence),
    )
