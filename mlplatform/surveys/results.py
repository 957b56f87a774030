"""Results of a campaign: per structure, per site, per region, national, and benchmarks.

Small-group rule: nothing is shown for a group of fewer than ``MIN_RESPONSES`` responses (« moins de
10 réponses »); a breakdown (sites of a structure) never shows a cell under that size, and when a
single cell of a breakdown is hidden the next smallest is hidden too, so that it cannot be recomputed
from the total. Benchmarks (medians) use only structures above the threshold, and need
``BENCHMARK_MIN_STRUCTURES`` of them, so that a median never gives one structure's figure away.

Everything comes from one grouped query over the campaign's answers (``_counts``), whatever the
number of responses or structures.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Sum

from mlplatform.network.models import Structure

from .enums import SATISFIED_LEVELS, QuestionType
from .loader import options_of
from .models import Answer, Campaign, Response

MIN_RESPONSES = 10
BENCHMARK_MIN_STRUCTURES = 5
SUPPRESSED_LABEL = "moins de 10 réponses"
AGGREGATED_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.SCALE, QuestionType.NPS)


@dataclass
class QuestionResult:
    question: dict
    answered: int = 0
    distribution: dict[str, int] = field(default_factory=dict)
    number_sum: float = 0.0

    @property
    def code(self) -> str:
        return self.question["code"]

    @property
    def type(self) -> str:
        return self.question["type"]

    def rows(self) -> list[tuple[str, str, int, float | None]]:
        """(value, label, count, share of those who answered) for each option."""
        return [
            (
                value,
                label,
                self.distribution.get(value, 0),
                self.distribution.get(value, 0) / self.answered if self.answered else None,
            )
            for value, label in options_of(self.question)
        ]

    @property
    def satisfaction_rate(self) -> float | None:
        """Share of the two top levels among those who answered a satisfaction scale."""
        if self.type != QuestionType.SCALE or not self.answered:
            return None
        return sum(self.distribution.get(level, 0) for level in SATISFIED_LEVELS) / self.answered

    @property
    def mean(self) -> float | None:
        if not self.answered:
            return None
        if self.type in (QuestionType.SCALE, QuestionType.NPS):
            return sum(int(v) * n for v, n in self.distribution.items()) / self.answered
        if self.type == QuestionType.NUMBER:
            return self.number_sum / self.answered
        return None

    @property
    def recommendation_score(self) -> float | None:
        """Net recommendation score: share of 9-10 minus share of 0-6, in points (-100 to 100)."""
        if self.type != QuestionType.NPS or not self.answered:
            return None
        promoters = sum(n for v, n in self.distribution.items() if int(v) >= 9)
        detractors = sum(n for v, n in self.distribution.items() if int(v) <= 6)
        return 100 * (promoters - detractors) / self.answered

    def add(self, other: QuestionResult) -> None:
        self.answered += other.answered
        self.number_sum += other.number_sum
        for value, count in other.distribution.items():
            self.distribution[value] = self.distribution.get(value, 0) + count


@dataclass
class GroupResult:
    """A group of responses (a structure, a site, a region, the nation)."""

    label: str
    responses: int
    questions: list[QuestionResult]
    paper: int = 0

    @property
    def suppressed(self) -> bool:
        return self.responses < MIN_RESPONSES

    def question(self, code: str) -> QuestionResult | None:
        return next((q for q in self.questions if q.code == code), None)

    @property
    def overall(self) -> QuestionResult | None:
        """The overall satisfaction question (code GLOBAL), or the first scale."""
        scales = [q for q in self.questions if q.type == QuestionType.SCALE]
        return self.question("GLOBAL") or (scales[0] if scales else None)

    @property
    def recommendation(self) -> QuestionResult | None:
        return next((q for q in self.questions if q.type == QuestionType.NPS), None)


@dataclass
class Cell:
    """The counts of one (structure, site): responses, and per question what was answered."""

    responses: int = 0
    paper: int = 0
    answered: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    choices: dict[tuple[str, str], int] = field(default_factory=dict)
    numbers: dict[str, float] = field(default_factory=dict)


Key = tuple[int, int | None]  # (structure id, site id or None)


@dataclass
class CampaignCounts:
    """The campaign's grouped counts, per (structure, site): everything the results are made of."""

    campaign: Campaign
    cells: dict[Key, Cell]

    def group(self, label: str, keys: set[Key] | None = None) -> GroupResult:
        """The result of the responses of the (structure, site) keys given (all when None)."""
        questions = {q["code"]: QuestionResult(q) for q in self.campaign.questionnaire.questions()}
        responses = paper = 0
        chosen = self.cells.items() if keys is None else ((k, self.cells[k]) for k in keys if k in self.cells)
        for _key, cell in chosen:
            responses += cell.responses
            paper += cell.paper
            for code, n in cell.answered.items():
                if code in questions:
                    questions[code].answered += n
            for (code, value), n in cell.choices.items():
                if code in questions:
                    distribution = questions[code].distribution
                    distribution[value] = distribution.get(value, 0) + n
            for code, total in cell.numbers.items():
                if code in questions:
                    questions[code].number_sum += total
        return GroupResult(label, responses, list(questions.values()), paper)

    def by_structure(self) -> dict[int, GroupResult]:
        """Every structure's result, in one pass over the cells (benchmarks and tables use it)."""
        cached = getattr(self, "_by_structure", None)
        if cached is None:
            keys: dict[int, set[Key]] = defaultdict(set)
            for key in self.cells:
                keys[key[0]].add(key)
            cached = {
                structure_id: self.group("", structure_keys) for structure_id, structure_keys in keys.items()
            }
            self._by_structure = cached
        return cached

    def keys_of(self, structure_ids: set[int]) -> set[Key]:
        return {key for key in self.cells if key[0] in structure_ids}

    def per_structure(self) -> dict[int, int]:
        totals: dict[int, int] = defaultdict(int)
        for (structure, _site), cell in self.cells.items():
            totals[structure] += cell.responses
        return dict(totals)


def counts(campaign: Campaign) -> CampaignCounts:
    """Two grouped queries (responses, answers), each read from a covering index, whatever the size
    of the campaign. A multiple choice also has one row without a choice per person who answered it
    (``answering.store``), so that those who answered are counted without a distinct count."""
    cells: dict[Key, Cell] = defaultdict(Cell)
    for row in (
        Response.objects.filter(campaign=campaign)
        .order_by()
        .values("structure_id", "site_id", "channel")
        .annotate(n=Count("id"))
    ):
        cell = cells[(row["structure_id"], row["site_id"])]
        cell.responses += row["n"]
        if row["channel"] == "paper":
            cell.paper += row["n"]
    types = {q["code"]: q["type"] for q in campaign.questionnaire.questions()}
    for row in (
        Answer.objects.filter(campaign=campaign)
        .order_by()
        .values("structure_id", "site_id", "question", "choice")
        .annotate(n=Count("id"), total=Sum("number"))
    ):
        cell = cells[(row["structure_id"], row["site_id"])]
        code, choice, kind = row["question"], row["choice"], types.get(row["question"])
        if choice:
            cell.choices[(code, choice)] = row["n"]
            if kind != QuestionType.MULTIPLE:
                cell.answered[code] += row["n"]
            continue
        cell.answered[code] += row["n"]  # a multiple choice's marker, a number or a text
        if kind == QuestionType.NUMBER and row["total"] is not None:
            cell.numbers[code] = cell.numbers.get(code, 0.0) + row["total"]
    return CampaignCounts(campaign, dict(cells))


def structure_result(data: CampaignCounts, structure: Structure) -> GroupResult:
    return data.group(str(structure), data.keys_of({structure.pk}))


@dataclass
class SiteRow:
    name: str
    result: GroupResult | None  # None: hidden (fewer than 10 responses, or to protect another site)


def site_breakdown(data: CampaignCounts, structure: Structure, site_names: dict[int, str]) -> list[SiteRow]:
    """Per reception site, with the small cells hidden and, if only one is hidden, the next smallest
    too (otherwise the structure's total minus the others would give it away)."""
    per_site = {
        site: c.responses for (structure_id, site), c in data.cells.items() if structure_id == structure.pk
    }
    if len(per_site) < 2:
        return []
    hidden = {site for site, n in per_site.items() if n < MIN_RESPONSES}
    if len(hidden) == 1:
        shown = sorted((n, str(site)) for site, n in per_site.items() if site not in hidden)
        if shown:
            smallest = next(site for site, n in per_site.items() if (n, str(site)) == shown[0])
            hidden.add(smallest)
    rows = []
    for site in sorted(per_site, key=lambda s: site_names.get(s, "") if s else "~"):
        name = site_names.get(site, "Lieu d'accueil") if site else "Sans lieu précisé"
        rows.append(SiteRow(name, None if site in hidden else data.group(name, {(structure.pk, site)})))
    return rows


def _rates(data: CampaignCounts, structure_ids: set[int], code: str) -> list[float]:
    """The satisfaction rates on ``code`` of the structures above the threshold."""
    rates = []
    groups = data.by_structure()
    for structure_id in structure_ids:
        group = groups.get(structure_id)
        if group is None or group.suppressed:
            continue
        result = group.question(code)
        if result is not None and result.satisfaction_rate is not None:
            rates.append(result.satisfaction_rate)
    return rates


def median_rate(data: CampaignCounts, structure_ids: set[int], code: str) -> float | None:
    """The median satisfaction rate of the structures given, if enough of them are above the threshold."""
    rates = _rates(data, structure_ids, code)
    return statistics.median(rates) if len(rates) >= BENCHMARK_MIN_STRUCTURES else None


def campaign_structures(campaign: Campaign) -> list[Structure]:
    """The structures whose service the campaign measures (those with a collection link)."""
    ids = campaign.links.values_list("structure_id", flat=True)
    return list(Structure.objects.filter(pk__in=ids).select_related("parent").order_by("sort_name"))


def result_json(campaign: Campaign, group: GroupResult, structure_code: str | None) -> dict:
    """The command line's and the API's form of a result (counts absent under the threshold)."""
    questions = []
    for q in group.questions:
        if q.type not in (*AGGREGATED_TYPES, QuestionType.NUMBER):
            continue
        item: dict = {"code": q.code, "type": q.type}
        if not group.suppressed:
            item["distribution"] = {value: count for value, _label, count, _share in q.rows()}
            item["satisfaction_rate"] = None if q.satisfaction_rate is None else round(q.satisfaction_rate, 4)
            item["mean"] = None if q.mean is None else round(q.mean, 4)
        questions.append(item)
    output: dict = {
        "campaign": campaign.code,
        "structure": structure_code,
        "suppressed": group.suppressed,
        "questions": questions,
    }
    if not group.suppressed:
        output["responses"] = group.responses
    return output
