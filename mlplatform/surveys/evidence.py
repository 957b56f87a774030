"""The label loop: results attached as evidence of the satisfaction requirement, improvement actions.

The requirement is found by its number in the framework the structure answers (ML-2022 5.4.1.3 for a
Mission Locale; ARML-UNML 2022 3.3.2.4 for an ARML, 3.3.1.4 for the UNML): in the self-assessment
under way when there is one, else in the latest version of the framework.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from mlplatform.assessments.generated_evidence import attach_document, open_assessment
from mlplatform.evidence import services as evidence_services
from mlplatform.frameworks.models import Requirement
from mlplatform.improvement.queries import create_action_url
from mlplatform.network.models import Structure
from mlplatform.reports.pdf import render_pdf

from .models import Campaign

# Requirement number (the end of its reference) on the satisfaction measure, per structure type.
REQUIREMENT_NUMBERS = {"ML": "5.4.1.3", "ARML": "3.3.2.4", "UNML": "3.3.1.4"}


def satisfaction_requirement(structure: Structure) -> Requirement | None:
    number = REQUIREMENT_NUMBERS.get(structure.type)
    if number is None:
        return None
    assessment = open_assessment(structure)
    candidates = Requirement.objects.filter(ref__endswith=f"-{number}")
    if assessment is not None:
        candidates = candidates.filter(version=assessment.framework_version)
    return candidates.select_related("version").order_by("-version__loaded_at", "-pk").first()


def action_url(structure: Structure, requirement: Requirement | None, campaign: Campaign) -> str:
    back = reverse("surveys:results", kwargs={"code": campaign.code, "structure": structure.code})
    return create_action_url(structure, requirement, return_to=back, source="barometre")


def attach_results(request: HttpRequest, campaign: Campaign, structure: Structure) -> tuple[str, str]:
    """Add the results PDF to the structure's library and link it to the requirement of the
    self-assessment under way. Returns (message level, French message)."""
    from .pages import structure_context  # the page's own context: the PDF is the page

    context = structure_context(campaign, structure, request.user, getattr(request, "membership", None))
    if context["result"].suppressed:
        return "error", "Moins de 10 réponses : les résultats ne sont pas publiés, rien n'a été joint."
    context.update({"campaign": campaign, "structure": structure, "for_pdf": True})
    requirement = satisfaction_requirement(structure)
    try:
        attached = attach_document(
            structure,
            content=render_pdf("surveys/results_pdf.html", context, request),
            filename=f"resultats-{campaign.code}-{structure.code}.pdf",
            title=f"Résultats — {campaign.title}",
            user=request.user,
            requirements=lambda assessment: (
                [requirement]
                if requirement is not None and requirement.version_id == assessment.framework_version_id
                else []
            ),
        )
    except evidence_services.EvidenceRefused as refusal:
        return "error", " ".join(refusal.messages) + " Rien n'a été joint."
    if not attached.requirements:
        return "success", (
            f"Résultats ajoutés à la bibliothèque de preuves (« {attached.evidence.title} ») ; "
            "aucune auto-évaluation en cours : rattachez-les à l'exigence quand la prochaine "
            "campagne s'ouvrira."
        )
    return (
        "success",
        f"Résultats joints comme preuve de l'exigence {attached.refs} de votre auto-évaluation.",
    )
