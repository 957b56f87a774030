"""The results of one assessment: scores, charts, benchmarks and the change since the last campaign."""

from __future__ import annotations

from dataclasses import dataclass

from mlplatform.frameworks.models import Commitment
from mlplatform.reports.charts import Chart, Series, format_share, grouped_bar_chart, radar_chart

from .enums import AssessmentStatus
from .grid import current_scores
from .models import Assessment
from .scoring import AssessmentScores, Benchmark, Benchmarks, benchmarks, summarise


@dataclass
class CommitmentResult:
    commitment: Commitment
    number: str
    score: float | None
    answered: int
    applicable: int
    previous: float | None
    regional: Benchmark | None
    national: Benchmark | None

    @property
    def change(self) -> float | None:
        if self.score is None or self.previous is None:
            return None
        return self.score - self.previous


def commitment_number(commitment: Commitment) -> str:
    """The commitment's number without its framework prefix (``ML-2022-1.2`` gives ``1.2``)."""
    return commitment.ref.rsplit("-", 1)[-1]


def previous_assessment(assessment: Assessment) -> Assessment | None:
    """The structure's assessment in the latest earlier campaign on the same framework."""
    return (
        Assessment.objects.filter(
            structure=assessment.structure,
            framework_version__framework=assessment.framework_version.framework,
            campaign__opens_on__lt=assessment.campaign.opens_on,
        )
        .select_related("campaign", "framework_version", "structure")
        .order_by("-campaign__opens_on")
        .first()
    )


def assessment_results(assessment: Assessment) -> dict:
    scores = current_scores(assessment)
    previous = previous_assessment(assessment)
    previous_scores: dict[str, float] = {}
    if previous is not None:
        summary = summarise(Assessment.objects.filter(pk=previous.pk))[0]
        commitments = Commitment.objects.filter(pk__in=summary.scores).only("ref")
        previous_scores = {commitment_number(c): summary.scores[c.pk] for c in commitments}
    marks = benchmarks(assessment)
    rows = _rows(scores, previous_scores, marks)
    return {
        "scores": scores,
        "rows": rows,
        "previous": previous,
        "charts": _charts(assessment, scores, rows),
        "benchmark_min": 5,
        "has_regional": any(row.regional and row.regional.shown for row in rows),
        "has_national": any(row.national and row.national.shown for row in rows),
        "is_submitted": assessment.status == AssessmentStatus.SUBMITTED,
    }


def _rows(scores: AssessmentScores, previous: dict[str, float], marks: Benchmarks) -> list[CommitmentResult]:
    rows = []
    for part in scores.parts:
        for item in part.commitments:
            number = commitment_number(item.commitment)
            rows.append(
                CommitmentResult(
                    item.commitment,
                    number,
                    item.score,
                    item.tally.rated,
                    item.tally.applicable,
                    previous.get(number),
                    marks.regional.get(item.commitment.pk),
                    marks.national.get(item.commitment.pk),
                )
            )
    return rows


def _percent(value: float | None) -> float | None:
    return None if value is None else value * 100


def _charts(assessment: Assessment, scores: AssessmentScores, rows: list[CommitmentResult]) -> list[Chart]:
    charts = []
    parts = scores.parts
    if len(parts) >= 3:
        charts.append(
            radar_chart(
                "Score par partie du référentiel",
                [f"{p.part.number}. {p.part.title}" for p in parts],
                [Series("Score", [_percent(p.score) for p in parts])],
                max_value=100,
                value_format=lambda v: format_share(None if v is None else v / 100, 0),
                description="Score de chaque partie, de 0 à 100 %.",
                corner="Partie",
                chart_id="radar-parties",
            )
        )
    for part in parts:
        series = [Series("Cette campagne", [_percent(i.score) for i in part.commitments])]
        by_ref = {row.commitment.pk: row for row in rows}
        if any(by_ref[i.commitment.pk].previous is not None for i in part.commitments):
            series.append(
                Series(
                    "Campagne précédente",
                    [_percent(by_ref[i.commitment.pk].previous) for i in part.commitments],
                )
            )
        charts.append(
            grouped_bar_chart(
                f"Partie {part.part.number} — {part.part.title}",
                [f"Engagement {commitment_number(i.commitment)}" for i in part.commitments],
                series,
                max_value=100,
                value_format=lambda v: format_share(None if v is None else v / 100, 0),
                description="Score de chaque engagement de la partie, de 0 à 100 %.",
                corner="Engagement",
                chart_id=f"partie-{part.part.number}",
            )
        )
    return charts
