"""What the ARML and the UNML follow: a campaign's heat maps and the list of its assessments."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from mlplatform.accounts.enums import Role
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure

from .access import get_campaign, require_reviewer
from .enums import AssessmentStatus
from .heatmap import national_heatmap, region_heatmap
from .models import Assessment


def campaign_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The national admin's overview; an ARML goes straight to its region."""
    campaign = get_campaign(pk)
    require_reviewer(request)
    membership = request.membership
    if membership.role != Role.NATIONAL_ADMIN:
        return redirect("assessments:region", pk=campaign.pk, code=membership.structure.code)
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
    }
    return render(request, "assessments/campaign.html", context)


def region_view(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    campaign = get_campaign(pk)
    require_reviewer(request)
    arml = get_object_or_404(Structure.objects.for_user(request.user).arml(), code=code)
    if request.membership.role != Role.NATIONAL_ADMIN and arml.pk != request.membership.structure_id:
        raise PermissionDenied
    own = Assessment.objects.filter(campaign=campaign, structure=arml).first()
    context = {"campaign": campaign, "arml": arml, "heatmap": region_heatmap(campaign, arml), "own": own}
    return render(request, "assessments/region.html", context)
