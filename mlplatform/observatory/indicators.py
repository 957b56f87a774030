"""The indicators of the observatory (spec observatoire-format-v1, section 5): the one place they are read.

Pages, PDF reports, exports, the API and the ``observatory indicators`` command all call
:func:`indicators` or :func:`indicators_many`, so they show the same numbers.

How it works: on import, :mod:`.engine` computes with DuckDB, for every Mission Locale of the
dataset, flat counts over the pseudonymised rows (see :data:`AGGREGATE_KEYS`) and stores them in
the web database (``DatasetStructure.values``). Here those per-ML counts are summed (an ARML's
figure is the sum over its MLs, the nation's over all MLs) and the rates are derived from the
summed counts, never averaged.

Public API::

    INDICATORS: list[IndicatorDef]          # ordered; code, French label, kind (count | hours | rate)
    PROGRAMMES = ("CEJ", "GJ", "PACEA")
    EXIT_REASONS, POSITIVE_EXIT_REASONS
    BREAKDOWNS: dict[str, tuple[str, ...]]  # breakdown -> ordered values (as in the issue's JSON)
    BREAKDOWN_LABELS, BREAKDOWN_VALUE_LABELS, EXIT_REASON_LABELS, PROGRAMME_LABELS
    PROFILE_BREAKDOWNS, JUSTICE_BREAKDOWNS, CONTRACTS, CONTRACT_LABELS, JUSTICE_ENTRIES, JUSTICE_ENTRY_LABELS
    AGGREGATE_KEYS, PROFILE_KEYS, STORED_KEYS   # the flat per-ML keys (STORED_KEYS: what the engine stores)
    indicators(year, structure) -> dict     # the JSON shape of the issue (+ "previous", "coverage")
    indicators_many(year, structures) -> dict[str, dict]   # same dicts, constant number of queries
    years_available(structure=None) -> list[int]            # ascending
    completeness(structures, years) -> dict[str, dict[int, DatasetInfo | None]]
    share(part, whole) -> float | None

Conventions of the returned dict (documented in docs/observatoire.md):

- counts are ``int``; ``heures_face_a_face`` is a ``float`` rounded to 2 decimals;
- rates are fractions (0.368 for 36.8 %), ``None`` when their denominator is 0 (no exit, ...);
- ``evolution`` maps every count and hours indicator to (Y - (Y-1)) / (Y-1), computed on the
  exact summed counts (minutes for the hours, never the rounded hours) and rounded to 4
  decimals, only when the set of MLs of the perimeter imported for Y-1 is exactly the set
  imported for Y (otherwise the two totals would not describe the same network) and the Y-1
  value is not 0; ``previous`` holds the Y-1 values then (``{}`` otherwise);
- ``objectives``: the current objectives of every structure of the perimeter (the structure
  itself first), each with ``realise`` = entries in Y into its programmes summed over that
  objective's structure's MLs, and ``taux`` = realise / valeur;
- ``coverage``: ``{"mls": [codes with data for Y], "mls_total": n, "missing": [codes]}`` where
  the total counts the open MLs of the perimeter (and closed ones that have data);
- the profiles (issue 18), each ``None`` when no ML of the perimeter has data for Y or one of
  them has aggregates stored before the profiles existed (missing, never zeros; ``observatory
  recompute`` stores them):
  ``entrants[P]``: young people with an entry into programme P in Y (once each);
  ``entrants_profile[P][breakdown][value]``: their breakdowns (:data:`PROFILE_BREAKDOWNS`, age at
  their first entry of Y into P);
  ``contracts[contract]``: ``EMPLOI`` rows starting in Y by ``contrat`` (:data:`CONTRACTS`,
  ``INCONNU`` when not given; they sum to ``contrats_emploi``), ``contract_shares[contract]``
  their shares (4 decimals, ``None`` without any contract);
  ``justice``: ``{"jeunes": accompanied with justice = 1, "breakdowns": {breakdown: {value: n}}
  (:data:`JUSTICE_BREAKDOWNS`, age at the first act), "entries": {"emploi" | "alternance" |
  "formation": young people under justice with such a situation starting in Y}, "contracts":
  {contract: n}, "contract_shares": {contract: share}}``.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q

from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure

from .models import DatasetStructure, Objective

PROGRAMMES = ("CEJ", "GJ", "PACEA")
PROGRAMME_LABELS = {
    "CEJ": "Contrat d'engagement jeune (CEJ)",
    "GJ": "Garantie jeunes (GJ)",
    "PACEA": "Parcours contractualisé (PACEA)",
}
EXIT_REASONS = ("EMPLOI_DURABLE", "ALTERNANCE", "FORMATION", "AUTRE", "ABANDON")
POSITIVE_EXIT_REASONS = ("EMPLOI_DURABLE", "ALTERNANCE")
EXIT_REASON_LABELS = {
    "EMPLOI_DURABLE": "Emploi durable",
    "ALTERNANCE": "Alternance",
    "FORMATION": "Formation",
    "AUTRE": "Autre",
    "ABANDON": "Abandon",
}

UNKNOWN = "INCONNU"
BREAKDOWNS: dict[str, tuple[str, ...]] = {
    "sexe": ("F", "H"),
    "age": ("<16", "16-17", "18-20", "21-23", "24+"),
    "niveau": ("SANS_DIPLOME", "CAP_BEP", "BAC", "SUPERIEUR", UNKNOWN),
    "qpv": ("0", "1"),
    "zrr": ("0", "1"),
    "rqth": ("0", "1"),
    "justice": ("0", "1"),
    "logement": ("AUTONOME", "FAMILLE", "PRECAIRE", UNKNOWN),
}
BREAKDOWN_LABELS = {
    "sexe": "Sexe",
    "age": "Âge au premier acte de l'année",
    "niveau": "Niveau de qualification",
    "qpv": "Résidant en quartier prioritaire (QPV)",
    "zrr": "Résidant en zone de revitalisation rurale (ZRR)",
    "rqth": "Reconnus travailleurs handicapés (RQTH)",
    "justice": "Sous main de justice (JSMJ)",
    "logement": "Logement",
}
_FLAG_LABELS = {"0": "Non", "1": "Oui"}
BREAKDOWN_VALUE_LABELS: dict[str, dict[str, str]] = {
    "sexe": {"F": "Femmes", "H": "Hommes"},
    "age": {
        "<16": "Moins de 16 ans",
        "16-17": "16-17 ans",
        "18-20": "18-20 ans",
        "21-23": "21-23 ans",
        "24+": "24 ans et plus",
    },
    "niveau": {
        "SANS_DIPLOME": "Sans diplôme",
        "CAP_BEP": "CAP ou BEP",
        "BAC": "Baccalauréat",
        "SUPERIEUR": "Études supérieures",
        UNKNOWN: "Inconnu",
    },
    "qpv": _FLAG_LABELS,
    "zrr": _FLAG_LABELS,
    "rqth": _FLAG_LABELS,
    "justice": _FLAG_LABELS,
    "logement": {
        "AUTONOME": "Logement autonome",
        "FAMILLE": "Hébergé par la famille",
        "PRECAIRE": "Logement précaire",
        UNKNOWN: "Inconnu",
    },
}


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    label: str
    kind: str  # "count" | "hours" | "rate"
    programme: str | None = None

    @property
    def is_rate(self) -> bool:
        return self.kind == "rate"


def _build_indicators() -> list[IndicatorDef]:
    defs = [
        IndicatorDef("jeunes_accompagnes", "Jeunes accompagnés", "count"),
        IndicatorDef("premiers_accueils", "Jeunes en premier accueil", "count"),
        IndicatorDef("jdi", "Jeunes en demande d'insertion (JDI)", "count"),
        IndicatorDef("entretiens", "Entretiens individuels", "count"),
        IndicatorDef("ateliers", "Ateliers", "count"),
        IndicatorDef("infos_collectives", "Informations collectives", "count"),
        IndicatorDef("heures_face_a_face", "Heures de face-à-face", "hours"),
        IndicatorDef("jeunes_entres_emploi", "Jeunes entrés en emploi", "count"),
        IndicatorDef("contrats_emploi", "Contrats de travail", "count"),
        IndicatorDef("jeunes_entres_alternance", "Jeunes entrés en alternance", "count"),
        IndicatorDef("jeunes_entres_formation", "Jeunes entrés en formation", "count"),
        IndicatorDef("actions_formation", "Actions de formation", "count"),
        IndicatorDef("jeunes_service_civique", "Jeunes entrés en service civique", "count"),
        IndicatorDef("jeunes_immersion", "Jeunes en immersion professionnelle", "count"),
    ]
    for programme in PROGRAMMES:
        defs.append(IndicatorDef(f"entrees_{programme}", f"Entrées en {programme}", "count", programme))
    for programme in PROGRAMMES:
        defs.append(IndicatorDef(f"sorties_{programme}", f"Sorties de {programme}", "count", programme))
        defs.append(
            IndicatorDef(
                f"taux_sorties_positives_{programme}",
                f"Taux de sorties positives du {programme}",
                "rate",
                programme,
            )
        )
    return defs


INDICATORS: list[IndicatorDef] = _build_indicators()
INDICATORS_BY_CODE: dict[str, IndicatorDef] = {d.code: d for d in INDICATORS}
COUNT_CODES: tuple[str, ...] = tuple(d.code for d in INDICATORS if d.kind == "count")

# The flat keys of the per-ML aggregates the engine stores (DatasetStructure.values). Hours are kept
# as minutes so that sums stay exact.
MINUTES_KEY = "minutes_face_a_face"


def breakdown_key(breakdown: str, value: str) -> str:
    return f"{breakdown}.{value}"


def exit_key(programme: str, reason: str) -> str:
    return f"sorties.{programme}.{reason}"


AGGREGATE_KEYS: tuple[str, ...] = (
    *COUNT_CODES,
    MINUTES_KEY,
    *(breakdown_key(b, v) for b, values in BREAKDOWNS.items() for v in values),
    *(exit_key(p, r) for p in PROGRAMMES for r in EXIT_REASONS),
)

# Profiles (issue 18): the breakdowns of the entrants of each programme and of the young people
# followed under justice, the contract types of the employment entries. Aggregates stored before
# they existed lack these keys: the figures then read as missing (None), never as zeros, until
# ``observatory recompute`` stores them (see :func:`_profiles`).
PROFILE_BREAKDOWNS: tuple[str, ...] = ("sexe", "age", "niveau", "qpv", "zrr", "justice", "rqth")
JUSTICE_BREAKDOWNS: tuple[str, ...] = ("sexe", "age", "niveau", "qpv", "zrr", "rqth")
CONTRACTS: tuple[str, ...] = ("CDI", "CDD", "INTERIM", "CONTRAT_AIDE", UNKNOWN)
CONTRACT_LABELS = {
    "CDI": "CDI",
    "CDD": "CDD",
    "INTERIM": "Intérim",
    "CONTRAT_AIDE": "Contrat aidé",
    UNKNOWN: "Non renseigné",
}
# Situation types whose young people under justice are counted (key suffix -> spec type).
JUSTICE_ENTRIES = {"emploi": "EMPLOI", "alternance": "ALTERNANCE", "formation": "FORMATION"}
JUSTICE_ENTRY_LABELS = {
    "emploi": "Entrés en emploi",
    "alternance": "Entrés en alternance",
    "formation": "Entrés en formation",
}


def entrants_key(programme: str) -> str:
    return f"entrants.{programme}"


def entrants_breakdown_key(programme: str, breakdown: str, value: str) -> str:
    return f"entrants.{programme}.{breakdown}.{value}"


def contract_key(contract: str, *, justice: bool = False) -> str:
    return f"justice.contrats.{contract}" if justice else f"contrats.{contract}"


def justice_breakdown_key(breakdown: str, value: str) -> str:
    return f"justice.{breakdown}.{value}"


def justice_entry_key(entry: str) -> str:
    return f"justice.entres_{entry}"


PROFILE_KEYS: tuple[str, ...] = (
    *(entrants_key(p) for p in PROGRAMMES),
    *(entrants_breakdown_key(p, b, v) for p in PROGRAMMES for b in PROFILE_BREAKDOWNS for v in BREAKDOWNS[b]),
    *(contract_key(c) for c in CONTRACTS),
    *(justice_breakdown_key(b, v) for b in JUSTICE_BREAKDOWNS for v in BREAKDOWNS[b]),
    *(justice_entry_key(e) for e in JUSTICE_ENTRIES),
    *(contract_key(c, justice=True) for c in CONTRACTS),
)
# Every key the engine stores per ML.
STORED_KEYS: tuple[str, ...] = (*AGGREGATE_KEYS, *PROFILE_KEYS)


@dataclass(frozen=True)
class DatasetInfo:
    """Which dataset currently provides a structure's figures for a year."""

    dataset_id: int
    year: int
    kind: str  # DatasetStructure.Kind
    imported_at: datetime
    imported_by: str
    rows: dict[str, int]


def share(part: float | None, whole: float | None) -> float | None:
    """``part / whole`` as a fraction, ``None`` when the whole is 0 or unknown."""
    if part is None or not whole:
        return None
    return part / whole


_aggregates = operator.itemgetter(*AGGREGATE_KEYS)


def _vector(values: dict[str, int]) -> tuple[int, ...]:
    try:
        return _aggregates(values)
    except KeyError:  # aggregates stored before a key existed: 0
        return tuple(values.get(key, 0) for key in AGGREGATE_KEYS)


def _sum(rows: Iterable[dict[str, Any]]) -> dict[str, int]:
    """Key by key sum of per-ML aggregates (0 everywhere without any)."""
    columns = list(zip(*map(_vector, rows), strict=True))  # one tuple per key
    if not columns:
        return dict.fromkeys(AGGREGATE_KEYS, 0)
    return dict(zip(AGGREGATE_KEYS, map(sum, columns), strict=True))


def _exact(total: dict[str, int], definition: IndicatorDef) -> int:
    """The exact count behind a count or hours indicator (hours: the minutes, never rounded)."""
    return total[MINUTES_KEY] if definition.kind == "hours" else total[definition.code]


def _indicator_values(total: dict[str, int]) -> dict[str, Any]:
    """The indicators as shown: hours rounded to 2 decimals, rates to 4 (never computed on further)."""
    result: dict[str, Any] = {}
    for definition in INDICATORS:
        code = definition.code
        if definition.kind == "count":
            result[code] = total[code]
        elif definition.kind == "hours":
            result[code] = round(_exact(total, definition) / 60, 2)
        else:
            programme = definition.programme or ""
            positive = sum(total[exit_key(programme, reason)] for reason in POSITIVE_EXIT_REASONS)
            rate = share(positive, total[f"sorties_{programme}"])
            result[code] = None if rate is None else round(rate, 4)
    return result


def _evolution(current: dict[str, int], previous: dict[str, int]) -> dict[str, float]:
    """(Y - (Y-1)) / (Y-1) of every count and hours indicator, from the exact summed counts (the
    minutes for the hours: the ratio of the hours is that of the minutes), rounded to 4 decimals
    once, at the end. The one place evolutions are computed: pages, PDF, exports and API read it."""
    evolution = {}
    for definition in INDICATORS:
        if definition.kind == "rate":
            continue
        before = _exact(previous, definition)
        if before:
            evolution[definition.code] = round((_exact(current, definition) - before) / before, 4)
    return evolution


_profile_values = operator.itemgetter(*PROFILE_KEYS)


def _profile_sum(rows: Iterable[dict[str, Any]]) -> dict[str, int] | None:
    """Key by key sum of the profile counts, ``None`` when there is no row or one row lacks them
    (aggregates stored before they existed: missing, never zeros)."""
    try:
        columns = list(zip(*map(_profile_values, rows), strict=True))
    except KeyError:
        return None
    if not columns:
        return None
    return dict(zip(PROFILE_KEYS, map(sum, columns), strict=True))


def _shares(counts: dict[str, int]) -> dict[str, float | None]:
    whole = sum(counts.values())
    return {
        key: None if (rate := share(value, whole)) is None else round(rate, 4)
        for key, value in counts.items()
    }


def _profiles(profile: dict[str, int] | None, total: dict[str, int]) -> dict[str, Any]:
    """The profile sections of the indicators dict (all ``None`` when ``profile`` is missing)."""
    if profile is None:
        return dict.fromkeys(("entrants", "entrants_profile", "contracts", "contract_shares", "justice"))
    contracts = {c: profile[contract_key(c)] for c in CONTRACTS}
    justice_contracts = {c: profile[contract_key(c, justice=True)] for c in CONTRACTS}
    return {
        "entrants": {p: profile[entrants_key(p)] for p in PROGRAMMES},
        "entrants_profile": {
            p: {
                b: {v: profile[entrants_breakdown_key(p, b, v)] for v in BREAKDOWNS[b]}
                for b in PROFILE_BREAKDOWNS
            }
            for p in PROGRAMMES
        },
        "contracts": contracts,
        "contract_shares": _shares(contracts),
        "justice": {
            "jeunes": total[breakdown_key("justice", "1")],
            "breakdowns": {
                b: {v: profile[justice_breakdown_key(b, v)] for v in BREAKDOWNS[b]}
                for b in JUSTICE_BREAKDOWNS
            },
            "entries": {e: profile[justice_entry_key(e)] for e in JUSTICE_ENTRIES},
            "contracts": justice_contracts,
            "contract_shares": _shares(justice_contracts),
        },
    }


@dataclass
class _YearData:
    """Current per-ML aggregates of a year: ML id -> values."""

    values: dict[int, dict[str, int]]


class _Network:
    """The MLs of the registry with their ARML, loaded in one query."""

    def __init__(self, ml_rows: list[dict[str, Any]]) -> None:
        self.mls = {row["pk"]: row for row in ml_rows}
        self.code = {row["pk"]: row["code"] for row in ml_rows}
        self.children: dict[int, list[int]] = {}
        for row in ml_rows:
            self.children.setdefault(row["parent_id"], []).append(row["pk"])

    def mls_of(self, structure: Structure | None) -> list[int]:
        if structure is None or structure.type == StructureType.UNML:
            return list(self.mls)
        if structure.type == StructureType.ARML:
            return list(self.children.get(structure.pk, []))
        return [structure.pk] if structure.pk in self.mls else []


class _Objectives:
    """The current objectives of the year in display order (structure code, programmes), indexed
    by structure and by ARML, each with its realised entries computed once."""

    def __init__(
        self, rows: list[dict[str, Any]], network: _Network, current: dict[int, dict[str, int]]
    ) -> None:
        self.rows = rows
        self.network = network
        self.current = current
        self.by_structure: dict[int, list[int]] = {}
        self.by_parent: dict[int, list[int]] = {}
        for index, row in enumerate(rows):
            self.by_structure.setdefault(row["structure_id"], []).append(index)
            self.by_parent.setdefault(row["structure__parent_id"], []).append(index)
        self._shown: dict[int, dict[str, Any]] = {}

    def of(self, structure: Structure | None) -> list[dict[str, Any]]:
        """The objectives of the perimeter of ``structure``, its own first (the others: those of
        the ARML's MLs for an ARML, every other one for the nation)."""
        own = self.by_structure.get(structure.pk, []) if structure is not None else []
        if structure is None or structure.type == StructureType.UNML:
            others = [index for index in range(len(self.rows)) if index not in own]
        elif structure.type == StructureType.ARML:
            others = self.by_parent.get(structure.pk, [])
        else:
            others = []
        return [dict(self._shown_row(index)) for index in own + others]

    def _shown_row(self, index: int) -> dict[str, Any]:
        if index not in self._shown:
            objective = self.rows[index]
            if objective["structure__type"] == StructureType.ARML:
                mls = self.network.children.get(objective["structure_id"], [])
            else:
                mls = [objective["structure_id"]]
            programmes = objective["programmes"].split("+")
            realise = sum(
                self.current[pk].get(f"entrees_{p}", 0)
                for pk in mls
                if pk in self.current
                for p in programmes
            )
            rate = share(realise, objective["value"])
            self._shown[index] = {
                "structure": objective["structure__code"],
                "dispositifs": objective["programmes"],
                "valeur": objective["value"],
                "realise": realise,
                "taux": None if rate is None else round(rate, 4),
            }
        return self._shown[index]


def _load(
    year: int, structures: list[Structure | None]
) -> tuple[_Network, dict[int, _YearData], _Objectives]:
    national = any(s is None or s.type == StructureType.UNML for s in structures)
    ml_filter = Q(type=StructureType.ML)
    coverage_filter = Q(kind=DatasetStructure.Kind.DATA)
    objective_filter = Q()
    if not national:
        ids = [s.pk for s in structures if s is not None and s.type == StructureType.ML]
        armls = [s.pk for s in structures if s is not None and s.type == StructureType.ARML]
        ml_filter &= Q(pk__in=ids) | Q(parent_id__in=armls)
        coverage_filter &= Q(structure_id__in=ids) | Q(structure__parent_id__in=armls)
        objective_filter = Q(structure_id__in=[*ids, *armls]) | Q(structure__parent_id__in=armls)
    network = _Network(
        list(Structure.objects.filter(ml_filter).values("pk", "code", "parent_id", "closed_on"))
    )
    years: dict[int, _YearData] = {year: _YearData({}), year - 1: _YearData({})}
    coverages = (
        DatasetStructure.objects.current()
        .filter(coverage_filter, year__in=(year, year - 1))
        .values_list("year", "structure_id", "values")
    )
    for cov_year, structure_id, values in coverages:
        years[cov_year].values[structure_id] = values
    objectives = list(
        Objective.objects.filter(objective_filter, year=year, coverage__superseded_by__isnull=True)
        .order_by("structure__code", "programmes", "pk")
        .values(
            "structure_id",
            "structure__code",
            "structure__type",
            "structure__parent_id",
            "programmes",
            "value",
        )
    )
    return network, years, _Objectives(objectives, network, years[year].values)


def _compute(
    year: int,
    structure: Structure | None,
    network: _Network,
    years: dict[int, _YearData],
    objectives: _Objectives,
) -> dict[str, Any]:
    mls = network.mls_of(structure)
    current_data, previous_data = years[year].values, years[year - 1].values
    with_data = [pk for pk in mls if pk in current_data]
    total = _sum(current_data[pk] for pk in with_data)
    profiles = _profiles(_profile_sum([current_data[pk] for pk in with_data]), total)
    values = _indicator_values(total)
    breakdowns = {
        name: {value: total[breakdown_key(name, value)] for value in order}
        for name, order in BREAKDOWNS.items()
    }
    exits = {p: {r: total[exit_key(p, r)] for r in EXIT_REASONS} for p in PROGRAMMES}
    previous_mls = {pk for pk in mls if pk in previous_data}
    evolution: dict[str, float] = {}
    previous: dict[str, Any] = {}
    if with_data and previous_mls == set(with_data):
        previous_total = _sum(previous_data[pk] for pk in with_data)
        previous = _indicator_values(previous_total)
        evolution = _evolution(total, previous_total)
    objective_rows = objectives.of(structure)
    codes_with_data = sorted(network.code[pk] for pk in with_data)
    expected = [pk for pk in mls if network.mls[pk]["closed_on"] is None or pk in current_data]
    return {
        "structure": None if structure is None else structure.code,
        "year": year,
        "indicators": values,
        "breakdowns": breakdowns,
        "exits_by_reason": exits,
        "objectives": objective_rows,
        "evolution": evolution,
        "previous": previous,
        "coverage": {
            "mls": codes_with_data,
            "mls_total": len(expected),
            "missing": sorted(network.code[pk] for pk in expected if pk not in current_data),
        },
        **profiles,
    }


def indicators(year: int, structure: Structure | None) -> dict[str, Any]:
    """The indicators of ``structure`` (an ML, an ARML, the UNML; ``None``: the nation) for ``year``."""
    network, years, objectives = _load(year, [structure])
    return _compute(year, structure, network, years, objectives)


def indicators_many(year: int, structures: Iterable[Structure]) -> dict[str, dict[str, Any]]:
    """:func:`indicators` for several structures, keyed by code, in a constant number of queries."""
    structures = list(structures)
    if not structures:
        return {}
    network, years, objectives = _load(year, list(structures))
    return {s.code: _compute(year, s, network, years, objectives) for s in structures}


def years_available(structure: Structure | None = None) -> list[int]:
    """Years for which at least one ML of the perimeter of ``structure`` has data (ascending)."""
    queryset = DatasetStructure.objects.current().filter(kind=DatasetStructure.Kind.DATA)
    if structure is not None and structure.type == StructureType.ARML:
        queryset = queryset.filter(structure__parent_id=structure.pk)
    elif structure is not None and structure.type == StructureType.ML:
        queryset = queryset.filter(structure_id=structure.pk)
    return sorted(set(queryset.values_list("year", flat=True)))


def completeness(
    structures: Iterable[Structure], years: list[int]
) -> dict[str, dict[int, DatasetInfo | None]]:
    """For each structure (by code) and year, the dataset currently providing its figures, or None.

    For an ML: the dataset holding its activity rows; for an ARML or the UNML: the dataset that
    brought its own objectives (ARMLs have no rows of their own).
    """
    structures = list(structures)
    result: dict[str, dict[int, DatasetInfo | None]] = {s.code: dict.fromkeys(years) for s in structures}
    by_id = {s.pk: s.code for s in structures}
    coverages = (
        DatasetStructure.objects.current()
        .filter(structure_id__in=list(by_id), year__in=years)
        .select_related("dataset__created_by")
    )
    for coverage in coverages:
        user = coverage.dataset.created_by
        result[by_id[coverage.structure_id]][coverage.year] = DatasetInfo(
            dataset_id=coverage.dataset_id,
            year=coverage.year,
            kind=coverage.kind,
            imported_at=coverage.dataset.created_at,
            imported_by=(user.get_full_name() or user.email) if user is not None else "",
            rows=dict(coverage.rows),
        )
    return result
