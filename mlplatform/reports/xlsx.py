"""The one XLSX helper: a header row and rows, written with openpyxl, readable by any spreadsheet.

Text that a spreadsheet would take for a formula is written as text (see ``cells``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from io import BytesIO

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .cells import is_formula_like

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def build_xlsx(
    sheet_title: str, header: Sequence[str], rows: Iterable[Sequence], widths: Sequence[int] = ()
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    _append(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        _append(sheet, row)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        for cell in sheet[get_column_letter(index)][1:]:
            cell.alignment = Alignment(wrap_text=width > 40, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _append(sheet, values: Sequence) -> None:
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if is_formula_like(cell.value):
            cell.data_type = "s"  # openpyxl made it a formula: store the text as typed
            cell.quotePrefix = True


def xlsx_response(
    filename: str,
    sheet_title: str,
    header: Sequence[str],
    rows: Iterable[Sequence],
    widths: Sequence[int] = (),
) -> HttpResponse:
    response = HttpResponse(build_xlsx(sheet_title, header, rows, widths), content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}.xlsx"'
    return response
