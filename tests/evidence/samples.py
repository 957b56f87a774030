"""Real files of each accepted type, and disguised or refused ones, built in memory for the tests."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from mlplatform.evidence import services
from mlplatform.evidence.models import Evidence
from mlplatform.network.models import Structure


def pdf(text: str = "Compte rendu") -> bytes:
    body = f"BT /F1 12 Tf 72 712 Td ({text}) Tj ET".encode()
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >> endobj\n"
        b"4 0 obj << /Length " + str(len(body)).encode() + b" >> stream\n" + body + b"\nendstream endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


def image(format_: str, colour: str = "navy") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, format=format_)
    return buffer.getvalue()


def _zip(entries: dict[str, bytes], *, store_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, content) in enumerate(entries.items()):
            compression = zipfile.ZIP_STORED if store_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=compression)
    return buffer.getvalue()


OOXML_PARTS = {
    "docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "xlsx": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
    "pptx": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
    "docm": ("word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"),
}


def ooxml(kind: str, *, extra: dict[str, bytes] | None = None) -> bytes:
    part, content_type = OOXML_PARTS[kind]
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{content_type}"/>'
        "</Types>"
    ).encode()
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'officeDocument" Target="{part}"/></Relationships>'
    ).encode()
    return _zip({"[Content_Types].xml": types, "_rels/.rels": rels, part: b"<document/>", **(extra or {})})


def xlsx_from_openpyxl() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Indicateur", "Valeur"])
    workbook.active.append(["Jeunes accompagnés", 1234])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def odf(kind: str = "text") -> bytes:
    return _zip(
        {
            "mimetype": f"application/vnd.oasis.opendocument.{kind}".encode(),
            "content.xml": b"<office:document-content/>",
            "META-INF/manifest.xml": b"<manifest/>",
        },
        store_first=True,
    )


def plain_zip() -> bytes:
    return _zip({"notes.txt": b"bonjour", "rapport.pdf": pdf()})


CSV = "structure;indicateur;valeur\nML-A1;Jeunes accompagnés;1234\n".encode()
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"This program cannot be run in DOS mode"
)
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 60
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
RANDOM = bytes(range(1, 32)) * 20


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    """An uploaded file as Django builds it; the declared content type is deliberately meaningless."""
    return SimpleUploadedFile(name, content, content_type=content_type)


VALID = {
    "pdf": ("rapport.pdf", pdf),
    "png": ("photo.png", lambda: image("PNG")),
    "jpeg": ("photo.jpg", lambda: image("JPEG")),
    "webp": ("photo.webp", lambda: image("WEBP")),
    "gif": ("photo.gif", lambda: image("GIF")),
    "docx": ("Procédure d'accueil.docx", lambda: ooxml("docx")),
    "xlsx": ("tableau de bord.xlsx", xlsx_from_openpyxl),
    "pptx": ("présentation.pptx", lambda: ooxml("pptx")),
    "odt": ("compte-rendu.odt", lambda: odf("text")),
    "ods": ("budget.ods", lambda: odf("spreadsheet")),
    "odp": ("diaporama.odp", lambda: odf("presentation")),
    "txt": ("notes.txt", lambda: "Réunion d'équipe du 3 mars.\n".encode()),
    "csv": ("indicateurs.csv", lambda: CSV),
}


def add_pdf(
    structure: Structure, user, title: str = "Compte rendu du CA", text: str | None = None
) -> Evidence:
    return services.add_file(
        structure, upload("compte-rendu.pdf", pdf(text or title)), title=title, user=user
    )
