"""Who reads and who changes training records: the one place that decides.

- A plan (actions and sessions) belongs to the ARML (or the UNML) that organises it: read inside
  the perimeter (the ARML, the UNML) and by the structures just below the organiser (the MLs of
  that ARML: the regional catalogue; the ARMLs: the national plan and its review, figures only);
  changed by the organiser's own people.
- Registrations (names, e-mails: personal data) are read through ``Registration.objects.for_user``:
  the participant's structure, its ARML (the organiser) and the UNML.
- An ML director (the ARML's people for the ARML's staff, the national admin for the UNML's)
  registers people of their own structure; the organiser's people confirm and record attendance.
- Auditors and commission members read none of it (404, as outside a perimeter).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Membership
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure
from mlplatform.network.perimeter import perimeter_for

from .models import Registration, Session, TrainingAction
from .services import may_register_for

EDIT_REFUSED = "Seules les personnes de la structure qui organise la formation peuvent la modifier."
REGISTER_REFUSED = (
    "Seul·es la direction d'une Mission Locale de la région, ou l'équipe de l'ARML pour son personnel "
    "(l'administration nationale pour celui de l'UNML), inscrivent des personnes à cette session."
)
REGISTRAR_ROLES = frozenset({Role.ML_DIRECTOR, Role.ARML_REFERENT, Role.ARML_STAFF, Role.NATIONAL_ADMIN})


def _membership(request: HttpRequest) -> Membership | None:
    return getattr(request, "membership", None)


def _structural(request: HttpRequest) -> None:
    if not perimeter_for(request.user).is_structural:
        raise Http404("Page introuvable.")


def _catalogue_q(request: HttpRequest) -> Q:
    """The organisers whose plans the person reads: the perimeter, plus an ML's own ARML."""
    scoped = Q(pk__in=Structure.objects.for_user(request.user).values("pk"))
    membership = _membership(request)
    if membership is not None and membership.structure.parent_id:
        scoped |= Q(pk=membership.structure.parent_id)
    return scoped


def plan_owner(request: HttpRequest, code: str) -> Structure:
    """The ARML (or the UNML) whose plan is asked for, if the person reads it."""
    _structural(request)
    organisers = Structure.objects.filter(
        _catalogue_q(request), type__in=(StructureType.ARML, StructureType.UNML)
    )
    return get_object_or_404(organisers, code=code)


def visible_actions(request: HttpRequest):
    _structural(request)
    return TrainingAction.objects.filter(structure__in=Structure.objects.filter(_catalogue_q(request)))


def session_of(request: HttpRequest, code: str, pk: int) -> Session:
    sessions = Session.objects.filter(action__in=visible_actions(request)).select_related("action__structure")
    return get_object_or_404(sessions, action__structure__code=code, pk=pk)


def can_edit(request: HttpRequest, structure: Structure) -> bool:
    membership = _membership(request)
    return membership is not None and membership.contributes_to(structure)


def require_edit(request: HttpRequest, structure: Structure) -> None:
    if not can_edit(request, structure):
        raise PermissionDenied(EDIT_REFUSED)


HEADCOUNT_REFUSED = "Seule la direction (ou le ou la référente qualité) de la structure déclare son effectif."


def can_declare_headcount(request: HttpRequest, structure: Structure) -> bool:
    membership = _membership(request)
    return membership is not None and membership.leads_quality_of(structure)


def require_headcount(request: HttpRequest, structure: Structure) -> None:
    if not can_declare_headcount(request, structure):
        raise PermissionDenied(HEADCOUNT_REFUSED)


def can_register(request: HttpRequest, session: Session) -> bool:
    membership = _membership(request)
    return (
        membership is not None
        and membership.role in REGISTRAR_ROLES
        and may_register_for(session, membership.structure)
    )


def require_register(request: HttpRequest, session: Session) -> Structure:
    """The structure whose staff the person registers (their own)."""
    if not can_register(request, session):
        raise PermissionDenied(REGISTER_REFUSED)
    return _membership(request).structure


def readable_structure(request: HttpRequest, code: str) -> Structure:
    """A structure inside the perimeter (its headcount)."""
    _structural(request)
    return get_object_or_404(Structure.objects.for_user(request.user), code=code)


CANCEL_REFUSED = (
    "Seul·es la direction de la structure de la personne (ou l'équipe de l'ARML pour son personnel) "
    "et l'organisateur annulent cette inscription."
)


def registration_of(request: HttpRequest, session: Session, pk: int) -> Registration:
    """A registration of the session that the person reads (404 otherwise)."""
    registrations = Registration.objects.for_user(request.user).filter(session=session)
    return get_object_or_404(registrations.select_related("structure"), pk=pk)


def can_cancel(request: HttpRequest, session: Session, registration: Registration) -> bool:
    """The organiser, or whoever registers people of the registration's structure."""
    membership = _membership(request)
    if membership is None:
        return False
    if can_edit(request, session.action.structure):
        return True
    return membership.role in REGISTRAR_ROLES and membership.structure_id == registration.structure_id


def require_cancel(request: HttpRequest, session: Session, registration: Registration) -> None:
    if not can_cancel(request, session, registration):
        raise PermissionDenied(CANCEL_REFUSED)
