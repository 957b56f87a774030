"""Who reads and who changes network-life records: the one place that decides.

Reading follows the perimeter (``Model.objects.for_user``), with one widening: the meetings of the
network-wide bodies (Conférence des présidents, Comité des directeurs), recorded by the UNML, are
read by every ARML. Auditors and commission members read none of it. Changing is the work of the
structure's own people (``Membership.contributes_to``); others who can read get 403. The practices
catalogue is read by everyone signed in (views.py); referents (personal data) stay inside the
perimeter.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from mlplatform.accounts.models import Membership
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure
from mlplatform.network.perimeter import Level, perimeter_for

from .enums import NETWORK_KINDS
from .models import Meeting

EDIT_REFUSED = (
    "Seules les personnes de la structure peuvent enregistrer, modifier ou verser aux preuves ses "
    "réunions, événements, instances, référent·es, partenariats et pratiques ; vous pouvez les consulter."
)


def can_edit(membership: Membership | None, structure: Structure) -> bool:
    return membership is not None and membership.contributes_to(structure)


def require_edit(request: HttpRequest, structure: Structure) -> None:
    if not can_edit(getattr(request, "membership", None), structure):
        raise PermissionDenied(EDIT_REFUSED)


def reads_network_bodies(request: HttpRequest) -> bool:
    return perimeter_for(request.user).level in (Level.NATIONAL, Level.REGIONAL)


def _structural(request: HttpRequest) -> None:
    """Network life belongs to the network's people: auditors and commission members, whose
    perimeter is only the files assigned to them, read none of it (404, as outside a perimeter)."""
    if not perimeter_for(request.user).is_structural:
        raise Http404("Page introuvable.")


def visible_structure(request: HttpRequest, code: str) -> Structure:
    """The structure whose records are asked for, inside the perimeter (the UNML for every ARML)."""
    _structural(request)
    structures = Structure.objects.for_user(request.user)
    if reads_network_bodies(request):
        structures = Structure.objects.filter(Q(pk__in=structures.values("pk")) | Q(type=StructureType.UNML))
    return get_object_or_404(structures, code=code)


def visible_meetings(request: HttpRequest):
    """The meetings the person reads: the perimeter's, and the network bodies' for the ARML."""
    _structural(request)
    scoped = Q(pk__in=Meeting.objects.for_user(request.user).values("pk"))
    if reads_network_bodies(request):
        scoped |= Q(structure__type=StructureType.UNML, kind__in=NETWORK_KINDS)
    return Meeting.objects.filter(scoped)


def meeting_of(request: HttpRequest, code: str, pk: int) -> Meeting:
    queryset = visible_meetings(request).select_related("structure", "created_by")
    return get_object_or_404(queryset, structure__code=code, pk=pk)
