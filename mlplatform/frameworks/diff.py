"""What changed between two versions of a framework, requirement by requirement."""

from __future__ import annotations

from dataclasses import dataclass

from .models import FrameworkVersion, Requirement, RequirementMapping


@dataclass(frozen=True)
class DiffRow:
    status: str  # "identique", "modifiée", "ajoutée", "supprimée"
    old: Requirement | None
    new: Requirement | None


def local_ref(requirement: Requirement, version: FrameworkVersion) -> str:
    """The reference without its framework and version prefix (e.g. "4.3.2.1")."""
    return requirement.ref.removeprefix(f"{version.framework.code}-{version.version}-")


def compare_versions(old: FrameworkVersion, new: FrameworkVersion) -> list[DiffRow]:
    """Pair requirements by the new version's mapping, else by their local reference."""
    old_items = list(Requirement.objects.filter(version=old).order_by("position"))
    new_items = list(Requirement.objects.filter(version=new).order_by("position"))
    new_by_local = {local_ref(r, new): r for r in new_items}
    mapped = {
        m.old_id: m.new
        for m in RequirementMapping.objects.filter(version=new, old__version=old).select_related("new")
    }
    rows: list[DiffRow] = []
    paired: set[int] = set()
    for requirement in old_items:
        counterpart = mapped.get(requirement.pk) or new_by_local.get(local_ref(requirement, old))
        if counterpart is None:
            rows.append(DiffRow("supprimée", requirement, None))
            continue
        paired.add(counterpart.pk)
        same = counterpart.text == requirement.text and counterpart.examples == requirement.examples
        rows.append(DiffRow("identique" if same else "modifiée", requirement, counterpart))
    rows.extend(DiffRow("ajoutée", None, r) for r in new_items if r.pk not in paired)
    return rows
