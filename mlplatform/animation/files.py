"""Serving a stored file of network life (minutes, practice files, partnership documents)."""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

from mlplatform.evidence.views import attachment_header


def serve_file(field: FieldFile, name: str, content_type: str, size: int) -> FileResponse:
    """The file as a private download under its checked display name (never from MEDIA_URL)."""
    try:
        handle = field.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404("Le fichier est introuvable.") from None
    response = FileResponse(handle, content_type=content_type)
    response["Content-Length"] = str(size)
    response["Content-Disposition"] = attachment_header(name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
