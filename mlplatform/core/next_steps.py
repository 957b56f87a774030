"""What each person should do next, computed from the data of their perimeter.

core knows no domain app: each app registers its step provider in its ``AppConfig.ready()``
(``register(provider, order=...)``), a function ``(user, membership) -> list[Step]`` called for a
person with a current role. The order fixes where its steps appear on the home page:

- 5 core: e-mails given up after their retries (national admin);
- 10 network: the directory, the structure's record and team (per role);
- 20 label, 21 audits, 22 commission: the label cycle (the structure's file, an auditor's audits,
  a commission member's sessions);
- 30 assessments, 40 improvement: the self-assessment and the improvement plan;
- 55 training: sessions to register to, convocations, attendance to record, the year's review;
- 90 accounts: invitations still pending.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class Step:
    title: str
    text: str
    url: str = ""
    link_label: str = ""


Provider = Callable[[Any, Any], list[Step]]
_providers: list[tuple[int, Provider]] = []


def register(provider: Provider, *, order: int) -> None:
    """Add an app's step provider (once: registering it again changes nothing)."""
    if all(existing is not provider for _, existing in _providers):
        _providers.append((order, provider))
        _providers.sort(key=lambda entry: entry[0])


def next_steps_for(user: Any, membership: Any | None) -> list[Step]:
    steps: list[Step] = []
    if not (user.first_name and user.last_name):
        steps.append(
            Step(
                "Compléter votre profil",
                "Indiquez votre prénom et votre nom.",
                reverse("accounts:profile"),
                "Mon profil",
            )
        )
    if membership is None:
        steps.append(
            Step(
                "Obtenir un rôle",
                "Votre compte n'a encore aucun rôle dans une structure du réseau. Demandez une invitation "
                "à votre ARML ou à l'UNML.",
            )
        )
        return steps
    for _, provider in _providers:
        steps += provider(user, membership)
    return steps
