"""Sign-in throttling: too many recent failures for an e-mail or from an address block new tries."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from .models import LoginAttempt


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's address: X-Real-IP only when the connection comes from a trusted proxy."""
    remote = request.META.get("REMOTE_ADDR") or None
    if remote in settings.TRUSTED_PROXY_IPS:
        forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
        if forwarded:
            return forwarded
    return remote


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
