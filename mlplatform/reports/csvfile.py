"""The one CSV helper: ``;``-separated UTF-8 text with a header, every field neutralised (``cells``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils.text import slugify

from .cells import neutralise_csv

CSV_MIME = "text/csv; charset=utf-8"


def csv_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow([neutralise_csv(value) for value in header])
    for row in rows:
        writer.writerow([neutralise_csv(value) for value in row])
    return buffer.getvalue()


def csv_response(filename: str, text: str) -> HttpResponse:
    response = HttpResponse(text, content_type=CSV_MIME)
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}.csv"'
    return response
