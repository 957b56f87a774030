"""The observatory extract format (spec observatoire-format-v1, sections 1, 3 and 4), in one place.

- Each file of a dataset is described by a :class:`FileSpec` (its columns, which are required,
  which values they accept); the documentation and the test factories read them too.
- :func:`build_checks` turns these descriptions into the DuckDB SQL of the refusal rules.
- Reading the files themselves (section 1) is ``sources``.
"""

# ruff: noqa: S608 - SQL is assembled from the spec's constants; paths, column names and values are escaped.

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .indicators import EXIT_REASONS, PROGRAMMES

JEUNE_ID_RE = r"[A-Za-z0-9_-]{8,64}"
STRUCTURE_CODE_RE = r"[A-Z0-9-]{2,20}"

ACT_TYPES = ("ENTRETIEN", "ATELIER", "INFO_COLLECTIVE")
SITUATION_TYPES = ("EMPLOI", "ALTERNANCE", "FORMATION", "IMMERSION", "SERVICE_CIVIQUE")
CONTRACT_TYPES = ("CDI", "CDD", "INTERIM", "CONTRAT_AIDE")
SEXES = ("F", "H")
LEVELS = ("SANS_DIPLOME", "CAP_BEP", "BAC", "SUPERIEUR")
HOUSING = ("AUTONOME", "FAMILLE", "PRECAIRE")
OBJECTIVE_INDICATORS = ("ENTREES_DISPOSITIF",)


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # structure | jeune | code | date | month | flag | int | year | programmes
    required: bool  # a value is required on every row (the column must then be in the header)
    meaning: str
    values: tuple[str, ...] = ()  # for kind "code"
    minimum: int | None = None  # for kind "int"
    maximum: int | None = None

    @property
    def expected(self) -> str:
        """The accepted values, in French, for messages and the documentation."""
        if self.kind == "code":
            return ", ".join(self.values)
        if self.kind == "date":
            return "date AAAA-MM-JJ"
        if self.kind == "month":
            return "mois AAAA-MM"
        if self.kind == "flag":
            return "0 ou 1"
        if self.kind == "int":
            return f"nombre entier de {self.minimum} à {self.maximum}"
        if self.kind == "year":
            return "année AAAA"
        if self.kind == "programmes":
            return f"dispositifs parmi {', '.join(PROGRAMMES)} joints par « + »"
        if self.kind == "jeune":
            return "8 à 64 caractères parmi A-Z, a-z, 0-9, « _ » et « - »"
        return "code d'une structure"


@dataclass(frozen=True)
class FileSpec:
    kind: str  # the file's name without extension
    required: bool  # the file must be part of every dataset
    meaning: str
    columns: tuple[Column, ...]
    has_jeune: bool = True  # rows refer to a young person of jeunes.csv
    dated: str = ""  # the column whose dates may not be after the end of the year

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)


_STRUCTURE = Column("structure", "structure", True, "code de la Mission Locale")
_JEUNE = Column("jeune", "jeune", True, "identifiant pseudonyme du jeune")
# Columns that identify a young person: their values are never kept nor shown, not even in the
# refusal of a file (section 4b: regional and national bodies only see anonymised data). A problem
# on such a column names its file, line and column; the ML finds the row in its own file.
IDENTIFIER_COLUMNS = frozenset({_JEUNE.name})


def shown_value(column: str, value: str) -> str:
    """What a refusal may keep and show of a value read in ``column``: nothing for an identifier."""
    return "" if column in IDENTIFIER_COLUMNS else value


FILES: dict[str, FileSpec] = {
    "jeunes": FileSpec(
        "jeunes",
        True,
        "une ligne par jeune connu d'une Mission Locale",
        (
            _STRUCTURE,
            _JEUNE,
            Column("sexe", "code", True, "sexe", SEXES),
            Column("naissance", "month", True, "mois de naissance"),
            Column("premier_accueil", "date", True, "date du premier accueil dans cette Mission Locale"),
            Column("niveau", "code", False, "niveau de qualification", LEVELS),
            Column("qpv", "flag", True, "réside en quartier prioritaire de la ville"),
            Column("zrr", "flag", True, "réside en zone de revitalisation rurale"),
            Column("rqth", "flag", True, "reconnu travailleur handicapé"),
            Column("logement", "code", False, "logement", HOUSING),
            Column("justice", "flag", True, "placé sous main de justice"),
        ),
        has_jeune=False,
    ),
    "evenements": FileSpec(
        "evenements",
        True,
        "une ligne par acte professionnel avec un jeune",
        (
            _STRUCTURE,
            _JEUNE,
            Column("date", "date", True, "date de l'acte"),
            Column("type", "code", True, "type d'acte", ACT_TYPES),
            Column("duree_minutes", "int", False, "durée en minutes", minimum=1, maximum=600),
        ),
        dated="date",
    ),
    "situations": FileSpec(
        "situations",
        True,
        "une ligne par entrée dans une situation",
        (
            _STRUCTURE,
            _JEUNE,
            Column("date", "date", True, "date de début"),
            Column("type", "code", True, "type de situation", SITUATION_TYPES),
            Column("contrat", "code", False, "type de contrat (pour EMPLOI)", CONTRACT_TYPES),
            Column("duree_mois", "int", False, "durée prévue en mois", minimum=1, maximum=120),
        ),
        dated="date",
    ),
    "dispositifs": FileSpec(
        "dispositifs",
        True,
        "une ligne par passage dans un dispositif",
        (
            _STRUCTURE,
            _JEUNE,
            Column("dispositif", "code", True, "dispositif", PROGRAMMES),
            Column("entree", "date", True, "date d'entrée"),
            Column("sortie", "date", False, "date de sortie"),
            Column(
                "motif_sortie", "code", False, "motif de sortie (seulement avec une sortie)", EXIT_REASONS
            ),
        ),
        dated="entree",
    ),
    "objectifs": FileSpec(
        "objectifs",
        False,
        "objectifs contractualisés (par exemple avec l'État)",
        (
            Column("structure", "structure", True, "code de la Mission Locale ou de l'ARML"),
            Column("annee", "year", True, "année"),
            Column("indicateur", "code", True, "indicateur", OBJECTIVE_INDICATORS),
            Column("dispositifs", "programmes", True, "dispositifs comptés"),
            Column("valeur", "int", True, "valeur", minimum=1, maximum=10_000_000),
        ),
        has_jeune=False,
    ),
}
# Files checked before the others: the other files' young people are looked up in it.
FILE_ORDER = ("jeunes", "evenements", "situations", "dispositifs", "objectifs")
EXTENSIONS = (".csv", ".parquet")

# Column names that would carry direct personal data. Names are compared folded (lower case,
# no accents, no separators); a name one of whose words is in PERSONAL_WORDS is refused too.
PERSONAL_NAMES = frozenset(
    {
        "nom",
        "prenom",
        "prenoms",
        "nomnaissance",
        "nomdenaissance",
        "nomusage",
        "nomdusage",
        "nomfamille",
        "nomdefamille",
        "nir",
        "numerosecu",
        "numsecu",
        "numerosecuritesociale",
        "securitesociale",
        "email",
        "mail",
        "courriel",
        "adressemail",
        "adresseemail",
        "adresseelectronique",
        "telephone",
        "tel",
        "portable",
        "mobile",
        "adresse",
        "adressepostale",
        "rue",
        "voie",
        "datenaissance",
        "datedenaissance",
        "lieunaissance",
        "lieudenaissance",
        "ine",
        "identifiantnational",
        "photo",
    }
)
PERSONAL_WORDS = frozenset(
    {
        "nom",
        "prenom",
        "prenoms",
        "nir",
        "email",
        "mail",
        "courriel",
        "telephone",
        "tel",
        "adresse",
        "portable",
    }
)


def fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", text)


def is_personal_column(name: str) -> bool:
    """Whether a column name would carry direct personal data (never a column of the spec)."""
    if fold(name) in PERSONAL_NAMES:
        return True
    words = re.split(
        r"[^a-z0-9]+", unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    )
    return any(word in PERSONAL_WORDS for word in words if word)


def file_kind(filename: str) -> str | None:
    """``jeunes`` for ``jeunes.csv`` or ``jeunes.parquet`` (any case of extension); None otherwise."""
    lower = filename.lower()
    for extension in EXTENSIONS:
        if lower.endswith(extension):
            stem = filename[: -len(extension)]
            return stem if stem in FILES else None
    return None


# -- the rules of section 4 as DuckDB SQL ---------------------------------------------------------
#
# Conditions are written over the row ``r`` whose values are all VARCHAR (NULL for an empty field),
# the registry table ``st`` (code, id, type, inside) joined on ``r.structure`` for jeunes and
# objectifs, and the young people of jeunes.csv ``j`` (structure, jeune) joined on both columns for
# the other files. The importer evaluates them twice at most: as a bit mask in the single pass that
# converts the rows, and, only when a bit is set, again to count and show the rows that break them.


def sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def sql_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _in_list(values: Iterable[str]) -> str:
    return ", ".join(sql_literal(v) for v in values)


@dataclass(frozen=True)
class Check:
    rule: str  # a key of importer.RULES
    column: str
    condition: str
    value_sql: str = "''"
    detail_sql: str = "''"
    window: str = ""  # duplicates: a window expression added as ``_first`` (slow pass only)

    @property
    def name(self) -> str:
        return f"{self.rule}:{self.column}"


@dataclass
class FileChecks:
    spec: FileSpec
    present: tuple[str, ...]  # the spec's columns found in the file's header
    checks: list[Check]
    typed: list[str]  # SQL of the converted columns, as stored
    parsed: list[str]  # SQL of the values parsed once per row (``_p_<column>``), used by checks and typed

    def relation(self, source: str) -> str:
        """``source`` (raw VARCHAR columns) with the parsed values added."""
        if not self.parsed:
            return source
        return f"(SELECT *, {', '.join(self.parsed)} FROM {source})"

    @property
    def mask_checks(self) -> list[Check]:
        return [check for check in self.checks if not check.window]

    def mask_sql(self) -> str:
        """A BIGINT whose bit i says the row breaks the i-th (non-duplicate) check."""
        parts = [f"CASE WHEN {c.condition} THEN {1 << i} ELSE 0 END" for i, c in enumerate(self.mask_checks)]
        return "(" + (" + ".join(parts) or "0") + ")::BIGINT"

    def checks_in(self, bits: int) -> list[Check]:
        return [check for i, check in enumerate(self.mask_checks) if bits & (1 << i)]

    def typed_sql(self) -> str:
        return ", ".join(self.typed)

    def joins(self, jeunes_table: str | None, *, keyed: bool = False) -> str:
        """The joins the checks need: the registry ``st``, or the young people ``j``.

        ``keyed``: join ``j`` on its column ``k`` = hash(structure, jeune), a 64-bit integer that
        is cheaper to probe 12 million times than two strings; the check ``jeune_unknown``
        compares the strings after the join, so that a hash collision can only cause a refusal,
        which the exact (string) join of the second pass then dismisses.
        """
        if self.spec.kind in ("jeunes", "objectifs"):
            return "LEFT JOIN st ON st.code = r.structure"
        if jeunes_table and {"structure", "jeune"} <= set(self.present):
            if keyed:
                return f"LEFT JOIN {jeunes_table} j ON j.k = hash(r.structure, r.jeune)"
            return f"LEFT JOIN {jeunes_table} j ON j.structure = r.structure AND j.jeune = r.jeune"
        return ""

    def not_blank_sql(self) -> str:
        if not self.present:
            return "true"
        return "NOT (" + " AND ".join(f"r.{sql_name(c)} IS NULL" for c in self.present) + ")"


def parsed_name(column: str) -> str:
    return f"_p_{column}"


_PARSERS = {
    "date": lambda c: f"CASE WHEN {c} LIKE '____-__-__' THEN try_cast({c} AS DATE) END",
    "month": lambda c: f"CASE WHEN {c} LIKE '____-__' THEN try_cast({c} || '-01' AS DATE) END",
    "int": lambda c: f"CASE WHEN regexp_full_match({c}, '[0-9]{{1,18}}') THEN try_cast({c} AS BIGINT) END",
    "year": lambda c: f"CASE WHEN regexp_full_match({c}, '[0-9]{{4}}') THEN try_cast({c} AS INTEGER) END",
}
_TYPED_KINDS = {
    "date": lambda c, p: p,
    "month": lambda c, p: p,
    "flag": lambda c, p: f"({c} = '1')",
    "int": lambda c, p: f"{p}::INTEGER",
    "year": lambda c, p: p,
}
_NULL_TYPES = {"date": "DATE", "month": "DATE", "flag": "BOOLEAN", "int": "INTEGER", "year": "INTEGER"}


def build_checks(year: int, headers: dict[str, list[str]], has_jeunes: bool = True) -> dict[str, FileChecks]:
    """The checks of every file (``headers``: kind -> header of the file as read)."""
    return {kind: _file_checks(FILES[kind], year, header, has_jeunes) for kind, header in headers.items()}


def _file_checks(spec: FileSpec, year: int, header: list[str], has_jeunes: bool) -> FileChecks:
    present = tuple(name for name in spec.names if name in header)
    checks: list[Check] = []
    end_of_year = f"DATE '{year:04d}-12-31'"

    def col(name: str) -> str:
        return f"r.{sql_name(name)}"

    def parsed(name: str) -> str:
        return f"r.{parsed_name(name)}"

    for column in spec.columns:
        if column.name not in present:
            continue
        c, p = col(column.name), parsed(column.name)
        value = c
        if column.required:
            checks.append(Check("required", column.name, f"{c} IS NULL"))
        if column.kind == "structure" and spec.kind in ("jeunes", "objectifs"):
            checks.append(
                Check("structure_unknown", column.name, f"{c} IS NOT NULL AND st.code IS NULL", value)
            )
            allowed = ("ML", "ARML") if spec.kind == "objectifs" else ("ML",)
            checks.append(
                Check(
                    "structure_not_ml",
                    column.name,
                    f"st.type NOT IN ({_in_list(allowed)})",
                    value,
                    "'structure de type ' || st.type",
                )
            )
            checks.append(
                Check("structure_outside", column.name, "st.code IS NOT NULL AND NOT st.inside", value)
            )
            if spec.kind == "objectifs" and has_jeunes:
                checks.append(
                    Check(
                        "objective_without_data",
                        column.name,
                        f"st.type = 'ML' AND {c} NOT IN "
                        "(SELECT structure FROM j WHERE structure IS NOT NULL)",
                        value,
                    )
                )
        elif column.kind == "jeune" and spec.kind == "jeunes":
            checks.append(
                Check(
                    "jeune_format",
                    column.name,
                    f"{c} IS NOT NULL AND NOT regexp_full_match({c}, '{JEUNE_ID_RE}')",
                    value,
                )
            )
        elif column.kind == "code":
            checks.append(
                Check(
                    "code_unknown",
                    column.name,
                    f"{c} IS NOT NULL AND {c} NOT IN ({_in_list(column.values)})",
                    value,
                    sql_literal("valeurs prévues : " + ", ".join(column.values)),
                )
            )
        elif column.kind == "date":
            checks.append(Check("date_format", column.name, f"{c} IS NOT NULL AND {p} IS NULL", value))
            if spec.dated:
                checks.append(
                    Check(
                        "date_after_year",
                        column.name,
                        f"{p} > {end_of_year}",
                        value,
                        sql_literal(f"l'année {year} se termine le 31/12/{year}"),
                    )
                )
        elif column.kind == "month":
            condition = (
                f"{c} IS NOT NULL AND ({c} NOT LIKE '____-__' OR try_cast({c} || '-01' AS DATE) IS NULL)"
            )
            checks.append(Check("month_format", column.name, condition, value))
        elif column.kind == "flag":
            checks.append(
                Check("flag_format", column.name, f"{c} IS NOT NULL AND {c} NOT IN ('0', '1')", value)
            )
        elif column.kind == "int":
            checks.append(Check("number_format", column.name, f"{c} IS NOT NULL AND {p} IS NULL", value))
            checks.append(
                Check(
                    "out_of_range",
                    column.name,
                    f"{p} NOT BETWEEN {column.minimum} AND {column.maximum}",
                    value,
                    sql_literal(f"de {column.minimum} à {column.maximum}"),
                )
            )
        elif column.kind == "year":
            checks.append(Check("year_format", column.name, f"{c} IS NOT NULL AND {p} IS NULL", value))
            checks.append(
                Check(
                    "year_mismatch",
                    column.name,
                    f"{p} <> {year}",
                    value,
                    sql_literal(f"année importée : {year}"),
                )
            )
        elif column.kind == "programmes":
            parts = f"string_split({c}, '+')"
            condition = (
                f"{c} IS NOT NULL AND (NOT list_has_all([{_in_list(PROGRAMMES)}], {parts}) "
                f"OR len(list_distinct({parts})) <> len({parts}))"
            )
            checks.append(Check("programmes_format", column.name, condition, value))
    checks.extend(_cross_checks(spec, present, has_jeunes, col, parsed))
    typed, parsers = [], []
    for column in spec.columns:
        if column.name in present and column.kind in _PARSERS:
            parsers.append(f"{_PARSERS[column.kind](sql_name(column.name))} AS {parsed_name(column.name)}")
        if column.kind in ("structure", "jeune"):
            continue
        if column.name in present:
            convert = _TYPED_KINDS.get(column.kind)
            sql = convert(col(column.name), parsed(column.name)) if convert else col(column.name)
        else:
            sql = f"NULL::{_NULL_TYPES.get(column.kind, 'VARCHAR')}"
        typed.append(f"{sql} AS {sql_name(column.name)}")
    return FileChecks(spec, present, checks, typed, parsers)


def _cross_checks(
    spec: FileSpec,
    present: tuple[str, ...],
    has_jeunes: bool,
    col: Callable[[str], str],
    parsed: Callable[[str], str],
) -> list[Check]:
    checks: list[Check] = []
    if spec.has_jeune and has_jeunes and {"structure", "jeune"} <= set(present):
        checks.append(
            Check(
                "jeune_unknown",
                "jeune",
                f"{col('structure')} IS NOT NULL AND {col('jeune')} IS NOT NULL AND (j.structure IS NULL "
                f"OR j.structure <> {col('structure')} OR j.jeune <> {col('jeune')})",
                col("jeune"),
                f"'structure ' || {col('structure')}",
            )
        )
    if spec.kind == "jeunes" and {"structure", "jeune"} <= set(present):
        checks.append(
            Check(
                "jeune_duplicate",
                "jeune",
                "r.structure IS NOT NULL AND r.jeune IS NOT NULL AND r._first <> r._index",
                "r.jeune",
                "'structure ' || r.structure || ', déjà présent plus haut dans le fichier'",
                window="min(r._index) OVER (PARTITION BY r.structure, r.jeune)",
            )
        )
    if spec.kind == "objectifs" and set(spec.names) <= set(present):
        checks.append(
            Check(
                "objective_duplicate",
                "dispositifs",
                "r._first <> r._index",
                "r.dispositifs",
                "'structure ' || coalesce(r.structure, '') || ', déjà présent plus haut dans le fichier'",
                window="min(r._index) OVER (PARTITION BY r.structure, r.annee, r.indicateur, r.dispositifs)",
            )
        )
    if spec.kind == "dispositifs":
        has_exit, has_reason = "sortie" in present, "motif_sortie" in present
        if has_exit and "entree" in present:
            checks.append(
                Check(
                    "exit_before_entry",
                    "sortie",
                    f"{parsed('sortie')} < {parsed('entree')}",
                    col("sortie"),
                    "'entrée le ' || " + col("entree"),
                )
            )
        if has_exit:
            reason = f" AND {col('motif_sortie')} IS NULL" if has_reason else ""
            checks.append(
                Check(
                    "exit_reason_missing",
                    "motif_sortie",
                    f"{col('sortie')} IS NOT NULL{reason}",
                    "''",
                    "'sortie le ' || " + col("sortie"),
                )
            )
        if has_reason:
            exit_missing = f" AND {col('sortie')} IS NULL" if has_exit else ""
            checks.append(
                Check(
                    "exit_reason_without_exit",
                    "motif_sortie",
                    f"{col('motif_sortie')} IS NOT NULL{exit_missing}",
                    col("motif_sortie"),
                )
            )
    if spec.kind == "situations" and {"contrat", "type"} <= set(present):
        checks.append(
            Check(
                "contract_not_employment",
                "contrat",
                f"{col('contrat')} IS NOT NULL AND {col('type')} IN ({_in_list(SITUATION_TYPES)}) "
                f"AND {col('type')} <> 'EMPLOI'",
                col("contrat"),
                "'situation de type ' || " + col("type"),
            )
        )
    return checks
