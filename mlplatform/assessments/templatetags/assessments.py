"""Small filters for self-assessment pages: scores as French percents and heat-map classes."""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from mlplatform.reports.charts import format_share

from ..heatmap import HEAT_LEGEND, heat_class

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """0.6667 gives "67 %"; None gives a dash."""
    return format_share(value, 0)


@register.filter
def heat(value: float | None) -> str:
    return heat_class(value)


@register.simple_tag
def heat_legend() -> tuple[tuple[str, str, str], ...]:
    """``{% heat_legend as legend %}``: (CSS class, scores, colour) of each shade of the heat map."""
    return HEAT_LEGEND


@register.filter
def signed_points(value: float | None) -> str:
    """A change of score in points: +12 pts, -3 pts."""
    if value is None:
        return "—"
    points = round(value * 100)
    return f"{'+' if points > 0 else ''}{points}\u00a0pts"


@register.filter
def level_label(labels: dict, value) -> str:
    return labels.get(value, "") if value is not None else ""


@register.simple_tag
def level_radios(key: str, choices: list[tuple[str, str]], checked: str) -> str:
    """The radio buttons of one answer, each inside its label so that a button never wraps apart from
    its text (built here: the answering page holds up to 65 of these groups, and a template loop costs
    several times more)."""
    return format_html_join(
        "",
        '<label for="r{0}-{2}"><input type="radio" name="r{0}-level" value="{1}" id="r{0}-{2}"{3}>'
        "{4}</label>",
        (
            (key, value, value or "vide", mark_safe(" checked") if value == checked else "", label)
            for value, label in choices
        ),
    )
