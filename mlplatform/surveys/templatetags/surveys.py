"""Shares and scores of the survey pages, written the French way (``{% load surveys %}``)."""

from __future__ import annotations

from django import template

from mlplatform.reports.charts import format_number, format_share

register = template.Library()


@register.filter
def share(value: float | None) -> str:
    """``0.368`` gives "36,8 %"; None gives the charts' mark for a missing value."""
    return format_share(value)


@register.filter
def points(value: float | None) -> str:
    """A recommendation score in points, signed: "+12", "−4"."""
    if value is None:
        return format_share(None)
    return ("+" if value > 0 else "") + format_number(value, 0)
