"""Heat maps of a campaign: an ARML's MLs × commitments, and the regions × commitments of the nation.

Both come from ``scoring.summarise`` (one aggregate query over the answers), so their number of
queries does not depend on the number of structures or answers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from mlplatform.core.collation import sort_key
from mlplatform.frameworks.models import Commitment
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure

from .enums import AssessmentStatus
from .models import Assessment, Campaign
from .results import commitment_number
from .scoring import AssessmentSummary, mean, summarise


@dataclass
class HeatRow:
    label: str
    code: str
    cells: list[float | None]
    score: float | None
    progress: float
    submitted: int
    total: int
    assessment: Assessment | None = None
    status_label: str = ""


@dataclass
class HeatMap:
    commitments: list[tuple[str, Commitment]]
    rows: list[HeatRow]
    column_means: list[float | None]


def _commitments(campaign: Campaign) -> list[tuple[str, Commitment]]:
    if campaign.ml_version_id is None:
        return []
    commitments = Commitment.objects.filter(version_id=campaign.ml_version_id).order_by("position")
    return [(commitment_number(c), c) for c in commitments]


def _ml_assessments(campaign: Campaign):
    return Assessment.objects.filter(
        campaign=campaign, structure__type=StructureType.ML, framework_version_id=campaign.ml_version_id
    )


def region_heatmap(campaign: Campaign, arml: Structure) -> HeatMap:
    """Every ML of the region, whatever its progress: the ARML follows the campaign with it."""
    commitments = _commitments(campaign)
    summaries = summarise(_ml_assessments(campaign).filter(structure__parent=arml))
    summaries.sort(key=lambda s: s.assessment.structure.sort_name)
    rows = [
        HeatRow(
            label=s.assessment.structure.name,
            code=s.assessment.structure.code,
            cells=[s.scores.get(c.pk) for _, c in commitments],
            score=s.score,
            progress=s.progress,
            submitted=int(s.assessment.status == AssessmentStatus.SUBMITTED),
            total=1,
            assessment=s.assessment,
            status_label=s.assessment.get_status_display(),
        )
        for s in summaries
    ]
    return HeatMap(commitments, rows, _column_means(rows, len(commitments)))


def national_heatmap(campaign: Campaign) -> HeatMap:
    """One row per region: mean commitment scores of its submitted assessments, progress of all."""
    commitments = _commitments(campaign)
    by_region: dict[int | None, list[AssessmentSummary]] = defaultdict(list)
    for summary in summarise(_ml_assessments(campaign)):
        by_region[summary.assessment.structure.parent_id].append(summary)
    armls = Structure.objects.in_bulk([pk for pk in by_region if pk is not None])
    rows = []
    for parent_id, summaries in by_region.items():
        arml = armls.get(parent_id)
        submitted = [s for s in summaries if s.assessment.status == AssessmentStatus.SUBMITTED]
        rows.append(
            HeatRow(
                label=arml.region or arml.name if arml else "Sans ARML",
                code=arml.code if arml else "",
                cells=[mean(s.scores.get(c.pk) for s in submitted) for _, c in commitments],
                score=mean(s.score for s in submitted),
                progress=sum(s.progress for s in summaries) / len(summaries),
                submitted=len(submitted),
                total=len(summaries),
            )
        )
    rows.sort(key=lambda row: sort_key(row.label))
    return HeatMap(commitments, rows, _column_means(rows, len(commitments)))


def _column_means(rows: list[HeatRow], width: int) -> list[float | None]:
    return [mean(row.cells[index] for row in rows) for index in range(width)]


# The legend of the colours (static/css/app.css, .heat-*): class, scores, colour as people see it.
HEAT_LEGEND: tuple[tuple[str, str, str], ...] = (
    ("heat-0", "moins de 20 %", "orange très pâle"),
    ("heat-1", "de 20 à 40 %", "orange pâle"),
    ("heat-2", "de 40 à 60 %", "bleu très pâle"),
    ("heat-3", "de 60 à 80 %", "bleu clair"),
    ("heat-4", "80 % et plus", "bleu soutenu"),
    ("heat-none", "pas encore de réponse (« — »)", "blanc"),
)


def heat_class(score: float | None) -> str:
    """A CSS class per fifth of the scale (the value is always written in the cell too)."""
    if score is None:
        return "heat-none"
    return f"heat-{min(int(score * 5), 4)}"
