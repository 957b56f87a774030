"""Checks of an uploaded evidence file: size, name and a type recognised from the content.

``check_upload`` is a pure function (it reads the file, touches no database and stores nothing):
the evidence forms and the self-assessment page's quick upload both call it. It returns a
``CheckedFile`` (sanitised display name, size, detected type, SHA-256 computed while streaming the
chunks) or raises ``EvidenceRefused`` with every problem found, in French.

The type is recognised from the first bytes (magic numbers) and, for zip-based office documents,
from the entry that names the document type; the extension must agree with it. Executables,
scripts, web pages, SVG images, archives and macro-enabled or old binary Office documents are
refused whatever their name.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree import ElementTree

from django.conf import settings
from django.core.files import File

MAX_NAME_LENGTH = 150
HEAD_BYTES = 8192
# Zip entries read to recognise an office document are small; anything larger is suspicious.
MAX_DESCRIPTOR_BYTES = 1024 * 1024


class EvidenceRefused(Exception):
    """An evidence file or link is refused; ``messages`` says why, in French. Nothing was stored."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(" ".join(messages))
        self.messages = list(messages)


@dataclass(frozen=True)
class FileType:
    key: str
    label: str  # with its indefinite article: "un document PDF"
    extensions: tuple[str, ...]
    content_type: str
    short: str  # for lists: "PDF"


FILE_TYPES: dict[str, FileType] = {
    ft.key: ft
    for ft in (
        FileType("pdf", "un document PDF", (".pdf",), "application/pdf", "PDF"),
        FileType("png", "une image PNG", (".png",), "image/png", "PNG"),
        FileType("jpeg", "une image JPEG", (".jpg", ".jpeg"), "image/jpeg", "JPEG"),
        FileType("webp", "une image WebP", (".webp",), "image/webp", "WebP"),
        FileType("gif", "une image GIF", (".gif",), "image/gif", "GIF"),
        FileType(
            "docx",
            "un document Word",
            (".docx",),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Word",
        ),
        FileType(
            "xlsx",
            "un classeur Excel",
            (".xlsx",),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Excel",
        ),
        FileType(
            "pptx",
            "une présentation PowerPoint",
            (".pptx",),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "PowerPoint",
        ),
        FileType(
            "odt",
            "un texte OpenDocument",
            (".odt",),
            "application/vnd.oasis.opendocument.text",
            "OpenDocument texte",
        ),
        FileType(
            "ods",
            "un classeur OpenDocument",
            (".ods",),
            "application/vnd.oasis.opendocument.spreadsheet",
            "OpenDocument classeur",
        ),
        FileType(
            "odp",
            "une présentation OpenDocument",
            (".odp",),
            "application/vnd.oasis.opendocument.presentation",
            "OpenDocument présentation",
        ),
        FileType("txt", "un fichier texte", (".txt",), "text/plain; charset=utf-8", "texte brut (UTF-8)"),
        FileType("csv", "un tableau CSV", (".csv",), "text/csv; charset=utf-8", "CSV (UTF-8)"),
    )
}

# What the content may turn out to be besides an accepted type, and why it is refused.
REFUSED_CONTENTS: dict[str, str] = {
    "exe": "un programme exécutable",
    "script": "un script exécutable",
    "html": "une page web (HTML)",
    "svg": "une image SVG",
    "xml": "un document XML",
    "archive": "une archive (zip, rar, 7z…)",
    "ole": "un document Office de l'ancien format (.doc, .xls, .ppt)",
    "macro": "un document Office contenant des macros",
    "office_other": "un document Office d'un type non accepté (modèle…)",
    "not_utf8": "un texte qui n'est pas encodé en UTF-8",
}
ADVICE: dict[str, str] = {
    "exe": " Ce format n'est pas accepté.",
    "script": " Ce format n'est pas accepté.",
    "html": " Ce format n'est pas accepté : il peut contenir du code. Enregistrez la page en PDF.",
    "svg": " Ce format n'est pas accepté : il peut contenir du code. Exportez l'image en PNG.",
    "xml": " Ce format n'est pas accepté.",
    "archive": " Les archives ne sont pas acceptées : déposez les documents un par un.",
    "ole": " Ce format n'est pas accepté : enregistrez-le au format .docx, .xlsx ou .pptx, ou en PDF.",
    "macro": " Les macros ne sont pas acceptées : enregistrez-le sans macros (.docx…) ou en PDF.",
    "office_other": " Enregistrez-le comme document ordinaire (.docx, .xlsx, .pptx) ou en PDF.",
    "not_utf8": " Enregistrez-le en UTF-8 (dans Excel : « CSV UTF-8 »).",
}
TEXT_ADVICE = ADVICE["not_utf8"]

TEXT_TYPES = ("txt", "csv")
OOXML_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
EXECUTABLE_MAGIC = (
    b"MZ",  # Windows (PE, DOS)
    b"\x7fELF",  # Linux
    b"\xfe\xed\xfa\xce",  # macOS (Mach-O)
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal, Java class
    b"\x00asm",  # WebAssembly
)
ARCHIVE_MAGIC = (
    b"Rar!\x1a\x07",
    b"7z\xbc\xaf\x27\x1c",
    b"\x1f\x8b",  # gzip
    b"BZh",
    b"\xfd7zXZ\x00",
    b"MSCF",  # cabinet
    b"PK\x05\x06",  # empty zip
    b"PK\x07\x08",  # spanned zip
)
MARKUP = re.compile(rb"<\s*(?:script|html|body|head|iframe|object|embed|svg|!doctype|\?xml)\b", re.IGNORECASE)
CONTROL_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}
UNSAFE_NAME_CHARACTERS = re.compile(r'[<>:"|?*]')


@dataclass(frozen=True)
class CheckedFile:
    """An accepted upload: what is stored beside the file."""

    name: str  # sanitised, for display and the download header
    size: int
    sha256: str
    file_type: FileType

    @property
    def content_type(self) -> str:
        return self.file_type.content_type


@dataclass(frozen=True)
class UploadRules:
    """What the upload forms remind people of."""

    max_bytes: int
    max_label: str
    types: tuple[FileType, ...]

    @property
    def extensions(self) -> list[str]:
        return [extension for file_type in self.types for extension in file_type.extensions]

    @property
    def accept(self) -> str:
        return ",".join(self.extensions)

    @property
    def summary(self) -> str:
        kinds = ", ".join(file_type.short for file_type in self.types)
        return f"{self.max_label} au plus par fichier. Formats acceptés : {kinds}."


def megabytes(size: int) -> str:
    """A size in Mo with a French decimal comma: 20971520 -> "20 Mo" (in Ko below one Mo)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} Ko"
    value = f"{size / (1024 * 1024):.1f}".replace(".", ",")
    return f"{value.removesuffix(',0')} Mo"


def allowed_types(keys: Iterable[str] | None = None) -> tuple[FileType, ...]:
    keys = settings.EVIDENCE_ALLOWED_TYPES if keys is None else keys
    return tuple(FILE_TYPES[key] for key in keys if key in FILE_TYPES)


def upload_rules() -> UploadRules:
    limit = settings.EVIDENCE_MAX_UPLOAD_BYTES
    return UploadRules(max_bytes=limit, max_label=megabytes(limit), types=allowed_types())


def display_name(name: str) -> str:
    """The file name as shown and sent back on download: no path, no invisible or unsafe character."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(" " if unicodedata.category(char) in CONTROL_CATEGORIES else char for char in name)
    name = UNSAFE_NAME_CHARACTERS.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip().lstrip(".").strip()
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        keep = MAX_NAME_LENGTH - len(extension) - 1
        name = f"{stem[:keep]}.{extension}" if dot and 0 < len(extension) <= 10 else name[:MAX_NAME_LENGTH]
    return name or "fichier"


def extension_of(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    return f".{extension.lower()}" if dot and stem.strip() else ""


def _of(label: str) -> str:
    """ "un document" -> "d'un document"."""
    return f"d'{label}"


def _name_problems(raw_name: str, types: tuple[FileType, ...]) -> list[str]:
    problems = []
    if not raw_name.strip():
        return ["Le fichier n'a pas de nom."]
    if "/" in raw_name or "\\" in raw_name:
        problems.append("Le nom du fichier ne doit pas contenir de chemin (/ ou \\).")
    if any(unicodedata.category(char) in CONTROL_CATEGORIES for char in raw_name):
        problems.append("Le nom du fichier contient des caractères invisibles ou de contrôle : renommez-le.")
    if len(raw_name) > MAX_NAME_LENGTH:
        problems.append(
            f"Le nom du fichier est trop long ({len(raw_name)} caractères) : {MAX_NAME_LENGTH} au plus."
        )
    extension = extension_of(raw_name)
    accepted = [ext for file_type in types for ext in file_type.extensions]
    if not extension:
        problems.append(
            "Le nom du fichier doit se terminer par l'extension de son format "
            f"(extensions acceptées : {', '.join(accepted)})."
        )
    elif extension not in accepted:
        problems.append(
            f"L'extension « {extension} » n'est pas acceptée. Extensions acceptées : {', '.join(accepted)}."
        )
    return problems


def _read_head(upload: File) -> bytes:
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return head if isinstance(head, bytes) else head.encode()


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes | None:
    info = archive.getinfo(name)
    if info.file_size > MAX_DESCRIPTOR_BYTES:
        return None
    with archive.open(info) as entry:
        return entry.read(MAX_DESCRIPTOR_BYTES + 1)[:MAX_DESCRIPTOR_BYTES]


def _zip_kind(upload: File) -> str:
    """OpenDocument or Office Open XML type of a zip file, else "archive" (or "macro", "office_other")."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = (_read_small(archive, "mimetype") or b"").strip().decode("ascii", "replace")
                kind = ODF_MIMETYPES.get(mimetype)
                if kind and "content.xml" in names:
                    return kind
                return "office_other" if mimetype.startswith("application/vnd.oasis") else "archive"
            if "[Content_Types].xml" in names:
                return _ooxml_kind(archive, names)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        return "archive"
    finally:
        upload.seek(0)
    return "archive"


def _ooxml_kind(archive: zipfile.ZipFile, names: set[str]) -> str:
    descriptor = _read_small(archive, "[Content_Types].xml")
    if descriptor is None or b"<!DOCTYPE" in descriptor.upper() or b"<!ENTITY" in descriptor.upper():
        return "archive"
    try:
        root = ElementTree.fromstring(descriptor)  # noqa: S314 - small, no DOCTYPE/entity (checked above)
    except ElementTree.ParseError:
        return "archive"
    overrides = {
        (element.get("PartName") or "").lstrip("/"): element.get("ContentType") or ""
        for element in root
        if element.tag.endswith("Override")
    }
    content_types = set(overrides.values())
    if any("macroEnabled" in content_type for content_type in content_types) or any(
        name.lower().endswith("vbaproject.bin") for name in names
    ):
        return "macro"
    for part, content_type in overrides.items():
        kind = OOXML_MAIN_TYPES.get(content_type)
        if kind and part in names:
            return kind
    if any(content_type.endswith(".main+xml") for content_type in content_types):
        return "office_other"
    return "archive"


def _looks_textual(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    controls = sum(1 for byte in head if byte < 0x20 and byte not in (0x09, 0x0A, 0x0C, 0x0D))
    return controls == 0


def detect_kind(upload: File) -> str:
    """A key of FILE_TYPES (with "text" for any UTF-8 text), of REFUSED_CONTENTS, or "unknown"."""
    head = _read_head(upload)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    if head.startswith(EXECUTABLE_MAGIC):
        return "exe"
    if head.startswith(ARCHIVE_MAGIC) or head[257:262] == b"ustar":
        return "archive"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "not_utf8"  # UTF-16 text
    if not _looks_textual(head):
        return "unknown"
    stripped = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if stripped.startswith(b"#!"):
        return "script"
    markup = MARKUP.search(head)
    if markup or stripped.startswith(b"<"):
        tag = markup.group(0).lower() if markup else b""
        if b"svg" in tag or b"<svg" in head.lower():
            return "svg"
        if b"?xml" in tag and b"<html" not in head.lower():
            return "xml"
        return "html"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "not_utf8"
    return "text"


def _type_problem(name: str, kind: str, types: tuple[FileType, ...]) -> tuple[FileType | None, str | None]:
    """The accepted type of the file, or the reason why its content is refused."""
    extension = extension_of(name)
    claimed = next((t for t in FILE_TYPES.values() if extension in t.extensions), None)
    claimed_text = f"« {name} » n'est pas {claimed.label}" if claimed else f"« {name} » est refusé"
    if kind == "text":
        kind = claimed.key if claimed is not None and claimed.key in TEXT_TYPES else "txt"
        if claimed is None or claimed.key in TEXT_TYPES:
            return _accepted(FILE_TYPES[kind], name, types)
        return None, f"{claimed_text} : son contenu est celui d'un fichier texte."
    if kind in REFUSED_CONTENTS:
        return None, f"{claimed_text} : son contenu est celui {_of(REFUSED_CONTENTS[kind])}.{ADVICE[kind]}"
    if kind == "unknown" and claimed is not None and claimed.key in TEXT_TYPES:
        return None, f"{claimed_text} valide : il doit être encodé en UTF-8, sans caractère nul.{TEXT_ADVICE}"
    if kind == "unknown":
        accepted = ", ".join(t.short for t in types)
        subject = f"{claimed_text} : son contenu" if claimed else f"Le contenu de « {name} »"
        return None, f"{subject} n'a été reconnu comme aucun des formats acceptés ({accepted})."
    detected = FILE_TYPES[kind]
    if claimed is not None and claimed.key != detected.key:
        return None, (
            f"{claimed_text} : son contenu est celui {_of(detected.label)}. "
            f"Renommez-le avec l'extension {detected.extensions[0]}."
        )
    return _accepted(detected, name, types)


def _accepted(
    file_type: FileType, name: str, types: tuple[FileType, ...]
) -> tuple[FileType | None, str | None]:
    if file_type not in types:
        return None, f"« {name} » est {file_type.label} : ce format n'est pas accepté dans la bibliothèque."
    return file_type, None


def _stream(upload: File, limit: int, text: bool) -> tuple[int, str, bool]:
    """Size, SHA-256 and (for text) whether the whole content is UTF-8 without NUL, in one pass.

    Reading stops as soon as the size goes over ``limit`` (the size returned is then above it).
    """
    hasher = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    size = 0
    text_ok = True
    upload.seek(0)
    for chunk in upload.chunks():
        size += len(chunk)
        if size > limit:
            break
        hasher.update(chunk)
        if text and text_ok:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                text_ok = False
            text_ok = text_ok and b"\x00" not in chunk
    if text and text_ok:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            text_ok = False
    upload.seek(0)
    return size, hasher.hexdigest(), text_ok


def check_upload(
    upload: File, *, max_bytes: int | None = None, allowed: Iterable[str] | None = None
) -> CheckedFile:
    """Check ``upload`` and describe it, or raise ``EvidenceRefused`` listing every problem.

    ``max_bytes`` and ``allowed`` (keys of FILE_TYPES) default to the settings
    EVIDENCE_MAX_UPLOAD_BYTES and EVIDENCE_ALLOWED_TYPES.
    """
    limit = settings.EVIDENCE_MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    types = allowed_types(allowed)
    raw_name = upload.name or ""
    name = display_name(raw_name)
    problems = _name_problems(raw_name, types)
    declared = upload.size
    if declared == 0:
        raise EvidenceRefused([*problems, f"Le fichier « {name} » est vide (0 octet)."])
    if declared is not None and declared > limit:
        raise EvidenceRefused(
            [
                *problems,
                f"Le fichier « {name} » pèse {megabytes(declared)} : la limite est de {megabytes(limit)}.",
            ]
        )
    kind = detect_kind(upload)
    file_type, type_problem = _type_problem(name, kind, types)
    if type_problem:
        problems.append(type_problem)
    size, sha256, text_ok = _stream(upload, limit, text=file_type is not None and file_type.key in TEXT_TYPES)
    if size == 0:
        problems.append(f"Le fichier « {name} » est vide (0 octet).")
    elif size > limit:
        problems.append(f"Le fichier « {name} » dépasse la limite de {megabytes(limit)}.")
    elif not text_ok:
        problems.append(
            f"« {name} » n'est pas {file_type.label} valide : il doit être encodé en UTF-8, "
            f"sans caractère nul.{TEXT_ADVICE}"
        )
    if problems:
        raise EvidenceRefused(problems)
    assert file_type is not None
    return CheckedFile(name=name, size=size, sha256=sha256, file_type=file_type)
