"""Who reads the observatory's figures: the one check of every page, export and API endpoint.

The figures are the network's steering data: an ML reads its own, an ARML its region (itself and
its MLs), the UNML the nation. Auditors and commission members read none, not even those of the
structures whose label files are assigned to them: an audit judges the quality approach on the
evidence the structure gives (evidence requests, its self-assessment), and the commission decides
on the audit report. Activity figures are not part of either, so giving them out would only widen
who sees them (data minimisation; the auditors are not all from the network).

Every view of the observatory and every endpoint of the API reaches structures through
``readable_structures`` (or ``visible_structure``), and every list of structures that a total is
made of through ``components``: a role without access gets 403, a structure outside the reader's
perimeter 404, and no list ever holds a structure outside it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from mlplatform.accounts.enums import ROLE_LEVEL
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure
from mlplatform.network.perimeter import Level, Perimeter

READER_LEVELS = frozenset({Level.NATIONAL, Level.REGIONAL, Level.LOCAL})
NO_ACCESS = "Votre rôle ne donne accès à aucun chiffre de l'observatoire."


def role_reads_figures(role: str | None) -> bool:
    """Whether a role reads observatory figures at all (its perimeter is given by its place)."""
    return role is not None and ROLE_LEVEL.get(role) in READER_LEVELS


def reader_perimeter(membership: Any) -> Perimeter:
    """The perimeter whose figures ``membership`` reads; PermissionDenied for any other role."""
    if membership is None or not role_reads_figures(membership.role):
        raise PermissionDenied(NO_ACCESS)
    perimeter = membership.perimeter()
    if perimeter.level not in READER_LEVELS:  # a role whose level changed since: never widen
        raise PermissionDenied(NO_ACCESS)
    return perimeter


def readable_structures(membership: Any) -> QuerySet[Structure]:
    """The structures whose figures ``membership`` reads."""
    return Structure.objects.in_perimeter(reader_perimeter(membership))


def visible_structure(membership: Any, code: str) -> Structure:
    """One structure by code: 403 for a role without figures, 404 outside the perimeter."""
    return get_object_or_404(readable_structures(membership).select_related("parent"), code=code)


def components(structure: Structure, membership: Any) -> list[Structure]:
    """What the total of ``structure`` is made of, inside the reader's perimeter, by name: the MLs of
    an ARML, the ARMLs of the nation (the UNML), nothing for an ML."""
    if structure.is_ml:
        return []
    queryset = readable_structures(membership)
    if structure.is_arml:
        queryset = queryset.filter(parent=structure, type=StructureType.ML)
    else:
        queryset = queryset.filter(type=StructureType.ARML)
    return list(queryset.order_by("name"))
