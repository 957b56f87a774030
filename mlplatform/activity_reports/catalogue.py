"""The sections a report can hold, per type of structure, modelled on the 2022 report of ARML
Normandie (seed 004): editorial, organisation, the team's activity, one section per theme, the
regional training plan, communication and events, the observatory, the quality approach, the
programme review, the regions (national report) and the annex of the network's structures.

A structure chooses which sections its report holds and in which order; a new report starts from
the template of its type (``TEMPLATES``): every section offered to that type, in this order, the
``default`` ones included.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlplatform.network.enums import StructureType

from .enums import BlockKind

ML, ARML, UNML = StructureType.ML, StructureType.ARML, StructureType.UNML
ALL = (ML, ARML, UNML)
THEME_BLOCKS = (BlockKind.OBJECTIVES, BlockKind.HIGHLIGHTS, BlockKind.ANIMATION, BlockKind.OUTLOOK)


@dataclass(frozen=True)
class SectionDef:
    key: str
    title: str
    blocks: tuple[str, ...]  # narrative blocks, in order
    source: str | None  # automatic block (see figures.SOURCES), None: narrative only
    types: tuple[str, ...] = ALL
    default: tuple[str, ...] = ALL
    theme: str | None = None  # the theme of the observatory and network-life figures


def _theme(key: str, title: str, default: tuple[str, ...] = (ARML, UNML)) -> SectionDef:
    return SectionDef(f"theme_{key}", title, THEME_BLOCKS, "theme", default=default, theme=key)


SECTIONS: tuple[SectionDef, ...] = (
    SectionDef("editorial", "Éditorial", (BlockKind.EDITORIAL,), None),
    SectionDef("organisation", "Organisation et gouvernance", (BlockKind.TEXT,), "organisation"),
    SectionDef("activite_equipe", "L'activité de l'équipe", (BlockKind.TEXT,), "team", types=(ARML, UNML)),
    SectionDef("observatoire", "Observatoire : les chiffres clés", (BlockKind.TEXT,), "observatory"),
    _theme("cej", "Contrat d'engagement jeune", default=ALL),
    _theme("emploi", "Emploi et relations entreprises", default=ALL),
    _theme("formation", "Formation et Vigie"),
    _theme("obligation_formation", "Obligation de formation"),
    _theme("citoyennete", "Citoyenneté"),
    _theme("mobilite", "Mobilité"),
    _theme("handicap", "Handicap"),
    _theme("sante", "Santé"),
    _theme("justice", "Justice"),
    _theme("logement", "Logement"),
    SectionDef(
        "plan_formation", "Plan régional de formation", (BlockKind.TEXT, BlockKind.OUTLOOK), "training"
    ),
    SectionDef("communication", "Communication et événements", (BlockKind.TEXT, BlockKind.OUTLOOK), "events"),
    SectionDef("qualite", "Démarche qualité et label", (BlockKind.TEXT,), "quality"),
    SectionDef(
        "programme",
        "Programme d'actions : bilan de l'année",
        (BlockKind.TEXT,),
        "programme",
        types=(ARML, UNML),
    ),
    SectionDef("regions", "Les régions", (BlockKind.TEXT,), "regions", types=(UNML,)),
    SectionDef("annexe", "Annexe : le réseau", (), "annex"),
)
SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}


def sections_for(structure_type: str) -> list[SectionDef]:
    """The sections offered to a type of structure, in the template's order."""
    return [section for section in SECTIONS if structure_type in section.types]


def annex_title(structure_type: str) -> str:
    return {
        ML: "Annexe : nos lieux d'accueil",
        ARML: "Annexe : les Missions Locales de la région",
        UNML: "Annexe : les associations régionales",
    }[structure_type]
