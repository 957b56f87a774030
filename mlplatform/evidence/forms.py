"""Forms of the evidence library: they check the input, the services do the work.

The file field runs ``checks.check_upload`` so that every problem appears beside the field; the
services check again (they are the only way in, the self-assessment page calls them directly).
"""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile

from .checks import EvidenceRefused, check_upload, upload_rules
from .models import Evidence, EvidenceKind
from .services import TITLE_MAX_LENGTH, clean_url

FILE_KEPT_NOTE = (
    "Vos autres saisies sont conservées, mais le navigateur ne garde pas le fichier choisi : "
    "sélectionnez-le à nouveau."
)


def _file_field(label: str) -> forms.FileField:
    return forms.FileField(
        label=label,
        allow_empty_file=True,  # an empty file gets the clearer message of check_upload
        widget=forms.FileInput(),
        error_messages={
            "required": "Choisissez un fichier.",
            "invalid": "Le fichier n'a pas été reçu : choisissez-le à nouveau.",
            "missing": "Le fichier n'a pas été reçu : choisissez-le à nouveau.",
        },
    )


def _apply_rules(field: forms.Field) -> None:
    """Remind the size and type rules (read from the settings when the form is built)."""
    rules = upload_rules()
    field.help_text = rules.summary
    field.widget.attrs["accept"] = rules.accept


def _checked_file(upload: UploadedFile) -> UploadedFile:
    try:
        check_upload(upload)
    except EvidenceRefused as refusal:
        raise forms.ValidationError(refusal.messages) from None
    return upload


class _TitleMixin(forms.Form):
    title = forms.CharField(
        label="Titre",
        max_length=TITLE_MAX_LENGTH,
        help_text="Ce que la preuve montre, par exemple « Compte rendu du conseil d'administration 2025 ».",
        error_messages={"required": "Donnez un titre à la preuve."},
    )
    description = forms.CharField(
        label="Description",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Facultatif : le contexte, la date, la page utile.",
    )


class EvidenceFileForm(_TitleMixin):
    file = _file_field("Fichier")

    field_order = ["file", "title", "description"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _apply_rules(self.fields["file"])

    def clean_file(self) -> UploadedFile:
        return _checked_file(self.cleaned_data["file"])


class EvidenceLinkForm(_TitleMixin):
    url = forms.CharField(
        label="Adresse du lien",
        max_length=2000,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=(
            "Une adresse web complète (https://…), par exemple une page de votre site ou un document partagé."
        ),
        error_messages={"required": "Indiquez l'adresse du lien."},
    )

    field_order = ["url", "title", "description"]

    def clean_url(self) -> str:
        try:
            return clean_url(self.cleaned_data["url"])
        except EvidenceRefused as refusal:
            raise forms.ValidationError(refusal.messages) from None


class EvidenceReplaceForm(forms.Form):
    file = _file_field("Nouvelle version du fichier")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, evidence: Evidence, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = evidence.version
        _apply_rules(self.fields["file"])

    def clean_file(self) -> UploadedFile:
        return _checked_file(self.cleaned_data["file"])


class EvidenceEditForm(_TitleMixin):
    url = EvidenceLinkForm.base_fields["url"]
    version = forms.IntegerField(widget=forms.HiddenInput)

    field_order = ["title", "url", "description"]

    def __init__(self, *args, evidence: Evidence, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "title": evidence.title,
                "description": evidence.description,
                "url": evidence.url,
                "version": evidence.version,
            },
        )
        super().__init__(*args, **kwargs)
        if evidence.kind != EvidenceKind.LINK:
            del self.fields["url"]

    def clean_url(self) -> str:
        try:
            return clean_url(self.cleaned_data["url"])
        except EvidenceRefused as refusal:
            raise forms.ValidationError(refusal.messages) from None


SORTS = {
    "recentes": ("-updated_at", "-pk"),
    "anciennes": ("updated_at", "pk"),
    "titre": ("title", "pk"),
}
STATES = {"actives": False, "archivees": True, "toutes": None}


class LibraryFilterForm(forms.Form):
    """The library's search, filters and sort (GET); unknown values fall back to the defaults."""

    q = forms.CharField(label="Rechercher", required=False, max_length=100)
    type = forms.ChoiceField(
        label="Type",
        required=False,
        choices=[("", "Fichiers et liens"), (EvidenceKind.FILE, "Fichiers"), (EvidenceKind.LINK, "Liens")],
    )
    etat = forms.ChoiceField(
        label="État",
        required=False,
        choices=[("actives", "Actives"), ("archivees", "Archivées"), ("toutes", "Actives et archivées")],
    )
    tri = forms.ChoiceField(
        label="Trier par",
        required=False,
        choices=[
            ("recentes", "Mise à jour la plus récente"),
            ("anciennes", "Mise à jour la plus ancienne"),
            ("titre", "Titre (A → Z)"),
        ],
    )

    def values(self) -> dict[str, str]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "q": (data.get("q") or "").strip(),
            "type": data.get("type") or "",
            "etat": data.get("etat") or "actives",
            "tri": data.get("tri") or "recentes",
        }
