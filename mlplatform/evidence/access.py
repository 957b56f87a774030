"""Who may read and who may change a structure's evidence library: the one place that decides.

Reading follows the perimeter (``Evidence.objects.for_user``): the structure itself, its ARML, the
national level; outside it the answer is 404. Adding, replacing, editing and archiving is the work
of the structure's own people (``Membership.contributes_to``); others who can read get 403.
Auditors will be given read access by the label cycle, by widening their perimeter.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from mlplatform.accounts.models import Membership
from mlplatform.network.models import Structure

from .models import Evidence, EvidenceQuerySet

MANAGE_REFUSED = (
    "Seules les personnes de la structure peuvent ajouter, remplacer ou archiver ses preuves ; "
    "vous pouvez les consulter."
)


def can_manage(membership: Membership | None, structure: Structure) -> bool:
    """Whether the person acting under ``membership`` may change ``structure``'s library."""
    return membership is not None and membership.contributes_to(structure)


def visible_evidence(request: HttpRequest) -> EvidenceQuerySet:
    return Evidence.objects.for_user(request.user)


def library_structure(request: HttpRequest, code: str) -> Structure:
    """The structure whose library is asked for, if it is inside the person's perimeter (else 404)."""
    return get_object_or_404(Structure.objects.for_user(request.user), code=code)


def evidence_of(request: HttpRequest, code: str, pk: int) -> Evidence:
    """A piece of evidence of the structure ``code`` inside the person's perimeter (else 404)."""
    queryset = visible_evidence(request).select_related("structure", "current_file", "created_by")
    return get_object_or_404(queryset, structure__code=code, pk=pk)


def require_manage(request: HttpRequest, structure: Structure) -> None:
    if not can_manage(getattr(request, "membership", None), structure):
        raise PermissionDenied(MANAGE_REFUSED)
