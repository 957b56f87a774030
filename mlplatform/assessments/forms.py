from __future__ import annotations

from django import forms

from mlplatform.frameworks.models import FrameworkVersion

from .models import Campaign
from .services import AnswerInput

NOT_APPLICABLE = "na"


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["name", "year", "ml_version", "network_version", "opens_on", "closes_on"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "ml_version": "Les Missions Locales s'évaluent sur ce référentiel.",
            "network_version": (
                "Les ARML s'évaluent sur ses exigences adressées aux ARML, "
                "l'UNML sur celles adressées à l'UNML."
            ),
        }

    def __init__(self, *args, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        versions = FrameworkVersion.objects.select_related("framework")
        self.fields["ml_version"].queryset = versions.filter(framework__code="ML")
        self.fields["network_version"].queryset = versions.filter(framework__code="ARML-UNML")
        self.fields["ml_version"].empty_label = "— aucun —"
        self.fields["network_version"].empty_label = "— aucun —"
        if editing:
            # Answers refer to the versions: they are chosen once, when the campaign is opened.
            for name in ("ml_version", "network_version"):
                del self.fields[name]

    def clean(self) -> dict:
        data = super().clean()
        opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", "La clôture ne peut pas précéder l'ouverture.")
        if "ml_version" in self.fields and not (data.get("ml_version") or data.get("network_version")):
            raise forms.ValidationError("Choisissez au moins un référentiel.")
        return data


class AnswerForm(forms.Form):
    """One answer; the level choices come from the framework version's rating scale."""

    level = forms.ChoiceField(label="Niveau", required=False, widget=forms.RadioSelect)
    justification = forms.CharField(
        label="Justification (obligatoire si non applicable)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )
    comment = forms.CharField(
        label="Commentaire", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=10000
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, scale: list[dict], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [
            ("", "Sans réponse"),
            *[(str(level["value"]), f"{level['value']} — {level['label']}") for level in scale],
            (NOT_APPLICABLE, "Non applicable"),
        ]  # the same choices as grid.level_choices, which the answering page renders by hand

    def clean(self) -> dict:
        data = super().clean()
        if data.get("level") == NOT_APPLICABLE and not (data.get("justification") or "").strip():
            self.add_error(
                "justification", "« Non applicable » demande une justification : expliquez pourquoi."
            )
        return data

    def answer_input(self) -> AnswerInput:
        level = self.cleaned_data["level"]
        return AnswerInput(
            level=int(level) if level not in ("", NOT_APPLICABLE) else None,
            not_applicable=level == NOT_APPLICABLE,
            justification=self.cleaned_data["justification"],
            comment=self.cleaned_data["comment"],
        )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Motif de la réouverture",
        widget=forms.Textarea,
        max_length=5000,
        help_text="La structure reçoit ce motif par courriel.",
    )


class CommentForm(forms.Form):
    text = forms.CharField(label="Votre message", widget=forms.Textarea, max_length=5000)
