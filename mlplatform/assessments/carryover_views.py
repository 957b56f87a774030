"""Pages of the carry-over to a new framework version: the migration report (national admin), running
a campaign's carry-over again, and, on the answering page, confirming and keeping evidence."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from mlplatform.core.french import counted
from mlplatform.frameworks.models import FrameworkVersion

from . import carried
from .access import get_assessment, get_campaign, get_requirement, require_contributor, require_national_admin
from .carryover import migration_report
from .jobs import active_job, needs_carryover, schedule_carryover
from .services import AssessmentRefused


def _back(request: HttpRequest, assessment, requirement_pk: int | None = None) -> HttpResponse:
    """Back to the page the form was on (a part, a filter), at the requirement when there is one."""
    page = reverse("assessments:assessment", kwargs={"pk": assessment.pk})
    target = request.POST.get("retour", "")
    if not (
        target.startswith(page)
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    ):
        target = page
    return redirect(target + (f"#exigence-{requirement_pk}" if requirement_pk else "#reprise"))


@require_POST
def confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm the carried answer of one requirement (``exigence``) or of a whole part (``partie``)."""
    assessment = get_assessment(request, pk)
    require_contributor(request, assessment)
    requirement_pk = request.POST.get("exigence", "")
    part = request.POST.get("partie", "").strip()
    try:
        if requirement_pk.isdigit():
            requirement = get_requirement(assessment, int(requirement_pk))
            done = carried.confirm(assessment, request.user, requirement_id=requirement.pk)
            text = (
                f"Reprise confirmée pour l'exigence {requirement.ref}."
                if done
                else f"L'exigence {requirement.ref} a déjà une réponse : rien n'a été repris."
            )
        elif part:
            done = carried.confirm(assessment, request.user, part_number=part[:10])
            text = f"Partie {part[:10]} : {counted(done, 'reprise confirmée', 'reprises confirmées')}."
            requirement_pk = ""
        else:
            raise AssessmentRefused("Choisissez une exigence ou une partie : rien n'a été confirmé.")
    except AssessmentRefused as refusal:
        messages.error(request, refusal.message)
    else:
        (messages.success if done else messages.info)(request, text)
    return _back(request, assessment, int(requirement_pk) if requirement_pk.isdigit() else None)


@require_POST
def keep_evidence_view(request: HttpRequest, pk: int, requirement_pk: int) -> HttpResponse:
    """Attach, in one click, the evidence the previous assessment linked to this requirement."""
    assessment = get_assessment(request, pk)
    require_contributor(request, assessment)
    requirement = get_requirement(assessment, requirement_pk)
    try:
        kept = carried.keep_evidence(assessment, requirement.pk, request.user)
    except AssessmentRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            f"{counted(kept, 'preuve gardée', 'preuves gardées')} pour l'exigence {requirement.ref}."
            if kept
            else "Ces preuves ne sont plus dans la bibliothèque ou sont déjà rattachées.",
        )
    return _back(request, assessment, requirement.pk)


def report_view(request: HttpRequest, code: str) -> HttpResponse:
    """What opening a campaign on a new version would carry, for the network and per region."""
    require_national_admin(request)
    versions = list(
        FrameworkVersion.objects.select_related("framework", "previous__framework")
        .filter(framework__code=code)
        .order_by("version")
    )
    if not versions:
        raise Http404("Référentiel inconnu.")
    successors = [v for v in versions if v.previous_id is not None]
    by_name = {v.version: v for v in successors}
    new = by_name.get(request.GET.get("version", "")) or (successors[-1] if successors else None)
    report = migration_report(new.previous, new) if new is not None else None
    return render(
        request,
        "assessments/carryover_report.html",
        {"code": code, "successors": successors, "new": new, "report": report},
    )


@require_POST
def run_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Run a campaign's carry-over again (after a failure, or for structures added since)."""
    require_national_admin(request)
    campaign = get_campaign(pk)
    if active_job(campaign) is not None:
        messages.info(request, "Une reprise est déjà en cours pour cette campagne.")
    elif not needs_carryover(campaign):
        messages.info(request, "Toutes les auto-évaluations de cette campagne sont déjà reprises.")
    else:
        schedule_carryover(campaign, request.user)
        messages.success(request, "Reprise des réponses lancée : son avancement s'affiche ci-dessous.")
    return redirect(reverse("assessments:campaign", kwargs={"pk": campaign.pk}) + "#reprise")
