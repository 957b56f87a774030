"""The one module that sends e-mails: every notification of the platform goes through ``notify``.

A message is a plain-text template rendered in the request with the platform's name and address,
recorded (``OutgoingMail``) and handed to a background task: a request never waits on the mail
server. A failed send is tried again later, a bounded number of times (``core.retries``), then
reported to the national admin (the background work page). Nothing is sent to an empty list.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutgoingMail
from .retries import retry_later

# What the record keeps of an address once an anonymous survey's invitation is sent or given up.
FORGOTTEN_RECIPIENT = "(adresse effacée après l'envoi)"


def notify(
    recipients: Sequence[str], subject: str, template: str, context: dict, *, forget_recipients: bool = False
) -> OutgoingMail | None:
    """Queue ``template`` rendered with ``context`` for ``recipients`` (one message, every address).
    ``forget_recipients``: the record forgets the addresses once the message is sent or given up."""
    if not recipients:
        return None
    context = {**context, "platform_name": settings.PLATFORM_NAME, "site_url": settings.SITE_URL}
    mail = OutgoingMail.objects.create(
        recipients=list(recipients),
        subject=subject[:300],
        body=render_to_string(template, context),
        forget_recipients=forget_recipients,
    )
    send_outgoing_mail.enqueue(mail.pk)
    return mail


@task()
def send_outgoing_mail(mail_id: int, attempt: int = 1) -> str:
    """Send one recorded e-mail; on failure try again later, then give up and say why."""
    mail = OutgoingMail.objects.filter(pk=mail_id, status=OutgoingMail.Status.PENDING).first()
    if mail is None:
        return "déjà traité"
    try:
        send_mail(subject=mail.subject, message=mail.body, from_email=None, recipient_list=mail.recipients)
    except Exception as error:
        reason = f"{type(error).__name__} : {error}"[:500]
        OutgoingMail.objects.filter(pk=mail_id).update(attempts=attempt, last_error=reason)
        if retry_later(send_outgoing_mail, attempt, mail_id):
            return "nouvel essai prévu"
        OutgoingMail.objects.filter(pk=mail_id).update(
            status=OutgoingMail.Status.FAILED, body="", **_forgotten(mail)
        )
        raise
    OutgoingMail.objects.filter(pk=mail_id).update(
        attempts=attempt,
        status=OutgoingMail.Status.SENT,
        sent_at=timezone.now(),
        body="",
        last_error="",
        **_forgotten(mail),
    )
    return "envoyé"


def _forgotten(mail: OutgoingMail) -> dict:
    return {"recipients": [FORGOTTEN_RECIPIENT]} if mail.forget_recipients else {}


def active_emails(memberships: QuerySet) -> list[str]:
    """The addresses of the active people holding ``memberships`` (each once, sorted)."""
    return sorted(
        set(memberships.filter(is_active=True, user__is_active=True).values_list("user__email", flat=True))
    )
