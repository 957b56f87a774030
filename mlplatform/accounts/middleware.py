"""Resolve the current membership of the signed-in person and enforce two-factor sign-in."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# Paths a person who still has to pass the second factor may reach: the legal pages are public (one
# may need the contact address precisely when the second factor fails).
TWO_FACTOR_OPEN_URL_NAMES = (
    "accounts:two_factor",
    "accounts:logout",
    "legal:accessibility",
    "legal:legal_notice",
    "legal:personal_data",
    "legal:contact",
    "legal:sitemap",
)
TWO_FACTOR_OPEN_PREFIXES = ("/static/", "/healthz")


class CurrentMembershipMiddleware:
    """Expose ``request.membership``: the role the person is acting under, or None."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        request.membership = user.active_membership() if user.is_authenticated else None
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """National admins and commission members must verify a TOTP code after their password."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not user.is_verified() and user.requires_two_factor():
            open_paths = {reverse(name) for name in TWO_FACTOR_OPEN_URL_NAMES}
            if request.path not in open_paths and not request.path.startswith(TWO_FACTOR_OPEN_PREFIXES):
                return redirect(reverse("accounts:two_factor"))
        return self.get_response(request)
