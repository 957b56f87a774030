"""The carried-over answers on the answering page (carried.py), for its panel and each of its rows.

``{% carried_view assessment as carried %}`` and ``{% carried_row assessment requirement_pk as
carried %}`` read the same view, built once per assessment object: the page asks the database the
same few queries whatever its number of requirements, and none for a version without predecessor.
"""

from __future__ import annotations

from django import template

from ..carried import CarriedRow, CarriedView, carried_view, carryover_waiting
from ..models import Assessment

register = template.Library()


@register.simple_tag(name="carried_view")
def carried_view_tag(assessment: Assessment) -> CarriedView | None:
    return carried_view(assessment)


@register.simple_tag
def carried_row(assessment: Assessment, requirement_pk: int) -> CarriedRow | None:
    view = carried_view(assessment)
    return None if view is None else view.rows.get(requirement_pk)


@register.simple_tag(name="carryover_waiting")
def carryover_waiting_tag(assessment: Assessment) -> bool:
    return carryover_waiting(assessment)
