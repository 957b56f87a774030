"""Forms of the commission's pages: sessions, their agenda, decisions and withdrawals.

Each form that edits a record shared by several people carries what the page was built from (the
session's fingerprint, the decision's version): a save made meanwhile by someone else is detected.
"""

from __future__ import annotations

from django import forms

from .enums import Outcome


class SessionForm(forms.Form):
    title = forms.CharField(
        label="Intitulé de la séance",
        max_length=200,
        help_text="Par exemple « Commission nationale de labellisation — juin 2026 ».",
        error_messages={"required": "Donnez un intitulé à la séance."},
    )
    date = forms.DateField(
        label="Date de la séance",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Les labels accordés lors de la séance prennent effet à cette date.",
        error_messages={
            "required": "Indiquez la date de la séance.",
            "invalid": "Saisissez une date valide.",
        },
    )
    members = forms.ModelMultipleChoiceField(
        label="Membres de la séance",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="Seules les personnes ayant un rôle actif de membre de la commission sont proposées.",
        error_messages={
            "required": "Choisissez au moins un membre de la commission pour cette séance.",
            "invalid_choice": "Cette personne n'est pas membre de la commission : choisissez parmi la liste.",
            "invalid_pk_value": "Choix de membre invalide.",
        },
    )
    state = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, candidates=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = candidates
        self.fields["members"].label_from_instance = lambda user: (
            f"{user.get_full_name() or user.email} ({user.email})"
        )


class AgendaForm(forms.Form):
    files = forms.ModelMultipleChoiceField(
        label="Dossiers à inscrire",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choisissez au moins un dossier à inscrire.",
            "invalid_choice": (
                "Un dossier choisi n'attend plus de séance (il vient peut-être d'être inscrit ailleurs) : "
                "la liste est mise à jour, choisissez de nouveau."
            ),
            "invalid_pk_value": "Choix de dossier invalide.",
        },
    )

    def __init__(self, *args, candidates=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["files"].queryset = candidates


class RemovalForm(forms.Form):
    reason = forms.CharField(
        label="Motif du retrait (facultatif)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Consigné au journal du dossier.",
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Décision",
        choices=[(Outcome.LABELLED, Outcome.LABELLED.label), (Outcome.DEFERRED, Outcome.DEFERRED.label)],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez la labellisation ou l'ajournement.",
            "invalid_choice": "Choisissez la labellisation ou l'ajournement.",
        },
    )
    reasons = forms.CharField(
        label="Motifs de la décision",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Ils figurent dans la lettre de décision adressée à la structure.",
        error_messages={"required": "Motivez la décision."},
    )
    conditions = forms.CharField(
        label="À faire avant une nouvelle demande (ajournement)",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Obligatoire pour un ajournement : ce que la structure doit faire avant de demander "
        "un nouvel audit.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def clean_version(self) -> int:
        return self.cleaned_data.get("version") or 0

    def clean(self) -> dict:
        data = super().clean()
        if data.get("outcome") == Outcome.DEFERRED and not (data.get("conditions") or "").strip():
            self.add_error(
                "conditions", "Indiquez ce que la structure doit faire avant une nouvelle demande."
            )
        return data


class WithdrawalForm(forms.Form):
    session = forms.ModelChoiceField(
        label="Séance où le retrait est décidé",
        queryset=None,
        empty_label=None,
        help_text="Une séance à venir dont vous êtes membre.",
        error_messages={
            "required": "Choisissez la séance où le retrait est décidé.",
            "invalid_choice": "Choisissez une séance à venir dont vous êtes membre.",
        },
    )
    reasons = forms.CharField(
        label="Motifs du retrait",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Ils figurent dans la lettre de décision adressée à la structure.",
        error_messages={"required": "Motivez le retrait."},
    )

    def __init__(self, *args, sessions=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["session"].label_from_instance = lambda s: f"{s.title} — {s.date:%d/%m/%Y}"
