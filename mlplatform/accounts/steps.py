"""What the home page says about invitations (registered with ``core.next_steps`` in
``AccountsConfig.ready()``, last on the page)."""

from __future__ import annotations

from django.urls import reverse

from mlplatform.core.french import counted, plural
from mlplatform.core.next_steps import Step

from .enums import Role
from .models import Invitation, Membership, User


def invitation_steps(user: User, membership: Membership) -> list[Step]:
    steps: list[Step] = []
    role = membership.role
    if membership.invitable_roles and role not in (Role.ML_DIRECTOR,):
        pending = Invitation.objects.for_user(user).pending().count()
        if pending:
            steps.append(
                Step(
                    "Invitations en attente",
                    f"{counted(pending, 'invitation envoyée', 'invitations envoyées')} "
                    f"{plural(pending, "n'a pas encore été acceptée", "n'ont pas encore été acceptées")}.",
                    reverse("accounts:invitations"),
                    "Suivre les invitations",
                )
            )
    return steps
