"""What the key-figures page, the annual activity report (PDF) and the XLSX export show.

Every figure comes from :func:`indicators.indicators` / :func:`indicators.indicators_many`, so the
page, the PDF, the XLSX, the open-data file and the API give the same numbers. This module only
arranges and formats them (French formats: ``50 687``, ``36,8 %``, ``108 %``, ``-4,6 %``) and
builds the charts (``mlplatform.reports.charts``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from mlplatform.core.collation import sort_key
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure
from mlplatform.reports.charts import (
    Chart,
    Series,
    bar_chart,
    format_change,
    format_number,
    format_rate,
    format_share,
    grouped_bar_chart,
    line_chart,
)

from . import indicators as ind

FLAGS = ("qpv", "zrr", "rqth", "justice")
FLAG_LABELS = {
    "qpv": "Quartiers prioritaires de la politique de la ville (QPV)",
    "zrr": "Zone de revitalisation rurale (ZRR)",
    "rqth": "Reconnaissance de la qualité de travailleur handicapé (RQTH)",
    "justice": "Sous main de justice (JSMJ)",
}
ACTIVITY_CODES = ("entretiens", "ateliers", "infos_collectives")
ENTRY_CODES = (
    "jeunes_entres_emploi",
    "contrats_emploi",
    "jeunes_entres_alternance",
    "jeunes_entres_formation",
    "actions_formation",
    "jeunes_service_civique",
    "jeunes_immersion",
)
AGE_BANDS = ("16-17", "18-20", "21-23", "24+")


def label(code: str) -> str:
    return ind.INDICATORS_BY_CODE[code].label


def format_value(code: str, value: float | None) -> str:
    """A value of an indicator in its French format (counts, hours, or a rate with one decimal)."""
    kind = ind.INDICATORS_BY_CODE[code].kind
    if kind == "rate":
        return format_share(value)
    return format_number(value)


def structure_title(structure: Structure | None) -> str:
    if structure is None or structure.type == StructureType.UNML:
        return "Réseau national des Missions Locales"
    return structure.name


@dataclass(frozen=True)
class Figure:
    """A key figure: its label, its value, and its change from the previous year when known."""

    code: str
    label: str
    value: str
    change: str | None
    previous: str | None


@dataclass(frozen=True)
class ShareFigure:
    label: str
    share: str
    count: str


@dataclass(frozen=True)
class ObjectiveRow:
    structure: str
    programmes: str
    objective: str
    achieved: str
    rate: str


@dataclass
class KeyFigures:
    structure: Structure | None
    year: int
    data: dict[str, Any]
    title: str
    headline: list[Figure] = field(default_factory=list)
    sexes: list[ShareFigure] = field(default_factory=list)
    flags: list[ShareFigure] = field(default_factory=list)
    under_16: ShareFigure | None = None
    activity: list[Figure] = field(default_factory=list)
    entries: list[Figure] = field(default_factory=list)
    programmes: list[dict[str, Any]] = field(default_factory=list)
    objectives: list[ObjectiveRow] = field(default_factory=list)
    charts: dict[str, Chart] = field(default_factory=dict)
    year_over_year: list[Figure] = field(default_factory=list)
    coverage: dict[str, Any] = field(default_factory=dict)

    @property
    def has_data(self) -> bool:
        return bool(self.data["coverage"]["mls"])

    @property
    def previous_year(self) -> int:
        return self.year - 1

    @property
    def has_previous(self) -> bool:
        return bool(self.data["previous"])


def _figure(code: str, data: dict[str, Any]) -> Figure:
    values, previous = data["indicators"], data["previous"]
    change = data["evolution"].get(code)
    return Figure(
        code=code,
        label=label(code),
        value=format_value(code, values[code]),
        change=None if change is None else format_change(change),
        previous=format_value(code, previous[code]) if code in previous else None,
    )


def _share_figure(text: str, count: int, whole: int) -> ShareFigure:
    return ShareFigure(text, format_share(ind.share(count, whole)), format_number(count))


def _breakdown_chart(name: str, data: dict[str, Any], values: Sequence[str], title: str) -> Chart:
    counts = data["breakdowns"][name]
    whole = data["indicators"]["jeunes_accompagnes"]
    labels = ind.BREAKDOWN_VALUE_LABELS[name]
    return bar_chart(
        title,
        [labels[v] for v in values],
        [ind.share(counts[v], whole) for v in values],
        label="Part des jeunes accompagnés",
        value_format=format_share,
        max_value=1.0,
        corner=ind.BREAKDOWN_LABELS[name],
        extra_columns=[("Nombre de jeunes", [format_number(counts[v]) for v in values])],
        chart_id=f"graphique-{name}",
    )


def _year_chart(codes: Sequence[str], data: dict[str, Any], year: int, title: str, chart_id: str) -> Chart:
    """Bars of the year, beside those of the previous year when it is comparable."""
    values, previous = data["indicators"], data["previous"]
    series = [Series(str(year), [values[c] for c in codes])]
    if previous:
        series.insert(0, Series(str(year - 1), [previous[c] for c in codes]))
    extra = [("Évolution", [format_change(data["evolution"].get(c)) for c in codes])] if previous else []
    return grouped_bar_chart(
        title, [label(c) for c in codes], series, corner="Indicateur", extra_columns=extra, chart_id=chart_id
    )


def key_figures(year: int, structure: Structure | None, data: dict[str, Any] | None = None) -> KeyFigures:
    """The key figures of ``structure`` (``None`` or the UNML: the nation) for ``year``."""
    national = structure is None or structure.type == StructureType.UNML
    data = data or ind.indicators(year, None if national else structure)
    values = data["indicators"]
    whole = values["jeunes_accompagnes"]
    result = KeyFigures(structure, year, data, structure_title(structure), coverage=data["coverage"])
    result.headline = [_figure(c, data) for c in ("jeunes_accompagnes", "premiers_accueils", "jdi")]
    sexes = data["breakdowns"]["sexe"]
    result.sexes = [
        _share_figure(ind.BREAKDOWN_VALUE_LABELS["sexe"][v], sexes[v], whole) for v in ind.BREAKDOWNS["sexe"]
    ]
    result.flags = [_share_figure(FLAG_LABELS[f], data["breakdowns"][f]["1"], whole) for f in FLAGS]
    result.under_16 = _share_figure("Moins de 16 ans", data["breakdowns"]["age"]["<16"], whole)
    result.activity = [_figure(c, data) for c in (*ACTIVITY_CODES, "heures_face_a_face")]
    result.entries = [_figure(c, data) for c in ENTRY_CODES]
    for programme in ind.PROGRAMMES:
        exits = data["exits_by_reason"][programme]
        result.programmes.append(
            {
                "code": programme,
                "label": ind.PROGRAMME_LABELS[programme],
                "entries": _figure(f"entrees_{programme}", data),
                "exits": _figure(f"sorties_{programme}", data),
                "positive_rate": format_share(values[f"taux_sorties_positives_{programme}"]),
                "reasons": [
                    _share_figure(ind.EXIT_REASON_LABELS[r], exits[r], values[f"sorties_{programme}"])
                    for r in ind.EXIT_REASONS
                ],
            }
        )
    result.objectives = [
        ObjectiveRow(
            o["structure"],
            o["dispositifs"],
            format_number(o["valeur"]),
            format_number(o["realise"]),
            format_rate(o["taux"]),
        )
        for o in data["objectives"]
    ]
    counts = [d.code for d in ind.INDICATORS if d.kind != "rate"]
    result.year_over_year = [_figure(c, data) for c in counts]
    result.charts = _charts(year, data)
    return result


def _charts(year: int, data: dict[str, Any]) -> dict[str, Chart]:
    charts = {
        "niveau": _breakdown_chart(
            "niveau", data, ind.BREAKDOWNS["niveau"], "Niveaux de qualification des jeunes accompagnés"
        ),
        "age": _breakdown_chart("age", data, AGE_BANDS, "Répartition par âge des jeunes accompagnés"),
        "logement": _breakdown_chart(
            "logement", data, ind.BREAKDOWNS["logement"], "Logement des jeunes accompagnés"
        ),
        "activity": _year_chart(
            ACTIVITY_CODES,
            data,
            year,
            "Entretiens, ateliers et informations collectives",
            "graphique-activite",
        ),
        "entries": _year_chart(
            ENTRY_CODES, data, year, "Entrées en emploi, en alternance et en formation", "graphique-entrees"
        ),
        "programmes": _year_chart(
            [f"entrees_{p}" for p in ind.PROGRAMMES],
            data,
            year,
            "Entrées en dispositif",
            "graphique-dispositifs",
        ),
    }
    if data["objectives"]:
        objectives = data["objectives"]
        charts["objectives"] = grouped_bar_chart(
            "Entrées en dispositif : objectif et réalisé",
            [f"{o['structure']} — {o['dispositifs']}" for o in objectives],
            [
                Series("Objectif", [o["valeur"] for o in objectives]),
                Series("Réalisé", [o["realise"] for o in objectives]),
            ],
            corner="Objectif",
            extra_columns=[("Taux de réalisation", [format_rate(o["taux"]) for o in objectives])],
            chart_id="graphique-objectifs",
        )
    # Charts that may have nothing to show are None then: templates test them, never miss them.
    charts.setdefault("objectives", None)
    charts["exits"] = None
    with_exits = [p for p in ind.PROGRAMMES if data["indicators"][f"sorties_{p}"]]
    if with_exits:
        charts["exits"] = grouped_bar_chart(
            "Sorties de dispositif par motif",
            [ind.EXIT_REASON_LABELS[r] for r in ind.EXIT_REASONS],
            [Series(p, [data["exits_by_reason"][p][r] for r in ind.EXIT_REASONS]) for p in with_exits],
            corner="Motif de sortie",
            chart_id="graphique-sorties",
        )
    return charts


def evolution_chart(structure: Structure | None, years: Sequence[int]) -> Chart | None:
    """Young people accompanied and first receptions over the years imported (two years at least)."""
    if len(years) < 2:
        return None
    national = structure is None or structure.type == StructureType.UNML
    series_values: dict[str, list[float | None]] = {"jeunes_accompagnes": [], "premiers_accueils": []}
    for year in years:
        data = ind.indicators(year, None if national else structure)
        for code, values in series_values.items():
            values.append(data["indicators"][code] if data["coverage"]["mls"] else None)
    return line_chart(
        "Évolution du nombre de jeunes",
        [str(y) for y in years],
        [Series(label(code), values) for code, values in series_values.items()],
        corner="Année",
        chart_id="graphique-evolution",
    )


# --------------------------------------------------------------------------------------------
# Comparison of the structures of a region (or of the regions of the nation)


@dataclass(frozen=True)
class ComparisonColumn:
    key: str
    label: str
    kind: str  # "count", "rate", "change"


COMPARISON_COLUMNS = (
    ComparisonColumn("jeunes_accompagnes", "Jeunes accompagnés", "count"),
    ComparisonColumn("evolution", "Évolution des jeunes accompagnés", "change"),
    ComparisonColumn("premiers_accueils", "Premiers accueils", "count"),
    ComparisonColumn("jdi", "JDI", "count"),
    ComparisonColumn("entretiens", "Entretiens", "count"),
    ComparisonColumn("heures_face_a_face", "Heures de face-à-face", "count"),
    ComparisonColumn("jeunes_entres_emploi", "Entrés en emploi", "count"),
    ComparisonColumn("jeunes_entres_alternance", "Entrés en alternance", "count"),
    ComparisonColumn("jeunes_entres_formation", "Entrés en formation", "count"),
    ComparisonColumn("entrees_CEJ", "Entrées en CEJ", "count"),
    ComparisonColumn("taux_sorties_positives_CEJ", "Sorties positives du CEJ", "rate"),
    ComparisonColumn("part_qpv", "Part en QPV", "rate"),
)
COMPARISON_KEYS = ("nom", *(c.key for c in COMPARISON_COLUMNS))


@dataclass
class ComparisonRow:
    structure: Structure
    has_data: bool
    raw: dict[str, float | None]
    cells: list[str]


def _comparison_raw(data: dict[str, Any]) -> dict[str, float | None]:
    values = data["indicators"]
    raw: dict[str, float | None] = {c.key: values[c.key] for c in COMPARISON_COLUMNS if c.key in values}
    raw["evolution"] = data["evolution"].get("jeunes_accompagnes")
    raw["part_qpv"] = ind.share(data["breakdowns"]["qpv"]["1"], values["jeunes_accompagnes"])
    return raw


def _cell(column: ComparisonColumn, value: float | None) -> str:
    if column.kind == "rate":
        return format_share(value)
    if column.kind == "change":
        return format_change(value)
    return format_number(value)


def comparison_row(structure: Structure, data: dict[str, Any]) -> ComparisonRow:
    has_data = bool(data["coverage"]["mls"])
    raw = _comparison_raw(data)
    cells = [_cell(c, raw[c.key]) if has_data else "—" for c in COMPARISON_COLUMNS]
    return ComparisonRow(structure, has_data, raw, cells)


def sort_rows(rows: list[ComparisonRow], key: str, descending: bool) -> list[ComparisonRow]:
    """Rows sorted by a column (structures without data, or without the value, always last)."""
    if key == "nom":
        return sorted(rows, key=lambda r: sort_key(r.structure.name), reverse=descending)
    present = [r for r in rows if r.has_data and r.raw.get(key) is not None]
    absent = [r for r in rows if r not in present]
    present.sort(key=lambda r: (r.raw[key], sort_key(r.structure.name)), reverse=descending)
    return present + sorted(absent, key=lambda r: sort_key(r.structure.name))


# --------------------------------------------------------------------------------------------
# XLSX: every indicator, one row per structure


def xlsx_header() -> list[str]:
    header = ["Code", "Structure", "Type", "Région", "Année", "Missions Locales ayant transmis"]
    for definition in ind.INDICATORS:
        suffix = " (%)" if definition.kind == "rate" else ""
        header.append(definition.label + suffix)
    for name, values in ind.BREAKDOWNS.items():
        labels = ind.BREAKDOWN_VALUE_LABELS[name]
        header.extend(f"{ind.BREAKDOWN_LABELS[name]} : {labels[v]}" for v in values)
    for programme in ind.PROGRAMMES:
        header.extend(f"Sorties de {programme} : {ind.EXIT_REASON_LABELS[r]}" for r in ind.EXIT_REASONS)
    header.extend(f"Évolution (%) : {d.label}" for d in ind.INDICATORS if d.kind != "rate")
    return header


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def xlsx_row(structure: Structure | None, data: dict[str, Any]) -> list[Any]:
    national = structure is None or structure.type == StructureType.UNML
    coverage = data["coverage"]
    row: list[Any] = [
        "NATIONAL" if national else structure.code,
        structure_title(structure),
        "National" if national else structure.get_type_display(),
        "" if national else structure.region,
        data["year"],
        f"{len(coverage['mls'])} / {coverage['mls_total']}",
    ]
    for definition in ind.INDICATORS:
        value = data["indicators"][definition.code]
        row.append(_percent(value) if definition.kind == "rate" else value)
    for name, values in ind.BREAKDOWNS.items():
        row.extend(data["breakdowns"][name][v] for v in values)
    for programme in ind.PROGRAMMES:
        row.extend(data["exits_by_reason"][programme][r] for r in ind.EXIT_REASONS)
    row.extend(_percent(data["evolution"].get(d.code)) for d in ind.INDICATORS if d.kind != "rate")
    return row


def perimeter_structures(structure: Structure, readable: QuerySet[Structure]) -> list[Structure]:
    """The structure and those it totals, among ``readable`` (the reader's perimeter, see
    ``access``): an ARML then its MLs; the UNML, then each ARML and its MLs."""
    if structure.type == StructureType.ARML:
        return [
            structure,
            *readable.filter(parent=structure, type=StructureType.ML).order_by("sort_name"),
        ]
    if structure.type != StructureType.UNML:
        return [structure]
    others = list(readable.filter(type__in=(StructureType.ARML, StructureType.ML)).select_related("parent"))

    def key(s: Structure) -> tuple:
        region = s if s.type == StructureType.ARML else s.parent
        return (region is None, region.sort_name if region else "", s.type != StructureType.ARML, s.sort_name)

    return [structure, *sorted(others, key=key)]
