"""The page where people create, list and revoke their own API tokens ("Mon compte")."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .forms import ApiTokenForm
from .models import ApiToken, role_may_use_api

# The page lists at most this many tokens (newest first); revoked ones pile up slowly.
LISTED_TOKENS = 100


def token_list_view(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    may_create = membership is not None and role_may_use_api(membership.role)
    if request.method == "POST" and not may_create:
        raise PermissionDenied("Votre rôle en cours ne permet pas de créer un jeton d'accès à l'API.")
    form = ApiTokenForm(membership, request.POST or None) if may_create else None
    created = secret = None
    if request.method == "POST" and form.is_valid():
        created, secret = form.save()
        form = ApiTokenForm(membership)
    tokens = ApiToken.objects.for_user(request.user).select_related("user", "membership__structure")[
        :LISTED_TOKENS
    ]
    response = render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": tokens, "created": created, "secret": secret, "may_create": may_create},
    )
    if secret:
        # The clear token is in this page only: no cache may keep it.
        response["Cache-Control"] = "no-store"
    return response


@require_POST
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.for_user(request.user), pk=pk)
    if token.is_revoked:
        messages.info(request, f"Le jeton « {token.name} » était déjà révoqué.")
    else:
        token.revoke()
        messages.success(request, f"Le jeton « {token.name} » est révoqué : il ne donne plus accès à l'API.")
    return redirect("api:tokens")
