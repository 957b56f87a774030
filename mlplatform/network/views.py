"""The network tree and structure pages, all scoped to the person's perimeter."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from mlplatform.accounts.models import Membership
from mlplatform.core.collation import sort_key
from mlplatform.core.htmx import page_or_fragment

from .enums import StructureType
from .forms import StructureForm
from .models import Structure
from .services import StaleEdit, save_structure_edit


@dataclass
class TreeNode:
    structure: Structure
    children: list[TreeNode] = field(default_factory=list)


def _filtered_structures(request: HttpRequest):
    structures = Structure.objects.for_user(request.user).annotate(site_count=Count("sites"))
    query = request.GET.get("q", "").strip()
    if query:
        structures = structures.filter(
            Q(name__icontains=query)
            | Q(code__icontains=query)
            | Q(department=query)
            | Q(region__icontains=query)
        )
    if request.GET.get("incomplet"):
        structures = structures.filter(type=StructureType.ML).filter(Q(email="") | Q(phone=""))
    return structures.order_by("sort_name"), query


def build_tree(structures: list[Structure]) -> list[TreeNode]:
    """Nest the visible structures: UNML, then ARMLs with their MLs; orphans at the top level."""
    nodes = {s.pk: TreeNode(s) for s in structures}
    roots: list[TreeNode] = []
    for structure in structures:
        parent = nodes.get(structure.parent_id) if structure.parent_id else None
        if parent is not None and structure.type != StructureType.ARML:
            parent.children.append(nodes[structure.pk])
        else:
            roots.append(nodes[structure.pk])
    type_rank = {StructureType.UNML: 0, StructureType.ARML: 1, StructureType.ML: 2}
    roots.sort(
        key=lambda n: (type_rank[n.structure.type], sort_key(n.structure.region), n.structure.sort_name)
    )
    return roots


def tree_view(request: HttpRequest) -> HttpResponse:
    structures, query = _filtered_structures(request)
    structures = list(structures)
    context = {
        "roots": build_tree(structures),
        "query": query,
        "incomplete_only": bool(request.GET.get("incomplet")),
        "ml_count": sum(1 for s in structures if s.type == StructureType.ML),
        "site_count": sum(s.site_count for s in structures),
    }
    return page_or_fragment(request, "network/tree.html", "network/_tree.html", context)


def structure_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = get_object_or_404(
        Structure.objects.for_user(request.user).select_related("parent"), code=code
    )
    visible = Structure.objects.for_user(request.user)
    children = list(
        visible.filter(parent=structure).annotate(site_count=Count("sites")).order_by("sort_name")
    )
    memberships = (
        Membership.objects.for_user(request.user)
        .active()
        .filter(structure=structure)
        .select_related("user")
        .order_by("role", "user__last_name", "user__first_name")
    )
    parent_visible = structure.parent is not None and visible.filter(pk=structure.parent_id).exists()
    membership = request.membership
    return render(
        request,
        "network/structure.html",
        {
            "structure": structure,
            "children": children,
            "sites": structure.sites.order_by("type", "name"),
            "memberships": memberships,
            "parent_visible": parent_visible,
            "can_edit": membership is not None and membership.can_edit_structures,
        },
    )


def structure_edit_view(request: HttpRequest, code: str) -> HttpResponse:
    structure = get_object_or_404(Structure.objects.for_user(request.user), code=code)
    membership = request.membership
    if membership is None or not membership.can_edit_structures:
        raise PermissionDenied("Votre rôle ne permet pas de modifier la fiche de cette structure.")
    national = membership.is_national_admin
    form = StructureForm(request.POST or None, instance=structure, national=national)
    conflict = None
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.fields if name != "version"}
        try:
            save_structure_edit(structure, form.cleaned_data["version"], changes)
        except StaleEdit:
            conflict = Structure.objects.get(pk=structure.pk)
            messages.error(
                request,
                "Quelqu'un a modifié cette fiche pendant que vous la modifiiez. Vos saisies sont conservées "
                "ci-dessous ; comparez-les avec la version enregistrée, puis enregistrez à nouveau.",
            )
            form.data = form.data.copy()
            form.data["version"] = conflict.version
        else:
            messages.success(request, "La fiche est enregistrée.")
            return redirect(structure)
    return render(
        request, "network/structure_edit.html", {"structure": structure, "form": form, "conflict": conflict}
    )
