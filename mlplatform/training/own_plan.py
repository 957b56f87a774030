"""Each structure's own training plan for a year (ML-2022 5.3.2-5.3.3; ARML-UNML 2022 3.2): the
actions of its regional plan it sends people to, plus specific trainings outside it; who (a public
and a number of people, no names), when, cost, done or not.

Lines are edited with a version check (a conditional ``UPDATE ... WHERE version = n``). The printed
plan (PDF) can be attached as evidence to the matching requirements of the structure's
self-assessment under way, as surveys/evidence.py does for the barometers' results.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from mlplatform.assessments.generated_evidence import attach_document, requirements_numbered
from mlplatform.assessments.models import Assessment
from mlplatform.evidence import services as evidence_services
from mlplatform.frameworks.models import Requirement
from mlplatform.network.models import Structure
from mlplatform.reports.pdf import render_pdf

from .editing import StaleEdit
from .models import PlannedTraining, TrainingAction

FIRST_YEAR, LAST_YEAR = 2000, 2100
# The requirements on a structure's own training plan (the end of their reference), per type.
REQUIREMENT_NUMBERS = {"ML": ("5.3.2", "5.3.3"), "ARML": ("3.2.2",), "UNML": ("3.2.1",)}
FIELDS = ("year", "action", "title", "theme", "public", "people", "period", "provider", "cost", "done")


def catalogue(structure: Structure) -> QuerySet[TrainingAction]:
    """The regional actions a structure may plan: its ARML's (an ML), its own (an ARML)."""
    organisers = [structure.pk] + ([structure.parent_id] if structure.parent_id else [])
    return TrainingAction.objects.filter(structure_id__in=organisers).order_by("-year", "title", "pk")


class ActionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: TrainingAction) -> str:
        return f"{obj.title} ({obj.year})"


class PlannedForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PlannedTraining
        fields = list(FIELDS)

    def __init__(self, *args, structure: Structure, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"] = ActionChoice(
            queryset=catalogue(structure),
            required=False,
            label="Action du plan régional",
            empty_label="Aucune : formation spécifique, hors plan régional",
        )
        self.fields["theme"].required = False
        self.fields["theme"].help_text = "Pour une action du plan régional, son thème par défaut."
        self.fields["title"].help_text = "Obligatoire pour une formation hors plan régional."
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise forms.ValidationError(f"Indiquez une année entre {FIRST_YEAR} et {LAST_YEAR}.")
        return year

    def clean(self) -> dict:
        data = super().clean()
        action, year = data.get("action"), data.get("year")
        if action is None:
            if not data.get("title", "").strip():
                self.add_error("title", "Indiquez l'intitulé de la formation hors plan régional.")
            if not data.get("theme"):
                self.add_error("theme", "Choisissez le thème de la formation hors plan régional.")
        else:
            if year and action.year != year:
                self.add_error(
                    "action", f"Cette action appartient au plan régional {action.year}, pas {year}."
                )
            if not data.get("theme"):
                data["theme"] = action.theme
        if data.get("cost") is not None and data["cost"] < 0:
            self.add_error("cost", "Le coût ne peut pas être négatif.")
        return data

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in FIELDS}

    def saved_values(self, record: PlannedTraining) -> list[tuple[str, str]]:
        values = []
        for name in FIELDS:
            value = getattr(record, name)
            if name == "theme":
                value = record.get_theme_display()
            elif name == "done":
                value = "oui" if value else "non"
            values.append((str(self.fields[name].label), "—" if value in (None, "") else str(value)))
        return values


def create(structure: Structure, form: PlannedForm) -> PlannedTraining:
    return PlannedTraining.objects.create(structure=structure, **form.changes())


def update(line: PlannedTraining, form: PlannedForm) -> PlannedTraining:
    updated = PlannedTraining.objects.filter(pk=line.pk, version=form.cleaned_data.get("version")).update(
        **form.changes(), version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleEdit(PlannedTraining.objects.get(pk=line.pk))
    line.refresh_from_db()
    return line


@dataclass(frozen=True)
class OwnPlan:
    structure: Structure
    year: int
    lines: list[PlannedTraining]

    @property
    def regional(self) -> list[PlannedTraining]:
        return [line for line in self.lines if line.action_id]

    @property
    def specific(self) -> list[PlannedTraining]:
        return [line for line in self.lines if not line.action_id]

    @property
    def people(self) -> int:
        return sum(line.people for line in self.lines)

    @property
    def cost(self) -> Decimal:
        return sum((line.cost or Decimal(0) for line in self.lines), Decimal(0))

    @property
    def done(self) -> int:
        return sum(1 for line in self.lines if line.done)


def own_plan(structure: Structure, year: int) -> OwnPlan:
    lines = PlannedTraining.objects.filter(structure=structure, year=year).select_related("action")
    return OwnPlan(structure, year, list(lines.order_by("period", "pk")))


def plan_requirements(structure: Structure, assessment: Assessment) -> list[Requirement]:
    return requirements_numbered(assessment, REQUIREMENT_NUMBERS.get(structure.type, ()))


def attach(request: HttpRequest, plan: OwnPlan, context: dict) -> tuple[str, str]:
    """Add the printed plan to the structure's evidence library and link it to the plan's
    requirements in the self-assessment under way. Returns (message level, French message)."""
    structure = plan.structure
    if not plan.lines:
        return "error", f"Le plan de formation {plan.year} est vide : rien n'a été joint."
    try:
        attached = attach_document(
            structure,
            content=render_pdf("training/own_plan_pdf.html", context, request),
            filename=f"plan-formation-{structure.code}-{plan.year}.pdf",
            title=f"Plan de formation {plan.year} — {structure.name}",
            user=request.user,
            requirements=lambda assessment: plan_requirements(structure, assessment),
        )
    except evidence_services.EvidenceRefused as refusal:
        return "error", " ".join(refusal.messages) + " Rien n'a été joint."
    if not attached.requirements:
        return "success", (
            f"Plan ajouté à la bibliothèque de preuves (« {attached.evidence.title} ») ; aucune "
            "auto-évaluation en cours : rattachez-le à l'exigence quand la prochaine campagne s'ouvrira."
        )
    return "success", f"Plan de formation joint comme preuve ({attached.refs}) de votre auto-évaluation."
