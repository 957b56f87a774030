"""Who reads, writes and publishes activity reports: the one place that decides.

- Published reports are public (``public_views``), without login.
- Drafts and reports to proofread are read inside the perimeter (``for_user``): the structure, its
  ARML, the UNML. Auditors and commission members, whose perimeter is the files assigned to them,
  read none (404, as outside a perimeter).
- Writing (sections, narrative blocks, submitting) is the structure's own people's work
  (``Membership.contributes_to``). Proofreading is done by one of them who is not the person who
  submitted the report; publishing a proofread report needs someone who commits the structure
  (``Membership.leads_quality_of``: direction, quality referent, ARML referent, national admin).
  Others who can read get 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from mlplatform.accounts.models import Membership
from mlplatform.network.models import Structure
from mlplatform.network.perimeter import perimeter_for

from .enums import State
from .models import ActivityReport

EDIT_REFUSED = (
    "Seules les personnes de la structure peuvent rédiger son rapport d'activité ; vous pouvez le lire."
)
PROOFREAD_REFUSED = (
    "La relecture revient à une autre personne de la structure que celle qui a soumis le rapport."
)
PUBLISH_REFUSED = "La publication revient à la direction ou au·à la référent·e qualité de la structure."


def _structural(request: HttpRequest) -> None:
    if not perimeter_for(request.user).is_structural:
        raise Http404("Page introuvable.")


def visible_reports(request: HttpRequest):
    _structural(request)
    return ActivityReport.objects.for_user(request.user)


def visible_structure(request: HttpRequest, code: str) -> Structure:
    _structural(request)
    return get_object_or_404(Structure.objects.for_user(request.user), code=code)


def report_of(request: HttpRequest, code: str, year: int, edition: int) -> ActivityReport:
    queryset = visible_reports(request).select_related("structure", "submitted_by", "published_by")
    return get_object_or_404(queryset, structure__code=code, year=year, edition=edition)


def can_edit(membership: Membership | None, report: ActivityReport) -> bool:
    return membership is not None and membership.contributes_to(report.structure)


def can_create(membership: Membership | None, structure: Structure) -> bool:
    return membership is not None and membership.contributes_to(structure)


def can_proofread(membership: Membership | None, report: ActivityReport) -> bool:
    return (
        report.state == State.REVIEW
        and can_edit(membership, report)
        and membership.user_id != report.submitted_by_id
    )


def can_publish(membership: Membership | None, report: ActivityReport) -> bool:
    return (
        membership is not None
        and report.state == State.PROOFREAD
        and membership.leads_quality_of(report.structure)
    )


def require(allowed: bool, message: str = EDIT_REFUSED) -> None:
    if not allowed:
        raise PermissionDenied(message)
