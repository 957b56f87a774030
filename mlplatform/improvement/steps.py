"""What the home page says about improvement plans (registered with ``core.next_steps``, order 40)."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Membership, User
from mlplatform.core.next_steps import Step

from .models import ImprovementAction
from .queries import overdue_actions, plan_url


def _own_plan_step(user: User, membership: Membership) -> Step | None:
    structure = membership.structure
    count, first = overdue_actions(structure, limit=3)
    if not count:
        return None
    listed = " ; ".join(f"« {a.title} » (échéance le {a.due_on:%d/%m/%Y})" for a in first)
    more = (
        f" et {count - len(first)} autre{'s' if count - len(first) > 1 else ''}" if count > len(first) else ""
    )
    mine = ImprovementAction.objects.for_structure(structure).overdue().filter(owner=user).count()
    yours = f" Vous êtes responsable de {mine} d'entre elles." if mine else ""
    return Step(
        "Actions en retard du plan d'amélioration",
        f"{count} action{'s' if count > 1 else ''} du plan d'amélioration "
        f"{'ont dépassé leur' if count > 1 else 'a dépassé son'} échéance : {listed}{more}.{yours}",
        plan_url(structure, en_retard="1"),
        "Voir les actions en retard",
    )


def _to_decide_step(membership: Membership) -> Step | None:
    """Actions whose requirement a new version of the framework removed (relink.py)."""
    count = ImprovementAction.objects.for_structure(membership.structure).exclude(to_decide="").count()
    if not count:
        return None
    return Step(
        "Actions à décider",
        f"{count} action{'s' if count > 1 else ''} du plan d'amélioration "
        f"{'sont liées' if count > 1 else 'est liée'} à une exigence qui n'existe plus dans la nouvelle "
        "version du référentiel : gardez-les, reliez-les à d'autres exigences ou abandonnez-les.",
        plan_url(membership.structure),
        "Voir le plan d'amélioration",
    )


def _regional_step(user: User, membership: Membership) -> Step | None:
    totals = (
        ImprovementAction.objects.for_user(user)
        .filter(structure__parent=membership.structure)
        .overdue(timezone.localdate())
        .aggregate(actions=Count("pk"), structures=Count("structure", distinct=True))
    )
    if not totals["actions"]:
        return None
    mls, actions = totals["structures"], totals["actions"]
    return Step(
        "Actions en retard dans les Missions Locales",
        f"{mls} Mission{'s' if mls > 1 else ''} Locale{'s' if mls > 1 else ''} de votre région "
        f"{'ont' if mls > 1 else 'a'} {actions} action{'s' if actions > 1 else ''} d'amélioration en retard.",
        reverse("improvement:region", kwargs={"code": membership.structure.code}),
        "Voir le suivi des plans",
    )


def improvement_steps(user: User, membership: Membership) -> list[Step]:
    """Overdue actions of the person's own structure; for an ARML referent, a summary over its MLs."""
    steps = []
    if membership.perimeter().is_structural and membership.contributes_to(membership.structure):
        steps.append(_own_plan_step(user, membership))
        steps.append(_to_decide_step(membership))
    if membership.role == Role.ARML_REFERENT:
        steps.append(_regional_step(user, membership))
    return [step for step in steps if step is not None]
