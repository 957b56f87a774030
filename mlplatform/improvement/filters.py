"""The filters of a plan (GET parameters), shared by the page, its HTMX refresh and the exports."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django import forms
from django.db.models import Q, QuerySet

from mlplatform.accounts.models import User
from mlplatform.frameworks.models import Commitment
from mlplatform.network.models import Structure

from .enums import Priority, Status
from .models import ImprovementAction

OPEN_CHOICE = "ouvertes"
NO_OWNER = "aucun"


def _user_label(user: User) -> str:
    return user.get_full_name() or user.email


class ActionFilterForm(forms.Form):
    q = forms.CharField(
        label="Rechercher",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text="Dans l'intitulé, la description ou la référence d'une exigence.",
    )
    statut = forms.ChoiceField(
        label="Statut",
        required=False,
        choices=[("", "Tous"), (OPEN_CHOICE, "À lancer ou en cours"), *Status.choices],
    )
    priorite = forms.ChoiceField(
        label="Priorité", required=False, choices=[("", "Toutes"), *Priority.choices]
    )
    responsable = forms.ChoiceField(label="Responsable", required=False)
    partie = forms.ChoiceField(label="Partie du référentiel", required=False)
    engagement = forms.ChoiceField(label="Engagement", required=False)
    en_retard = forms.BooleanField(label="En retard seulement", required=False)

    def __init__(self, data, *, structure: Structure) -> None:
        super().__init__(data)
        owners = User.objects.filter(owned_improvement_actions__structure=structure).distinct()
        self.fields["responsable"].choices = [
            ("", "Tous"),
            (NO_OWNER, "Sans responsable"),
            *sorted(((str(u.pk), _user_label(u)) for u in owners), key=lambda c: c[1].lower()),
        ]
        commitments = list(
            Commitment.objects.filter(requirements__improvement_actions__structure=structure)
            .select_related("part", "version")
            .distinct()
            .order_by("version__version", "position")
        )
        several_versions = len({c.version_id for c in commitments}) > 1
        parts: dict[int, str] = {}
        for commitment in commitments:
            label = f"{commitment.part.number}. {commitment.part.title}"
            parts[commitment.part_id] = (
                f"{label} ({commitment.version.version})" if several_versions else label
            )
        self.fields["partie"].choices = [("", "Toutes"), *((str(pk), label) for pk, label in parts.items())]
        self.fields["engagement"].choices = [
            ("", "Tous"),
            *((str(c.pk), f"{c.ref} — {c.title[:90]}") for c in commitments),
        ]

    def values(self) -> dict:
        """The valid filters given (an invalid value is ignored rather than refused)."""
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if value}

    def querystring(self) -> str:
        """The filters as a query string, for the export links."""
        return urlencode({name: "1" if value is True else value for name, value in self.values().items()})

    def descriptions(self) -> list[str]:
        """The filters in words, for the PDF cover."""
        described = []
        for name, value in self.values().items():
            field = self.fields[name]
            if isinstance(field, forms.BooleanField):
                described.append(str(field.label))
            elif isinstance(field, forms.ChoiceField):
                described.append(f"{field.label} : {dict(field.choices).get(value, value)}")
            else:
                described.append(f"{field.label} : « {value} »")
        return described


def filter_actions(
    actions: QuerySet[ImprovementAction], values: dict, today: datetime.date
) -> QuerySet[ImprovementAction]:
    links = ImprovementAction.requirements.through.objects
    query = values.get("q")
    if query:
        by_ref = links.filter(requirement__ref__icontains=query).values("improvementaction_id")
        actions = actions.filter(
            Q(title__icontains=query) | Q(description__icontains=query) | Q(pk__in=by_ref)
        )
    status = values.get("statut")
    if status == OPEN_CHOICE:
        actions = actions.open()
    elif status:
        actions = actions.filter(status=status)
    if values.get("priorite"):
        actions = actions.filter(priority=values["priorite"])
    owner = values.get("responsable")
    if owner == NO_OWNER:
        actions = actions.filter(owner__isnull=True)
    elif owner:
        actions = actions.filter(owner_id=int(owner))
    if values.get("partie"):
        actions = actions.filter(
            pk__in=links.filter(requirement__commitment__part_id=int(values["partie"])).values(
                "improvementaction_id"
            )
        )
    if values.get("engagement"):
        actions = actions.filter(
            pk__in=links.filter(requirement__commitment_id=int(values["engagement"])).values(
                "improvementaction_id"
            )
        )
    if values.get("en_retard"):
        actions = actions.overdue(today)
    return actions
