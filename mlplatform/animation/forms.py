"""Forms of network life: they check the input, the services do the work."""

from __future__ import annotations

from django import forms

from mlplatform.evidence.checks import EvidenceRefused, check_upload, upload_rules
from mlplatform.network.models import Structure

from .enums import NETWORK_KINDS, MeetingKind, Theme
from .models import Meeting

ORGANISED_CHOICES = [("1", "La structure anime la réunion"), ("0", "La structure y participe")]


class MeetingForm(forms.Form):
    organised = forms.TypedChoiceField(
        label="Rôle de la structure",
        choices=ORGANISED_CHOICES,
        coerce=lambda value: value == "1",
        initial="1",
        widget=forms.Select,
    )
    organiser_name = forms.CharField(
        label="Organisée par",
        max_length=200,
        required=False,
        help_text=(
            "Si la structure y participe seulement : qui l'organisait (DREETS, Région, France Travail…)."
        ),
    )
    kind = forms.ChoiceField(
        label="Type de réunion",
        choices=[("", "—"), *MeetingKind.choices],
        error_messages={"required": "Choisissez le type de réunion."},
    )
    theme = forms.ChoiceField(
        label="Thème",
        choices=[("", "—"), *Theme.choices],
        error_messages={"required": "Choisissez le thème de la réunion."},
    )
    title = forms.CharField(
        label="Intitulé", max_length=200, error_messages={"required": "Donnez un intitulé à la réunion."}
    )
    date = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Indiquez la date de la réunion.",
            "invalid": "Saisissez une date valide.",
        },
    )
    participant_count = forms.IntegerField(
        label="Nombre de participants",
        required=False,
        min_value=0,
        max_value=100000,
        error_messages={
            "invalid": "Le nombre de participants doit être un nombre entier.",
            "min_value": "Le nombre de participants ne peut pas être négatif.",
            "max_value": "Le nombre de participants semble trop grand.",
        },
    )
    participants = forms.ModelMultipleChoiceField(
        label="Structures participantes",
        queryset=Structure.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Les structures du réseau présentes (elles compteront la réunion parmi celles suivies).",
        error_messages={
            "invalid_choice": "Une structure choisie ne peut pas participer : choisissez parmi la liste.",
            "invalid_pk_value": "Choix de structure invalide.",
        },
    )
    agenda = forms.CharField(label="Ordre du jour", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    decisions = forms.CharField(label="Décisions", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    follow_up = forms.CharField(
        label="Actions de suivi", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes = forms.FileField(
        label="Compte rendu",
        required=False,
        allow_empty_file=True,
        widget=forms.FileInput(),
        error_messages={"invalid": "Le fichier n'a pas été reçu : choisissez-le à nouveau."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args, choices=None, meeting: Meeting | None = None, network_bodies: bool = False, **kwargs
    ) -> None:
        if meeting is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(meeting, name) for name in ("organiser_name", "kind", "theme", "title")},
                "organised": "1" if meeting.organised else "0",
                "date": meeting.date,
                "participant_count": meeting.participant_count,
                "agenda": meeting.agenda,
                "decisions": meeting.decisions,
                "follow_up": meeting.follow_up,
                "participants": list(meeting.participants.values_list("pk", flat=True)),
                "version": meeting.version,
            }
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = choices if choices is not None else Structure.objects.none()
        if not network_bodies:  # the network-wide bodies are the UNML's to record
            self.fields["kind"].choices = [
                (value, label) for value, label in self.fields["kind"].choices if value not in NETWORK_KINDS
            ]
        rules = upload_rules()
        help_text = f"Facultatif. {rules.summary}"
        if meeting is not None and meeting.minutes:
            help_text += f" Un nouveau fichier remplace « {meeting.file_name} »."
        self.fields["minutes"].help_text = help_text
        self.fields["minutes"].widget.attrs["accept"] = rules.accept

    def clean_minutes(self):
        upload = self.cleaned_data.get("minutes")
        if upload:
            try:
                check_upload(upload)
            except EvidenceRefused as refusal:
                raise forms.ValidationError(refusal.messages) from None
        return upload

    def clean(self) -> dict:
        data = super().clean()
        if data.get("organised") is False and not (data.get("organiser_name") or "").strip():
            self.add_error(
                "organiser_name", "Indiquez qui organisait la réunion à laquelle la structure a participé."
            )
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "organised",
                "organiser_name",
                "kind",
                "theme",
                "title",
                "date",
                "participant_count",
                "agenda",
                "decisions",
                "follow_up",
            )
        }


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label="Rechercher", required=False, max_length=100)
    theme = forms.ChoiceField(
        label="Thème", required=False, choices=[("", "Tous les thèmes"), *Theme.choices]
    )

    def values(self) -> dict:
        if self.is_valid():
            return {"q": self.cleaned_data["q"].strip(), "theme": self.cleaned_data["theme"]}
        return {"q": "", "theme": ""}


class PracticeForm(forms.Form):
    title = forms.CharField(
        label="Titre", max_length=200, error_messages={"required": "Donnez un titre à la pratique."}
    )
    theme = forms.ChoiceField(
        label="Thème",
        choices=[("", "—"), *Theme.choices],
        error_messages={"required": "Choisissez le thème de la pratique."},
    )
    description = forms.CharField(
        label="Description",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Le contexte, les étapes, les outils, les résultats : ce qu'il faut pour la reproduire.",
        error_messages={"required": "Décrivez la pratique."},
    )
    contact = forms.CharField(
        label="Contact",
        max_length=200,
        required=False,
        help_text="Une personne ou une adresse de la structure à qui s'adresser. Visible par tout le réseau.",
    )
    file = forms.FileField(
        label="Fichier",
        required=False,
        allow_empty_file=True,
        widget=forms.FileInput(),
        error_messages={"invalid": "Le fichier n'a pas été reçu : choisissez-le à nouveau."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, practice=None, **kwargs) -> None:
        if practice is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(practice, name) for name in ("title", "theme", "description", "contact")},
                "version": practice.version,
            }
        super().__init__(*args, **kwargs)
        rules = upload_rules()
        self.fields["file"].help_text = f"Facultatif (kit, fiche, modèle). {rules.summary}"
        if practice is not None and practice.file:
            self.fields["file"].help_text += f" Un nouveau fichier remplace « {practice.file_name} »."
        self.fields["file"].widget.attrs["accept"] = rules.accept

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            try:
                check_upload(upload)
            except EvidenceRefused as refusal:
                raise forms.ValidationError(refusal.messages) from None
        return upload

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("title", "theme", "description", "contact")}


class DocumentForm(forms.Form):
    title = forms.CharField(
        label="Titre du document",
        max_length=200,
        help_text="Par exemple « Convention signée » ou « Avenant 2025 ».",
        error_messages={"required": "Donnez un titre au document."},
    )
    file = forms.FileField(
        label="Fichier",
        allow_empty_file=True,
        widget=forms.FileInput(),
        error_messages={
            "required": "Choisissez un fichier.",
            "invalid": "Le fichier n'a pas été reçu : choisissez-le à nouveau.",
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        rules = upload_rules()
        self.fields["file"].help_text = rules.summary
        self.fields["file"].widget.attrs["accept"] = rules.accept

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload(upload)
        except EvidenceRefused as refusal:
            raise forms.ValidationError(refusal.messages) from None
        return upload
