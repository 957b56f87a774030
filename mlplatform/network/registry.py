"""Import of the network registry: ``structures.csv`` and, optionally, ``sites.csv``.

The format is section 2 of the spec ``observatoire-format-v1``; refusals follow section 4.

Public API (stable: the upload page, the ``network import`` command and the demo-data
generator call it)::

    import_registry(structures, sites=None, *, dry_run=False, is_demo=False) -> RegistryImportResult

- ``structures`` (required) and ``sites`` (optional) are each a :class:`~.tables.Table`, a
  filesystem path (``pathlib.Path`` or ``str``), raw ``bytes``, or a binary file-like object
  such as a Django ``UploadedFile``; CSV or Parquet (see :mod:`.tables`).
- Every problem of both files is collected first (:attr:`RegistryImportResult.problems`,
  grouped per rule, each with its count and its rows: file, line, column, value). If there
  is any, nothing is written and ``result.accepted`` is False; ``result.raise_if_refused()``
  raises :class:`RegistryImportRefused` for callers that prefer an exception.
- Otherwise, unless ``dry_run``, everything is applied in one transaction: structures are
  created or updated by ``code``, sites by ``(structure, nom)``. Optional columns absent from
  the file leave the corresponding fields untouched; present but empty, they clear them.
  Unchanged rows are not written (their ``updated_at`` stays), so importing the same files
  twice changes nothing. Nothing is ever deleted: open structures, and (when a sites file is
  given) sites, that the files do not name are listed as absent.
- ``is_demo`` marks the structures of the files as demonstration data (False by default).
- A dry run validates and counts what would be created, updated or left unchanged.
- Apps above network may add optional columns to ``structures.csv`` (:func:`register_columns`,
  called in their ``AppConfig.ready()``): their values are checked with the rest (refusals
  under their own rules) and applied in the same transaction (training: the staff headcount).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from mlplatform.core.french import counted

from .enums import PARENT_TYPE, LegalStatus, SiteType, StructureType
from .models import DEPARTMENT_CODE_RE, STRUCTURE_CODE_RE, Site, Structure
from .tables import Table, TableError, TableSource, read_table, source_name

logger = logging.getLogger(__name__)

MAX_EXAMPLES = 10


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    field: str
    required: bool  # the column must be in the header
    requirement: str  # as shown to people
    meaning: str
    value_required: bool | None = None  # every row needs a value (default: same as ``required``)

    @property
    def needs_value(self) -> bool:
        return self.required if self.value_required is None else self.value_required


STRUCTURE_COLUMNS = (
    ColumnSpec(
        "code",
        "code",
        True,
        "oui",
        "code unique de la structure : 2 à 20 caractères parmi A à Z, 0 à 9 et le tiret",
    ),
    ColumnSpec("type", "type", True, "oui", "UNML, ARML ou ML"),
    ColumnSpec("nom", "name", True, "oui", "nom officiel"),
    ColumnSpec(
        "parent",
        "parent",
        True,
        "oui, mais vide pour l'UNML",
        "code de la structure de rattachement : l'UNML pour une ARML, une ARML pour une ML",
        value_required=False,
    ),
    ColumnSpec("region", "region", False, "pour les ARML et les ML", "nom de la région"),
    ColumnSpec("departement", "department", False, "pour les ML", "code du département (14, 2A, 971…)"),
    ColumnSpec("statut", "legal_status", True, "oui", "ASSOCIATION (loi 1901 ou 1908) ou GIP"),
    ColumnSpec("adresse", "address", False, "non", "adresse postale"),
    ColumnSpec("telephone", "phone", False, "non", "téléphone"),
    ColumnSpec("email", "email", False, "non", "adresse électronique"),
    ColumnSpec("site_web", "website", False, "non", "adresse du site web"),
)
SITE_COLUMNS = (
    ColumnSpec("structure", "structure", True, "oui", "code de la Mission Locale"),
    ColumnSpec("nom", "name", True, "oui", "nom du lieu d'accueil"),
    ColumnSpec("type", "type", True, "oui", "SIEGE, ANTENNE ou PERMANENCE"),
    ColumnSpec("commune", "town", True, "oui", "commune"),
    ColumnSpec("telephone", "phone", False, "non", "téléphone"),
    ColumnSpec("email", "email", False, "non", "adresse électronique"),
)


@dataclass(frozen=True)
class ExtraRow:
    """A row of structures.csv as an extra column set reads it: the values of its columns."""

    line: int
    code: str
    values: dict[str, str]  # column name -> value (stripped), for the extra columns in the header


@dataclass(frozen=True)
class ExtraProblem:
    rule: str
    line: int
    column: str
    value: str
    detail: str = ""


@dataclass(frozen=True)
class ExtraColumns:
    """Optional columns of structures.csv read by an app above network.

    ``check`` gets every row having a value in one of the columns and returns the problems
    (nothing is written when there is one); ``apply`` writes them, inside the import's
    transaction, after the structures are created or updated.
    """

    columns: tuple[ColumnSpec, ...]
    rules: dict[str, str]
    check: Callable[[list[ExtraRow]], list[ExtraProblem]]
    apply: Callable[[list[ExtraRow]], None]


_extra_columns: list[ExtraColumns] = []


def register_columns(extra: ExtraColumns) -> None:
    """Add optional columns to structures.csv (once: registering them again changes nothing)."""
    if all(existing is not extra for existing in _extra_columns):
        _extra_columns.append(extra)


def structure_columns() -> tuple[ColumnSpec, ...]:
    """The columns of structures.csv: the registry's own, then the apps' optional ones."""
    return STRUCTURE_COLUMNS + tuple(column for extra in _extra_columns for column in extra.columns)


def _rules() -> dict[str, str]:
    rules = dict(RULES)
    for extra in _extra_columns:
        rules.update(extra.rules)
    return rules


# Every refusal rule, in the order reports list them.
RULES = {
    "file": "Fichier illisible, vide ou d'un format non accepté",
    "column_unknown": "Colonne inconnue (les colonnes que le format ne prévoit pas sont refusées)",
    "column_missing": "Colonne obligatoire absente",
    "field_count": "Nombre de champs différent de celui de l'en-tête",
    "required": "Valeur obligatoire manquante",
    "too_long": "Valeur trop longue",
    "code_format": "Code mal formé (2 à 20 caractères parmi les majuscules A à Z, les chiffres et le tiret)",
    "code_duplicate": "Code présent plusieurs fois dans le fichier",
    "type_unknown": "Type de structure inconnu (UNML, ARML ou ML)",
    "statut_unknown": "Statut inconnu (ASSOCIATION ou GIP)",
    "unml_second": "Seconde UNML (le réseau n'en compte qu'une)",
    "type_change": "Changement du type d'une structure existante",
    "parent_missing": "Structure de rattachement manquante (obligatoire pour une ARML ou une ML)",
    "parent_for_unml": "Structure de rattachement indiquée pour l'UNML (la colonne doit rester vide)",
    "parent_unknown": "Structure de rattachement inconnue (ni dans le fichier ni sur la plateforme)",
    "parent_type": "Structure de rattachement du mauvais type (une ARML dépend de l'UNML, une ML d'une ARML)",
    "region_missing": "Région manquante (obligatoire pour une ARML ou une ML)",
    "region_mismatch": "Région d'une Mission Locale différente de celle de son ARML",
    "department_missing": "Département manquant (obligatoire pour une Mission Locale)",
    "department_format": "Code de département mal formé (01 à 95, 2A, 2B, 971 à 976)",
    "email_format": "Adresse électronique mal formée",
    "site_structure_unknown": "Lieu d'accueil rattaché à une structure inconnue",
    "site_structure_not_ml": "Lieu d'accueil rattaché à une structure qui n'est pas une Mission Locale",
    "site_type_unknown": "Type de lieu d'accueil inconnu (SIEGE, ANTENNE ou PERMANENCE)",
    "site_duplicate": "Lieu d'accueil présent plusieurs fois (même structure et même nom)",
}

# Columns whose values have a format or a list of codes: checked by their own rule, not by length.
_FORMAT_CHECKED = frozenset({"code", "type", "statut", "departement"})
_CODE = re.compile(STRUCTURE_CODE_RE)
_DEPARTMENT = re.compile(DEPARTMENT_CODE_RE)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: str
    value: str
    detail: str = ""


@dataclass
class ProblemGroup:
    rule: str
    message: str
    problems: list[Problem]

    @property
    def count(self) -> int:
        return len(self.problems)

    @property
    def examples(self) -> list[Problem]:
        return self.problems[:MAX_EXAMPLES]

    @property
    def more(self) -> int:
        return max(0, self.count - MAX_EXAMPLES)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass(frozen=True)
class Absent:
    structure_code: str
    name: str
    type_label: str


@dataclass
class RegistryImportResult:
    structures_file: str
    sites_file: str | None
    dry_run: bool
    problems: list[ProblemGroup] = field(default_factory=list)
    structures: Counts = field(default_factory=Counts)
    sites: Counts = field(default_factory=Counts)
    absent_structures: list[Absent] = field(default_factory=list)
    absent_sites: list[Absent] = field(default_factory=list)
    applied: bool = False

    @property
    def accepted(self) -> bool:
        return not self.problems

    @property
    def problem_count(self) -> int:
        return sum(group.count for group in self.problems)

    def raise_if_refused(self) -> RegistryImportResult:
        if self.problems:
            raise RegistryImportRefused(self)
        return self


class RegistryImportRefused(Exception):
    def __init__(self, result: RegistryImportResult) -> None:
        super().__init__(f"Import du répertoire refusé : {counted(result.problem_count, 'problème')}.")
        self.result = result


class _Collector:
    def __init__(self) -> None:
        self.by_rule: dict[str, list[Problem]] = {}

    def add(self, rule: str, file: str, line: int | None, column: str, value: str, detail: str = "") -> None:
        self.by_rule.setdefault(rule, []).append(Problem(file, line, column, value, detail))

    def groups(self) -> list[ProblemGroup]:
        rules = _rules()
        return [ProblemGroup(rule, rules[rule], self.by_rule[rule]) for rule in rules if rule in self.by_rule]


@dataclass
class _StructureRow:
    line: int
    code: str
    type: str
    parent: str
    values: dict[str, str]  # model field -> value, for the columns present in the file
    extras: dict[str, str] = field(default_factory=dict)  # extra column name -> value


@dataclass
class _SiteRow:
    line: int
    structure: str
    name: str
    values: dict[str, str]


def _max_lengths(model: type, columns: tuple[ColumnSpec, ...]) -> dict[str, int]:
    lengths = {}
    for column in columns:
        if column.name not in {c.name for c in (*STRUCTURE_COLUMNS, *SITE_COLUMNS)}:
            continue  # an app's extra column: checked by that app
        model_field = model._meta.get_field(column.field)
        max_length = getattr(model_field, "max_length", None)
        if max_length and not model_field.is_relation and column.name not in _FORMAT_CHECKED:
            lengths[column.name] = max_length
    return lengths


def _load(source: TableSource | Table | None, default_name: str, collector: _Collector) -> Table | None:
    if source is None:
        return None
    if isinstance(source, Table):
        table = source
    else:
        try:
            table = read_table(source, name=source_name(source, default_name))
        except TableError as error:
            collector.add("file", error.name or default_name, error.line, "", "", error.message)
            return None
    if not table.rows:
        detail = f"Le fichier {table.name} ne contient aucune ligne de données après l'en-tête."
        collector.add("file", table.name, None, "", "", detail)
        return None
    return table


def _check_table(
    table: Table, columns: tuple[ColumnSpec, ...], model: type, collector: _Collector
) -> set[str]:
    """Column-level and per-value checks shared by both files. Returns the missing columns."""
    known = {column.name for column in columns}
    for name in table.header:
        if name not in known:
            expected = ", ".join(column.name for column in columns)
            collector.add("column_unknown", table.name, 1, name, name, f"colonnes prévues : {expected}")
    missing = {column.name for column in columns if column.required and column.name not in table.header}
    for column in columns:
        if column.name in missing:
            collector.add("column_missing", table.name, 1, column.name, "")
    lengths = _max_lengths(model, columns)
    present_required = [c.name for c in columns if c.needs_value and c.name in table.header]
    for row in table.rows:
        if row.field_count != len(table.header):
            detail = f"{counted(row.field_count, 'champ')} au lieu de {len(table.header)}"
            collector.add("field_count", table.name, row.line, "", "", detail)
        for name in present_required:
            if not row[name]:
                collector.add("required", table.name, row.line, name, "")
        for name, max_length in lengths.items():
            value = row[name]
            if len(value) > max_length:
                detail = f"{len(value)} caractères pour {max_length} au plus"
                shown = value if len(value) <= 60 else value[:60] + "…"
                collector.add("too_long", table.name, row.line, name, shown, detail)
        email = row["email"]
        if email and "email" in known:
            try:
                validate_email(email)
            except ValidationError:
                collector.add("email_format", table.name, row.line, "email", email)
    return missing


def _validate_structures(
    table: Table, existing: dict[str, Structure], collector: _Collector
) -> dict[str, _StructureRow]:
    """Check structures.csv; return its rows by code (first occurrence of each code)."""
    missing = _check_table(table, structure_columns(), Structure, collector)
    extra_names = [c.name for extra in _extra_columns for c in extra.columns if c.name in table.header]
    keys = ("code", "type", "parent")
    present = [c for c in STRUCTURE_COLUMNS if c.name in table.header and c.field not in keys]
    name = table.name
    rows: dict[str, _StructureRow] = {}
    for row in table.rows:
        code, type_, statut, department = row["code"], row["type"], row["statut"], row["departement"]
        if code and not _CODE.match(code):
            collector.add("code_format", name, row.line, "code", code)
        if type_ and type_ not in StructureType.values:
            collector.add("type_unknown", name, row.line, "type", type_)
        if statut and statut not in LegalStatus.values:
            collector.add("statut_unknown", name, row.line, "statut", statut)
        if department and not _DEPARTMENT.match(department):
            short = re.fullmatch(r"[1-9]", department)
            hint = "le tableur a peut-être supprimé le zéro initial" if short else ""
            collector.add("department_format", name, row.line, "departement", department, hint)
        if not code:
            continue
        if code in rows:
            detail = f"déjà à la ligne {rows[code].line}"
            collector.add("code_duplicate", name, row.line, "code", code, detail)
            continue
        values = {c.field: row[c.name] for c in present}
        extras = {name: row[name] for name in extra_names}
        rows[code] = _StructureRow(row.line, code, type_, row["parent"], values, extras)
    valid_types = {code: r.type for code, r in rows.items() if r.type in StructureType.values}

    def type_of(code: str) -> str | None:
        if code in rows:
            return valid_types.get(code)
        return existing[code].type if code in existing else None

    def region_of(code: str) -> str:
        if code in rows:
            return rows[code].values.get("region", "")
        return existing[code].region if code in existing else ""

    unml_seen: str | None = next((s.code for s in existing.values() if s.type == StructureType.UNML), None)
    for code, entry in rows.items():
        type_ = valid_types.get(code)
        if type_ is None:
            continue
        line, parent, region = entry.line, entry.parent, entry.values.get("region", "")
        current = existing.get(code)
        if current is not None and current.type != type_:
            collector.add("type_change", name, line, "type", type_, f"type actuel : {current.type}")
        if type_ == StructureType.UNML:
            if unml_seen is not None and unml_seen != code:
                collector.add("unml_second", name, line, "code", code, f"l'UNML est déjà {unml_seen}")
            else:
                unml_seen = code
        if "parent" not in missing:
            if type_ == StructureType.UNML:
                if parent:
                    collector.add("parent_for_unml", name, line, "parent", parent)
            elif not parent:
                collector.add("parent_missing", name, line, "parent", "")
            elif parent not in rows and parent not in existing:
                collector.add("parent_unknown", name, line, "parent", parent)
            else:
                parent_type = type_of(parent)
                if parent_type is not None and parent_type != PARENT_TYPE[type_]:
                    detail = f"{parent} est de type {parent_type}, {PARENT_TYPE[type_]} attendu"
                    collector.add("parent_type", name, line, "parent", parent, detail)
                elif parent_type == StructureType.ARML and region and region_of(parent) not in ("", region):
                    detail = f"région de l'ARML {parent} : {region_of(parent)}"
                    collector.add("region_mismatch", name, line, "region", region, detail)
        if type_ != StructureType.UNML and not region:
            collector.add("region_missing", name, line, "region", "")
        if type_ == StructureType.ML and not entry.values.get("department"):
            collector.add("department_missing", name, line, "departement", "")
    return rows


def _validate_sites(
    table: Table,
    structure_rows: dict[str, _StructureRow] | None,
    existing: dict[str, Structure],
    collector: _Collector,
) -> list[_SiteRow]:
    """Check sites.csv. ``structure_rows`` is None when structures.csv could not be read."""
    _check_table(table, SITE_COLUMNS, Site, collector)
    present = [c for c in SITE_COLUMNS if c.name in table.header and c.field not in ("structure", "name")]
    name = table.name
    seen: dict[tuple[str, str], int] = {}
    rows: list[_SiteRow] = []
    for row in table.rows:
        code, site_name, type_ = row["structure"], row["nom"], row["type"]
        if type_ and type_ not in SiteType.values:
            collector.add("site_type_unknown", name, row.line, "type", type_)
        if code and structure_rows is not None:
            if code in structure_rows:
                structure_type: str | None = structure_rows[code].type
            else:
                structure_type = existing[code].type if code in existing else None
            if structure_type is None:
                collector.add("site_structure_unknown", name, row.line, "structure", code)
            elif structure_type in StructureType.values and structure_type != StructureType.ML:
                detail = f"{code} est de type {structure_type}"
                collector.add("site_structure_not_ml", name, row.line, "structure", code, detail)
        if code and site_name:
            key = (code, site_name)
            if key in seen:
                detail = f"déjà à la ligne {seen[key]}"
                collector.add("site_duplicate", name, row.line, "nom", site_name, detail)
                continue
            seen[key] = row.line
        rows.append(_SiteRow(row.line, code, site_name, {c.field: row[c.name] for c in present}))
    return rows


def import_registry(
    structures: TableSource | Table,
    sites: TableSource | Table | None = None,
    *,
    dry_run: bool = False,
    is_demo: bool = False,
) -> RegistryImportResult:
    """Validate the registry files and, if they hold no problem and this is no dry run, apply them."""
    collector = _Collector()
    structures_table = _load(structures, "structures.csv", collector)
    sites_table = _load(sites, "sites.csv", collector)
    result = RegistryImportResult(
        structures_file=_display_name(structures, "structures.csv"),
        sites_file=None if sites is None else _display_name(sites, "sites.csv"),
        dry_run=dry_run,
    )
    with transaction.atomic():
        existing = {s.code: s for s in Structure.objects.order_by()}
        structure_rows = None
        extra_rows: list[tuple[ExtraColumns, list[ExtraRow]]] = []
        if structures_table is not None:
            structure_rows = _validate_structures(structures_table, existing, collector)
            extra_rows = _check_extras(structure_rows, structures_table.name, collector)
        site_rows = None
        if sites_table is not None:
            # Without a readable code column, the sites' structures cannot be checked against the file.
            usable = structures_table is not None and "code" in structures_table.header
            known = structure_rows if usable else None
            site_rows = _validate_sites(sites_table, known, existing, collector)
        result.problems = collector.groups()
        if result.problems or structure_rows is None:
            return result
        plan = _plan(structure_rows, site_rows, existing, is_demo, result)
        if not dry_run:
            _apply(plan, existing)
            for extra, rows in extra_rows:
                extra.apply(rows)
            result.applied = True
    if result.applied:
        st, si = result.structures, result.sites
        logger.info(
            "Répertoire importé : structures %d créées, %d modifiées, %d inchangées ; "
            "lieux d'accueil %d créés, %d modifiés, %d inchangés",
            st.created,
            st.updated,
            st.unchanged,
            si.created,
            si.updated,
            si.unchanged,
        )
    return result


def _check_extras(
    structure_rows: dict[str, _StructureRow], file: str, collector: _Collector
) -> list[tuple[ExtraColumns, list[ExtraRow]]]:
    """The apps' checks of their columns; returns each column set with its rows having a value."""
    checked = []
    for extra in _extra_columns:
        names = [c.name for c in extra.columns]
        rows = [
            ExtraRow(entry.line, code, {n: entry.extras[n] for n in names if n in entry.extras})
            for code, entry in structure_rows.items()
            if any(entry.extras.get(n) for n in names)
        ]
        for problem in extra.check(rows) if rows else []:
            collector.add(problem.rule, file, problem.line, problem.column, problem.value, problem.detail)
        checked.append((extra, rows))
    return checked


def _display_name(source: TableSource | Table, default: str) -> str:
    return source.name if isinstance(source, Table) else source_name(source, default)


@dataclass
class _Plan:
    is_demo: bool
    create: list[_StructureRow] = field(default_factory=list)
    update: list[tuple[Structure, _StructureRow]] = field(default_factory=list)
    create_sites: list[_SiteRow] = field(default_factory=list)
    update_sites: list[tuple[Site, _SiteRow]] = field(default_factory=list)


def _plan(
    structure_rows: dict[str, _StructureRow],
    site_rows: list[_SiteRow] | None,
    existing: dict[str, Structure],
    is_demo: bool,
    result: RegistryImportResult,
) -> _Plan:
    plan = _Plan(is_demo)
    code_by_id = {s.pk: code for code, s in existing.items()}
    for code, entry in structure_rows.items():
        current = existing.get(code)
        if current is None:
            plan.create.append(entry)
        elif (
            any(getattr(current, f) != v for f, v in entry.values.items())
            or code_by_id.get(current.parent_id, "") != entry.parent
            or current.is_demo != is_demo
        ):
            plan.update.append((current, entry))
    result.structures = Counts(
        len(plan.create), len(plan.update), len(structure_rows) - len(plan.create) - len(plan.update)
    )
    result.absent_structures = sorted(
        (
            Absent(s.code, s.name, s.get_type_display())
            for s in existing.values()
            if s.code not in structure_rows and s.closed_on is None
        ),
        key=lambda a: a.structure_code,
    )
    if site_rows is None:
        return plan
    existing_sites = {(code_by_id[s.structure_id], s.name): s for s in Site.objects.order_by()}
    for entry in site_rows:
        current = existing_sites.get((entry.structure, entry.name))
        if current is None:
            plan.create_sites.append(entry)
        elif any(getattr(current, f) != v for f, v in entry.values.items()):
            plan.update_sites.append((current, entry))
    result.sites = Counts(
        len(plan.create_sites),
        len(plan.update_sites),
        len(site_rows) - len(plan.create_sites) - len(plan.update_sites),
    )
    named = {(entry.structure, entry.name) for entry in site_rows}
    result.absent_sites = sorted(
        (
            Absent(key[0], site.name, site.get_type_display())
            for key, site in existing_sites.items()
            if key not in named
        ),
        key=lambda a: (a.structure_code, a.name),
    )
    return plan


def _apply(plan: _Plan, existing: dict[str, Structure]) -> None:
    by_code = dict(existing)
    # Parents first: the UNML, then the ARMLs, then the MLs, whatever the order of the file.
    for type_ in (StructureType.UNML, StructureType.ARML, StructureType.ML):
        batch = [
            Structure(
                code=entry.code,
                type=entry.type,
                parent=by_code[entry.parent] if entry.parent else None,
                is_demo=plan.is_demo,
                **entry.values,
            )
            for entry in plan.create
            if entry.type == type_
        ]
        for structure in batch:
            structure.refresh_sort_name()  # bulk_create does not call save()
        for structure in Structure.objects.bulk_create(batch):
            by_code[structure.code] = structure
    now = timezone.now()
    fields: set[str] = set()
    for structure, entry in plan.update:
        for name, value in entry.values.items():
            setattr(structure, name, value)
        structure.parent = by_code[entry.parent] if entry.parent else None
        structure.is_demo = plan.is_demo
        structure.updated_at = now
        structure.version = F("version") + 1
        structure.refresh_sort_name()
        fields.update(entry.values)
    if plan.update:
        fields.update({"parent", "is_demo", "updated_at", "version", "sort_name"})
        Structure.objects.bulk_update([s for s, _ in plan.update], sorted(fields), batch_size=500)
    new_sites = [Site(structure=by_code[e.structure], name=e.name, **e.values) for e in plan.create_sites]
    Site.objects.bulk_create(new_sites, batch_size=500)
    site_fields: set[str] = set()
    for site, entry in plan.update_sites:
        for name, value in entry.values.items():
            setattr(site, name, value)
        site.updated_at = now
        site_fields.update(entry.values)
    if plan.update_sites:
        site_fields.add("updated_at")
        Site.objects.bulk_update([s for s, _ in plan.update_sites], sorted(site_fields), batch_size=500)
