"""Campaigns, the assessment page and its results, submission and reopening."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mlplatform.accounts.enums import Role
from mlplatform.core.french import counted, plural
from mlplatform.frameworks.models import FrameworkVersion

from . import services
from .access import can_contribute, get_assessment, get_campaign, require_national_admin
from .carried import carried_view
from .forms import CampaignForm, ReopenForm
from .grid import build_grid, default_part_number, part_page, part_url
from .models import Assessment, AssessmentEvent, Campaign
from .results import assessment_results


def home_view(request: HttpRequest) -> HttpResponse:
    """Campaigns, and the assessments of the perimeter the person works on."""
    membership = request.membership
    campaigns = list(Campaign.objects.select_related("ml_version", "network_version"))
    own = []
    if membership is not None:
        own = list(
            Assessment.objects.for_user(request.user)
            .filter(structure=membership.structure)
            .select_related("campaign", "structure", "framework_version")
            .order_by("-campaign__year", "-campaign__opens_on")
        )
    context = {
        "campaigns": campaigns,
        "own_assessments": own,
        "is_national_admin": membership is not None and membership.is_national_admin,
        "is_reviewer": membership is not None
        and membership.role in (Role.NATIONAL_ADMIN, Role.ARML_REFERENT, Role.ARML_STAFF),
    }
    return render(request, "assessments/home.html", context)


def campaign_create_view(request: HttpRequest) -> HttpResponse:
    require_national_admin(request)
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        campaign = services.create_campaign(user=request.user, **form.cleaned_data)
        count = campaign.assessments.count()
        messages.success(
            request,
            f"Campagne « {campaign.name} » créée : {counted(count, 'structure a', 'structures ont')} "
            "leur auto-évaluation.",
        )
        return redirect("assessments:campaign", pk=campaign.pk)
    # The frameworks with a version that follows another: their carry-over report is worth reading first.
    carried_codes = sorted(
        set(FrameworkVersion.objects.filter(previous__isnull=False).values_list("framework__code", flat=True))
    )
    context = {"form": form, "campaign": None, "carried_codes": carried_codes}
    return render(request, "assessments/campaign_form.html", context)


def campaign_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_national_admin(request)
    campaign = get_campaign(pk)
    form = CampaignForm(request.POST or None, instance=campaign, editing=True)
    if request.method == "POST" and form.is_valid():
        form.save()
        added = services.ensure_assessments(campaign)
        text = f"Campagne « {campaign.name} » modifiée."
        if added:
            text += (
                f" {counted(added, 'structure ajoutée', 'structures ajoutées')} depuis l'ouverture "
                f"{plural(added, 'a', 'ont')} reçu leur auto-évaluation."
            )
        messages.success(request, text)
        return redirect("assessments:campaign", pk=campaign.pk)
    return render(request, "assessments/campaign_form.html", {"form": form, "campaign": campaign})


def assessment_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The answering page, one part at a time (``?partie=``), filtered if asked (``?filtre=``)."""
    assessment = get_assessment(request, pk)
    contributor = can_contribute(request, assessment)
    editable = contributor and assessment.is_editable
    grid = build_grid(assessment, editable=editable)
    number = request.GET.get("partie") or default_part_number(grid)
    carryover = carried_view(assessment)
    page = part_page(
        grid,
        assessment,
        number,
        request.GET.get("filtre", ""),
        contributor=contributor,
        carried_pending=None if carryover is None else carryover.pending_requirements,
    )
    if page is None:
        raise Http404("Cette partie n'existe pas dans le référentiel.")
    membership = request.membership
    context = {
        "assessment": assessment,
        "grid": grid,
        "page": page,
        "carryover": carryover,
        "page_url": part_url(assessment, page.part.part.number),
        "scores": grid.scores,
        "editable": editable,
        "contributor": contributor,
        "can_submit": services.can_submit(membership, assessment) and assessment.is_editable,
        "can_reopen": services.can_reopen(membership, assessment) and assessment.is_submitted,
        "scale": assessment.framework_version.rating_scale,
        "labels": {level["value"]: level["label"] for level in assessment.framework_version.rating_scale},
        "plan_url": reverse("improvement:plan", args=[assessment.structure.code]),
        "events": list(assessment.events.select_related("actor", "actor_structure")[:5]),
    }
    return render(request, "assessments/assessment.html", context)


def results_view(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment(request, pk)
    context = {"assessment": assessment, **assessment_results(assessment)}
    return render(request, "assessments/results.html", context)


@require_POST
def submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment(request, pk)
    if not services.can_submit(request.membership, assessment):
        return HttpResponse(status=403)
    from .grid import current_scores

    try:
        services.submit(assessment, request.membership, missing=current_scores(assessment).tally.missing)
    except services.AssessmentRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            "Auto-évaluation soumise : elle est verrouillée et votre référent·e "
            "a été prévenu·e par courriel.",
        )
    return redirect("assessments:assessment", pk=assessment.pk)


def reopen_view(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment(request, pk)
    if not services.can_reopen(request.membership, assessment):
        return HttpResponse(status=403)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reopen(assessment, request.membership, reason=form.cleaned_data["reason"])
        except services.AssessmentRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, "Auto-évaluation rouverte : la structure a été prévenue par courriel.")
            return redirect("assessments:assessment", pk=assessment.pk)
    return render(request, "assessments/reopen.html", {"assessment": assessment, "form": form})


def history_view(request: HttpRequest, pk: int) -> HttpResponse:
    from django.core.paginator import Paginator

    from .models import AnswerChange

    assessment = get_assessment(request, pk)
    changes = (
        AnswerChange.objects.filter(answer__assessment=assessment)
        .select_related("user", "answer__requirement")
        .order_by("-at", "-pk")
    )
    page = Paginator(changes, 50).get_page(request.GET.get("page"))
    events = AssessmentEvent.objects.filter(assessment=assessment).select_related("actor", "actor_structure")
    context = {
        "assessment": assessment,
        "page": page,
        "events": events,
        "labels": {level["value"]: level["label"] for level in assessment.framework_version.rating_scale},
    }
    return render(request, "assessments/history.html", context)
