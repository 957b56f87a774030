"""Events, thematic referents, partnerships and the members of the governing bodies: their forms
and the one way they are saved.

The four are plain records of a structure: created by its own people, edited with a version check
(a conditional ``UPDATE ... WHERE version = n``: a stale form changes nothing), every change logged.
A partnership also gets a yearly evaluation (what was achieved; kept, renewed or ended).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django import forms
from django.db import IntegrityError, transaction
from django.db.models import F, Model, Q

from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure

from .enums import AgreementLevel
from .models import BodyMember, Event, Partnership, PartnershipEvaluation, Referent
from .services import StaleRecord, log

if TYPE_CHECKING:
    from mlplatform.accounts.models import User


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _Versioned(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        for field in self.fields.values():
            field.error_messages.setdefault("required", "Ce champ est obligatoire.")
            if isinstance(field, forms.DateField):
                field.error_messages["invalid"] = "Saisissez une date valide."
            if isinstance(field, forms.IntegerField):
                field.error_messages["invalid"] = "Saisissez un nombre entier."
                field.error_messages["min_value"] = "Le nombre ne peut pas être négatif."

    def _dates_in_order(self, first: str, last: str, message: str) -> None:
        start, end = self.cleaned_data.get(first), self.cleaned_data.get(last)
        if start and end and end < start:
            self.add_error(last, message)


class EventForm(_Versioned):
    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "level",
            "starts_on",
            "ends_on",
            "young_people",
            "employers",
            "professionals",
            "partners",
        ]
        widgets = {"starts_on": _date(), "ends_on": _date(), "partners": forms.Textarea(attrs={"rows": 2})}

    def clean(self) -> dict:
        data = super().clean()
        self._dates_in_order("starts_on", "ends_on", "La fin de l'événement ne peut pas précéder son début.")
        return data


class ReferentForm(_Versioned):
    class Meta:
        model = Referent
        fields = ["theme", "name", "job_title", "email", "phone"]
        help_texts = {
            "email": "Une adresse professionnelle. Visible seulement dans le périmètre de la structure."
        }

    def __init__(self, *args, structure: Structure, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.structure = structure
        self.fields["email"].error_messages["invalid"] = "Saisissez une adresse électronique valide."

    def clean(self) -> dict:
        data = super().clean()
        same = Referent.objects.filter(
            structure=self.structure, theme=data.get("theme"), name=data.get("name")
        )
        if self.instance.pk:
            same = same.exclude(pk=self.instance.pk)
        if data.get("theme") and data.get("name") and same.exists():
            self.add_error("name", "Cette personne est déjà référente de ce thème pour la structure.")
        return data


class BodyMemberForm(_Versioned):
    class Meta:
        model = BodyMember
        fields = ["body", "college", "name", "organisation", "office"]


def parent_agreements(structure: Structure):
    """The agreements a structure's partnership may decline: national ones, and its region's."""
    region_id = structure.pk if structure.type == StructureType.ARML else structure.parent_id
    return (
        Partnership.objects.filter(level__in=(AgreementLevel.NATIONAL, AgreementLevel.REGIONAL))
        .filter(Q(structure__type=StructureType.UNML) | Q(structure_id=region_id))
        .order_by("level", "title", "pk")
    )


class PartnershipForm(_Versioned):
    class Meta:
        model = Partnership
        fields = [
            "partner_name",
            "partner_type",
            "title",
            "level",
            "parent",
            "signed_on",
            "starts_on",
            "ends_on",
            "signatories",
            "objectives",
            "indicators",
        ]
        widgets = {
            "signed_on": _date(),
            "starts_on": _date(),
            "ends_on": _date(),
            "signatories": forms.Textarea(attrs={"rows": 2}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "indicators": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "parent": "L'accord national ou régional que cette convention décline, s'il y en a un.",
            "ends_on": "Laissez vide pour une convention sans échéance.",
        }

    def __init__(self, *args, structure: Structure, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = parent_agreements(structure)
        if self.instance.pk:
            choices = choices.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = choices
        self.fields["parent"].error_messages["invalid_choice"] = "Choisissez un accord de la liste."

    def clean(self) -> dict:
        data = super().clean()
        self._dates_in_order(
            "starts_on", "ends_on", "La fin de la convention ne peut pas précéder son début."
        )
        return data


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = PartnershipEvaluation
        fields = ["year", "achieved", "outcome"]
        widgets = {"achieved": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, partnership: Partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.fields["year"].error_messages["invalid"] = "Saisissez une année (par exemple 2025)."

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError("Saisissez une année entre 2000 et 2100.")
        if PartnershipEvaluation.objects.filter(partnership=self.partnership, year=year).exists():
            raise forms.ValidationError(f"Le partenariat a déjà une évaluation pour {year}.")
        return year


@dataclass(frozen=True)
class RecordKind:
    slug: str
    model: type[Model]
    form: type[_Versioned]
    singular: str  # "un événement"
    title: str  # for pages: "Événement"
    anchor: str  # the section of the overview page
    needs_structure: bool = False

    def label(self, record: Model) -> str:
        return str(record)


KINDS: dict[str, RecordKind] = {
    kind.slug: kind
    for kind in (
        RecordKind("evenements", Event, EventForm, "un événement", "Événement", "evenements"),
        RecordKind(
            "instances", BodyMember, BodyMemberForm, "un membre d'une instance", "Membre", "instances"
        ),
        RecordKind("referents", Referent, ReferentForm, "un·e référent·e", "Référent·e", "referents", True),
        RecordKind(
            "partenariats",
            Partnership,
            PartnershipForm,
            "un partenariat",
            "Partenariat",
            "partenariats",
            True,
        ),
    )
}


def create_record(kind: RecordKind, structure: Structure, form: _Versioned, user: User | None) -> Model:
    record = form.save(commit=False)
    record.structure = structure
    with transaction.atomic():
        record.save()
        log(structure, record, user, f"{kind.title} ajouté·e : {record}.")
    return record


def update_record(kind: RecordKind, record: Model, form: _Versioned, user: User | None) -> Model:
    """Save the edit if nobody saved the record since the form's version; else ``StaleRecord``."""
    expected = form.cleaned_data.get("version")
    changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
    with transaction.atomic():
        updated = kind.model.objects.filter(pk=record.pk, version=expected).update(
            **changes, version=F("version") + 1
        )
        if not updated:
            raise StaleRecord(kind.model.objects.get(pk=record.pk))
        record.refresh_from_db()
        log(record.structure, record, user, f"{kind.title} modifié·e : {record}.")
    return record


def add_evaluation(
    partnership: Partnership, form: EvaluationForm, user: User | None
) -> PartnershipEvaluation:
    evaluation = form.save(commit=False)
    evaluation.partnership = partnership
    try:
        with transaction.atomic():
            evaluation.save()
            log(
                partnership.structure,
                partnership,
                user,
                f"Évaluation {evaluation.year} : {evaluation.get_outcome_display().lower()}.",
            )
    except IntegrityError:
        raise StaleRecord(partnership) from None
    return evaluation
