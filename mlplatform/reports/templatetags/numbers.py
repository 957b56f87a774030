"""Numbers written the French way in templates (``{% load numbers %}``), as in charts and PDFs."""

from __future__ import annotations

from django import template

from mlplatform.reports.charts import format_number

register = template.Library()


@register.filter
def number(value: float | int | None, digits: int = 0) -> str:
    """``{{ 3074|number }}`` gives "3 074" (non-breaking space); ``{{ x|number:1 }}`` one decimal."""
    return format_number(value, int(digits))
