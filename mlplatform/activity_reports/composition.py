"""A report's automatic blocks, computed from the sources (a draft) or read as frozen (published).

``compute(report)`` is the one function that fills the blocks: the page, the PDF, the public page
and the freezing at publication all call it (or read what it stored).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from . import figures, network_figures
from .blocks import Block, chart_of
from .enums import BlockKind, State
from .models import ActivityReport, NarrativeBlock, ReportSection
from .narrative import render


def _source(key: str, section: ReportSection, sources: figures.Sources, published: dict[int, Any]) -> Block:
    if key == "observatory":
        return figures.observatory_block(sources)
    if key == "theme":
        return figures.theme_block(sources, section.definition.theme)
    if key == "regions":
        return network_figures.regions_block(sources, published)
    function = {
        "organisation": network_figures.organisation_block,
        "team": network_figures.team_block,
        "events": network_figures.events_block,
        "training": network_figures.training_block,
        "programme": network_figures.programme_block,
        "quality": network_figures.quality_block,
        "annex": network_figures.annex_block,
    }[key]
    return function(sources)


def published_regional(year: int) -> dict[int, ActivityReport]:
    """ARML id -> the latest published edition of its report for ``year``."""
    latest: dict[int, ActivityReport] = {}
    for report in (
        ActivityReport.objects.published().filter(year=year, structure__type="ARML").order_by("edition")
    ):
        latest[report.structure_id] = report
    return latest


def sections_of(report: ActivityReport) -> list[ReportSection]:
    return list(
        report.sections.prefetch_related(Prefetch("blocks", NarrativeBlock.objects.order_by("pk"))).order_by(
            "position", "pk"
        )
    )


def compute(report: ActivityReport, sections: list[ReportSection] | None = None) -> dict[str, Block]:
    """The automatic blocks of the report's included sections, read from their sources now."""
    sections = sections_of(report) if sections is None else sections
    sources = figures.Sources(report.structure, report.year)
    published = published_regional(report.year) if any(s.key == "regions" for s in sections) else {}
    return {
        section.key: _source(section.definition.source, section, sources, published)
        for section in sections
        if section.included and section.definition.source
    }


FIRST_KINDS = (BlockKind.EDITORIAL, BlockKind.TEXT, BlockKind.OBJECTIVES)


@dataclass
class ShownBlock:
    kind: str
    label: str
    html: Any
    block: NarrativeBlock


@dataclass
class ShownSection:
    section: ReportSection
    title: str
    automatic: Block | None
    charts: list
    narratives: list[ShownBlock]

    @property
    def key(self) -> str:
        return self.section.key

    @property
    def before(self) -> list[ShownBlock]:
        """The texts shown before the figures (editorial, introduction, « Objectifs »)."""
        return [b for b in self.narratives if b.kind in FIRST_KINDS]

    @property
    def after(self) -> list[ShownBlock]:
        """« Temps forts », network animation and « Perspectives », after the figures."""
        return [b for b in self.narratives if b.kind not in FIRST_KINDS]


def shown_sections(report: ActivityReport, *, included_only: bool = True) -> list[ShownSection]:
    """The sections as pages show them: narrative blocks rendered, automatic blocks from the frozen
    figures of a published report, from the sources otherwise."""
    sections = sections_of(report)
    published = report.state == State.PUBLISHED
    automatic = (report.frozen or {}) if published else compute(report, sections)
    labels = dict(BlockKind.choices)
    shown = []
    for section in sections:
        if included_only and not section.included:
            continue
        data = automatic.get(section.key)
        order = {kind: index for index, kind in enumerate(section.definition.blocks)}
        blocks = sorted(section.blocks.all(), key=lambda b: order.get(b.kind, len(order)))
        shown.append(
            ShownSection(
                section,
                section.title,
                data,
                [chart_of(chart) for chart in data["charts"]] if data else [],
                [ShownBlock(b.kind, labels[b.kind], render(b.text), b) for b in blocks],
            )
        )
    return shown
