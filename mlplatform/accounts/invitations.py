"""Invitations by e-mail: who may invite whom, sending, accepting, revoking."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from mlplatform.core.mail import notify

from .models import Invitation, Membership, User


def send_invitation(request: HttpRequest, invitation: Invitation, token: str) -> None:
    link = request.build_absolute_uri(reverse("accounts:invitation_accept", kwargs={"token": token}))
    notify(
        [invitation.email],
        f"Invitation sur la plateforme {settings.PLATFORM_NAME}",
        "accounts/email/invitation.txt",
        {"invitation": invitation, "link": link, "validity_days": settings.INVITATION_VALIDITY_DAYS},
    )


@transaction.atomic
def accept_invitation(invitation: Invitation, user: User) -> Membership:
    """Give the invited role to ``user`` (who must own the invited e-mail) and close the invitation."""
    if user.email.lower() != invitation.email.lower():
        raise ValueError("L'invitation a été envoyée à une autre adresse électronique.")
    membership, created = Membership.objects.get_or_create(
        user=user, structure=invitation.structure, role=invitation.role, defaults={"is_active": True}
    )
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    if user.current_membership_id is None:
        user.current_membership = membership
        user.save(update_fields=["current_membership"])
    return membership
