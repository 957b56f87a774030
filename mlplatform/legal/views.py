"""The pages every French public-service site publishes, open to anyone (signed in or not).

Accessibility statement, legal notice, personal data, contact and site map. Their content comes from
the repository (data/*.yaml) and from the deployment's settings (publisher, host, addresses); the only
database read is, for a signed-in member of a structure, the GDPR referents of that structure.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mlplatform.animation.enums import Theme
from mlplatform.animation.models import Referent

from .processing import Processing, all_processing, duration, retention_text
from .statement import statement


@dataclass(frozen=True)
class Publisher:
    """Who publishes and hosts this deployment, and where to write (settings LEGAL_*)."""

    name: str
    address: str
    phone: str
    director: str
    host_name: str
    host_address: str
    host_phone: str
    contact_email: str
    privacy_email: str


def publisher() -> Publisher:
    contact = settings.LEGAL_CONTACT_EMAIL.strip()
    return Publisher(
        name=settings.LEGAL_PUBLISHER_NAME.strip(),
        address=settings.LEGAL_PUBLISHER_ADDRESS.strip(),
        phone=settings.LEGAL_PUBLISHER_PHONE.strip(),
        director=settings.LEGAL_PUBLICATION_DIRECTOR.strip(),
        host_name=settings.LEGAL_HOST_NAME.strip(),
        host_address=settings.LEGAL_HOST_ADDRESS.strip(),
        host_phone=settings.LEGAL_HOST_PHONE.strip(),
        contact_email=contact,
        privacy_email=settings.LEGAL_PRIVACY_EMAIL.strip() or contact,
    )


@login_not_required
@require_GET
def accessibility_view(request: HttpRequest) -> HttpResponse:
    context = {
        "statement": statement(),
        "publisher": publisher(),
        "site_address": request.build_absolute_uri("/"),
    }
    return render(request, "legal/accessibility.html", context)


@login_not_required
@require_GET
def legal_notice_view(request: HttpRequest) -> HttpResponse:
    context = {"publisher": publisher(), "site_address": request.build_absolute_uri("/")}
    return render(request, "legal/legal_notice.html", context)


@dataclass(frozen=True)
class ShownProcessing:
    processing: Processing
    retention: list[str]  # the sentences, with the settings' current values


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: str
    lifetime: str


def cookies() -> list[Cookie]:
    """The only cookies the platform sets (messages go into the session: MESSAGE_STORAGE)."""
    return [
        Cookie(
            name=settings.SESSION_COOKIE_NAME,
            purpose=(
                "garder la connexion ouverte d'une page à l'autre (et les messages affichés après une action)"
            ),
            lifetime=duration(settings.SESSION_COOKIE_AGE, "seconds"),
        ),
        Cookie(
            name=settings.CSRF_COOKIE_NAME,
            purpose="protéger les formulaires contre leur envoi par un autre site (falsification de requête)",
            lifetime=duration(settings.CSRF_COOKIE_AGE, "seconds"),
        ),
    ]


def gdpr_referents(request: HttpRequest) -> dict:
    """The GDPR referents (network life, theme "rgpd") of the structure the person acts for, read
    inside the perimeter; nothing for a visitor, a role without a structure of its own, or someone who
    still has to pass the second factor (the legal pages are open to them)."""
    membership = getattr(request, "membership", None)
    if (
        membership is None
        or not membership.has_structural_perimeter
        or (request.user.requires_two_factor() and not request.user.is_verified())
    ):
        return {"rgpd_structure": None, "rgpd_referents": [], "rgpd_theme": Theme.RGPD.label}
    referents = (
        Referent.objects.for_user(request.user)
        .filter(structure=membership.structure, theme=Theme.RGPD)
        .order_by("name", "pk")
    )
    return {
        "rgpd_structure": membership.structure,
        "rgpd_referents": list(referents),
        "rgpd_theme": Theme.RGPD.label,
    }


@login_not_required
@require_GET
def personal_data_view(request: HttpRequest) -> HttpResponse:
    processing = all_processing()
    context = {
        **gdpr_referents(request),
        "publisher": publisher(),
        "in_service": [
            ShownProcessing(item, [retention_text(r) for r in item.retention])
            for item in processing
            if item.in_service
        ],
        "to_come": [item for item in processing if not item.in_service],
        "cookies": cookies(),
        "httponly_cookies": settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY,
        "secure_cookies": settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE,
    }
    return render(request, "legal/personal_data.html", context)


@login_not_required
@require_GET
def contact_view(request: HttpRequest) -> HttpResponse:
    return render(request, "legal/contact.html", {"publisher": publisher()})


@login_not_required
@require_GET
def sitemap_view(request: HttpRequest) -> HttpResponse:
    return render(request, "legal/sitemap.html")
