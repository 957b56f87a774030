"""Automatic blocks from the observatory: the key figures page and the figures of each theme.

Single source: ``observatory.indicators.indicators`` (the observatory pages, PDF, XLSX, API and
open data read it too), arranged by ``observatory.report.key_figures``; evolutions are the
observatory's own (``data["evolution"]``: only when the same MLs sent data both years).
Network animation per theme: ``animation.counts.yearly_counts`` (meetings per theme).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from mlplatform.animation.counts import YearCounts, yearly_counts
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure
from mlplatform.observatory import indicators as ind
from mlplatform.observatory import report as obs_report
from mlplatform.reports.charts import format_number, format_share

from . import secrecy
from .blocks import Block, block, chart_dict, figure, missing, table

AGE_LABELS = ind.BREAKDOWN_VALUE_LABELS["age"]
NO_OBSERVATORY = (
    "Donnée non disponible : aucun extrait de l'observatoire n'a été importé pour {year} dans ce périmètre."
)


@dataclass
class Sources:
    """What the blocks of one report read, each source read once (a report has many sections)."""

    structure: Structure
    year: int
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def national(self) -> bool:
        return self.structure.type == StructureType.UNML

    @cached_property
    def observatory(self) -> dict[str, Any]:
        return ind.indicators(self.year, None if self.national else self.structure)

    @property
    def has_observatory(self) -> bool:
        return bool(self.observatory["coverage"]["mls"])

    @cached_property
    def animation(self) -> YearCounts:
        return yearly_counts(self.structure, self.year)

    @cached_property
    def animation_before(self) -> YearCounts:
        return yearly_counts(self.structure, self.year - 1)


PEOPLE_CODES = {d.code for d in ind.INDICATORS if d.kind == "count"} - {
    "entretiens",
    "ateliers",
    "infos_collectives",
    "contrats_emploi",
    "actions_formation",
}


def _rate_base(code: str, values: dict[str, Any]) -> float | None:
    """The number of young people a rate is computed on (exits of the programme)."""
    for programme in ind.PROGRAMMES:
        if code == f"taux_sorties_positives_{programme}":
            return values[f"sorties_{programme}"]
    return None


def _masked(code: str, values: dict[str, Any]) -> bool:
    kind = ind.INDICATORS_BY_CODE[code].kind
    if kind == "rate":
        return secrecy.share_is_secret(_rate_base(code, values))
    return code in PEOPLE_CODES and secrecy.is_secret(values.get(code))


def _obs_figure(sources: Sources, code: str) -> dict[str, str | None]:
    data = sources.observatory
    values, previous = data["indicators"], data["previous"]
    result = figure(
        obs_report.label(code),
        values[code],
        previous.get(code),
        fmt=lambda v, c=code: obs_report.format_value(c, v),
        evolution=data["evolution"].get(code),
    )
    if _masked(code, values):
        result.update(value=secrecy.SECRET_TEXT, change=None)
    if previous and _masked(code, previous):
        result.update(previous=secrecy.SECRET_TEXT, change=None)
    return result


def _share(sources: Sources, breakdown: str, value: str, label: str) -> dict[str, str | None]:
    data = sources.observatory
    whole = data["indicators"]["jeunes_accompagnes"]
    count = data["breakdowns"][breakdown][value]
    result = figure(label, ind.share(count, whole), fmt=format_share, evolution=False)
    if secrecy.is_secret(count) or secrecy.share_is_secret(whole):
        result["value"] = secrecy.SECRET_TEXT
    else:
        result["value"] = f"{result['value']} ({format_number(count)} jeunes)"
    return result


def _profile_rows(rows: list, base: int | None) -> list[list[str]]:
    """Rows (label, share, count) of a profile table, with the secrecy rules applied."""
    hidden = secrecy.hidden_cells([row.count for row in rows])
    masked_share = secrecy.share_is_secret(base)
    return [
        [
            row.label,
            secrecy.SECRET_TEXT if index in hidden or masked_share else row.share_text,
            secrecy.SECRET_TEXT if index in hidden else row.count_text,
        ]
        for index, row in enumerate(rows)
    ]


FLAG_TABLES = {"qpv", "zrr", "justice", "rqth"}


def profile_into(result: Block, profile: Any) -> None:
    """A profile of ``observatory.profiles`` (programme entrants, contract types, justice) added to
    a block as one table (for a yes/no flag, only « oui »), under the secrecy rules; its charts only
    when nothing is hidden."""
    if not profile.available:
        result["notes"].append(f"{profile.title} : {profile.missing_message}")
        return
    rows: list[list[str]] = []
    for item in profile.tables:
        shown = _profile_rows(item.rows, profile.base)
        if item.key in FLAG_TABLES:  # the « non » row is the base minus « oui »: left out
            shown = [
                [item.title, *row[1:]]
                for row, source in zip(shown, item.rows, strict=True)
                if source.label == "Oui"
            ]
        elif len(profile.tables) > 1:
            shown = [[f"{item.title} : {row[0]}", *row[1:]] for row in shown]
        rows += shown
    base = secrecy.SECRET_TEXT if secrecy.is_secret(profile.base) else profile.base_text
    label = profile.base_label[:1].lower() + profile.base_label[1:]
    caption = f"{profile.title} ({label} : {base})" if profile.base_label else profile.title
    result["tables"].append(table(caption, ["Catégorie", "Part", "Nombre de jeunes"], rows))
    if any(secrecy.SECRET_TEXT in row for row in rows):
        result["notes"].append(secrecy.CHART_WITHHELD)
    else:
        result["charts"] += [chart_dict(chart) for chart in profile.charts]


def _public_rows(sources: Sources) -> list[dict[str, str | None]]:
    sexes = [(("sexe", v, ind.BREAKDOWN_VALUE_LABELS["sexe"][v])) for v in ind.BREAKDOWNS["sexe"]]
    flags = [(f, "1", obs_report.FLAG_LABELS[f]) for f in obs_report.FLAGS]
    return [_share(sources, *spec) for spec in (*sexes, *flags, ("age", "<16", AGE_LABELS["<16"]))]


def _programme_row(sources: Sources, programme: str) -> list[str]:
    entries = _obs_figure(sources, f"entrees_{programme}")
    exits = _obs_figure(sources, f"sorties_{programme}")
    rate = _obs_figure(sources, f"taux_sorties_positives_{programme}")
    return [
        ind.PROGRAMME_LABELS[programme],
        entries["value"],
        entries["change"] or "—",
        exits["value"],
        rate["value"],
    ]


def observatory_block(sources: Sources) -> Block:
    """The page « OBSERVATOIRE » of seed 004: the key figures, the public, activity, entries."""
    if not sources.has_observatory:
        return missing(NO_OBSERVATORY.format(year=sources.year))
    figures = obs_report.key_figures(sources.year, sources.structure, sources.observatory)
    coverage = figures.coverage
    result = block(
        figures=[
            *(_obs_figure(sources, f.code) for f in figures.headline),
            *(_obs_figure(sources, f.code) for f in figures.activity),
            *(_obs_figure(sources, f.code) for f in figures.entries),
        ],
        tables=[
            table(
                "Profil des jeunes accompagnés",
                ["Public", "Part des jeunes accompagnés (nombre)"],
                [[f["label"], f["value"]] for f in _public_rows(sources)],
            ),
            table(
                "Entrées et sorties de dispositif",
                ["Dispositif", "Entrées", "Évolution des entrées", "Sorties", "Sorties positives"],
                [_programme_row(sources, p) for p in ind.PROGRAMMES],
            ),
        ],
    )
    data = sources.observatory
    chart_counts = {
        "niveau": list(data["breakdowns"]["niveau"].values()),
        "age": list(data["breakdowns"]["age"].values()),
        "activity": [],  # interviews, workshops, information sessions: events, not people
        "entries": [data["indicators"][c] for c in obs_report.ENTRY_CODES if c in PEOPLE_CODES],
    }
    for key, counts in chart_counts.items():
        if any(secrecy.is_secret(count) for count in counts):
            result["notes"].append(f"{figures.charts[key].title} : {secrecy.CHART_WITHHELD}")
        else:
            result["charts"].append(chart_dict(figures.charts[key]))
    if sources.structure.type != StructureType.ML:
        result["notes"].append(
            f"Données de {format_number(len(coverage['mls']))} Missions Locales sur "
            f"{format_number(coverage['mls_total'])}."
        )
    if not figures.has_previous:
        result["notes"].append(
            f"Pas d'évolution par rapport à {sources.year - 1} : les Missions Locales ayant transmis leurs "
            "données ne sont pas les mêmes les deux années (ou aucune donnée pour l'année précédente)."
        )
    return result


# --------------------------------------------------------------------------------------------
# Themes


@dataclass(frozen=True)
class ThemeSource:
    codes: tuple[str, ...] = ()
    shares: tuple[tuple[str, str, str], ...] = ()  # (breakdown, value, label)
    animation: tuple[str, ...] = ()  # animation.enums.Theme values
    profile: str | None = None  # "CEJ", "contracts", "justice": observatory.profiles


AGE = AGE_LABELS
THEMES: dict[str, ThemeSource] = {
    "cej": ThemeSource(
        ("entrees_CEJ", "sorties_CEJ", "taux_sorties_positives_CEJ"), animation=("cej",), profile="CEJ"
    ),
    "emploi": ThemeSource(
        ("jeunes_entres_emploi", "contrats_emploi", "jeunes_entres_alternance", "jeunes_immersion"),
        animation=("relations_entreprises",),
        profile="contracts",
    ),
    "formation": ThemeSource(("jeunes_entres_formation", "actions_formation"), animation=("formation",)),
    "obligation_formation": ThemeSource(
        shares=(("age", "<16", AGE["<16"]), ("age", "16-17", AGE["16-17"])), animation=("formation",)
    ),
    "citoyennete": ThemeSource(("jeunes_service_civique",)),
    "mobilite": ThemeSource(animation=("logement",)),
    "handicap": ThemeSource(shares=(("rqth", "1", obs_report.FLAG_LABELS["rqth"]),), animation=("handicap",)),
    "sante": ThemeSource(animation=("sante",)),
    "justice": ThemeSource(
        shares=(("justice", "1", obs_report.FLAG_LABELS["justice"]),),
        animation=("justice",),
        profile="justice",
    ),
    "logement": ThemeSource(
        shares=tuple(
            ("logement", v, ind.BREAKDOWN_VALUE_LABELS["logement"][v]) for v in ind.BREAKDOWNS["logement"]
        ),
        animation=("logement",),
    ),
}


def _profile(sources: Sources, key: str) -> Any:
    from mlplatform.observatory import profiles

    data = sources.observatory
    if key == "contracts":
        return profiles.contracts_profile(data)
    if key == "justice":
        return profiles.justice_profile(data)
    return next(p for p in profiles.entrants_profiles(data) if p.key.endswith(key))


def _animation_rows(sources: Sources, themes: tuple[str, ...]) -> list[list[Any]]:
    from mlplatform.animation.enums import Theme

    rows = []
    for theme in themes:
        now = sources.animation.by_theme.get(theme, {"organised": 0, "attended": 0})
        before = sources.animation_before.by_theme.get(theme, {"organised": 0, "attended": 0})
        rows.append(
            [
                Theme(theme).label,
                format_number(now["organised"]),
                format_number(now["attended"]),
                format_number(before["organised"] + before["attended"]),
            ]
        )
    return rows


def theme_block(sources: Sources, theme: str) -> Block:
    """A theme's key figures (observatory) and its network animation (meetings of the theme)."""
    spec = THEMES[theme]
    result = block()
    if spec.codes or spec.shares:
        if sources.has_observatory:
            result["figures"] = [_obs_figure(sources, code) for code in spec.codes]
            result["figures"] += [_share(sources, *share) for share in spec.shares]
        else:
            result["notes"].append(NO_OBSERVATORY.format(year=sources.year))
    if spec.profile and sources.has_observatory:
        profile_into(result, _profile(sources, spec.profile))
    if spec.animation:
        rows = _animation_rows(sources, spec.animation)
        if any(row[1] != "0" or row[2] != "0" for row in rows):
            result["tables"].append(
                table(
                    f"Animation du réseau sur le thème en {sources.year}",
                    ["Thème", "Réunions animées", "Réunions suivies", f"Réunions en {sources.year - 1}"],
                    rows,
                )
            )
        else:
            result["notes"].append(f"Aucune réunion sur ce thème n'est enregistrée pour {sources.year}.")
    if not result["figures"] and not result["tables"]:
        reason = " ".join(result["notes"]) or "Aucun chiffre de la plateforme ne porte sur ce thème."
        return missing(reason)
    return result
