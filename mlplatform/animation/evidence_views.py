"""« Utiliser comme preuve » for a section of a structure's records, a partnership or a practice:
the structure's own people put it into the evidence library (``as_evidence``), then link it to
the label requirements from the self-assessment."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mlplatform.evidence.checks import EvidenceRefused
from mlplatform.evidence.models import Evidence
from mlplatform.evidence.services import StaleEvidence
from mlplatform.network.models import Structure

from . import as_evidence
from .access import require_edit, visible_structure
from .models import Partnership, Practice
from .services import AnimationRefused

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _year(request: HttpRequest) -> int:
    raw = request.POST.get("annee", "").strip()
    if raw.isdigit() and FIRST_YEAR <= int(raw) <= LAST_YEAR:
        return int(raw)
    return timezone.localdate().year


def _done(request: HttpRequest, evidence: Evidence) -> HttpResponse:
    messages.success(
        request,
        f"« {evidence.title} » est dans la bibliothèque de preuves : reliez-la aux exigences "
        "concernées depuis l'auto-évaluation.",
    )
    return redirect(evidence)


def _refused(request: HttpRequest, refusal: Exception, back: str) -> HttpResponse:
    if isinstance(refusal, StaleEvidence):
        messages.error(
            request,
            "La preuve a été modifiée au même moment par quelqu'un d'autre : rien n'a été ajouté. Réessayez.",
        )
    else:
        for message in getattr(refusal, "messages", [str(refusal)]):
            messages.error(request, message)
    return redirect(back)


@require_POST
def section_evidence_view(request: HttpRequest, code: str, section: str) -> HttpResponse:
    if section not in as_evidence.SECTIONS:
        raise Http404("Rubrique inconnue.")
    structure = visible_structure(request, code)
    if not Structure.objects.for_user(request.user).filter(pk=structure.pk).exists():
        raise Http404("Page introuvable.")  # the UNML's records, read by an ARML: not to be taken
    require_edit(request, structure)
    year = _year(request)
    back = (
        reverse("animation:overview", kwargs={"code": structure.code})
        + f"?annee={year}#{as_evidence.SECTIONS[section].anchor}"
    )
    try:
        evidence = as_evidence.section_as_evidence(structure, section, year, user=request.user)
    except (EvidenceRefused, StaleEvidence) as refusal:
        return _refused(request, refusal, back)
    return _done(request, evidence)


@require_POST
def partnership_evidence_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    structure = visible_structure(request, code)
    partnership = get_object_or_404(
        Partnership.objects.for_user(request.user).select_related("structure", "parent"),
        structure=structure,
        pk=pk,
    )
    require_edit(request, structure)
    back = reverse("animation:overview", kwargs={"code": structure.code}) + "#partenariats"
    try:
        evidence = as_evidence.partnership_as_evidence(partnership, user=request.user)
    except (EvidenceRefused, StaleEvidence) as refusal:
        return _refused(request, refusal, back)
    return _done(request, evidence)


@require_POST
def practice_evidence_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A structure's people take the practice it published (the catalogue is everyone's to read)."""
    practice = get_object_or_404(Practice.objects.select_related("structure"), pk=pk)
    require_edit(request, practice.structure)
    back = reverse("animation:catalogue") + f"#pratique-{practice.pk}"
    try:
        evidence = as_evidence.practice_to_evidence(practice, user=request.user)
    except (EvidenceRefused, StaleEvidence, AnimationRefused) as refusal:
        return _refused(request, refusal, back)
    return _done(request, evidence)
