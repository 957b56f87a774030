"""Pages to invite people, follow invitations and accept one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from mlplatform.core.french import le

from .forms import AcceptInvitationForm, InvitationForm
from .invitations import accept_invitation, send_invitation
from .models import Invitation, User


def _require_inviter(request: HttpRequest) -> None:
    if request.membership is None or not request.membership.invitable_roles:
        raise PermissionDenied("Votre rôle ne permet pas d'inviter des personnes.")


def invitation_list_view(request: HttpRequest) -> HttpResponse:
    _require_inviter(request)
    form = InvitationForm(request.membership, request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invitation, token = Invitation.issue(
            email=data["email"],
            structure=data["structure"],
            role=data["role"],
            invited_by=request.user,
            first_name=data["first_name"],
            last_name=data["last_name"],
        )
        send_invitation(request, invitation, token)
        messages.success(request, f"Invitation envoyée à {invitation.email}.")
        return redirect("accounts:invitations")
    invitations = Invitation.objects.for_user(request.user).select_related("structure", "invited_by")[:200]
    return render(request, "accounts/invitations.html", {"form": form, "invitations": invitations})


@require_POST
def invitation_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_inviter(request)
    invitation = get_object_or_404(Invitation.objects.for_user(request.user).pending(), pk=pk)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    messages.success(request, f"L'invitation de {invitation.email} est annulée.")
    return redirect("accounts:invitations")


@login_not_required
def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.find_pending(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", {"wrong_account": False}, status=404)
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing is not None:
        # The person already has an account: they accept once signed in under that account.
        if not request.user.is_authenticated:
            messages.info(request, "Vous avez déjà un compte : connectez-vous pour accepter l'invitation.")
            return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.path})}")
        if request.user.pk != existing.pk:
            return render(request, "accounts/invitation_invalid.html", {"wrong_account": True}, status=403)
        if request.method == "POST":
            membership = accept_invitation(invitation, request.user)
            messages.success(request, f"Vous avez rejoint {le(membership.structure)}.")
            return redirect("core:home")
        return render(request, "accounts/invitation_accept.html", {"invitation": invitation, "form": None})
    form = AcceptInvitationForm(
        invitation.email,
        request.POST or None,
        initial={"first_name": invitation.first_name, "last_name": invitation.last_name},
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = User.objects.create_user(
                invitation.email,
                form.cleaned_data["password1"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
            accept_invitation(invitation, user)
        auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request, f"Bienvenue ! Votre compte est créé et vous avez rejoint {le(invitation.structure)}."
        )
        return redirect("core:home")
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form})
