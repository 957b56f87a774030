"""What the home page tells the national admin about the background work (registered in
``CoreConfig.ready()``): e-mails given up after their retries."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from .models import OutgoingMail
from .next_steps import Step


def background_steps(user: Any, membership: Any) -> list[Step]:
    if not membership.is_national_admin:
        return []
    failed = OutgoingMail.objects.filter(status=OutgoingMail.Status.FAILED).count()
    if not failed:
        return []
    return [
        Step(
            "Courriels non envoyés",
            f"{failed} courriel{'s' if failed > 1 else ''} n'{'ont' if failed > 1 else 'a'} pas pu être "
            "envoyé après plusieurs tentatives : vérifiez le serveur de messagerie et les destinataires.",
            reverse("core:background"),
            "Voir les travaux en arrière-plan",
        )
    ]
