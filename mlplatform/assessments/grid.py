"""The answering grid of one assessment: every requirement, grouped by part and commitment.

Built with a fixed number of queries whatever the number of requirements and answers: the
requirements with their commitment and part, the answers, and one count per side table. The
answering page shows one part of it at a time (``part_page``), filtered if asked; the PDF and the
XLSX export read the whole grid.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from django.db.models import Count
from django.urls import reverse

from mlplatform.frameworks.models import Commitment, Part, Requirement

from .forms import NOT_APPLICABLE, AnswerForm
from .models import Answer, Assessment, RequirementComment
from .scoring import AssessmentScores, score_assessment
from .services import requirements_for


@dataclass
class RequirementRow:
    requirement: Requirement
    depth: int
    answer: Answer | None
    editable: bool
    part_number: str = ""
    # The requirement's id as text: rendered about twenty times per row, a string skips the
    # number formatting that templates apply to integers.
    key: str = ""
    carried_pending: bool = False  # a carried-over answer waits for confirmation (carried.py)
    comments: int = 0
    evidence: int = 0
    actions: int = 0
    # Filled for the rows a page shows (URLs reversed once per row, not in the template).
    url: str = ""
    save_url: str = ""
    action_url: str = ""

    @property
    def is_answered(self) -> bool:
        return self.answer is not None and self.answer.is_answered

    @property
    def has_comment(self) -> bool:
        return bool(self.comments or (self.answer is not None and self.answer.comment))

    @property
    def version(self) -> int:
        return self.answer.version if self.answer else 0

    @property
    def level_value(self) -> str:
        """The value of the checked radio button (the form's field values, rendered by hand for speed)."""
        if self.answer is None:
            return ""
        if self.answer.not_applicable:
            return NOT_APPLICABLE
        return "" if self.answer.level is None else str(self.answer.level)


@dataclass
class CommitmentBlock:
    commitment: Commitment
    rows: list[RequirementRow] = field(default_factory=list)


@dataclass
class PartBlock:
    part: Part
    commitments: list[CommitmentBlock] = field(default_factory=list)


@dataclass
class Grid:
    parts: list[PartBlock]
    scores: AssessmentScores
    rows: dict[int, RequirementRow]
    choices: list[tuple[str, str]]


def level_choices(assessment: Assessment) -> list[tuple[str, str]]:
    """The answer's radio buttons: no answer, each level of the scale, not applicable."""
    return [
        ("", "Sans réponse"),
        *[
            (str(level["value"]), f"{level['value']} — {level['label']}")
            for level in assessment.framework_version.rating_scale
        ],
        (NOT_APPLICABLE, "Non applicable"),
    ]


def load_requirements(assessment: Assessment) -> list[Requirement]:
    return list(
        requirements_for(assessment.framework_version, assessment.structure.type).select_related(
            "commitment__part", "commitment__section"
        )
    )


def load_answers(assessment: Assessment) -> dict[int, Answer]:
    return {
        answer.requirement_id: answer
        for answer in Answer.objects.filter(assessment=assessment).select_related("updated_by")
    }


def current_scores(assessment: Assessment) -> AssessmentScores:
    return score_assessment(
        load_requirements(assessment), load_answers(assessment), assessment.framework_version.max_level
    )


def answer_form(
    assessment: Assessment, requirement: Requirement, answer: Answer | None, data=None
) -> AnswerForm:
    initial = {"version": answer.version if answer else 0}
    if answer is not None:
        level = (
            NOT_APPLICABLE if answer.not_applicable else ("" if answer.level is None else str(answer.level))
        )
        initial |= {"level": level, "justification": answer.justification, "comment": answer.comment}
    return AnswerForm(
        data,
        initial=initial,
        prefix=f"r{requirement.pk}",
        scale=assessment.framework_version.rating_scale,
    )


def build_grid(assessment: Assessment, *, editable: bool) -> Grid:
    requirements = load_requirements(assessment)
    answers = load_answers(assessment)
    comments = dict(
        RequirementComment.objects.filter(assessment=assessment)
        .values_list("requirement_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    evidence = _evidence_counts(assessment)
    actions = _action_counts(assessment, requirements)
    depth_of: dict[int, int] = {}
    parts: dict[int, PartBlock] = {}
    blocks: dict[int, CommitmentBlock] = {}
    rows: dict[int, RequirementRow] = {}
    for requirement in requirements:
        depth = depth_of.get(requirement.parent_id, -1) + 1 if requirement.parent_id else 0
        depth_of[requirement.pk] = depth
        commitment = requirement.commitment
        part = parts.setdefault(commitment.part_id, PartBlock(commitment.part))
        block = blocks.get(commitment.pk)
        if block is None:
            block = blocks[commitment.pk] = CommitmentBlock(commitment)
            part.commitments.append(block)
        answer = answers.get(requirement.pk)
        row = RequirementRow(
            requirement,
            depth,
            answer,
            editable,
            part_number=commitment.part.number,
            key=str(requirement.pk),
            comments=comments.get(requirement.pk, 0),
            evidence=evidence.get(requirement.pk, 0),
            actions=actions.get(requirement.pk, 0),
        )
        block.rows.append(row)
        rows[requirement.pk] = row
    ordered = sorted(parts.values(), key=lambda block: block.part.position)
    for part in ordered:
        part.commitments.sort(key=lambda block: block.commitment.position)
    scores = score_assessment(requirements, answers, assessment.framework_version.max_level)
    return Grid(ordered, scores, rows, level_choices(assessment))


def _evidence_counts(assessment: Assessment) -> dict[int, int]:
    from .models import AnswerEvidence

    return dict(
        AnswerEvidence.objects.filter(assessment=assessment)
        .values_list("requirement_id")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _action_counts(assessment: Assessment, requirements: list[Requirement]) -> dict[int, int]:
    from mlplatform.improvement.models import ImprovementAction

    through = ImprovementAction.requirements.through
    return dict(
        through.objects.filter(
            improvementaction__structure=assessment.structure,
            requirement__version=assessment.framework_version,
        )
        .values_list("requirement_id")
        .annotate(n=Count("pk"))
        .order_by()
    )


# One part at a time: the answering page


@dataclass(frozen=True)
class RowFilter:
    value: str
    label: str
    keep: Callable[[RequirementRow], bool]


ROW_FILTERS = (
    RowFilter("sans-reponse", "Sans réponse", lambda row: not row.is_answered),
    RowFilter(
        "niveau-0-1",
        "Niveau 0 ou 1",
        lambda row: row.answer is not None and not row.answer.not_applicable and row.answer.level in (0, 1),
    ),
    RowFilter("avec-commentaire", "Avec commentaire ou échange", lambda row: row.has_comment),
    RowFilter("sans-preuve", "Sans preuve liée", lambda row: not row.evidence),
)
# Offered only on an assessment carried over from a previous version of the framework.
CARRIED_FILTER = RowFilter("reprise-a-confirmer", "Reprise à confirmer", lambda row: row.carried_pending)
FILTERS_BY_VALUE = {row_filter.value: row_filter for row_filter in (*ROW_FILTERS, CARRIED_FILTER)}


@dataclass(frozen=True)
class NextMissing:
    """The next requirement left without an answer, and where the answering page shows it."""

    requirement_id: int
    ref: str
    part_number: str

    @property
    def fragment(self) -> str:
        return f"exigence-{self.requirement_id}"


@dataclass
class PartPage:
    grid: Grid
    part: PartBlock
    row_filter: RowFilter | None
    filter_options: list[tuple[RowFilter, int]]
    shown: int
    total: int
    next_missing: NextMissing | None
    previous: PartBlock | None
    following: PartBlock | None


def ordered_rows(grid: Grid) -> list[RequirementRow]:
    return [row for part in grid.parts for block in part.commitments for row in block.rows]


def next_missing(rows: list[RequirementRow], *, start: int = 0) -> NextMissing | None:
    """The first row without an answer from ``start`` on, wrapping round to the beginning."""
    for row in rows[start:] + rows[:start]:
        if not row.is_answered:
            return NextMissing(row.requirement.pk, row.requirement.ref, row.part_number)
    return None


def summary_after_save(
    assessment: Assessment, requirement: Requirement
) -> tuple[AssessmentScores, NextMissing | None]:
    """After saving ``requirement``: the scores, and the next requirement without an answer."""
    requirements = load_requirements(assessment)
    answers = load_answers(assessment)
    scores = score_assessment(requirements, answers, assessment.framework_version.max_level)
    rows = [
        RequirementRow(r, 0, answers.get(r.pk), False, part_number=r.commitment.part.number)
        for r in sorted(requirements, key=_document_order)
    ]
    index = next((i for i, row in enumerate(rows) if row.requirement.pk == requirement.pk), -1)
    return scores, next_missing(rows, start=index + 1)


def _document_order(requirement: Requirement) -> tuple[int, int, int]:
    commitment = requirement.commitment
    return (commitment.part.position, commitment.position, requirement.position)


def default_part_number(grid: Grid) -> str:
    """Where the page opens: the part of the first requirement left without an answer, else the first."""
    if not grid.parts:
        return ""
    missing = next_missing(ordered_rows(grid)) if any(row.editable for row in grid.rows.values()) else None
    return missing.part_number if missing else grid.parts[0].part.number


def part_page(
    grid: Grid,
    assessment: Assessment,
    number: str,
    filter_value: str = "",
    *,
    contributor: bool = False,
    carried_pending: set[int] | None = None,
) -> PartPage | None:
    """Part ``number`` of ``grid``, its rows kept by the filter; None when the part does not exist.
    ``carried_pending``: the requirements whose carried-over answer waits for confirmation, on an
    assessment carried over from a previous version (None otherwise)."""
    index = next((i for i, block in enumerate(grid.parts) if block.part.number == number), None)
    if index is None:
        return None
    block = grid.parts[index]
    rows = [row for commitment in block.commitments for row in commitment.rows]
    filters = ROW_FILTERS
    if carried_pending is not None:
        filters = (*ROW_FILTERS, CARRIED_FILTER)
        for row in rows:
            row.carried_pending = row.requirement.pk in carried_pending
    row_filter = FILTERS_BY_VALUE.get(filter_value) if filter_value in {f.value for f in filters} else None
    options = [(f, sum(1 for row in rows if f.keep(row))) for f in filters]
    shown = block
    if row_filter is not None:
        commitments = [
            CommitmentBlock(c.commitment, [row for row in c.rows if row_filter.keep(row)])
            for c in block.commitments
        ]
        shown = PartBlock(block.part, [c for c in commitments if c.rows])
    _fill_urls(assessment, [row for c in shown.commitments for row in c.rows], contributor=contributor)
    everything = ordered_rows(grid)
    first = everything.index(rows[0]) if rows else 0
    return PartPage(
        grid=grid,
        part=shown,
        row_filter=row_filter,
        filter_options=options,
        shown=sum(len(c.rows) for c in shown.commitments),
        total=len(rows),
        next_missing=next_missing(everything, start=first),
        previous=grid.parts[index - 1] if index > 0 else None,
        following=grid.parts[index + 1] if index + 1 < len(grid.parts) else None,
    )


def _fill_urls(assessment: Assessment, rows: list[RequirementRow], *, contributor: bool) -> None:
    from mlplatform.improvement.queries import create_action_url

    max_level = assessment.framework_version.max_level
    for row in rows:
        args = [assessment.pk, row.requirement.pk]
        row.url = reverse("assessments:requirement", args=args)
        if row.editable:
            row.save_url = reverse("assessments:save_answer", args=args)
        answer = row.answer
        if contributor and not (answer and (answer.not_applicable or answer.level == max_level)):
            back = part_url(assessment, row.part_number, f"exigence-{row.requirement.pk}")
            row.action_url = create_action_url(assessment.structure, row.requirement.pk, return_to=back)


def part_url(assessment: Assessment, part_number: str, fragment: str = "") -> str:
    """The answering page on one part (``fragment`` without its ``#``)."""
    url = reverse("assessments:assessment", args=[assessment.pk]) + f"?partie={quote(part_number)}"
    return f"{url}#{fragment}" if fragment else url
