"""Forms of the plan: an action, the requirements it answers, a progress note."""

from __future__ import annotations

from django import forms

from mlplatform.network.models import Structure

from .models import ImprovementAction
from .requirements import eligible_requirements
from .services import structure_members


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.email


class ActionForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ImprovementAction
        fields = ["title", "description", "owner", "due_on", "priority", "status", "progress", "source"]
        field_classes = {"owner": OwnerChoiceField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
        }
        help_texts = {
            "title": "Ce qui sera fait, en une phrase.",
            "owner": "Une personne inscrite sur la plateforme pour la structure.",
            "due_on": "Au format jj/mm/aaaa si votre navigateur ne propose pas de calendrier.",
            "progress": "De 0 à 100. Une action réalisée passe à 100 %.",
        }
        error_messages = {
            "title": {"required": "Indiquez l'intitulé de l'action."},
            "due_on": {
                "required": "Indiquez l'échéance.",
                "invalid": "Saisissez une date valide (jj/mm/aaaa).",
            },
            "progress": {"max_value": "L'avancement ne peut pas dépasser 100 %%."},
        }

    def __init__(self, *args, structure: Structure, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.structure = structure
        owner = self.instance.owner if self.instance.pk else None
        self.fields["owner"].queryset = structure_members(structure, keep=owner)
        self.fields["owner"].empty_label = "Personne pour l'instant"
        self.fields["owner"].error_messages["invalid_choice"] = (
            "Choisissez une personne de la structure dans la liste."
        )
        self.fields["due_on"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        self.fields["version"].initial = self.instance.version
        self.fields["progress"].min_value = 0

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()


class RequirementPickerForm(forms.Form):
    """The requirements an action answers (rendered by templates/improvement/_requirement_picker.html)."""

    requirements = forms.ModelMultipleChoiceField(
        label="Exigences liées",
        queryset=None,
        required=False,
        error_messages={
            "invalid_choice": "Une exigence choisie ne s'applique pas à cette structure.",
            "invalid_pk_value": "Une exigence choisie est inconnue.",
        },
    )

    def __init__(self, *args, structure: Structure, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requirements"].queryset = eligible_requirements(structure)

    def selected_ids(self) -> set[int]:
        """The requirement ids ticked (as typed when the form is bound, else the initial ones)."""
        if self.is_bound:
            raw = self.data.getlist("requirements") if hasattr(self.data, "getlist") else []
            return {int(value) for value in raw if str(value).isdigit()}
        return {int(value) for value in self.initial.get("requirements", [])}


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Point d'avancement",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Écrivez le point d'avancement."},
        help_text="Ce qui a été fait, ce qui bloque, la prochaine étape.",
    )
    progress = forms.IntegerField(
        label="Avancement (%)",
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
        error_messages={
            "required": "Indiquez l'avancement (de 0 à 100).",
            "min_value": "L'avancement ne peut pas être négatif.",
            "max_value": "L'avancement ne peut pas dépasser 100 %%.",
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Écrivez le point d'avancement.")
        return text
