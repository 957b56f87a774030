"""Forms of the audit pages: they check the input; ``work``, ``pool`` and ``requests`` act."""

from __future__ import annotations

from django import forms

from mlplatform.accounts.models import User
from mlplatform.evidence.checks import upload_rules
from mlplatform.frameworks.models import Requirement
from mlplatform.label.models import LabelFile
from mlplatform.network.models import Structure

from . import services
from .enums import AuditMode, AuditorKind, FindingKind
from .models import Audit
from .pool import Candidates, pool_candidates
from .requests import MAX_FILES_PER_MESSAGE, MESSAGE_MAX_LENGTH, SUBJECT_MAX_LENGTH
from .work import FINDING_MAX_LENGTH, kinds_for


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _person(user: User) -> str:
    return f"{user.get_full_name() or user.email} ({user.email})"


class AssignForm(forms.Form):
    """The pair, the dates, the mode and the kind of an audit. The network auditors whose structure
    or region is the audited one's are not offered (the page says why); if one is sent anyway, the
    conflict of interest is refused with its reason."""

    external = forms.ModelChoiceField(
        label="Auditeur·rice certifié·e externe",
        queryset=User.objects.none(),
        error_messages={
            "required": "Choisissez l'auditeur·rice certifié·e.",
            "invalid_choice": "Choisissez une personne du vivier.",
        },
    )
    network = forms.ModelChoiceField(
        label="Auditeur·rice du réseau",
        queryset=User.objects.none(),
        error_messages={
            "required": "Choisissez l'auditeur·rice du réseau.",
            "invalid_choice": "Choisissez une personne du vivier.",
        },
    )
    starts_on = forms.DateField(label="Premier jour", widget=_date_widget())
    ends_on = forms.DateField(label="Dernier jour", widget=_date_widget())
    mode = forms.ChoiceField(label="Modalité", choices=AuditMode.choices)
    kind = forms.ChoiceField(label="Type d'audit")

    def __init__(self, *args, file: LabelFile, candidates: Candidates, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.file = file
        kinds = kinds_for(file)
        self.fields["kind"].choices = kinds
        self.fields["kind"].initial = kinds[0][0]
        if file.stage == "LABELLED":
            self.fields["mode"].initial = AuditMode.REMOTE
        external_ids = [profile.user_id for profile in candidates.external]
        network_ids = [profile.user_id for profile in candidates.network]
        excluded_ids = [profile.user_id for profile, _reason in candidates.excluded]
        self.fields["external"].queryset = User.objects.filter(pk__in=external_ids)
        # Every active network auditor is accepted by the field, so that a conflict gets its reason;
        # only those without a conflict are offered.
        self.fields["network"].queryset = User.objects.filter(pk__in=network_ids + excluded_ids)
        self.fields["external"].widget.choices = [("", "— choisir —")] + [
            (profile.user_id, self._label(profile)) for profile in candidates.external
        ]
        self.fields["network"].widget.choices = [("", "— choisir —")] + [
            (profile.user_id, self._label(profile)) for profile in candidates.network
        ]
        self.fields["network"].help_text = (
            "Les auditeur·rices de la structure auditée ou de sa région ne sont pas proposé·es "
            "(conflit d'intérêts)."
        )

    @staticmethod
    def _label(profile) -> str:
        label = _person(profile.user)
        if profile.home_structure is not None:
            label += f" — {profile.home_structure.name}"
        elif profile.certification:
            label += f" — {profile.certification}"
        return label

    def clean(self) -> dict:
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "Le dernier jour ne peut pas précéder le premier.")
        external, network = data.get("external"), data.get("network")
        if external and network:
            for problem in services.conflicts_of_interest(self.file, external, network):
                self.add_error(None, problem)
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Motif de l'annulation",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Il figure dans l'historique du dossier ; la demande d'audit redevient à affecter.",
        error_messages={"required": "Indiquez le motif de l'annulation."},
    )


class PoolAddForm(forms.Form):
    user = forms.ModelChoiceField(
        label="Personne",
        queryset=User.objects.none(),
        help_text="Les personnes ayant le rôle d'auditeur·rice sur la plateforme, pas encore dans le vivier.",
        error_messages={"required": "Choisissez la personne à ajouter."},
    )
    kind = forms.ChoiceField(label="Type", choices=AuditorKind.choices, widget=forms.RadioSelect)
    home_structure = forms.ModelChoiceField(
        label="Structure d'origine (auditeur·rice du réseau)",
        queryset=Structure.objects.none(),
        required=False,
        help_text="Elle n'auditera ni cette structure ni une structure de sa région.",
    )
    certification = forms.CharField(
        label="Certification", max_length=200, required=False, help_text="Par exemple : AFNOR, 2024."
    )
    is_lead = forms.BooleanField(label="Auditeur·rice référent·e (affecte les audits)", required=False)

    def __init__(self, *args, may_name_lead: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = pool_candidates()
        self.fields["user"].label_from_instance = _person
        self.fields["home_structure"].queryset = Structure.objects.filter(closed_on__isnull=True).order_by(
            "type", "sort_name"
        )
        self.fields["home_structure"].label_from_instance = lambda s: f"{s.name} ({s.code})"
        if not may_name_lead:
            del self.fields["is_lead"]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("kind") == AuditorKind.NETWORK and not data.get("home_structure"):
            self.add_error("home_structure", "Indiquez la structure où travaille l'auditeur·rice du réseau.")
        return data


class PlanForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = Audit
        fields = ["starts_on", "ends_on", "mode", "location", "people_met", "agenda"]
        widgets = {
            "starts_on": _date_widget(),
            "ends_on": _date_widget(),
            "mode": forms.RadioSelect,
            "people_met": forms.Textarea(attrs={"rows": 4}),
            "agenda": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "location": "Adresse du site audité (obligatoire pour un audit sur site avant la transmission).",
            "people_met": "Une personne ou une instance par ligne : fonction, nom si utile.",
            "agenda": "Le déroulé : horaires, thèmes, entretiens, visite, restitution.",
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        self.fields["mode"].choices = AuditMode.choices

    def clean(self) -> dict:
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "Le dernier jour ne peut pas précéder le premier.")
        return data

    def plan(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class FindingForm(forms.Form):
    kind = forms.ChoiceField(label="Nature", choices=FindingKind.choices)
    text = forms.CharField(
        label="Constat", widget=forms.Textarea(attrs={"rows": 4}), max_length=FINDING_MAX_LENGTH
    )
    stamp = forms.CharField(widget=forms.HiddenInput, required=False)


class OpinionForm(forms.Form):
    overall_opinion = forms.CharField(
        label="Avis global",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        required=False,
        help_text="L'avis du binôme sur la démarche de la structure ; obligatoire pour remettre le rapport.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ResponseForm(forms.Form):
    text = forms.CharField(
        label="Réponse écrite de la structure",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20000,
        help_text="Jointe au rapport pour la commission ; une fois enregistrée, elle n'est plus modifiable.",
        error_messages={"required": "La réponse est vide."},
    )


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (the documented Django pattern); the checks run in ``requests``."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_empty_file", True)  # an empty file gets the clearer message of the checks
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _files_field() -> MultipleFileField:
    field = MultipleFileField(label="Fichiers joints")
    rules = upload_rules()
    field.help_text = f"Facultatif, {MAX_FILES_PER_MESSAGE} fichiers au plus. {rules.summary}"
    field.widget.attrs["accept"] = rules.accept
    return field


class RequestForm(forms.Form):
    subject = forms.CharField(
        label="Objet",
        max_length=SUBJECT_MAX_LENGTH,
        error_messages={"required": "Donnez un objet à la demande."},
    )
    requirement = forms.ModelChoiceField(
        label="Exigence concernée", queryset=Requirement.objects.none(), required=False
    )
    due_on = forms.DateField(label="Réponse attendue avant le", required=False, widget=_date_widget())
    text = forms.CharField(
        label="Ce que vous demandez",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MESSAGE_MAX_LENGTH,
        error_messages={"required": "Décrivez ce que vous demandez à la structure."},
    )

    def __init__(self, *args, requirements, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = requirements
        self.fields["requirement"].empty_label = "— aucune en particulier —"
        self.fields["requirement"].label_from_instance = lambda r: f"{r.ref} — {r.text[:90]}"
        self.fields["files"] = _files_field()


class MessageForm(forms.Form):
    text = forms.CharField(
        label="Votre message",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MESSAGE_MAX_LENGTH,
        error_messages={"required": "Le message est vide."},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["files"] = _files_field()
