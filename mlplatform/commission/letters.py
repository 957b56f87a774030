"""The documents a structure receives from the commission: the decision letter (every final decision)
and the label certificate (a final labelling decision), as PDF through ``mlplatform.reports.pdf``.

Who downloads them: the structure's perimeter (the structure itself, its ARML, the UNML) and the
members of the session that took the decision; 404 for anyone else, and for a decision that is not
final yet (a draft is known to the commission only).
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Membership, User
from mlplatform.label.dates import add_months
from mlplatform.reports.pdf import pdf_response

from .enums import Outcome
from .models import Decision

RELATED = (
    "file__structure__parent",
    "file__framework",
    "session__closed_by",
    "framework_version__framework",
    "recorded_by",
    "supersedes__session",
    "agenda_item__audit",
)


def downloadable_decisions(user: User, membership: Membership | None) -> QuerySet[Decision]:
    """Final decisions a person may download the documents of."""
    if membership is None or membership.role == Role.AUDITOR:
        return Decision.objects.none()
    decisions = Decision.objects.for_user(user).filter(is_final=True)
    if membership.role == Role.COMMISSION_MEMBER:
        decisions = decisions.filter(session__members=user.pk)
    return decisions


def reference(decision: Decision) -> str:
    """The decision's reference, printed on its letter and certificate."""
    return f"CNL-{decision.session.date:%Y}-{decision.pk:05d}"


def letter_context(decision: Decision) -> dict:
    session = decision.session
    follow_up = None
    if decision.outcome == Outcome.LABELLED:
        follow_up = add_months(decision.valid_from, settings.LABEL_FOLLOW_UP_MONTHS)
        if follow_up >= decision.valid_until:
            follow_up = None
    return {
        "decision": decision,
        "file": decision.file,
        "structure": decision.file.structure,
        "session": session,
        "members": list(session.members.order_by("last_name", "first_name", "email")),
        "framework_version": decision.framework_version,
        "reference": reference(decision),
        "follow_up": follow_up,
        "audit": decision.agenda_item.audit if decision.agenda_item_id else None,
        "superseded_by": Decision.objects.select_related("session").filter(supersedes=decision).first(),
        "outcomes": Outcome,
        "platform_name": getattr(settings, "PLATFORM_NAME", "Label qualité des Missions Locales"),
        "generated_at": timezone.localtime(),
    }


def _decision(request: HttpRequest, pk: int, *, labelled: bool = False) -> Decision:
    decisions = downloadable_decisions(request.user, request.membership).select_related(*RELATED)
    if labelled:
        decisions = decisions.filter(outcome=Outcome.LABELLED)
    return get_object_or_404(decisions, pk=pk)


def decision_letter_view(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    filename = f"lettre-decision-{decision.file.structure.code}-{decision.session.date:%Y-%m-%d}"
    return pdf_response("commission/letters_decision.html", letter_context(decision), filename, request)


def certificate_view(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk, labelled=True)
    filename = f"certificat-label-{decision.file.structure.code}-{decision.valid_from:%Y-%m-%d}"
    return pdf_response("commission/letters_certificate.html", letter_context(decision), filename, request)
