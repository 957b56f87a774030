"""The auditors' pool: certified external auditors and auditors from the network.

The lead auditor and the national admin add people holding the auditor role to the pool and
deactivate them (an inactive auditor is offered for no new audit; their audits stay theirs).
Only the national admin names lead auditors.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Membership, User
from mlplatform.label import services as label_services
from mlplatform.label.models import LabelFile
from mlplatform.label.transitions import TransitionRefused
from mlplatform.network.models import Structure

from .enums import AuditorKind, AuditStatus
from .models import AuditorProfile
from .work import home_conflict, is_assigner


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise TransitionRefused(message)


def pool() -> QuerySet[AuditorProfile]:
    """Every member of the pool with the number of their audits in progress (one query)."""
    scheduled = AuditStatus.SCHEDULED
    return (
        AuditorProfile.objects.select_related("user", "home_structure__parent")
        .annotate(
            as_external=Count(
                "user__external_audits", filter=Q(user__external_audits__status=scheduled), distinct=True
            ),
            as_network=Count(
                "user__network_audits", filter=Q(user__network_audits__status=scheduled), distinct=True
            ),
        )
        .order_by("-is_active", "kind", "user__last_name", "user__first_name", "pk")
    )


def pool_candidates() -> QuerySet[User]:
    """People holding an active auditor role who are not in the pool yet."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__role=Role.AUDITOR,
            memberships__is_active=True,
            auditor_profile__isnull=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def add_to_pool(
    membership: Membership,
    *,
    user: User,
    kind: str,
    home_structure: Structure | None,
    certification: str = "",
    is_lead: bool = False,
) -> AuditorProfile:
    _require(is_assigner(membership), "Seul·e l'auditeur·rice référent·e (ou l'UNML) compose le vivier.")
    _require(kind in AuditorKind.values, "Choisissez le type d'auditeur·rice.")
    _require(
        pool_candidates().filter(pk=user.pk).exists(),
        f"{user} n'a pas le rôle d'auditeur·rice ou est déjà dans le vivier.",
    )
    if kind == AuditorKind.NETWORK:
        _require(
            home_structure is not None,
            "Un·e auditeur·rice du réseau a une structure d'origine : elle sert à écarter les conflits "
            "d'intérêts (sa structure et sa région).",
        )
    else:
        home_structure = None
    _require(
        not is_lead or label_services.is_national_admin(membership),
        "Seule l'UNML désigne les auditeur·rices référent·es.",
    )
    try:
        with transaction.atomic():
            return AuditorProfile.objects.create(
                user=user,
                kind=kind,
                home_structure=home_structure,
                certification=(certification or "").strip(),
                is_lead=is_lead,
            )
    except IntegrityError:
        raise TransitionRefused(f"{user} vient d'être ajouté·e au vivier par quelqu'un d'autre.") from None


def set_active(profile: AuditorProfile, membership: Membership, *, active: bool) -> AuditorProfile:
    _require(is_assigner(membership), "Seul·e l'auditeur·rice référent·e (ou l'UNML) gère le vivier.")
    _require(
        active or profile.user_id != membership.user_id,
        "Vous ne pouvez pas vous retirer vous-même du vivier : demandez-le à l'UNML.",
    )
    _require(
        active or not profile.is_lead or label_services.is_national_admin(membership),
        "Seule l'UNML désactive un·e auditeur·rice référent·e.",
    )
    AuditorProfile.objects.filter(pk=profile.pk).update(is_active=active)
    profile.refresh_from_db()
    return profile


@dataclass(frozen=True)
class Candidates:
    """The pool's active members for one file: who may be chosen, and who is set aside and why."""

    external: list[AuditorProfile]
    network: list[AuditorProfile]
    excluded: list[tuple[AuditorProfile, str]]


def candidates(file: LabelFile) -> Candidates:
    profiles = AuditorProfile.objects.filter(is_active=True).select_related("user", "home_structure")
    profiles = profiles.order_by("user__last_name", "user__first_name", "pk")
    external, network, excluded = [], [], []
    for profile in profiles:
        if profile.kind == AuditorKind.EXTERNAL:
            external.append(profile)
            continue
        reason = home_conflict(file.structure, profile.home_structure)
        if reason:
            excluded.append((profile, reason))
        else:
            network.append(profile)
    return Candidates(external, network, excluded)
