"""The national and regional XLSX exports of a campaign's results: one row per structure (and the
network's and each region's totals), with the small-group rule of the pages: a group of fewer than
``MIN_RESPONSES`` responses shows « moins de 10 réponses » and no figure. No free text is exported.
Written through ``reports.xlsx`` (text a spreadsheet would take for a formula stays text)."""

from __future__ import annotations

from dataclasses import dataclass

from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure

from .enums import QuestionType
from .models import Campaign
from .pages import campaign_counts
from .results import SUPPRESSED_LABEL, CampaignCounts, GroupResult, campaign_structures

WIDTHS = (12, 24, 16, 44, 14, 12)


@dataclass
class Sheet:
    filename: str
    title: str
    header: list[str]
    rows: list[list]
    widths: tuple[int, ...]


def _scales(campaign: Campaign) -> list[dict]:
    return [q for q in campaign.questionnaire.questions() if q["type"] == QuestionType.SCALE]


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _row(level: str, region: str, code: str, name: str, group: GroupResult, scales: list[dict]) -> list:
    if group.suppressed:
        return [level, region, code, name, SUPPRESSED_LABEL, None, None, None] + [None] * len(scales)
    overall, nps = group.overall, group.recommendation
    rates = []
    for question in scales:
        result = group.question(question["code"])
        rates.append(None if result is None else _rate(result.satisfaction_rate))
    return [
        level,
        region,
        code,
        name,
        group.responses,
        group.paper,
        None if overall is None else _rate(overall.satisfaction_rate),
        None if nps is None or nps.recommendation_score is None else round(nps.recommendation_score, 1),
        *rates,
    ]


def _header(scales: list[dict]) -> list[str]:
    return [
        "Niveau",
        "Région",
        "Code",
        "Structure",
        "Réponses",
        "Dont saisies papier",
        "Taux de satisfaction globale",
        "Score de recommandation (points)",
        *(f"Satisfaction : {q['text']}" for q in scales),
    ]


def _regions(structures: list[Structure]) -> dict[int, tuple[Structure, list[Structure]]]:
    """The ARMLs and the structures of their region measured by the campaign (the ARML itself too)."""
    regions: dict[int, tuple[Structure, list[Structure]]] = {}
    for structure in structures:
        arml = structure if structure.type == StructureType.ARML else structure.parent
        if arml is not None and arml.type == StructureType.ARML:
            regions.setdefault(arml.pk, (arml, []))[1].append(structure)
    return regions


def _structure_rows(data: CampaignCounts, arml: Structure, members: list[Structure], scales) -> list[list]:
    groups = data.by_structure()
    region = arml.region or arml.name
    return [
        _row("Structure", region, s.code, s.name, groups.get(s.pk) or data.group(s.name, set()), scales)
        for s in members
    ]


def _region_row(data: CampaignCounts, arml: Structure, members: list[Structure], scales) -> list:
    group = data.group(arml.name, data.keys_of({s.pk for s in members}))
    return _row("Région", arml.region or arml.name, arml.code, arml.name, group, scales)


def _widths(scales: list[dict]) -> tuple[int, ...]:
    return (*WIDTHS, 16, 18, *(18 for _ in scales))


def national_sheet(campaign: Campaign) -> Sheet:
    """The network, each region, then each structure (those outside any region last)."""
    data = campaign_counts(campaign)
    scales = _scales(campaign)
    structures = campaign_structures(campaign)
    regions = sorted(_regions(structures).values(), key=lambda item: item[0].sort_name)
    rows = [_row("Réseau", "", "", "Ensemble du réseau", data.group("Ensemble du réseau"), scales)]
    rows += [_region_row(data, arml, members, scales) for arml, members in regions]
    in_region = set()
    for arml, members in regions:
        rows += _structure_rows(data, arml, members, scales)
        in_region |= {s.pk for s in members}
    groups = data.by_structure()
    rows += [
        _row("Structure", "", s.code, s.name, groups.get(s.pk) or data.group(s.name, set()), scales)
        for s in structures
        if s.pk not in in_region
    ]
    return Sheet(f"resultats-{campaign.code}-national", "Résultats", _header(scales), rows, _widths(scales))


def regional_sheet(campaign: Campaign, arml: Structure) -> Sheet:
    """The region's total, then each of its structures measured by the campaign."""
    data = campaign_counts(campaign)
    scales = _scales(campaign)
    members = _regions(campaign_structures(campaign)).get(arml.pk, (arml, []))[1]
    rows = [_region_row(data, arml, members, scales), *_structure_rows(data, arml, members, scales)]
    return Sheet(
        f"resultats-{campaign.code}-{arml.code}", "Résultats", _header(scales), rows, _widths(scales)
    )
