"""Reading a table of the exchange formats (spec observatoire-format-v1, section 1).

A table is a CSV file (UTF-8 with or without BOM, one header row, delimiter ``;`` or ``,``
detected from the header line, fields optionally quoted with ``"``) or a Parquet file with
the same columns. The format is recognised from the content (Parquet files start with
``PAR1``), not from the file name.

``read_table(source, name=...)`` returns a :class:`Table`: the header and the rows, each row
a mapping ``column -> str`` with its line number, or raises :class:`TableError` whose
message, in French, can be shown as is. Rules shared by every consumer:

- every value is a string, stripped of surrounding spaces; an empty field or a Parquet NULL
  is ``""``; Parquet values of other types are cast to text (dates as ``YYYY-MM-DD``);
- line numbers are those a person sees in a spreadsheet: the header is line 1, so the first
  row is line 2 (for a record spanning several lines, its first line). Parquet rows are
  numbered the same way, as if the table were saved as CSV;
- blank lines, and lines whose fields are all empty, are skipped;
- a row with too many or too few fields is kept (missing values are ``""``, extra ones are
  dropped) and listed in ``Table.ragged_rows`` so that the consumer reports it.

This module knows nothing about the meaning of the columns: the consumer (the registry
import, the observatory extracts) checks names and values.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

PARQUET_MAGIC = b"PAR1"
DELIMITERS = (";", ",")


TableSource = Path | str | bytes | IO[bytes]
"""A filesystem path, raw bytes, or a binary file-like object (e.g. a Django ``UploadedFile``)."""


class TableError(Exception):
    """The file cannot be read as a table. ``str(error)`` is a French message for the user."""

    def __init__(self, message: str, *, name: str = "", line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.name = name
        self.line = line


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]
    field_count: int

    def __getitem__(self, column: str) -> str:
        return self.values.get(column, "")

    def get(self, column: str, default: str = "") -> str:
        return self.values.get(column, default)


@dataclass
class Table:
    name: str
    header: list[str]
    rows: list[Row] = field(default_factory=list)
    format: str = "csv"
    delimiter: str = ""

    @property
    def ragged_rows(self) -> list[Row]:
        """Rows whose number of fields differs from the header's (CSV only)."""
        return [row for row in self.rows if row.field_count != len(self.header)]

    def __len__(self) -> int:
        return len(self.rows)


def source_name(source: TableSource, default: str = "fichier") -> str:
    """The file name to show in messages: the base name of the path or of the upload."""
    if isinstance(source, bytes):
        return default
    raw = source if isinstance(source, str | Path) else getattr(source, "name", None)
    return os.path.basename(str(raw)) if raw else default


def read_bytes(source: TableSource, name: str) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, str | Path):
        try:
            return Path(source).read_bytes()
        except FileNotFoundError:
            raise TableError(f"Le fichier {name} est introuvable.", name=name) from None
        except OSError as error:
            message = f"Le fichier {name} ne peut pas être lu ({error.strerror})."
            raise TableError(message, name=name) from None
    if hasattr(source, "seek"):
        with contextlib.suppress(OSError, ValueError):
            source.seek(0)
    data = b"".join(source.chunks()) if hasattr(source, "chunks") else source.read()
    return data.encode("utf-8") if isinstance(data, str) else data  # a file opened in text mode


def read_table(source: TableSource, *, name: str | None = None) -> Table:
    """Read a CSV or Parquet table. ``name`` (default: the file's base name) is used in messages."""
    name = name or source_name(source)
    data = read_bytes(source, name)
    if not data.strip():
        raise TableError(f"Le fichier {name} est vide.", name=name)
    if data.startswith(PARQUET_MAGIC):
        return _read_parquet(data, name)
    if name.lower().endswith(".parquet"):
        message = f"Le fichier {name} porte l'extension .parquet mais n'est pas un fichier Parquet valide."
        raise TableError(message, name=name)
    _refuse_binary(data, name)
    return _read_csv(data, name)


def _refuse_binary(data: bytes, name: str) -> None:
    head = data[:8192]
    if head.startswith(b"%PDF"):
        kind = "un document PDF"
    elif head.startswith(b"PK\x03\x04"):
        kind = "une archive ZIP ou un classeur (.xlsx, .ods)"
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        kind = "un classeur Excel ancien (.xls)"
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TableError(
            f"Le fichier {name} est encodé en UTF-16. Enregistrez-le au format « CSV UTF-8 ».", name=name
        )
    elif b"\x00" in head:
        kind = "un fichier binaire"
    else:
        return
    raise TableError(
        f"Le fichier {name} est {kind}, pas un tableau CSV ou Parquet. "
        "Enregistrez la feuille au format « CSV UTF-8 » (séparateur point-virgule ou virgule).",
        name=name,
    )


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise TableError(
            f"Le fichier {name} n'est pas encodé en UTF-8 (premier caractère illisible à la ligne {line}). "
            "Enregistrez-le au format « CSV UTF-8 ».",
            name=name,
            line=line,
        ) from None


def detect_delimiter(header_line: str) -> str:
    """``;`` or ``,``: whichever appears more often outside quotes in the header line."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return "," if counts[","] > counts[";"] else ";"


def _check_header(header: list[str], name: str) -> list[str]:
    header = [column.strip() for column in header]
    seen: set[str] = set()
    for position, column in enumerate(header, start=1):
        if not column:
            raise TableError(
                f"L'en-tête du fichier {name} contient une colonne sans nom (colonne n° {position}). "
                "Supprimez les séparateurs en trop, par exemple en fin de ligne.",
                name=name,
                line=1,
            )
        if column in seen:
            message = f"La colonne « {column} » apparaît deux fois dans l'en-tête du fichier {name}."
            raise TableError(message, name=name, line=1)
        seen.add(column)
    return header


def _read_csv(data: bytes, name: str) -> Table:
    text = _decode(data, name)
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    if "\t" in first_line and not any(d in first_line for d in DELIMITERS):
        raise TableError(
            f"Le fichier {name} utilise la tabulation comme séparateur : "
            "utilisez le point-virgule ou la virgule.",
            name=name,
            line=1,
        )
    delimiter = detect_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=True)
    header: list[str] | None = None
    rows: list[Row] = []
    previous_line = 0
    try:
        for fields in reader:
            start_line, previous_line = previous_line + 1, reader.line_num
            if not any(value.strip() for value in fields):
                continue
            if header is None:
                header = _check_header(fields, name)
                continue
            values = {col: (fields[i].strip() if i < len(fields) else "") for i, col in enumerate(header)}
            rows.append(Row(start_line, values, len(fields)))
    except csv.Error:
        line = reader.line_num or previous_line + 1
        raise TableError(
            f"Le fichier {name} est mal formé à la ligne {line} : guillemet non fermé ou placé au milieu "
            "d'un champ. Un champ contenant des guillemets doit être entouré de guillemets et les doubler.",
            name=name,
            line=line,
        ) from None
    if header is None:
        raise TableError(f"Le fichier {name} est vide.", name=name)
    return Table(name=name, header=header, rows=rows, format="csv", delimiter=delimiter)


def _read_parquet(data: bytes, name: str) -> Table:
    import duckdb  # imported here: heavy, and only Parquet needs it

    # DuckDB reads from a path: the bytes go to a private temporary file, removed at once.
    with tempfile.NamedTemporaryFile(suffix=".parquet") as handle:
        handle.write(data)
        handle.flush()
        connection = duckdb.connect(":memory:")
        try:
            described = connection.execute("DESCRIBE SELECT * FROM read_parquet(?)", [handle.name]).fetchall()
            header = _check_header([str(column[0]) for column in described], name)
            if not header:
                raise TableError(f"Le fichier {name} ne contient aucune colonne.", name=name)
            casts = ", ".join(f'CAST("{col.replace(chr(34), chr(34) * 2)}" AS VARCHAR)' for col in header)
            query = f"SELECT {casts} FROM read_parquet(?)"  # noqa: S608 (column names are quoted)
            records = connection.execute(query, [handle.name]).fetchall()
        except duckdb.Error as error:
            raise TableError(f"Le fichier Parquet {name} est illisible ({error}).", name=name) from None
        finally:
            connection.close()
    rows: list[Row] = []
    for index, record in enumerate(records):
        texts = ("" if value is None else str(value).strip() for value in record)
        values = dict(zip(header, texts, strict=True))
        if any(values.values()):
            rows.append(Row(index + 2, values, len(header)))
    return Table(name=name, header=header, rows=rows, format="parquet")
