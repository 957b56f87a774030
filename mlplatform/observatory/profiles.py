"""The profiles of the observatory for the activity report (issue 18): who enters each programme,
the contract types of the employment entries, the young people followed under justice.

Every figure comes from :func:`.indicators.indicators` (keys ``entrants``, ``entrants_profile``,
``contracts``, ``contract_shares``, ``justice``): this module only arranges and formats them
(French formats of :mod:`mlplatform.reports.charts`) and draws their charts, each with its data
table. A figure missing from the indicators (aggregates stored before the profiles existed) gives
a block with ``available = False`` and :data:`MISSING_MESSAGE`, never zeros.

Public API::

    MISSING_MESSAGE
    ProfileRow, ProfileTable, ProfileBlock
    entrants_profiles(data) -> list[ProfileBlock]      # one per programme (CEJ, GJ, PACEA)
    contracts_profile(data) -> ProfileBlock
    justice_profile(data) -> ProfileBlock
    observatory_profiles(data) -> list[ProfileBlock]   # the three kinds, in that order
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mlplatform.reports.charts import Chart, bar_chart, format_number, format_share

from . import indicators as ind

MISSING_MESSAGE = "Donnée non disponible pour cette année."
# The categories drawn in a profile chart: every value of sex, age and level, "yes" of the flags.
FLAG_CHART_LABELS = {
    "qpv": "Résidant en QPV",
    "zrr": "Résidant en ZRR",
    "justice": "Sous main de justice",
    "rqth": "RQTH",
}


@dataclass(frozen=True)
class ProfileRow:
    label: str
    count: int
    share: float | None  # of the block's base
    count_text: str
    share_text: str


@dataclass(frozen=True)
class ProfileTable:
    """One breakdown (or the contract types, or the entries) with its rows."""

    key: str
    title: str
    rows: list[ProfileRow]


@dataclass
class ProfileBlock:
    """A programme's entrants, the contract types or the young people under justice."""

    key: str  # "entrants-CEJ", "contrats", "justice"
    title: str
    available: bool
    base_label: str = ""
    base: int | None = None
    base_text: str = ""
    tables: list[ProfileTable] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    missing_message: str = MISSING_MESSAGE


def _rows(counts: Mapping[str, int], labels: Mapping[str, str], base: int) -> list[ProfileRow]:
    rows = []
    for value, count in counts.items():
        fraction = ind.share(count, base)
        rows.append(ProfileRow(labels[value], count, fraction, format_number(count), format_share(fraction)))
    return rows


def _breakdown_tables(breakdowns: Mapping[str, Mapping[str, int]], base: int) -> list[ProfileTable]:
    return [
        ProfileTable(name, ind.BREAKDOWN_LABELS[name], _rows(counts, ind.BREAKDOWN_VALUE_LABELS[name], base))
        for name, counts in breakdowns.items()
    ]


def _profile_chart(
    title: str, chart_id: str, breakdowns: Mapping[str, Mapping[str, int]], base: int, base_label: str
) -> Chart:
    categories: list[str] = []
    counts: list[int] = []
    for name, values in breakdowns.items():
        if name in FLAG_CHART_LABELS:
            categories.append(FLAG_CHART_LABELS[name])
            counts.append(values["1"])
            continue
        for value, count in values.items():
            categories.append(ind.BREAKDOWN_VALUE_LABELS[name][value])
            counts.append(count)
    return bar_chart(
        title,
        categories,
        [ind.share(count, base) for count in counts],
        label=f"Part des {base_label}",
        value_format=format_share,
        max_value=1.0,
        corner="Profil",
        extra_columns=[("Nombre de jeunes", [format_number(count) for count in counts])],
        chart_id=chart_id,
    )


def entrants_profiles(data: dict[str, Any]) -> list[ProfileBlock]:
    """The profile of the young people who entered each programme in the year: sex, age band at
    their first entry of the year, level, QPV, ZRR, justice, RQTH (counts and shares)."""
    blocks = []
    for programme in ind.PROGRAMMES:
        key = f"entrants-{programme}"
        title = f"Profil des jeunes entrés en {programme}"
        if data.get("entrants") is None or data.get("entrants_profile") is None:
            blocks.append(ProfileBlock(key, title, available=False))
            continue
        base = data["entrants"][programme]
        breakdowns = data["entrants_profile"][programme]
        base_label = f"jeunes entrés en {programme}"
        block = ProfileBlock(
            key,
            title,
            available=True,
            base_label=f"Jeunes entrés en {programme} dans l'année",
            base=base,
            base_text=format_number(base),
            tables=_breakdown_tables(breakdowns, base),
        )
        if base:
            chart_id = f"graphique-profil-{programme.lower()}"
            block.charts.append(_profile_chart(title, chart_id, breakdowns, base, base_label))
        blocks.append(block)
    return blocks


def _contract_table(counts: Mapping[str, int], key: str) -> ProfileTable:
    return ProfileTable(key, "Type de contrat", _rows(counts, ind.CONTRACT_LABELS, sum(counts.values())))


def _contract_chart(title: str, chart_id: str, counts: Mapping[str, int]) -> Chart:
    whole = sum(counts.values())
    return bar_chart(
        title,
        [ind.CONTRACT_LABELS[c] for c in counts],
        [ind.share(count, whole) for count in counts.values()],
        label="Part des contrats de travail",
        value_format=format_share,
        max_value=1.0,
        corner="Type de contrat",
        extra_columns=[("Nombre de contrats", [format_number(count) for count in counts.values()])],
        chart_id=chart_id,
    )


def contracts_profile(data: dict[str, Any]) -> ProfileBlock:
    """The contract types of the work contracts (``EMPLOI`` situations) started in the year."""
    title = "Types de contrat des entrées en emploi"
    counts = data.get("contracts")
    if counts is None:
        return ProfileBlock("contrats", title, available=False)
    base = sum(counts.values())
    block = ProfileBlock(
        "contrats",
        title,
        available=True,
        base_label="Contrats de travail commencés dans l'année",
        base=base,
        base_text=format_number(base),
        tables=[_contract_table(counts, "contrats")],
    )
    if base:
        block.charts.append(_contract_chart(title, "graphique-contrats", counts))
    return block


def justice_profile(data: dict[str, Any]) -> ProfileBlock:
    """The young people accompanied in the year and placed under judicial supervision: their
    profile, their entries into employment, alternance and training, their contract types."""
    title = "Jeunes accompagnés sous main de justice"
    justice = data.get("justice")
    if justice is None:
        return ProfileBlock("justice", title, available=False)
    base = justice["jeunes"]
    entries = ProfileTable(
        "entrees",
        "Entrées en situation dans l'année",
        _rows(justice["entries"], ind.JUSTICE_ENTRY_LABELS, base),
    )
    block = ProfileBlock(
        "justice",
        title,
        available=True,
        base_label="Jeunes accompagnés sous main de justice",
        base=base,
        base_text=format_number(base),
        tables=[
            *_breakdown_tables(justice["breakdowns"], base),
            entries,
            _contract_table(justice["contracts"], "contrats"),
        ],
    )
    if base:
        block.charts.append(
            _profile_chart(
                "Profil des jeunes sous main de justice",
                "graphique-profil-justice",
                justice["breakdowns"],
                base,
                "jeunes sous main de justice",
            )
        )
    if sum(justice["contracts"].values()):
        block.charts.append(
            _contract_chart(
                "Types de contrat des jeunes sous main de justice",
                "graphique-contrats-justice",
                justice["contracts"],
            )
        )
    return block


def observatory_profiles(data: dict[str, Any]) -> list[ProfileBlock]:
    """Every profile block of the observatory for the report, in the order of the report."""
    return [*entrants_profiles(data), contracts_profile(data), justice_profile(data)]
