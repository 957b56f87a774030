"""The answering grid of one assessment: every requirement, grouped by part and commitment.

Built with a fixed number of queries whatever the number of requirements and answers: the
requirements with their commitment and part, the answers, and one count per side table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

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
    comments: int = 0
    evidence: int = 0
    actions: int = 0

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
