"""The one module that sends e-mails: every notification of the platform goes through ``notify``.

A message is a plain-text template rendered with the platform's name and address; nothing is sent
to an empty list. (Sending still happens in the request: moving it to the background task
framework is the next step, and only this module will change.)
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.template.loader import render_to_string


def notify(recipients: Sequence[str], subject: str, template: str, context: dict) -> None:
    """Send ``template`` rendered with ``context`` to ``recipients`` (one message, every address)."""
    if not recipients:
        return
    context = {**context, "platform_name": settings.PLATFORM_NAME, "site_url": settings.SITE_URL}
    send_mail(
        subject=subject,
        message=render_to_string(template, context),
        from_email=None,
        recipient_list=list(recipients),
    )


def active_emails(memberships: QuerySet) -> list[str]:
    """The addresses of the active people holding ``memberships`` (each once, sorted)."""
    return sorted(
        set(memberships.filter(is_active=True, user__is_active=True).values_list("user__email", flat=True))
    )
