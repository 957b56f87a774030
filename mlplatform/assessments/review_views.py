"""What the ARML and the UNML follow: a campaign's heat maps and the list of its assessments."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from mlplatform.accounts.enums import Role
from mlplatform.core.htmx import varies_on_htmx, wants_fragment
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure

from .access import get_campaign, require_reviewer
from .enums import AssessmentStatus
from .heatmap import national_heatmap, region_heatmap
from .jobs import needs_carryover
from .models import Assessment, Campaign, CarryoverJob


def campaign_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The national admin's overview; an ARML goes straight to its region."""
    campaign = get_campaign(pk)
    require_reviewer(request)
    membership = request.membership
    if membership.role != Role.NATIONAL_ADMIN:
        return redirect("assessments:region", pk=campaign.pk, code=membership.structure.code)
    carry = _carryover_context(campaign)
    if wants_fragment(request):  # the carry-over's progress, polled while it runs
        return varies_on_htmx(render(request, "assessments/_carryover_job.html", carry))
    network = (
        Assessment.objects.filter(campaign=campaign)
        .exclude(structure__type=StructureType.ML)
        .select_related("structure")
        .order_by("structure__type", "structure__sort_name")
    )
    counts = Assessment.objects.filter(campaign=campaign).aggregate(
        total=Count("pk"), submitted=Count("pk", filter=Q(status=AssessmentStatus.SUBMITTED))
    )
    context = {
        "campaign": campaign,
        "heatmap": national_heatmap(campaign),
        "network_assessments": network,
        "counts": counts,
        **carry,
    }
    return varies_on_htmx(render(request, "assessments/campaign.html", context))


def _carryover_context(campaign: Campaign) -> dict:
    """The campaign's carry-over from a previous framework version: its latest job, and whether the
    national admin may run it (again)."""
    job = CarryoverJob.objects.filter(campaign=campaign).order_by("-created_at", "-pk").first()
    idle = job is None or job.is_finished or job.is_stale  # the latest job is the only one that may run
    return {
        "campaign": campaign,
        "carryover_job": job,
        "can_run_carryover": idle and needs_carryover(campaign),
    }


def region_view(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    campaign = get_campaign(pk)
    require_reviewer(request)
    arml = get_object_or_404(Structure.objects.for_user(request.user).arml(), code=code)
    if request.membership.role != Role.NATIONAL_ADMIN and arml.pk != request.membership.structure_id:
        raise PermissionDenied
    own = Assessment.objects.filter(campaign=campaign, structure=arml).first()
    context = {"campaign": campaign, "arml": arml, "heatmap": region_heatmap(campaign, arml), "own": own}
    return render(request, "assessments/region.html", context)
