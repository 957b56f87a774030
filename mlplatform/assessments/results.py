"""The results of one assessment: scores, charts, benchmarks and the change since the last campaign."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from mlplatform.core.french import counted
from mlplatform.frameworks.diff import ADDED, CHANGED, pair_versions
from mlplatform.frameworks.models import Commitment, FrameworkVersion
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
    note: str = ""  # across framework versions: what changed in the commitment since the previous one

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


@dataclass
class CommitmentPairing:
    """Each commitment of a version with the commitments of an earlier version it continues."""

    previous: dict[int, list[int]] = field(default_factory=dict)  # commitment id -> earlier ids
    notes: dict[int, str] = field(default_factory=dict)  # commitment id -> what changed


def pair_commitments(old: FrameworkVersion, new: FrameworkVersion) -> CommitmentPairing:
    """Commitments paired as their requirements are (``frameworks.diff.pair_versions``: the mapping,
    else the local reference): a commitment continues those its requirements come from. Where one
    changed, the note says how (requirements changed, added, removed, renumbered or merged)."""
    if old.pk == new.pk:
        ids = Commitment.objects.filter(version=new).values_list("pk", flat=True)
        return CommitmentPairing({pk: [pk] for pk in ids})
    pairing = pair_versions(old, new)
    numbers = {
        c.pk: commitment_number(c) for c in Commitment.objects.filter(version__in=[old, new]).only("ref")
    }
    previous: dict[int, set[int]] = {}
    statuses: dict[int, Counter] = {}
    for requirement in pairing.requirements.values():
        if requirement.version_id != new.pk:
            continue
        commitment_id = requirement.commitment_id
        sources = pairing.sources.get(requirement.pk, [])
        previous.setdefault(commitment_id, set()).update(
            pairing.requirements[s].commitment_id for s in sources
        )
        statuses.setdefault(commitment_id, Counter())[pairing.status_of(requirement.pk)] += 1
    removed: Counter = Counter()
    for old_id, targets in pairing.counterparts.items():
        if not targets:
            removed[pairing.requirements[old_id].commitment_id] += 1
    result = CommitmentPairing()
    for commitment_id, earlier in previous.items():
        result.previous[commitment_id] = sorted(earlier, key=lambda pk: numbers[pk])
        gone = sum(removed[pk] for pk in earlier)
        result.notes[commitment_id] = _change_note(
            numbers[commitment_id],
            [numbers[pk] for pk in result.previous[commitment_id]],
            statuses[commitment_id],
            gone,
        )
    return result


def _change_note(number: str, earlier: list[str], statuses: Counter, removed: int) -> str:
    if not earlier:
        return "Nouvel engagement : pas de comparaison."
    parts = []
    if len(earlier) > 1:
        parts.append(f"regroupe les engagements {', '.join(earlier)}")
    elif earlier[0] != number:
        parts.append(f"anciennement {earlier[0]}")
    for count, words in (
        (statuses[CHANGED], ("exigence modifiée", "exigences modifiées")),
        (statuses[ADDED], ("exigence ajoutée", "exigences ajoutées")),
        (removed, ("exigence supprimée", "exigences supprimées")),
    ):
        if count:
            parts.append(counted(count, *words))
    return f"Engagement modifié : {', '.join(parts)}." if parts else ""


def assessment_results(assessment: Assessment) -> dict:
    scores = current_scores(assessment)
    previous = previous_assessment(assessment)
    previous_scores: dict[int, float] = {}
    notes: dict[int, str] = {}
    if previous is not None:
        summary = summarise(Assessment.objects.filter(pk=previous.pk))[0]
        if previous.framework_version_id == assessment.framework_version_id:
            previous_scores = summary.scores  # the same commitments
        else:
            pairing = pair_commitments(previous.framework_version, assessment.framework_version)
            notes = pairing.notes
            for commitment_id, earlier in pairing.previous.items():
                values = [summary.scores[pk] for pk in earlier if pk in summary.scores]
                if values:
                    previous_scores[commitment_id] = sum(values) / len(values)
    marks = benchmarks(assessment)
    rows = _rows(scores, previous_scores, marks, notes)
    return {
        "scores": scores,
        "rows": rows,
        "previous": previous,
        "across_versions": previous is not None
        and previous.framework_version_id != assessment.framework_version_id,
        "charts": _charts(assessment, scores, rows),
        "benchmark_min": 5,
        "has_regional": any(row.regional and row.regional.shown for row in rows),
        "has_national": any(row.national and row.national.shown for row in rows),
        "is_submitted": assessment.status == AssessmentStatus.SUBMITTED,
    }


def _rows(
    scores: AssessmentScores, previous: dict[int, float], marks: Benchmarks, notes: dict[int, str]
) -> list[CommitmentResult]:
    rows = []
    for part in scores.parts:
        for item in part.commitments:
            pk = item.commitment.pk
            rows.append(
                CommitmentResult(
                    item.commitment,
                    commitment_number(item.commitment),
                    item.score,
                    item.tally.rated,
                    item.tally.applicable,
                    previous.get(pk),
                    marks.regional.get(pk),
                    marks.national.get(pk),
                    notes.get(pk, ""),
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
