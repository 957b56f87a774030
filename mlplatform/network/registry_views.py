"""Upload page of the network registry, for national administrators only.

The files are read in memory (or from Django's temporary upload file, removed at the end of
the request) and never stored: only the structures and sites they describe are kept.
"""

from __future__ import annotations

import logging
import re

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat

from .registry import MAX_EXAMPLES, SITE_COLUMNS, import_registry, structure_columns

logger = logging.getLogger(__name__)

ALLOWED_EXTENSIONS = (".csv", ".parquet")
# Letters (accented too), digits, spaces, apostrophes and a few signs; no path, no control character.
SAFE_FILE_NAME = re.compile(r"[^\W_][\w .()+'’-]{0,98}", re.UNICODE)


def check_upload(upload: UploadedFile) -> UploadedFile:
    """Refuse a file whose name, extension or size is not acceptable (messages in French)."""
    name = upload.name or ""
    if not SAFE_FILE_NAME.fullmatch(name) or ".." in name:
        raise forms.ValidationError(
            "Ce nom de fichier n'est pas accepté : utilisez des lettres, des chiffres, des espaces, des "
            "tirets, des apostrophes, des points ou des soulignés (100 caractères au plus), par exemple "
            "structures.csv."
        )
    if not name.lower().endswith(ALLOWED_EXTENSIONS):
        raise forms.ValidationError("Seuls les fichiers .csv et .parquet sont acceptés.")
    limit = settings.REGISTRY_UPLOAD_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise forms.ValidationError(
            f"Ce fichier est trop volumineux ({filesizeformat(upload.size or 0)}) : "
            f"{filesizeformat(limit)} au plus."
        )
    return upload


class RegistryImportForm(forms.Form):
    structures = forms.FileField(
        label="Fichier des structures (structures.csv)",
        help_text="CSV UTF-8 (séparateur point-virgule ou virgule) ou Parquet.",
        widget=forms.FileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}),
    )
    sites = forms.FileField(
        label="Fichier des lieux d'accueil (sites.csv)",
        required=False,
        help_text="Facultatif. Même format ; chaque lieu dépend d'une Mission Locale.",
        widget=forms.FileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}),
    )
    dry_run = forms.BooleanField(
        label="Simuler seulement",
        required=False,
        help_text="Vérifier les fichiers et compter ce qui changerait, sans rien enregistrer.",
    )

    def clean_structures(self) -> UploadedFile:
        return check_upload(self.cleaned_data["structures"])

    def clean_sites(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("sites")
        return check_upload(upload) if upload else None


def registry_import_view(request: HttpRequest) -> HttpResponse:
    membership = getattr(request, "membership", None)
    if membership is None or not membership.is_national_admin:
        raise PermissionDenied("Seule l'administration nationale peut importer le répertoire du réseau.")
    result = None
    if request.method == "POST":
        form = RegistryImportForm(request.POST, request.FILES)
    else:
        form = RegistryImportForm()
    if form.is_bound and form.is_valid():
        uploads = [form.cleaned_data["structures"], form.cleaned_data["sites"]]
        try:
            result = import_registry(uploads[0], uploads[1], dry_run=form.cleaned_data["dry_run"])
        finally:
            for upload in uploads:
                if upload is not None:
                    upload.close()
        logger.info(
            "Import du répertoire par la personne %s : %s",
            request.user.pk,
            "appliqué" if result.applied else ("simulé" if result.accepted else "refusé"),
        )
        if result.accepted:
            form = RegistryImportForm()
    return render(
        request,
        "network/registry_import.html",
        {
            "form": form,
            "result": result,
            "max_examples": MAX_EXAMPLES,
            "max_size": settings.REGISTRY_UPLOAD_MAX_BYTES,
            "structure_columns": structure_columns(),
            "site_columns": SITE_COLUMNS,
        },
    )
