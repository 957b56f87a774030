"""How views reach assessments: always through the user's perimeter (404 outside it)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from mlplatform.accounts.enums import Role
from mlplatform.frameworks.models import Requirement

from .models import Assessment, Campaign
from .services import requirements_for


def get_assessment(request: HttpRequest, pk: int) -> Assessment:
    return get_object_or_404(
        Assessment.objects.for_user(request.user).select_related(
            "structure__parent", "campaign", "framework_version__framework", "submitted_by"
        ),
        pk=pk,
    )


def get_requirement(assessment: Assessment, requirement_pk: int) -> Requirement:
    return get_object_or_404(
        requirements_for(assessment.framework_version, assessment.structure.type).select_related(
            "commitment__part"
        ),
        pk=requirement_pk,
    )


def can_contribute(request: HttpRequest, assessment: Assessment) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and membership.contributes_to(assessment.structure)


def require_contributor(request: HttpRequest, assessment: Assessment) -> None:
    if not can_contribute(request, assessment):
        raise PermissionDenied("Seules les personnes de la structure répondent à son auto-évaluation.")


def require_national_admin(request: HttpRequest) -> None:
    membership = getattr(request, "membership", None)
    if membership is None or membership.role != Role.NATIONAL_ADMIN:
        raise PermissionDenied


def require_reviewer(request: HttpRequest) -> None:
    """Heat maps: the ARML (its region) and the national admin (everything)."""
    membership = getattr(request, "membership", None)
    if membership is None or membership.role not in (
        Role.NATIONAL_ADMIN,
        Role.ARML_REFERENT,
        Role.ARML_STAFF,
    ):
        raise PermissionDenied


def get_campaign(pk: int) -> Campaign:
    """Campaigns belong to the whole network: anyone signed in with a role may read them."""
    return get_object_or_404(Campaign.objects.select_related("ml_version", "network_version"), pk=pk)
