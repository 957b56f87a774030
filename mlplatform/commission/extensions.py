"""What the commission adds to the label's pages, through ``label.hooks`` (registered in
``CommissionConfig.ready()``): the coming session of a file, its final decisions with their documents,
the coming session on the regional dashboard, the members' entry link."""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Membership
from mlplatform.label.models import LabelFile

from .enums import Outcome, SessionStatus
from .models import AgendaItem, CommissionSession, Decision


def file_session(file: LabelFile) -> CommissionSession | None:
    """The session to come whose agenda holds the file."""
    item = (
        file.agenda_items.filter(session__status=SessionStatus.PLANNED)
        .select_related("session")
        .order_by("session__date")
        .first()
    )
    return item.session if item else None


def file_decisions(file: LabelFile) -> list[Decision]:
    """Final decisions only: a decision is known outside the commission once its session is closed."""
    decisions = list(file.decisions.filter(is_final=True).select_related("session", "framework_version"))
    for decision in decisions:
        decision.links = [("Lettre de décision (PDF)", reverse("label:decision_letter", args=[decision.pk]))]
        if decision.outcome == Outcome.LABELLED:
            decision.links.append(
                ("Certificat de label (PDF)", reverse("label:certificate", args=[decision.pk]))
            )
    return decisions


def row_prefetches() -> list[Prefetch]:
    return [
        Prefetch(
            "label_file__agenda_items",
            queryset=AgendaItem.objects.filter(session__status=SessionStatus.PLANNED)
            .select_related("session")
            .order_by("session__date"),
            to_attr="open_items",
        )
    ]


def row_facts(file: LabelFile) -> dict:
    items = file.open_items
    return {"session_date": items[0].session.date if items else None}


def role_links(membership: Membership) -> list[tuple[str, str]]:
    if membership.role != Role.COMMISSION_MEMBER:
        return []
    return [("Séances de la commission", reverse("label:sessions"))]
