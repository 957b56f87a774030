"""Editing a structure's identity and governance, safe against concurrent edits."""

from __future__ import annotations

from django import forms

from .models import Structure

CONTACT_FIELDS = ["address", "phone", "email", "website"]
GOVERNANCE_FIELDS = ["president_name", "president_mandate", "director_name", "governance_notes"]
NATIONAL_ONLY_FIELDS = ["name", "legal_status"]


class StructureForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Structure
        fields = NATIONAL_ONLY_FIELDS + CONTACT_FIELDS + GOVERNANCE_FIELDS
        widgets = {"governance_notes": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, national: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        if not national:
            for name in NATIONAL_ONLY_FIELDS:
                del self.fields[name]

    def clean_website(self) -> str:
        value = self.cleaned_data["website"].strip()
        if value and " " in value:
            raise forms.ValidationError("L'adresse du site web ne doit pas contenir d'espace.")
        return value
