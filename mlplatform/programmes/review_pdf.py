"""The PDF of a programme's yearly review (« bilan »): ``reviews.programme_review`` and its charts
(``reports/charts.py``, SVG, each with its data table), rendered by the one PDF pipeline."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from mlplatform.reports.charts import Chart, Series, bar_chart, format_number, grouped_bar_chart

from .enums import ActionStatus
from .models import Programme, ProgrammeVersion
from .reviews import programme_review


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{format_number(value)} %"


def review_charts(review: dict[str, Any]) -> list[Chart]:
    """Progress of each action, actions by status and, when any, the indicators' targets and actuals."""
    rows = review["rows"]
    if not rows:
        return []
    year = review["year"]
    charts = [
        bar_chart(
            f"Avancement des actions (état actuel, bilan {year})",
            [f"n° {row['action'].number}" for row in rows],
            [row["action"].progress for row in rows],
            label="Avancement",
            corner="Action",
            value_format=_percent,
            max_value=100,
            chart_id="avancement",
        ),
        bar_chart(
            "Actions par statut",
            [label for _, label in ActionStatus.choices],
            [sum(1 for row in rows if row["action"].status == value) for value, _ in ActionStatus.choices],
            label="Actions",
            corner="Statut",
            chart_id="statuts",
        ),
    ]
    indicators = [
        (f"n° {row['action'].number} — {item['indicator'].label}", item)
        for row in rows
        for item in row["indicators"]
        if item["target"] is not None or item["actual"] is not None
    ]
    if indicators:
        charts.append(
            grouped_bar_chart(
                f"Indicateurs {year} : cible et réalisé",
                [label for label, _ in indicators],
                [
                    Series("Cible", [_float(item["target"]) for _, item in indicators]),
                    Series("Réalisé", [_float(item["actual"]) for _, item in indicators]),
                ],
                corner="Indicateur",
                description="Chaque indicateur a son unité : comparez la cible et le réalisé "
                "d'un même indicateur.",
                chart_id="indicateurs",
            )
        )
    return charts


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def review_pdf_context(programme: Programme, version: ProgrammeVersion, year: int) -> dict[str, Any]:
    """Everything the PDF of the bilan of ``year`` shows."""
    review = programme_review(version, year)
    return review | {
        "programme": programme,
        "version": version,
        "charts": review_charts(review),
        "generated_at": timezone.now(),
        "for_pdf": True,
    }
