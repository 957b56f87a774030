"""The carried-over answers on the answering page: what is shown, confirming them, keeping evidence.

``carried_view`` reads everything the page needs in at most five queries, whatever the number of
requirements, and none at all for an assessment whose version has no previous version. It is
memoised on the assessment object, so that the panel and every row of one page share it
(templatetags/carryover.py). ``confirm`` turns proposals into answers (history included, as any
answer); ``keep_evidence`` attaches the evidence of a changed requirement in one click.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from mlplatform.accounts.models import User
from mlplatform.evidence.models import Evidence
from mlplatform.frameworks.models import Part

from .jobs import active_job
from .models import Answer, AnswerChange, AnswerEvidence, Assessment, CarriedAnswer, CarryKind, Carryover
from .services import AnswerInput, AssessmentRefused, check_editable, validate_answer


@dataclass
class CarriedEntry:
    """One previous answer, as shown: the old requirement, the level in words, the evidence."""

    carried: CarriedAnswer
    level_text: str
    evidence: list[Evidence]


@dataclass
class CarriedRow:
    """What one requirement of the new assessment received."""

    kind: str
    source_name: str
    previous_version: str
    entries: list[CarriedEntry] = field(default_factory=list)
    answered: bool = False  # the new assessment already has an answer to it

    @property
    def first(self) -> CarriedEntry | None:
        return self.entries[0] if self.entries else None

    @property
    def pending(self) -> bool:
        """An identical requirement whose previous answer awaits confirmation."""
        entry = self.first
        return (
            self.kind == CarryKind.IDENTICAL
            and not self.answered
            and entry is not None
            and entry.carried.is_answered
            and entry.carried.confirmed_at is None
        )

    @property
    def confirmed(self) -> CarriedAnswer | None:
        entry = self.first
        return entry.carried if entry is not None and entry.carried.confirmed_at else None

    @property
    def evidence_to_keep(self) -> list[Evidence]:
        """Evidence that one click attaches (not for a pending proposal: confirming attaches it)."""
        if self.pending or self.confirmed:
            return []
        return [e for entry in self.entries if not entry.carried.evidence_kept_at for e in entry.evidence]


@dataclass
class CarriedView:
    carryover: Carryover
    rows: dict[int, CarriedRow]
    removed: list[CarriedEntry]
    pending_parts: list[tuple[Part, int]]
    counts: Counter

    @property
    def source(self) -> Assessment:
        return self.carryover.source

    @property
    def pending(self) -> int:
        return sum(count for _, count in self.pending_parts)

    @property
    def pending_requirements(self) -> set[int]:
        """The requirements whose carried-over answer awaits confirmation (the page's filter)."""
        return {pk for pk, row in self.rows.items() if row.pending}


def carried_view(assessment: Assessment) -> CarriedView | None:
    """The carry-over of ``assessment`` for its page (memoised on the object), or None."""
    if not hasattr(assessment, "_carried_view"):
        assessment._carried_view = _build_view(assessment)
    return assessment._carried_view


def carryover_waiting(assessment: Assessment) -> bool:
    """Whether the campaign's carry-over job is under way and has not reached this assessment yet
    (the answering page says so): one more query, only in that case."""
    carried_view(assessment)
    if not getattr(assessment, "_carryover_missing", False):
        return False
    return active_job(assessment.campaign) is not None


def _build_view(assessment: Assessment) -> CarriedView | None:
    if assessment.framework_version.previous_id is None:
        return None
    carryover = (
        Carryover.objects.filter(assessment=assessment)
        .select_related("source__campaign", "source__framework_version")
        .first()
    )
    assessment._carryover_missing = carryover is None
    if carryover is None or carryover.source_id is None:
        return None
    carried = list(
        CarriedAnswer.objects.filter(assessment=assessment)
        .select_related("previous_requirement", "requirement__commitment__part", "confirmed_by")
        .order_by("pk")
    )
    # Any answer row, even a comment alone: a proposal never replaces what someone wrote.
    answered = set(Answer.objects.filter(assessment=assessment).values_list("requirement_id", flat=True))
    wanted = {pk for item in carried for pk in item.evidence}
    library = (
        Evidence.objects.filter(pk__in=wanted, structure_id=assessment.structure_id, archived=False).in_bulk()
        if wanted
        else {}
    )
    source = carryover.source
    previous = source.framework_version
    rows: dict[int, CarriedRow] = {}
    removed: list[CarriedEntry] = []
    pending: Counter = Counter()
    parts: dict[int, Part] = {}
    for item in carried:
        entry = CarriedEntry(
            item, _level_text(item, previous), [library[pk] for pk in item.evidence if pk in library]
        )
        if item.kind == CarryKind.REMOVED:
            removed.append(entry)
            continue
        row = rows.get(item.requirement_id)
        if row is None:
            row = rows[item.requirement_id] = CarriedRow(
                item.kind, source.campaign.name, previous.version, answered=item.requirement_id in answered
            )
        if item.kind != CarryKind.ADDED:
            row.entries.append(entry)
        if row.pending and len(row.entries) == 1:
            part = item.requirement.commitment.part
            parts[part.pk] = part
            pending[part.pk] += 1
    pending_parts = [(parts[pk], pending[pk]) for pk in sorted(pending, key=lambda pk: parts[pk].position)]
    counts = Counter(row.kind for row in rows.values())
    counts[CarryKind.REMOVED] = len(removed)
    return CarriedView(carryover, rows, removed, pending_parts, counts)


def _level_text(item: CarriedAnswer, previous) -> str:
    if item.not_applicable:
        return "Non applicable"
    if item.level is None:
        return "Sans réponse"
    return f"{item.level} — {previous.level_label(item.level)}"


# Acting on the proposals


def confirm(
    assessment: Assessment,
    user: User,
    *,
    requirement_id: int | None = None,
    part_number: str | None = None,
) -> int:
    """Confirm the pending proposals of one requirement or of a whole part: each becomes an answer
    (with its history entry) and its evidence is attached. Returns how many were confirmed."""
    check_editable(assessment)
    proposals = CarriedAnswer.objects.filter(
        assessment=assessment, kind=CarryKind.IDENTICAL, confirmed_at__isnull=True
    ).select_related("requirement")
    if requirement_id is not None:
        proposals = proposals.filter(requirement_id=requirement_id)
    elif part_number is not None:
        proposals = proposals.filter(requirement__commitment__part__number=part_number)
    else:
        raise AssessmentRefused("Choisissez une exigence ou une partie : rien n'a été confirmé.")
    now = timezone.now()
    try:
        with transaction.atomic():
            existing = set(
                Answer.objects.filter(assessment=assessment).values_list("requirement_id", flat=True)
            )
            chosen = [
                p for p in proposals.order_by("pk") if p.is_answered and p.requirement_id not in existing
            ]
            answers = []
            for proposal in chosen:
                data = AnswerInput(
                    proposal.level, proposal.not_applicable, proposal.justification, proposal.comment
                )
                validate_answer(assessment, data)
                answers.append(
                    Answer(
                        assessment=assessment,
                        requirement_id=proposal.requirement_id,
                        updated_by=user,
                        updated_at=now,
                        **data.snapshot(),
                    )
                )
            Answer.objects.bulk_create(answers)
            AnswerChange.objects.bulk_create(
                AnswerChange(answer=answer, user=user, at=now, before=None, after=answer.snapshot())
                for answer in answers
            )
            _attach(assessment, chosen, user, now)
            CarriedAnswer.objects.filter(pk__in=[p.pk for p in chosen]).update(
                confirmed_at=now, confirmed_by=user, evidence_kept_at=now
            )
    except IntegrityError as error:  # someone answered one of them meanwhile
        raise AssessmentRefused(
            "Une de ces exigences vient de recevoir une réponse : rechargez la page puis confirmez à nouveau."
        ) from error
    return len(chosen)


def keep_evidence(assessment: Assessment, requirement_id: int, user: User) -> int:
    """Attach the previous evidence of a requirement (changed, or answered anew); returns how many."""
    check_editable(assessment)
    now = timezone.now()
    with transaction.atomic():
        items = list(
            CarriedAnswer.objects.filter(
                assessment=assessment,
                requirement_id=requirement_id,
                kind__in=[CarryKind.IDENTICAL, CarryKind.CHANGED],
                evidence_kept_at__isnull=True,
            )
        )
        attached = _attach(assessment, items, user, now)
        CarriedAnswer.objects.filter(pk__in=[item.pk for item in items]).update(evidence_kept_at=now)
    return attached


def _attach(assessment: Assessment, items: list[CarriedAnswer], user: User, now) -> int:
    """Link the items' evidence still in the structure's library (once per requirement)."""
    wanted = {pk for item in items for pk in item.evidence}
    if not wanted:
        return 0
    usable = set(
        Evidence.objects.filter(
            pk__in=wanted, structure_id=assessment.structure_id, archived=False
        ).values_list("pk", flat=True)
    )
    linked = set(
        AnswerEvidence.objects.filter(
            assessment=assessment, requirement_id__in={item.requirement_id for item in items}
        ).values_list("requirement_id", "evidence_id")
    )
    new = {
        (item.requirement_id, pk)
        for item in items
        for pk in item.evidence
        if pk in usable and (item.requirement_id, pk) not in linked
    }
    AnswerEvidence.objects.bulk_create(
        [
            AnswerEvidence(
                assessment=assessment, requirement_id=req, evidence_id=pk, added_by=user, added_at=now
            )
            for req, pk in sorted(new)
        ],
        ignore_conflicts=True,
    )
    return len(new)
