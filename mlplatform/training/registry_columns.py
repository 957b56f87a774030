"""The staff headcount as optional columns of the registry import (``structures.csv``).

``effectif``: the structure's total headcount (a whole number of people); ``annee_effectif``: its
year (by default the year of the import). Both optional; a bad value refuses the whole import with
the registry's report (rule, line, column, value), and nothing changes. Registered with
``network.registry.register_columns`` in ``TrainingConfig.ready()``.
"""

from __future__ import annotations

import re

from django.utils import timezone

from mlplatform.network.models import Structure
from mlplatform.network.registry import ColumnSpec, ExtraColumns, ExtraProblem, ExtraRow

from .models import JOB_FAMILIES, Headcount

FIRST_YEAR, LAST_YEAR = 2000, 2100
HEADCOUNT, YEAR = "effectif", "annee_effectif"
_SPACES = re.compile(r"[\s\u00a0\u202f]")

COLUMNS = (
    ColumnSpec(
        HEADCOUNT,
        "",
        False,
        "non",
        "effectif total de la structure, en nombre de personnes (entier) : il sert au bilan de formation",
    ),
    ColumnSpec(
        YEAR,
        "",
        False,
        "non (avec effectif)",
        f"année de l'effectif ({FIRST_YEAR} à {LAST_YEAR}) ; vide : l'année de l'import",
    ),
)
RULES = {
    "headcount_format": "Effectif mal formé (un nombre entier de personnes, 0 ou plus, sans décimale)",
    "headcount_year": f"Année de l'effectif mal formée (de {FIRST_YEAR} à {LAST_YEAR})",
    "headcount_year_alone": "Année de l'effectif indiquée sans effectif",
    "headcount_families": (
        "Effectif inférieur à la somme des effectifs par famille d'emplois déjà déclarés pour cette année"
    ),
}


def _number(value: str) -> int | None:
    cleaned = _SPACES.sub("", value)
    return int(cleaned) if cleaned.isdigit() else None


def _year(row: ExtraRow) -> int | None:
    raw = row.values.get(YEAR, "")
    if not raw:
        return timezone.localdate().year
    year = _number(raw)
    return year if year is not None and FIRST_YEAR <= year <= LAST_YEAR else None


def check(rows: list[ExtraRow]) -> list[ExtraProblem]:
    problems = []
    wanted: dict[tuple[str, int], tuple[ExtraRow, int]] = {}
    for row in rows:
        raw, raw_year = row.values.get(HEADCOUNT, ""), row.values.get(YEAR, "")
        if not raw:
            problems.append(ExtraProblem("headcount_year_alone", row.line, YEAR, raw_year))
            continue
        total = _number(raw)
        if total is None:
            problems.append(ExtraProblem("headcount_format", row.line, HEADCOUNT, raw))
        year = _year(row)
        if year is None:
            problems.append(ExtraProblem("headcount_year", row.line, YEAR, raw_year))
        if total is not None and year is not None:
            wanted[(row.code, year)] = (row, total)
    if wanted:
        declared = Headcount.objects.filter(
            structure__code__in={code for code, _ in wanted}, year__in={year for _, year in wanted}
        ).select_related("structure")
        for headcount in declared.order_by("pk"):
            found = wanted.get((headcount.structure.code, headcount.year))
            families = sum(getattr(headcount, name) or 0 for name in JOB_FAMILIES)
            if found is not None and found[1] < families:
                row, total = found
                detail = f"{families} personnes déclarées par famille d'emplois pour {headcount.year}"
                problems.append(
                    ExtraProblem("headcount_families", row.line, HEADCOUNT, row.values[HEADCOUNT], detail)
                )
    return problems


def apply(rows: list[ExtraRow]) -> None:
    """Write the headcounts (called inside the import's transaction, after its checks passed)."""
    by_code = {s.code: s for s in Structure.objects.filter(code__in={row.code for row in rows}).order_by()}
    wanted = {(by_code[row.code].pk, _year(row)): _number(row.values[HEADCOUNT]) for row in rows}
    existing = {
        (h.structure_id, h.year): h
        for h in Headcount.objects.filter(
            structure__in=by_code.values(), year__in={year for _, year in wanted}
        ).order_by("pk")
    }
    now = timezone.now()
    changed = []
    for (structure_id, year), total in wanted.items():
        current = existing.get((structure_id, year))
        if current is not None and current.total != total:
            current.total, current.updated_at = total, now
            changed.append(current)
    Headcount.objects.bulk_update(changed, ["total", "updated_at"], batch_size=500)
    Headcount.objects.bulk_create(
        [
            Headcount(structure_id=structure_id, year=year, total=total, updated_at=now)
            for (structure_id, year), total in wanted.items()
            if (structure_id, year) not in existing
        ],
        batch_size=500,
    )


HEADCOUNT_COLUMNS = ExtraColumns(columns=COLUMNS, rules=RULES, check=check, apply=apply)
