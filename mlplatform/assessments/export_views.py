"""The whole assessment as PDF (cover, scores, chart, every answer with its evidence) and XLSX."""

from __future__ import annotations

from collections import defaultdict

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from mlplatform.reports.pdf import pdf_response
from mlplatform.reports.xlsx import xlsx_response

from .access import get_assessment
from .grid import build_grid
from .models import AnswerEvidence
from .results import assessment_results


def _evidence_by_requirement(assessment) -> dict[int, list]:
    links = AnswerEvidence.objects.filter(assessment=assessment).select_related("evidence__current_file")
    grouped: dict[int, list] = defaultdict(list)
    for link in links.order_by("added_at", "pk"):
        grouped[link.requirement_id].append(link.evidence)
    return grouped


def _filename(assessment) -> str:
    return f"auto-evaluation-{assessment.structure.code}-{assessment.campaign.year}"


def pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment(request, pk)
    grid = build_grid(assessment, editable=False)
    evidence = _evidence_by_requirement(assessment)
    for row in grid.rows.values():
        row.evidence_items = evidence.get(row.requirement.pk, [])
    context = {
        "assessment": assessment,
        "grid": grid,
        "labels": {level["value"]: level["label"] for level in assessment.framework_version.rating_scale},
        "generated_at": timezone.localtime(),
        "for_pdf": True,
        **assessment_results(assessment),
    }
    return pdf_response("assessments/print.html", context, _filename(assessment), request)


def xlsx_view(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment(request, pk)
    grid = build_grid(assessment, editable=False)
    evidence = _evidence_by_requirement(assessment)
    labels = {level["value"]: level["label"] for level in assessment.framework_version.rating_scale}
    rows = []
    for part in grid.parts:
        for block in part.commitments:
            score = grid.scores.by_commitment[block.commitment.pk].score
            for row in block.rows:
                answer = row.answer
                rows.append(
                    [
                        part.part.number,
                        block.commitment.ref,
                        None if score is None else round(score * 100),
                        row.requirement.ref,
                        row.requirement.text,
                        "" if answer is None or answer.level is None else answer.level,
                        "Non applicable"
                        if answer and answer.not_applicable
                        else labels.get(answer.level, "")
                        if answer
                        else "",
                        answer.justification if answer else "",
                        answer.comment if answer else "",
                        "\n".join(item.title for item in evidence.get(row.requirement.pk, [])),
                    ]
                )
    header = [
        "Partie",
        "Engagement",
        "Score de l'engagement (%)",
        "Exigence",
        "Texte de l'exigence",
        "Niveau",
        "Libellé du niveau",
        "Justification (non applicable)",
        "Commentaire",
        "Preuves",
    ]
    return xlsx_response(
        _filename(assessment), "Auto-évaluation", header, rows, widths=(8, 16, 12, 20, 80, 8, 28, 40, 60, 40)
    )
