"""Sign-in throttling: too many recent failures for an e-mail or from an address block new tries."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from .models import LoginAttempt


def client_ip(request: HttpRequest) -> str | None:
    # Behind the reverse proxy, REMOTE_ADDR is set from X-Forwarded-For by the proxy configuration
    # (see docs/deploiement.md); the header itself is never trusted here.
    return request.META.get("REMOTE_ADDR") or None


def _window_start():
    return timezone.now() - timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW_SECONDS)


def is_throttled(email: str, ip: str | None) -> bool:
    failures = LoginAttempt.objects.filter(succeeded=False, created_at__gte=_window_start())
    if failures.filter(email=email.lower()).count() >= settings.LOGIN_THROTTLE_MAX_FAILURES_PER_EMAIL:
        return True
    return bool(ip) and failures.filter(ip_address=ip).count() >= settings.LOGIN_THROTTLE_MAX_FAILURES_PER_IP


def record_attempt(email: str, ip: str | None, *, succeeded: bool) -> None:
    LoginAttempt.objects.create(email=email.lower()[:254], ip_address=ip, succeeded=succeeded)
    if succeeded:
        # A successful sign-in clears the failures counted against this e-mail.
        LoginAttempt.objects.filter(email=email.lower(), succeeded=False).delete()
