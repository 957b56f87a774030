"""Forms of the activity reports (French labels; bad input gets a clear message)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from mlplatform.network.models import Structure

from .narrative import HELP, MAX_LENGTH
from .services import FIRST_YEAR


class CreateForm(forms.Form):
    structure = forms.ModelChoiceField(label="Structure", queryset=Structure.objects.none(), empty_label=None)
    year = forms.IntegerField(label="Année du rapport")

    def __init__(self, *args, structures, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = structures
        current = timezone.localdate().year
        self.fields["year"].initial = current - 1
        self.fields["year"].widget.attrs.update({"min": FIRST_YEAR, "max": current})
        self.fields["year"].error_messages["invalid"] = "Saisissez une année (par exemple 2025)."


class BlockForm(forms.Form):
    text = forms.CharField(
        label="Texte",
        required=False,
        strip=False,
        max_length=MAX_LENGTH,
        help_text=HELP,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"max_length": f"Le texte ne doit pas dépasser {MAX_LENGTH} caractères."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    force_version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)

    def expected_version(self) -> int:
        forced = self.cleaned_data.get("force_version")
        return forced if forced is not None else self.cleaned_data["version"]


class TransitionForm(forms.Form):
    ACTIONS = (
        ("soumettre", "Soumettre à relecture"),
        ("relire", "Valider la relecture"),
        ("publier", "Publier"),
        ("renvoyer", "Renvoyer en brouillon"),
        ("nouvelle_edition", "Nouvelle édition"),
    )
    action = forms.ChoiceField(choices=ACTIONS, error_messages={"invalid_choice": "Action inconnue."})
    version = forms.IntegerField(
        min_value=0, error_messages={"required": "Version manquante : rechargez la page."}
    )
    comment = forms.CharField(
        label="Commentaire pour la personne qui a rédigé",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
