"""Open-data export of the indicators, with the statistical secrecy of spec section 6.

The published table has one row per structure (the MLs that imported the year, their ARMLs,
the nation) and one column per count, breakdown category, exit reason and share. Secrecy:

1. **Primary**: every count from 1 to 10 is masked (0 is published: it reveals nobody).
2. **Secondary**, so that no masked count can be recomputed by difference. The table holds
   *additive groups*, sets of cells where a total equals the sum of its parts:
   - in a row, each breakdown (sexe, age, niveau, qpv, zrr, rqth, justice, logement) sums to
     ``jeunes_accompagnes``, and the exits by reason of a programme sum to its ``sorties``;
     each breakdown of a programme's entrants sums to ``entrants_<P>``, the contract types to
     ``contrats_emploi``, each breakdown of the young people under justice to ``justice_1``;
   - in a column, the ML rows of a region sum to their ARML's row, the ARML rows to the nation.
   a) *Fixed point*: while some group holds exactly one masked cell, mask another cell of
      that group: preferably one that also closes another group with a lone masked cell,
      then the smallest non-zero one (a part before the total on a tie, as masking a total
      spreads to every group it closes); zero cells only when nothing else is left.
   b) *Exact check*: groups overlap (a cell of the total column closes eight row groups and
      a column group), so a masked cell could still follow from several equations together
      even when every group holds two masked cells. The equations are reduced (modulo a
      large prime, one connected block at a time); a masked cell is recomputable exactly when
      its unit vector lies in the row space of the equations restricted to masked cells, i.e.
      its column is a pivot whose reduced row has no other entry. For each such cell one more
      cell of its block is masked, and a) and b) run again until nothing is recomputable.
3. **Shares**: a share is masked when its base counts fewer than 11 (spec), and also when its
   numerator or its base is masked (share x base would give the masked count back).

The secrecy is computed once on the national table and the rows of the requested perimeter
are cut from it, so that the files of a region, of its MLs and of the nation never let a
cell masked in one be recomputed from another.

A figure missing for a structure (aggregates stored before the profiles of issue 18 existed,
until ``observatory recompute``) is published as an empty cell and enters no equation.

Not published (interpretations, see the report): the year-over-year changes (with the
previous year's file they would give masked counts back), the contracted objectives, and
the hours of face-to-face work (a duration, not a count of people; published as is).
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure
from mlplatform.reports.csvfile import csv_text

from .indicators import (
    BREAKDOWNS,
    CONTRACTS,
    JUSTICE_BREAKDOWNS,
    JUSTICE_ENTRIES,
    PROFILE_BREAKDOWNS,
    PROGRAMMES,
    indicators,
    indicators_many,
)

SECRET = "secret"
SECRECY_THRESHOLD = 10  # counts from 1 to this are masked
SHARE_MIN_BASE = 11  # a share on fewer young people than this is masked

Key = Hashable  # a cell: (row, column)
# The elimination is done modulo this prime (2**61 - 1) rather than with fractions: several
# times faster on a national table. Modulo a prime, a cell can only be *missed* when the prime
# divides a minor of the equations' matrix (coefficients 0 and 1, minors small); for a 61-bit
# prime that does not happen in practice. A cell wrongly found recomputable would only be
# masked needlessly.
MODULUS = (1 << 61) - 1


@dataclass(frozen=True)
class AdditiveGroup:
    """Cells where ``total`` equals the sum of ``parts``."""

    total: Key
    parts: tuple[Key, ...]

    @property
    def cells(self) -> tuple[Key, ...]:
        return (self.total, *self.parts)


@dataclass(frozen=True)
class ShareDef:
    """A share ``sum(numerators) / base``, published as a percentage with one decimal."""

    numerators: tuple[Key, ...]
    base: Key


@dataclass
class Secrecy:
    masked: set[Key] = field(default_factory=set)
    primary: set[Key] = field(default_factory=set)
    masked_shares: set[Key] = field(default_factory=set)


def _complement(
    group: AdditiveGroup,
    counts: Mapping[Key, int],
    masked: set[Key],
    by_cell: Mapping[Key, list[AdditiveGroup]],
) -> Key | None:
    """The cell to mask beside a lone masked one.

    First a cell that also closes another group holding a lone masked cell (one mask then
    protects two groups), then the smallest non-zero value, a part before the total.
    """
    candidates = [cell for cell in group.cells if cell not in masked]
    if not candidates:
        return None

    def helps(cell: Key) -> bool:
        return any(
            other is not group and sum(c in masked for c in other.cells) == 1 for other in by_cell[cell]
        )

    return min(candidates, key=lambda c: (not helps(c), counts[c] == 0, counts[c], c == group.total, str(c)))


def _fixed_point(groups: Sequence[AdditiveGroup], counts: Mapping[Key, int], masked: set[Key]) -> None:
    """Step 2a: until no group holds exactly one masked cell (groups visited in order)."""
    by_cell: dict[Key, list[AdditiveGroup]] = defaultdict(list)
    for group in groups:
        for cell in group.cells:
            by_cell[cell].append(group)
    pending = deque(groups)
    while pending:
        group = pending.popleft()
        if sum(cell in masked for cell in group.cells) != 1:
            continue
        cell = _complement(group, counts, masked, by_cell)
        if cell is None:
            continue
        masked.add(cell)
        pending.extend(by_cell[cell])


def recomputable(groups: Sequence[AdditiveGroup], masked: set[Key]) -> set[Key]:
    """The masked cells that the published cells and the groups' equations determine exactly."""
    equations = []
    for group in groups:
        row: dict[Key, int] = {}
        for cell, coefficient in ((group.total, 1), *((part, -1) for part in group.parts)):
            if cell in masked:
                row[cell] = row.get(cell, 0) + coefficient
        row = {cell: value for cell, value in row.items() if value}
        if row:
            equations.append(row)
    determined: set[Key] = set()
    for block in _blocks(equations):
        determined |= _determined(block)
    return determined


def _blocks(equations: list[dict[Key, int]]) -> list[list[dict[Key, int]]]:
    """Split the equations into blocks that share no unknown (union-find on the cells)."""
    parent: dict[Key, Key] = {}

    def find(cell: Key) -> Key:
        parent.setdefault(cell, cell)
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    for equation in equations:
        cells = list(equation)
        for cell in cells[1:]:
            parent[find(cell)] = find(cells[0])
    blocks: dict[Key, list[dict[Key, int]]] = defaultdict(list)
    for equation in equations:
        blocks[find(next(iter(equation)))].append(equation)
    return list(blocks.values())


def _determined(equations: list[dict[Key, int]]) -> set[Key]:
    """Gauss-Jordan elimination: the pivot cells whose reduced row holds no other cell.

    Rows are kept fully reduced (a pivot appears in its own row only); ``holders`` indexes, for
    each non-pivot cell, the rows holding it, so that a new pivot is eliminated from those only.
    Arithmetic is exact modulo the prime ``MODULUS`` (see its comment).
    """
    order = {cell: index for index, cell in enumerate(dict.fromkeys(c for eq in equations for c in eq))}
    pivots: dict[Key, dict[Key, int]] = {}
    holders: dict[Key, set[Key]] = defaultdict(set)
    for equation in equations:
        row = {cell: value % MODULUS for cell, value in equation.items()}
        for cell in [c for c in row if c in pivots]:  # pivot rows hold no other pivot
            factor = row.get(cell)
            if factor:
                _add(row, pivots[cell], -factor)
        row = {cell: value for cell, value in row.items() if value}
        if not row:
            continue
        pivot = min(row, key=order.__getitem__)
        inverse = pow(row[pivot], -1, MODULUS)
        row = {cell: value * inverse % MODULUS for cell, value in row.items()}
        for other_pivot in holders.pop(pivot, ()):
            other = pivots[other_pivot]
            factor = other.pop(pivot, 0)
            for cell, value in row.items():
                if cell == pivot:
                    continue
                new = (other.get(cell, 0) - factor * value) % MODULUS
                if new:
                    other[cell] = new
                    holders[cell].add(other_pivot)
                else:
                    other.pop(cell, None)
                    holders[cell].discard(other_pivot)
        pivots[pivot] = row
        for cell in row:
            if cell != pivot:
                holders[cell].add(pivot)
    return {pivot for pivot, row in pivots.items() if len(row) == 1}


def _add(target: dict[Key, int], source: dict[Key, int], factor: int) -> None:
    for cell, value in source.items():
        target[cell] = (target.get(cell, 0) + factor * value) % MODULUS


def apply_secrecy(
    counts: Mapping[Key, int],
    groups: Sequence[AdditiveGroup],
    shares: Mapping[Key, ShareDef] | None = None,
) -> Secrecy:
    """Which counts and shares to publish as ``secret`` (see the module docstring)."""
    primary = {cell for cell, value in counts.items() if 1 <= value <= SECRECY_THRESHOLD}
    masked = set(primary)
    while True:
        _fixed_point(groups, counts, masked)
        exposed = recomputable(groups, masked)
        if not exposed:
            break
        # One cell at a time: masking beside one exposed cell often covers the others too. When
        # every cell around is masked already, nothing published can give the exposed one back.
        if not any(_mask_beside(cell, groups, counts, masked) for cell in sorted(exposed, key=str)):
            break
    result = Secrecy(masked=masked, primary=primary)
    for key, share in (shares or {}).items():
        base = counts.get(share.base, 0)
        if base < SHARE_MIN_BASE or share.base in masked or any(n in masked for n in share.numerators):
            result.masked_shares.add(key)
    return result


def _mask_beside(cell: Key, groups: Sequence[AdditiveGroup], counts: Mapping[Key, int], masked: set) -> bool:
    """Mask one more cell of a group holding ``cell`` (or, failing that, of its block)."""
    around = [g for g in groups if cell in g.cells]
    candidates = [c for g in around for c in g.cells if c not in masked]
    if not candidates:
        reach = {c for g in around for c in g.cells}
        candidates = [c for g in groups if reach & set(g.cells) for c in g.cells if c not in masked]
    if not candidates:
        return False
    masked.add(min(candidates, key=lambda c: (counts[c] == 0, counts[c], str(c))))
    return True


# --------------------------------------------------------------------------------------------
# The indicators table


@dataclass(frozen=True)
class Column:
    code: str
    kind: str  # "count", "quantity" or "share"


@dataclass
class OpenDataRow:
    structure_code: str
    name: str
    type: str
    region: str
    parent_code: str


@dataclass
class OpenDataTable:
    year: int
    columns: list[Column]
    rows: list[OpenDataRow]
    values: dict[tuple[str, str], float | int | None]
    secrecy: Secrecy
    secrecy_groups: list[AdditiveGroup] = field(default_factory=list)

    def cell(self, row: str, column: Column) -> str:
        """The published text of a cell: a number, ``secret``, or empty (a share without base)."""
        key = (row, column.code)
        value = self.values.get(key)
        if value is None:
            return ""
        if column.kind == "share":
            return SECRET if key in self.secrecy.masked_shares else f"{value * 100:.1f}"
        if key in self.secrecy.masked:
            return SECRET
        return f"{value:.1f}" if column.kind == "quantity" else str(int(value))


NATION = "NATIONAL"


def _count_columns(
    sample: dict,
) -> tuple[list[Column], list[tuple[str, list[str]]], list[tuple[str, list[str]]]]:
    """The columns of the table from one indicators dict, and the additive groups of a row."""
    columns: list[Column] = []
    row_groups: list[tuple[str, list[str]]] = []
    exit_groups: list[tuple[str, list[str]]] = []
    for code, value in sample["indicators"].items():
        if code.startswith("taux_"):
            continue
        kind = "quantity" if isinstance(value, float) or code.startswith("heures") else "count"
        columns.append(Column(code, kind))
    for dimension, categories in sample["breakdowns"].items():
        parts = [f"{dimension}_{category}" for category in categories]
        columns.extend(Column(part, "count") for part in parts)
        row_groups.append(("jeunes_accompagnes", parts))
    for programme, reasons in sample["exits_by_reason"].items():
        parts = [f"sorties_{programme}_{reason}" for reason in reasons]
        columns.extend(Column(part, "count") for part in parts)
        exit_groups.append((f"sorties_{programme}", parts))
    return columns, row_groups, exit_groups


def _profile_columns() -> tuple[list[Column], list[tuple[str, list[str]]]]:
    """The columns of the profiles (issue 18) and their additive groups in a row: each breakdown
    of a programme's entrants sums to ``entrants_<P>``, the contract types to ``contrats_emploi``,
    each breakdown of the young people under justice to ``justice_1``."""
    columns: list[Column] = []
    groups: list[tuple[str, list[str]]] = []
    for programme in PROGRAMMES:
        total = f"entrants_{programme}"
        columns.append(Column(total, "count"))
        for dimension in PROFILE_BREAKDOWNS:
            parts = [f"{total}_{dimension}_{value}" for value in BREAKDOWNS[dimension]]
            columns.extend(Column(part, "count") for part in parts)
            groups.append((total, parts))
    parts = [f"contrats_{contract}" for contract in CONTRACTS]
    columns.extend(Column(part, "count") for part in parts)
    groups.append(("contrats_emploi", parts))
    for dimension in JUSTICE_BREAKDOWNS:
        parts = [f"justice_{dimension}_{value}" for value in BREAKDOWNS[dimension]]
        columns.extend(Column(part, "count") for part in parts)
        groups.append(("justice_1", parts))
    columns.extend(Column(f"justice_entres_{entry}", "count") for entry in JUSTICE_ENTRIES)
    columns.extend(Column(f"justice_contrats_{contract}", "count") for contract in CONTRACTS)
    return columns, groups


def _profile_values(data: dict) -> dict[str, int | None]:
    """The profile cells of one structure, ``None`` (published empty) where they are missing."""
    values: dict[str, int | None] = {}
    entrants, profile = data.get("entrants"), data.get("entrants_profile")
    for programme in PROGRAMMES:
        values[f"entrants_{programme}"] = None if entrants is None else entrants[programme]
        for dimension in PROFILE_BREAKDOWNS:
            for value in BREAKDOWNS[dimension]:
                values[f"entrants_{programme}_{dimension}_{value}"] = (
                    None if profile is None else profile[programme][dimension][value]
                )
    justice, contracts = data.get("justice"), data.get("contracts")
    for contract in CONTRACTS:
        values[f"contrats_{contract}"] = None if contracts is None else contracts[contract]
        values[f"justice_contrats_{contract}"] = None if justice is None else justice["contracts"][contract]
    for dimension in JUSTICE_BREAKDOWNS:
        for value in BREAKDOWNS[dimension]:
            values[f"justice_{dimension}_{value}"] = (
                None if justice is None else justice["breakdowns"][dimension][value]
            )
    for entry in JUSTICE_ENTRIES:
        values[f"justice_entres_{entry}"] = None if justice is None else justice["entries"][entry]
    return values


def _flat_values(data: dict) -> dict[str, float | int | None]:
    values: dict[str, float | int | None] = {
        code: value for code, value in data["indicators"].items() if not code.startswith("taux_")
    }
    for dimension, categories in data["breakdowns"].items():
        for category, value in categories.items():
            values[f"{dimension}_{category}"] = value
    for programme, reasons in data["exits_by_reason"].items():
        for reason, value in reasons.items():
            values[f"sorties_{programme}_{reason}"] = value
    values.update(_profile_values(data))
    return values


POSITIVE_EXIT_REASONS = ("EMPLOI_DURABLE", "ALTERNANCE")


def build_table(
    year: int,
    rows: Sequence[OpenDataRow],
    data: Mapping[str, dict],
    hierarchy: Mapping[str, Sequence[str]],
) -> OpenDataTable:
    """The national table: ``rows`` in order, ``data[code]`` their indicators dicts (issue shape),
    ``hierarchy[total code] = part codes`` (ARML -> its MLs in the table, nation -> ARMLs)."""
    sample = next(iter(data.values()))
    count_columns, row_groups, exit_groups = _count_columns(sample)
    profile_columns, profile_groups = _profile_columns()
    count_columns += profile_columns
    row_groups += profile_groups
    share_columns: list[Column] = []
    shares: dict[Key, ShareDef] = {}
    values: dict[tuple[str, str], float | int | None] = {}
    for row in rows:
        for code, value in _flat_values(data[row.structure_code]).items():
            values[(row.structure_code, code)] = value
    share_specs: list[tuple[str, tuple[str, ...], str]] = []
    for total, parts in row_groups:
        share_specs.extend((f"part_{part}", (part,), total) for part in parts)
    for total, parts in exit_groups:
        programme = total.removeprefix("sorties_")
        numerators = tuple(
            f"{total}_{reason}" for reason in POSITIVE_EXIT_REASONS if f"{total}_{reason}" in parts
        )
        share_specs.append((f"taux_sorties_positives_{programme}", numerators, total))
    for code, numerators, base in share_specs:
        share_columns.append(Column(code, "share"))
        for row in rows:
            r = row.structure_code
            key = (r, code)
            shares[key] = ShareDef(tuple((r, n) for n in numerators), (r, base))
            base_value = values.get((r, base)) or 0
            values[key] = (
                (sum(values.get((r, n)) or 0 for n in numerators) / base_value) if base_value else None
            )
    groups: list[AdditiveGroup] = []
    for row in rows:
        r = row.structure_code
        for total, parts in [*row_groups, *exit_groups]:
            groups.append(AdditiveGroup((r, total), tuple((r, part) for part in parts)))
    present = {row.structure_code for row in rows}
    additive = [c.code for c in count_columns if c.kind == "count"]
    for total, parts in hierarchy.items():
        members = [p for p in parts if p in present]
        if total not in present or not members:
            continue
        for column in additive:
            groups.append(AdditiveGroup((total, column), tuple((p, column) for p in members)))
    counts = {
        key: int(value) for key, value in values.items() if key[1] in set(additive) and value is not None
    }
    # A figure missing (aggregates stored before it existed) is published empty: no equation holds it.
    groups = [group for group in groups if all(cell in counts for cell in group.cells)]
    secrecy = apply_secrecy(counts, groups, shares)
    return OpenDataTable(year, count_columns + share_columns, list(rows), values, secrecy, groups)


IDENTITY_HEADER = ["annee", "structure", "nom", "type", "region", "structure_parente"]


def write_csv(table: OpenDataTable, row_codes: Iterable[str] | None = None) -> str:
    """The CSV text (``;``-separated, UTF-8, decimal point; shares in percent with one decimal)."""
    wanted = set(row_codes) if row_codes is not None else None
    header = IDENTITY_HEADER + [c.code + ("_pct" if c.kind == "share" else "") for c in table.columns]
    rows = (
        [table.year, row.structure_code, row.name, row.type, row.region, row.parent_code]
        + [table.cell(row.structure_code, column) for column in table.columns]
        for row in table.rows
        if wanted is None or row.structure_code in wanted
    )
    return csv_text(header, rows)


# --------------------------------------------------------------------------------------------
# From the indicators to the file


def national_table(year: int) -> OpenDataTable | None:
    """The table of every ML that imported ``year``, its ARMLs and the nation, secrecy applied."""
    structures = list(
        Structure.objects.filter(type__in=(StructureType.ARML, StructureType.ML)).order_by("type", "name")
    )
    data = indicators_many(year, structures)
    data[NATION] = indicators(year, None)
    if not data[NATION]["coverage"]["mls"]:
        return None
    with_data = {s.code for s in structures if data[s.code]["coverage"]["mls"]}
    armls = [s for s in structures if s.type == StructureType.ARML and s.code in with_data]
    arml_codes = {s.pk: s.code for s in armls}
    mls = [s for s in structures if s.type == StructureType.ML and s.code in with_data]
    hierarchy: dict[str, list[str]] = {a.code: [] for a in armls}
    top_parts = [a.code for a in armls]
    for ml in mls:
        if ml.parent_id in arml_codes:
            hierarchy[arml_codes[ml.parent_id]].append(ml.code)
        else:
            top_parts.append(ml.code)  # an ML outside any ARML counts straight in the nation
    hierarchy[NATION] = top_parts
    parents = {s.pk: s.code for s in structures}
    rows = [OpenDataRow(NATION, "France entière", "NATIONAL", "", "")]
    for arml in armls:
        rows.append(OpenDataRow(arml.code, arml.name, arml.type, arml.region, NATION))
        rows.extend(
            OpenDataRow(ml.code, ml.name, ml.type, ml.region, arml.code)
            for ml in mls
            if ml.parent_id == arml.pk
        )
    rows.extend(
        OpenDataRow(ml.code, ml.name, ml.type, ml.region, parents.get(ml.parent_id, ""))
        for ml in mls
        if ml.parent_id not in arml_codes
    )
    return build_table(year, rows, data, hierarchy)


def opendata_csv(structure: Structure, year: int, readable: set[str]) -> str:
    """The open-data file of ``structure``: its rows cut from the national table (the nation's
    for the UNML), among the structure codes ``readable`` by whoever asks (``access``)."""
    table = national_table(year)
    if table is None:
        return write_csv(_empty_table(year), [])
    if structure.type == StructureType.UNML:
        wanted = {row.structure_code for row in table.rows if row.structure_code in readable}
        return write_csv(table, wanted | {NATION})
    wanted = {structure.code} | {
        row.structure_code for row in table.rows if row.parent_code == structure.code
    }
    return write_csv(table, wanted & readable)


def _empty_table(year: int) -> OpenDataTable:
    return OpenDataTable(year, [], [], {}, Secrecy())
