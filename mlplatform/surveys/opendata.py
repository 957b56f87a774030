"""Open data of a closed campaign: national and regional counts, with the observatory's secrecy.

The counts of each question's options, per region and for the nation, go through the observatory's
``apply_secrecy`` (counts from 1 to 10 masked, then whatever would give them back by difference:
the options of a question sum to those who answered it, the regions sum to the nation). Satisfaction
rates are masked with the same rule as the observatory's shares. Free texts and numbers are never
published, nor any structure's own figures.
"""

from __future__ import annotations

from mlplatform.network.models import Structure
from mlplatform.observatory.opendata import SECRET, AdditiveGroup, ShareDef, apply_secrecy
from mlplatform.reports.charts import format_share
from mlplatform.reports.csvfile import csv_text

from .enums import SATISFIED_LEVELS, QuestionType
from .loader import options_of
from .models import Campaign
from .results import CampaignCounts

NATION = "NATIONAL"
ANSWERED = "_repondants"
HEADER = ["campagne", "zone", "question", "type", "reponse", "valeur"]
PUBLISHED_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.SCALE, QuestionType.NPS)


def _region_code(structure: Structure) -> str | None:
    if structure.type == "ARML":
        return structure.code
    if structure.parent is not None and structure.parent.type == "ARML":
        return structure.parent.code
    return None


def opendata_csv(campaign: Campaign, data: CampaignCounts, structures: list[Structure]) -> str:
    region_of = {s.pk: _region_code(s) for s in structures}
    regions = sorted({code for code in region_of.values() if code})
    areas = {NATION: data.group(NATION)}
    for region in regions:
        ids = {pk for pk, code in region_of.items() if code == region}
        areas[region] = data.group(region, data.keys_of(ids))
    questions = [q for q in campaign.questionnaire.questions() if q["type"] in PUBLISHED_TYPES]
    counts: dict = {}
    groups: list[AdditiveGroup] = []
    shares: dict = {}
    for area, group in areas.items():
        counts[(area, "_reponses", "")] = group.responses
        for question in questions:
            result = group.question(question["code"])
            code = question["code"]
            counts[(area, code, ANSWERED)] = result.answered
            values = [value for value, _label in options_of(question)]
            for value in values:
                counts[(area, code, value)] = result.distribution.get(value, 0)
            if question["type"] != QuestionType.MULTIPLE:
                groups.append(AdditiveGroup((area, code, ANSWERED), tuple((area, code, v) for v in values)))
            if question["type"] == QuestionType.SCALE:
                numerators = tuple((area, code, level) for level in sorted(SATISFIED_LEVELS))
                shares[(area, code)] = ShareDef(numerators, (area, code, ANSWERED))
    if regions:
        for key in [key for key in counts if key[0] == NATION]:
            groups.append(AdditiveGroup(key, tuple((region, *key[1:]) for region in regions)))
    secrecy = apply_secrecy(counts, groups, shares)
    rows = []
    for area in areas:
        rows.append(
            [campaign.code, area, "", "", "reponses", _cell(counts, secrecy, (area, "_reponses", ""))]
        )
        for question in questions:
            code = question["code"]
            rows.append(
                [
                    campaign.code,
                    area,
                    code,
                    question["type"],
                    ANSWERED,
                    _cell(counts, secrecy, (area, code, ANSWERED)),
                ]
            )
            for value, _label in options_of(question):
                rows.append(
                    [
                        campaign.code,
                        area,
                        code,
                        question["type"],
                        value,
                        _cell(counts, secrecy, (area, code, value)),
                    ]
                )
            if (area, code) in shares:
                if (area, code) in secrecy.masked_shares:
                    rate = SECRET
                else:
                    satisfied = sum(counts[n] for n in shares[(area, code)].numerators)
                    rate = format_share(satisfied / counts[(area, code, ANSWERED)])
                rows.append([campaign.code, area, code, question["type"], "taux_satisfaction", rate])
    return csv_text(HEADER, rows)


def _cell(counts: dict, secrecy, key) -> int | str:
    return SECRET if key in secrecy.masked else counts[key]
