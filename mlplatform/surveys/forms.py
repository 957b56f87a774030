"""Forms of the national admin and the ARMLs: a thematic questionnaire, a new campaign."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from mlplatform.network.models import Structure

from .models import Campaign, QuestionnaireVersion

YAML_MAX_BYTES = 200_000


class QuestionnaireForm(forms.Form):
    text = forms.CharField(
        label="Questionnaire au format YAML",
        required=False,
        widget=forms.Textarea(attrs={"rows": 20, "spellcheck": "false"}),
        help_text="Le format est décrit sur cette page ; une erreur est signalée avec sa place.",
    )
    file = forms.FileField(label="Ou un fichier .yaml", required=False)

    def clean(self) -> dict:
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > YAML_MAX_BYTES:
                raise forms.ValidationError("Le fichier dépasse 200 Ko.")
            try:
                data["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError as error:
                raise forms.ValidationError("Le fichier doit être un texte en UTF-8.") from error
        if not (data.get("text") or "").strip():
            raise forms.ValidationError("Collez le questionnaire ou choisissez un fichier.")
        return data


class CampaignForm(forms.Form):
    questionnaire = forms.ModelChoiceField(
        label="Questionnaire", queryset=QuestionnaireVersion.objects.none()
    )
    code = forms.SlugField(
        label="Code de la campagne",
        max_length=60,
        help_text="Minuscules, chiffres et tirets : barometre-jeunes-2027.",
    )
    title = forms.CharField(label="Titre", max_length=200)
    opens_on = forms.DateField(label="Ouverture", widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(
        label="Clôture (dernier jour)", widget=forms.DateInput(attrs={"type": "date"})
    )
    previous = forms.ModelChoiceField(
        label="Campagne précédente (pour l'évolution)", queryset=Campaign.objects.none(), required=False
    )

    def __init__(self, *args, owner: Structure, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        mine = Q(owner__isnull=True) | Q(owner=owner)
        questionnaires = QuestionnaireVersion.objects.filter(mine).order_by("code", "-loaded_at")
        if owner.type == "ARML":
            questionnaires = questionnaires.exclude(audience="ml_unml")
        self.fields["questionnaire"].queryset = questionnaires
        self.fields["previous"].queryset = Campaign.objects.filter(owner=owner).order_by("-opens_on", "code")
