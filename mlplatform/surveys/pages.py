"""What the results pages show, built from ``results`` with the small-group rule applied."""

from __future__ import annotations

from dataclasses import dataclass

import segno
from django.utils.safestring import SafeString, mark_safe

from mlplatform.core.french import counted
from mlplatform.network.perimeter import Level, Perimeter, perimeter_for
from mlplatform.reports.charts import Chart, Series, diverging_bar_chart

from . import evidence as survey_evidence
from .campaigns import SendReport, public_url
from .enums import SCALE_OPTIONS, QuestionType
from .figures import closed_counts
from .models import Answer, Campaign, CollectionLink, Invitation
from .results import (
    MIN_RESPONSES,
    CampaignCounts,
    GroupResult,
    campaign_structures,
    counts,
    median_rate,
    site_breakdown,
)

LOW_SATISFACTION = 0.7  # below this overall satisfaction rate, an improvement action is suggested


def campaign_counts(campaign: Campaign) -> CampaignCounts:
    """The campaign's counts; a closed campaign's never change: computed at closing in the background
    and stored (``figures``), then kept in the cache."""
    if campaign.status() != "closed":
        return counts(campaign)
    return closed_counts(campaign)


def scale_chart(group: GroupResult, title: str) -> Chart | None:
    scales = [q for q in group.questions if q.type == QuestionType.SCALE and q.answered]
    if group.suppressed or not scales:
        return None
    series = [
        Series(label, [q.distribution.get(value, 0) / q.answered for q in scales])
        for value, label in SCALE_OPTIONS
    ]
    return diverging_bar_chart(title, [q.question["text"] for q in scales], series, negative=2)


@dataclass
class Row:
    name: str
    code: str
    responses: int
    suppressed: bool
    overall: float | None
    recommendation: float | None
    linked: bool = False


def _row(name: str, code: str, group: GroupResult, linked: bool = False) -> Row:
    overall, nps = group.overall, group.recommendation
    return Row(
        name,
        code,
        group.responses,
        group.suppressed,
        None if group.suppressed or overall is None else overall.satisfaction_rate,
        None if group.suppressed or nps is None else nps.recommendation_score,
        linked,
    )


def campaign_context(campaign: Campaign, perimeter: Perimeter) -> dict:
    data = campaign_counts(campaign)
    structures = campaign_structures(campaign)
    national = data.group("Ensemble du réseau")
    regions: dict[int, list] = {}
    for structure in structures:
        if structure.parent is not None and structure.parent.type == "ARML":
            regions.setdefault(structure.parent_id, [structure.parent, []])[1].append(structure.pk)
    region_rows = [
        _row(arml.region or arml.name, arml.code, data.group(arml.name, data.keys_of(set(ids))))
        for arml, ids in sorted(regions.values(), key=lambda item: item[0].sort_name)
    ]
    own_region = None
    if perimeter.level in (Level.REGIONAL, Level.LOCAL):
        for row, (arml, ids) in zip(
            region_rows, sorted(regions.values(), key=lambda i: i[0].sort_name), strict=True
        ):
            if perimeter.contains(arml) and (
                perimeter.level == Level.REGIONAL or perimeter.structure_id in ids
            ):
                own_region = row
    groups = data.by_structure()
    structure_rows = [
        _row(s.name, s.code, groups.get(s.pk) or data.group(s.name, set()), linked=True)
        for s in structures
        if perimeter.contains(s)
    ]
    return {
        "national": _row("Ensemble du réseau", "", national),
        "national_chart": scale_chart(national, "Satisfaction, ensemble du réseau"),
        "region_rows": region_rows if perimeter.level == Level.NATIONAL else [],
        "own_region": own_region,
        "structure_rows": structure_rows,
        "min_responses": MIN_RESPONSES,
        "national_export": perimeter.level == Level.NATIONAL,
        "regional_export": own_region if perimeter.level == Level.REGIONAL else None,
    }


@dataclass
class Benchmark:
    text: str
    own: float | None
    region: float | None
    nation: float | None


def structure_context(campaign: Campaign, structure, user, membership) -> dict:
    data = campaign_counts(campaign)
    structures = campaign_structures(campaign)
    result = data.group(structure.name, data.keys_of({structure.pk}))
    same_level = {s.pk for s in structures if s.type == structure.type}
    region = {s.pk for s in structures if s.type == structure.type and s.parent_id == structure.parent_id}
    benchmarks = []
    for question in result.questions:
        if question.type != QuestionType.SCALE:
            continue
        benchmarks.append(
            Benchmark(
                question.question["text"],
                None if result.suppressed else question.satisfaction_rate,
                median_rate(data, region, question.code),
                median_rate(data, same_level, question.code),
            )
        )
    evolution = []
    if campaign.previous_id and not result.suppressed:
        previous_data = campaign_counts(campaign.previous)
        before = previous_data.group("", previous_data.keys_of({structure.pk}))
        if not before.suppressed:
            for question in result.questions:
                earlier = before.question(question.code)
                if (
                    question.satisfaction_rate is not None
                    and earlier
                    and earlier.satisfaction_rate is not None
                ):
                    evolution.append(
                        (question.question["text"], earlier.satisfaction_rate, question.satisfaction_rate)
                    )
    perimeter = perimeter_for(user)
    reads_texts = reads_free_texts(perimeter, structure)
    texts: list[tuple[str, list[str]]] = []
    if reads_texts and not result.suppressed:
        by_question: dict[str, list[str]] = {}
        for code, text in (
            Answer.objects.filter(campaign=campaign, structure=structure)
            .exclude(text="")
            .order_by("question", "text")
            .values_list("question", "text")
        ):
            by_question.setdefault(code, []).append(text)
        texts = [(q.question["text"], by_question[q.code]) for q in result.questions if q.code in by_question]
    links = list(
        CollectionLink.objects.filter(campaign=campaign, structure=structure)
        .select_related("site")
        .order_by("site__name")
    )
    site_names = {link.site_id: link.site.name for link in links if link.site}
    can_contribute = membership is not None and membership.contributes_to(structure)
    requirement = survey_evidence.satisfaction_requirement(structure)
    overall = result.overall
    low = (
        not result.suppressed
        and overall is not None
        and overall.satisfaction_rate is not None
        and overall.satisfaction_rate < LOW_SATISFACTION
    )
    return {
        "result": result,
        "chart": scale_chart(result, f"Satisfaction, {structure.name}"),
        "benchmarks": benchmarks,
        "evolution": evolution,
        "sites": site_breakdown(data, structure, site_names),
        "texts": texts,
        "reads_texts": reads_texts,
        "links": [(link, public_url(link)) for link in links],
        "can_contribute": can_contribute,
        "requirement": requirement,
        "improvement_url": survey_evidence.action_url(structure, requirement, campaign)
        if low and can_contribute
        else "",
        "low_threshold": LOW_SATISFACTION,
        "min_responses": MIN_RESPONSES,
        "invitable": campaign.audience in ("employers", "ml_arml", "ml_unml", "thematic"),
    }


def reads_free_texts(perimeter: Perimeter, structure) -> bool:
    """Free texts are for the structure concerned and its ARML only (the UNML reads its own)."""
    if perimeter.level == Level.REGIONAL:
        return perimeter.structure_id in (structure.pk, structure.parent_id)
    return perimeter.level in (Level.LOCAL, Level.NATIONAL) and perimeter.structure_id == structure.pk


def xlsx_rows(campaign: Campaign, structure) -> tuple[list[str], list[list]]:
    data = campaign_counts(campaign)
    result = data.group(structure.name, data.keys_of({structure.pk}))
    header = ["Question", "Intitulé", "Réponse", "Nombre", "Part"]
    if result.suppressed:
        return header, [["", f"Résultats non publiés : moins de {MIN_RESPONSES} réponses", "", "", ""]]
    rows = [["", "Nombre de réponses", "", result.responses, ""]]
    for q in result.questions:
        for _value, label, count, share in q.rows():
            rows.append(
                [q.code, q.question["text"], label, count, None if share is None else round(share, 4)]
            )
        if q.satisfaction_rate is not None:
            rows.append(
                [q.code, q.question["text"], "Taux de satisfaction", "", round(q.satisfaction_rate, 4)]
            )
        if q.recommendation_score is not None:
            rows.append(
                [
                    q.code,
                    q.question["text"],
                    "Score de recommandation (points)",
                    round(q.recommendation_score, 1),
                    "",
                ]
            )
    return header, rows


def qr_svg(url: str) -> SafeString:
    svg = segno.make(url, error="m").svg_inline(scale=8, title="Code QR du questionnaire")
    return mark_safe(svg)  # noqa: S308 - generated by segno from the URL


def invitation_counts(campaign: Campaign, structure) -> dict:
    invitations = Invitation.objects.filter(campaign=campaign, structure=structure)
    return {"sent": invitations.count(), "used": invitations.filter(used=True).count()}


def send_message(report: SendReport) -> str:
    parts = []
    if report.sent:
        parts.append(counted(report.sent, "invitation envoyée", "invitations envoyées"))
    if report.reminded:
        parts.append(counted(report.reminded, "rappel envoyé", "rappels envoyés"))
    if report.skipped:
        ignored = counted(report.skipped, "adresse ignorée", "adresses ignorées")
        parts.append(f"{ignored} (déjà invitée, déjà relancée ou ayant répondu)")
    return (" ; ".join(parts) or "Aucun envoi") + ". La liste d'adresses n'a pas été conservée."
