"""A framework version as plain data (the JSON export shape), built in a constant number of queries."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import QuerySet

from .models import Commitment, FrameworkVersion, Requirement


def requirement_tree(requirements: QuerySet[Requirement]) -> dict[int, list[dict]]:
    """Requirements nested under their parents, grouped by commitment id, in document order."""
    nodes: dict[int, dict] = {}
    roots: dict[int, list[dict]] = defaultdict(list)
    for requirement in requirements.order_by("position"):
        node = {
            "ref": requirement.ref,
            "text": requirement.text,
            "addressee": requirement.addressee,
            "examples": requirement.examples,
            "addressee_label": requirement.get_addressee_display(),
            "children": [],
        }
        nodes[requirement.pk] = node
        if requirement.parent_id is None:
            roots[requirement.commitment_id].append(node)
        else:
            nodes[requirement.parent_id]["children"].append(node)
    return roots


def framework_as_dict(version: FrameworkVersion) -> dict:
    tree = requirement_tree(Requirement.objects.filter(version=version))
    commitments = (
        Commitment.objects.filter(version=version).select_related("part", "section").order_by("position")
    )
    return {
        "code": version.framework.code,
        "version": version.version,
        "title": version.title,
        "adopted_on": version.adopted_on.isoformat() if version.adopted_on else None,
        "preamble": [{"title": e.title, "text": e.text} for e in version.preamble.all()],
        "commitments": [
            {
                "ref": c.ref,
                "title": c.title,
                "part": c.part.title,
                "part_number": c.part.number,
                "section": c.section.title if c.section else None,
                "section_number": c.section.number if c.section else None,
                "reference_texts": c.reference_texts,
                "requirements": tree.get(c.pk, []),
            }
            for c in commitments
        ],
    }


def get_version(code: str, version: str | None = None) -> FrameworkVersion | None:
    versions = FrameworkVersion.objects.select_related("framework").filter(framework__code=code)
    if version is not None:
        return versions.filter(version=version).first()
    return versions.in_force()
