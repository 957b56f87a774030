"""French grammar filters (``{% load french %}``), all from :mod:`mlplatform.core.french`.

    {{ structure|de }}       de la Mission Locale de Caen / de l'Union nationale… / du … / d'…
    {{ structure|le }}       la Mission Locale de Caen / l'Union nationale… (|capfirst to start a sentence)
    {{ structure|au }}       à la Mission Locale de Caen / au … / à l'…
    {{ role_label|as_role }} en tant qu'auditeur·rice
    {{ count|plural:"problème,problèmes" }}   the word only; French keeps the singular for 0 and 1

The filters take a structure (its ``name``) or a string, and escape the name only.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from mlplatform.core import french

register = template.Library()


def _render(form: str, value: Any, autoescape: bool) -> str | SafeString:
    before, name = french.phrase(form, value)
    if not autoescape:
        return before + name
    return mark_safe(before + conditional_escape(name))  # noqa: S308 - the name is escaped


@register.filter(needs_autoescape=True)
def de(value: Any, autoescape: bool = True) -> str:
    return _render("de", value, autoescape)


@register.filter(name="le", needs_autoescape=True)
def le_filter(value: Any, autoescape: bool = True) -> str:
    return _render("le", value, autoescape)


@register.filter(needs_autoescape=True)
def au(value: Any, autoescape: bool = True) -> str:
    return _render("au", value, autoescape)


@register.filter
def as_role(value: Any) -> str:
    return french.as_role(value)


@register.filter
def plural(count: Any, forms: str) -> str:
    """``{{ n|plural:"structure" }}`` or ``{{ n|plural:"travail,travaux" }}``."""
    singular, _, plural_form = forms.partition(",")
    try:
        number = int(count)
    except (TypeError, ValueError):
        number = len(count) if hasattr(count, "__len__") else 0
    return french.plural(number, singular, plural_form or None)
