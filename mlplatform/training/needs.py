"""The yearly collection of training needs: an ARML opens it, each of its MLs declares its needs
(theme, number of people, priority, comment; no names), the ARML reads the regional summary.

An ML answers once per theme: answering a theme again replaces its line, and 0 people removes it.
The summary gives, per theme, the number of MLs that expressed the need and the number of people
(plus the number of MLs that ranked it a high priority): aggregates only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure

from .enums import Priority, Theme
from .models import Need, NeedsCollection
from .services import TrainingRefused

FIRST_YEAR, LAST_YEAR = 2000, 2100


class OpenForm(forms.Form):
    year = forms.IntegerField(label="Année du plan", min_value=FIRST_YEAR, max_value=LAST_YEAR)
    closes_on = forms.DateField(
        label="Date limite de réponse (facultative)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class NeedForm(forms.ModelForm):
    class Meta:
        model = Need
        fields = ["theme", "people", "priority", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"people": "0 retire ce thème de vos besoins."}

    def validate_unique(self) -> None:
        """Answering a theme again replaces its line (see ``answer``)."""


def open_collection(arml: Structure, year: int, closes_on=None) -> NeedsCollection:
    if arml.type != StructureType.ARML:
        raise TrainingRefused("Seule une ARML ouvre une collecte des besoins de ses Missions Locales.")
    try:
        with transaction.atomic():
            return NeedsCollection.objects.create(structure=arml, year=year, closes_on=closes_on)
    except IntegrityError:
        raise TrainingRefused(f"La collecte des besoins {year} est déjà ouverte.") from None


def close_collection(collection: NeedsCollection) -> None:
    updated = NeedsCollection.objects.filter(pk=collection.pk, closed_at__isnull=True).update(
        closed_at=timezone.now()
    )
    if not updated:
        raise TrainingRefused("Cette collecte est déjà close.")


def may_answer(collection: NeedsCollection, structure: Structure) -> bool:
    return structure.type == StructureType.ML and structure.parent_id == collection.structure_id


def answer(collection: NeedsCollection, structure: Structure, data: dict) -> Need | None:
    """Record (or replace, or remove with 0 people) an ML's need for a theme."""
    if not may_answer(collection, structure):
        raise TrainingRefused("Seules les Missions Locales de la région répondent à cette collecte.")
    if not collection.is_open:
        raise TrainingRefused("Cette collecte est close : les besoins ne se modifient plus.")
    with transaction.atomic():
        if not data["people"]:
            Need.objects.filter(collection=collection, structure=structure, theme=data["theme"]).delete()
            return None
        need, _ = Need.objects.update_or_create(
            collection=collection,
            structure=structure,
            theme=data["theme"],
            defaults={
                "people": data["people"],
                "priority": data["priority"],
                "comment": data["comment"].strip(),
                "updated_at": timezone.now(),
            },
        )
    return need


@dataclass(frozen=True)
class ThemeRow:
    theme: str
    label: str
    mls: int
    people: int
    high_priority: int


@dataclass(frozen=True)
class Summary:
    rows: list[ThemeRow]
    answered: int  # MLs that declared at least one need
    mls: int  # MLs of the region (open ones)

    @property
    def people(self) -> int:
        return sum(row.people for row in self.rows)


def summary(collection: NeedsCollection) -> Summary:
    """The regional summary by theme (aggregates only), in the themes' order."""
    labels = dict(Theme.choices)
    grouped = {
        entry["theme"]: entry
        for entry in Need.objects.filter(collection=collection)
        .order_by()
        .values("theme")
        .annotate(
            mls=Count("structure", distinct=True),
            people=Sum("people"),
            high=Count("pk", filter=Q(priority=Priority.HIGH)),
        )
    }
    rows = [
        ThemeRow(theme, labels[theme], entry["mls"], entry["people"], entry["high"])
        for theme in Theme.values
        if (entry := grouped.get(theme)) is not None
    ]
    answered = Need.objects.filter(collection=collection).values("structure").distinct().count()
    mls = Structure.objects.filter(
        parent_id=collection.structure_id, type=StructureType.ML, closed_on__isnull=True
    ).count()
    return Summary(rows, answered, mls)


def summary_rows(found: Summary) -> list[list]:
    """The summary as spreadsheet rows (the XLSX export)."""
    rows: list[list] = [[row.label, row.mls, row.people, row.high_priority] for row in found.rows]
    rows.append(["Ensemble", found.answered, found.people, sum(row.high_priority for row in found.rows)])
    return rows
