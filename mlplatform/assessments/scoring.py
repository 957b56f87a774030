"""Progress and scores of self-assessments, and the benchmarks built from them.

The formula (shown to users on the results page):

- a requirement answered at level ``l`` on a scale ``0..max`` scores ``l / max``;
- a commitment scores the mean of its answered requirements (unanswered and "not applicable"
  requirements are left out); it has no score while none is answered;
- a part scores the mean of its commitments' scores, the assessment the mean of its parts' scores
  (an average of averages: each commitment weighs the same in its part, each part the same overall);
- progress is answered / applicable, where applicable = requirements − "not applicable" ones.

For one assessment, scores are computed from the answers already loaded by the page. Across many
assessments (heat maps, benchmarks), the database sums levels per assessment and commitment, so
that Python only sees one row per (assessment, commitment), whatever the number of answers.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet, Sum

from mlplatform.frameworks.models import Commitment, Part, Requirement

from .models import Answer, Assessment, AssessmentEvent, Campaign

# A benchmark is only shown where at least this many structures contribute.
BENCHMARK_MIN_CONTRIBUTORS = 5


@dataclass
class Tally:
    requirements: int = 0
    answered: int = 0
    not_applicable: int = 0
    level_sum: int = 0
    rated: int = 0  # answered with a level (not "not applicable")

    @property
    def applicable(self) -> int:
        return self.requirements - self.not_applicable

    @property
    def missing(self) -> int:
        return self.applicable - self.rated

    @property
    def progress(self) -> float:
        return self.rated / self.applicable if self.applicable else 1.0

    def add(self, other: Tally) -> None:
        self.requirements += other.requirements
        self.answered += other.answered
        self.not_applicable += other.not_applicable
        self.level_sum += other.level_sum
        self.rated += other.rated


@dataclass
class CommitmentScore:
    commitment: Commitment
    tally: Tally
    score: float | None


@dataclass
class PartScore:
    part: Part
    commitments: list[CommitmentScore]
    tally: Tally
    score: float | None


@dataclass
class AssessmentScores:
    parts: list[PartScore]
    tally: Tally
    score: float | None
    by_commitment: dict[int, CommitmentScore] = field(default_factory=dict)


def mean(values: Iterable[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return sum(present) / len(present) if present else None


def overall_score(commitment_scores: dict[int, float], part_of: dict[int, int]) -> float | None:
    """The score of an assessment from its commitments' scores: the mean of its parts' scores, each
    the mean of its scored commitments (the documented formula, for one assessment or many)."""
    by_part: dict[int, list[float]] = defaultdict(list)
    for commitment_id, score in commitment_scores.items():
        by_part[part_of[commitment_id]].append(score)
    return mean(mean(scores) for scores in by_part.values())


def score_assessment(
    requirements: Iterable[Requirement], answers: dict[int, Answer], max_level: int
) -> AssessmentScores:
    """Scores of one assessment from its requirements (with commitment and part loaded) and answers."""
    tallies: dict[int, Tally] = defaultdict(Tally)
    commitments: dict[int, Commitment] = {}
    for requirement in requirements:
        tally = tallies[requirement.commitment_id]
        commitments[requirement.commitment_id] = requirement.commitment
        tally.requirements += 1
        answer = answers.get(requirement.pk)
        if answer is None or not answer.is_answered:
            continue
        tally.answered += 1
        if answer.not_applicable:
            tally.not_applicable += 1
        else:
            tally.rated += 1
            tally.level_sum += answer.level
    by_part: dict[int, list[CommitmentScore]] = defaultdict(list)
    by_commitment: dict[int, CommitmentScore] = {}
    for commitment_id, tally in tallies.items():
        commitment = commitments[commitment_id]
        item = CommitmentScore(commitment, tally, _ratio(tally.level_sum, tally.rated, max_level))
        by_part[commitment.part_id].append(item)
        by_commitment[commitment_id] = item
    parts = []
    total = Tally()
    for items in by_part.values():
        items.sort(key=lambda item: item.commitment.position)
        part_tally = Tally()
        for item in items:
            part_tally.add(item.tally)
        total.add(part_tally)
        parts.append(PartScore(items[0].commitment.part, items, part_tally, mean(i.score for i in items)))
    parts.sort(key=lambda part: part.part.position)
    score = overall_score(
        {c: item.score for c, item in by_commitment.items() if item.score is not None},
        {c: item.commitment.part_id for c, item in by_commitment.items()},
    )
    return AssessmentScores(parts, total, score, by_commitment)


def _ratio(level_sum: int, rated: int, max_level: int) -> float | None:
    return level_sum / (rated * max_level) if rated and max_level else None


# Many assessments at once


@dataclass
class AssessmentSummary:
    """One assessment's commitment scores and progress, from database aggregates."""

    assessment: Assessment
    scores: dict[int, float]  # commitment id -> score
    rated: int
    not_applicable: int
    requirements: int
    part_of: dict[int, int] = field(default_factory=dict)  # commitment id -> part id

    @property
    def progress(self) -> float:
        applicable = self.requirements - self.not_applicable
        return self.rated / applicable if applicable else 1.0

    @property
    def score(self) -> float | None:
        return overall_score(self.scores, self.part_of)


def summarise(assessments: QuerySet[Assessment]) -> list[AssessmentSummary]:
    """Commitment scores and progress of many assessments in a fixed number of queries."""
    assessments = list(assessments.select_related("structure", "framework_version", "campaign"))
    if not assessments:
        return []
    ids = [assessment.pk for assessment in assessments]
    rows = (
        Answer.objects.filter(assessment_id__in=ids)
        .values("assessment_id", "requirement__commitment_id")
        .annotate(
            level_sum=Sum("level"),
            rated=Count("pk", filter=Q(level__isnull=False)),
            not_applicable=Count("pk", filter=Q(not_applicable=True)),
        )
        .order_by()
    )
    per_assessment: dict[int, dict[int, tuple[int, int, int]]] = defaultdict(dict)
    for row in rows:
        per_assessment[row["assessment_id"]][row["requirement__commitment_id"]] = (
            row["level_sum"] or 0,
            row["rated"],
            row["not_applicable"],
        )
    requirement_counts = _requirement_counts(
        {(a.framework_version_id, a.structure.type) for a in assessments}
    )
    part_of = dict(
        Commitment.objects.filter(part__version_id__in={a.framework_version_id for a in assessments})
        .order_by()
        .values_list("pk", "part_id")
    )
    summaries = []
    for assessment in assessments:
        max_level = assessment.framework_version.max_level
        tallies = per_assessment.get(assessment.pk, {})
        scores = {
            commitment_id: score
            for commitment_id, (level_sum, rated, _) in tallies.items()
            if (score := _ratio(level_sum, rated, max_level)) is not None
        }
        summaries.append(
            AssessmentSummary(
                assessment,
                scores,
                rated=sum(rated for _, rated, _ in tallies.values()),
                not_applicable=sum(na for _, _, na in tallies.values()),
                requirements=requirement_counts[(assessment.framework_version_id, assessment.structure.type)],
                part_of=part_of,
            )
        )
    return summaries


def _requirement_counts(keys: set[tuple[int, str]]) -> dict[tuple[int, str], int]:
    from .services import ADDRESSEES_BY_TYPE

    counts = {}
    rows = (
        Requirement.objects.filter(version_id__in={version_id for version_id, _ in keys})
        .values("version_id", "addressee")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_version: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        by_version[row["version_id"]][row["addressee"]] = row["n"]
    for version_id, structure_type in keys:
        addressees = ADDRESSEES_BY_TYPE.get(structure_type, ())
        counts[(version_id, structure_type)] = sum(by_version[version_id].get(a, 0) for a in addressees)
    return counts


# Benchmarks


@dataclass(frozen=True)
class Benchmark:
    median: float | None
    contributors: int

    @property
    def shown(self) -> bool:
        return self.contributors >= BENCHMARK_MIN_CONTRIBUTORS and self.median is not None


@dataclass
class Benchmarks:
    regional: dict[int, Benchmark]
    national: dict[int, Benchmark]


def benchmarks(assessment: Assessment) -> Benchmarks:
    """Median commitment scores of the submitted assessments of the same campaign and framework.

    Computed once per campaign and per change of the set of submitted assessments (the cache key
    follows the latest submission or reopening), then shared by every page that shows it.
    """
    campaign = assessment.campaign
    last_event = AssessmentEvent.objects.filter(assessment__campaign=campaign).aggregate(last=Max("pk"))[
        "last"
    ]
    key = f"assessments:benchmarks:{campaign.pk}:{assessment.framework_version_id}:{last_event}"
    table = cache.get(key)
    if table is None:
        table = _benchmark_table(campaign, assessment.framework_version_id)
        cache.set(key, table, 3600)
    regional_scores = table["regional"].get(assessment.structure.parent_id, {})
    return Benchmarks(
        regional={c: Benchmark(*values) for c, values in regional_scores.items()},
        national={c: Benchmark(*values) for c, values in table["national"].items()},
    )


def _benchmark_table(campaign: Campaign, version_id: int) -> dict:
    submitted = Assessment.objects.submitted().filter(campaign=campaign, framework_version_id=version_id)
    national: dict[int, list[float]] = defaultdict(list)
    regional: dict[int | None, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for summary in summarise(submitted):
        parent_id = summary.assessment.structure.parent_id
        for commitment_id, score in summary.scores.items():
            national[commitment_id].append(score)
            regional[parent_id][commitment_id].append(score)
    return {
        "national": {c: _median(values) for c, values in national.items()},
        "regional": {
            parent: {c: _median(values) for c, values in scores.items()}
            for parent, scores in regional.items()
        },
    }


def _median(values: list[float]) -> tuple[float | None, int]:
    return (statistics.median(values) if values else None, len(values))


def group_median(values: Iterable[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return statistics.median(present) if present else None
