"""Forms of the training pages (French messages; nothing is saved unless every field is valid)."""

from __future__ import annotations

from django import forms

from .models import JOB_FAMILIES, Headcount, Session, TrainingAction

FIRST_YEAR, LAST_YEAR = 2000, 2100


class _Versioned(forms.ModelForm):
    """A form of an editable record: carries the version it was opened at (see editing.py)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def saved_values(self, record) -> list[tuple[str, str]]:
        """(label, value) of the saved record, shown beside a stale form."""
        values = []
        for name in self.Meta.fields:
            display = getattr(record, f"get_{name}_display", None)
            value = display() if display else getattr(record, name)
            if hasattr(value, "strftime"):
                value = value.strftime("%d/%m/%Y")
            values.append((str(self.fields[name].label), "—" if value in (None, "") else str(value)))
        return values


class ActionForm(_Versioned):
    class Meta:
        model = TrainingAction
        fields = [
            "year",
            "title",
            "theme",
            "objectives",
            "content",
            "provider",
            "format",
            "duration_days",
            "target_public",
            "cost",
            "funder",
        ]
        widgets = {
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "content": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise forms.ValidationError(f"Indiquez une année entre {FIRST_YEAR} et {LAST_YEAR}.")
        return year

    def clean_duration_days(self):
        duration = self.cleaned_data["duration_days"]
        if duration is not None and duration <= 0:
            raise forms.ValidationError("La durée doit être d'au moins une demi-journée (0,5).")
        return duration


class SessionForm(_Versioned):
    class Meta:
        model = Session
        fields = ["starts_on", "ends_on", "half_days", "place", "capacity"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self) -> dict:
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "Le dernier jour ne peut pas précéder le premier.")
        for name, label in (("half_days", "demi-journée"), ("capacity", "place")):
            if data.get(name) == 0:
                self.add_error(name, f"Indiquez au moins une {label}.")
        return data


class ConfirmForm(forms.Form):
    """A deletion's confirmation: the version the person saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RegistrationForm(forms.Form):
    name = forms.CharField(label="Nom et prénom", max_length=150)
    email = forms.EmailField(label="Adresse électronique", max_length=254)
    job = forms.CharField(label="Emploi", max_length=150, required=False)


class HeadcountForm(forms.ModelForm):
    class Meta:
        model = Headcount
        fields = ["year", "total", *JOB_FAMILIES]
        help_texts = dict.fromkeys(JOB_FAMILIES, "Facultatif : laissez vide si vous ne le savez pas.")

    def clean(self) -> dict:
        data = super().clean()
        total = data.get("total")
        known = [data[name] for name in JOB_FAMILIES if data.get(name) is not None]
        if total is not None and sum(known) > total:
            self.add_error(
                "total",
                f"La somme des effectifs par famille d'emplois ({sum(known)}) dépasse l'effectif total "
                f"({total}).",
            )
        return data

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise forms.ValidationError(f"Indiquez une année entre {FIRST_YEAR} et {LAST_YEAR}.")
        return year

    def validate_unique(self) -> None:
        """A second declaration for the same year replaces the first (services.set_headcount)."""


SCORES = [
    ("", "Choisir"),
    ("4", "4 — Tout à fait"),
    ("3", "3 — Plutôt"),
    ("2", "2 — Plutôt pas"),
    ("1", "1 — Pas du tout"),
]


class EvaluationForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label="Êtes-vous satisfait·e de cette formation ?", choices=SCORES, coerce=int
    )
    usefulness = forms.TypedChoiceField(
        label="Cette formation vous sera-t-elle utile dans votre travail ?", choices=SCORES, coerce=int
    )
