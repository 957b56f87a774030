"""Forms of the observatory pages: choosing a structure and a year, uploading an extract."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from mlplatform.network.models import Structure

from .spec import EXTENSIONS as ALLOWED_EXTENSIONS
from .spec import FILE_ORDER, file_kind

PARQUET_MAGIC = b"PAR1"
SNIFF_BYTES = 64 * 1024


class ChoiceForm(forms.Form):
    """Which structure of the perimeter and which year to show."""

    structure = forms.ChoiceField(label="Structure")
    annee = forms.TypedChoiceField(label="Année", coerce=int)

    def __init__(self, *args, structures: Sequence[Structure], years: Sequence[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["structure"].choices = [(s.code, _choice_label(s)) for s in structures]
        self.fields["annee"].choices = [(y, str(y)) for y in sorted(years, reverse=True)]


def _choice_label(structure: Structure) -> str:
    if structure.is_unml:
        return "National : toutes les Missions Locales"
    if structure.is_arml:
        return f"{structure.name} (total régional)"
    return structure.name


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else single(data, initial)


def expected_names() -> list[str]:
    return [f"{name}{ext}" for name in FILE_ORDER for ext in ALLOWED_EXTENSIONS]


def check_extract_file(upload: UploadedFile) -> str:
    """The spec's table a file holds (``jeunes``...), or a French message saying why it is refused."""
    name = upload.name or ""
    stem = file_kind(name)
    if stem is None:
        raise forms.ValidationError(
            f"« {name} » n'est pas un fichier prévu par le format de l'observatoire : les noms acceptés "
            f"sont {', '.join(f'{n}.csv' for n in FILE_ORDER)} (ou .parquet)."
        )
    extension = ".parquet" if name.lower().endswith(".parquet") else ".csv"
    limit = settings.OBSERVATORY_UPLOAD_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise forms.ValidationError(
            f"« {name} » est trop volumineux ({filesizeformat(upload.size or 0)}) : "
            f"{filesizeformat(limit)} au plus par fichier."
        )
    if not _content_matches(upload, extension):
        kind = "Parquet" if extension == ".parquet" else "CSV (texte UTF-8)"
        raise forms.ValidationError(
            f"« {name} » n'est pas un fichier {kind} : son contenu ne correspond pas."
        )
    return stem


def _content_matches(upload: UploadedFile, extension: str) -> bool:
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if extension == ".parquet":
        return head.startswith(PARQUET_MAGIC)
    if b"\x00" in head or head.startswith(PARQUET_MAGIC):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # The sample may cut a multi-byte character at its end: only that is forgiven.
        return error.start >= len(head) - 3 and len(head) == SNIFF_BYTES
    return True


def year_choices() -> list[tuple[int, str]]:
    current = timezone.localdate().year
    return [(year, str(year)) for year in range(current, current - 8, -1)]


class UploadForm(forms.Form):
    annee = forms.TypedChoiceField(
        label="Année des données",
        coerce=int,
        help_text="L'année civile que couvrent les fichiers (du 1er janvier au 31 décembre).",
    )
    fichiers = MultipleFileField(
        label="Fichiers de l'extraction",
        help_text=(
            "Sélectionnez tous les fichiers en une fois : jeunes, evenements, situations, dispositifs et, "
            "si vous en avez, objectifs (CSV UTF-8 ou Parquet)."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = year_choices()
        self.fields["annee"].choices = choices
        self.fields["annee"].initial = choices[1][0]

    def clean_fichiers(self) -> list[UploadedFile]:
        uploads = self.cleaned_data["fichiers"]
        errors: list[str] = []
        tables: dict[str, str] = {}
        for upload in uploads:
            try:
                table = check_extract_file(upload)
            except forms.ValidationError as error:
                errors.extend(error.messages)
                continue
            if table in tables:
                errors.append(
                    f"La table « {table} » est déposée deux fois ({tables[table]} et {upload.name}) : "
                    "gardez un seul fichier par table."
                )
            tables[table] = upload.name
        if errors:
            raise forms.ValidationError(errors)
        return uploads
