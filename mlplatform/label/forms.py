"""Forms of the label file page: each action carries the file's version, so a stale page is detected."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from mlplatform.assessments.models import Assessment

from .enums import ArmlOpinion


class VersionedForm(forms.Form):
    """The version of the file the page was built from (empty when there was no file yet)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class EnrolForm(VersionedForm):
    pass


class RecordAssessmentForm(VersionedForm):
    assessment = forms.ModelChoiceField(
        label="Auto-évaluation à retenir",
        queryset=Assessment.objects.none(),
        empty_label=None,
        help_text="Seules les auto-évaluations soumises de la structure peuvent être retenues.",
        error_messages={
            "required": "Choisissez l'auto-évaluation à retenir.",
            "invalid_choice": "Cette auto-évaluation ne peut pas être retenue : choisissez-en une.",
        },
    )

    def __init__(self, *args, assessments=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if assessments is not None:
            self.fields["assessment"].queryset = assessments
        self.fields["assessment"].label_from_instance = lambda a: (
            f"{a.campaign.name} — soumise le {timezone.localtime(a.submitted_at):%d/%m/%Y}"
        )


class AuditRequestForm(VersionedForm):
    statement = forms.CharField(
        label="Attestation de la structure",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=(
            "Décrivez où en est la structure : auto-évaluation, plan d'amélioration, preuves réunies. "
            "Cette attestation est lue par l'ARML, les auditeurs et la commission."
        ),
        error_messages={"required": "Attestez que la structure est prête : décrivez où elle en est."},
    )


class ArmlOpinionForm(VersionedForm):
    opinion = forms.ChoiceField(
        label="Avis de l'ARML",
        choices=ArmlOpinion.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez un avis."},
    )
    text = forms.CharField(
        label="Motivation de l'avis",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": "Motivez l'avis de l'ARML."},
    )
