"""Which framework requirements an action of a structure may be linked to, and how they are listed.

An ML works against the ``ML`` framework; an ARML against the ``ARML-UNML`` requirements
addressed to ``ARML`` or ``UNML+ARML``; the UNML against those addressed to ``UNML`` or
``UNML+ARML``. The picker lists the latest version; requirements of earlier versions stay valid
(an action outlives the campaign that created it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from mlplatform.frameworks.enums import Addressee
from mlplatform.frameworks.export import get_version
from mlplatform.frameworks.models import Commitment, FrameworkVersion, Part, Requirement
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure

# structure type -> (framework code, addressees of the requirements that apply)
APPLICABLE: dict[str, tuple[str, frozenset[str]]] = {
    StructureType.ML: ("ML", frozenset({Addressee.ML})),
    StructureType.ARML: ("ARML-UNML", frozenset({Addressee.ARML, Addressee.UNML_ARML})),
    StructureType.UNML: ("ARML-UNML", frozenset({Addressee.UNML, Addressee.UNML_ARML})),
}


def framework_code_for(structure: Structure) -> str:
    return APPLICABLE[structure.type][0]


def eligible_requirements(structure: Structure) -> QuerySet[Requirement]:
    """Every requirement, of any version, an action of ``structure`` may be linked to."""
    code, addressees = APPLICABLE[structure.type]
    return Requirement.objects.filter(version__framework__code=code, addressee__in=addressees)


def latest_version_for(structure: Structure) -> FrameworkVersion | None:
    return get_version(framework_code_for(structure))


def picker_requirements(
    structure: Structure, extra_ids: list[int] | tuple[int, ...] = ()
) -> list[Requirement]:
    """The latest version's applicable requirements, plus ``extra_ids`` of earlier versions, in order."""
    version = latest_version_for(structure)
    requirements = eligible_requirements(structure).select_related("commitment__part", "version")
    if version is not None:
        requirements = requirements.filter(Q(version=version) | Q(pk__in=list(extra_ids)))
    else:
        requirements = requirements.filter(pk__in=list(extra_ids))
    return list(requirements.order_by("version__version", "position"))


@dataclass
class CommitmentGroup:
    commitment: Commitment
    requirements: list[Requirement] = field(default_factory=list)


@dataclass
class PartGroup:
    part: Part
    commitments: list[CommitmentGroup] = field(default_factory=list)
    selected: int = 0


def group_requirements(
    requirements: list[Requirement], selected_ids: set[int] = frozenset()
) -> list[PartGroup]:
    """Requirements (commitment and part selected) grouped by part, then commitment, in order."""
    parts: dict[int, PartGroup] = {}
    commitments: dict[int, CommitmentGroup] = {}
    for requirement in requirements:
        commitment = requirement.commitment
        part_group = parts.get(commitment.part_id)
        if part_group is None:
            part_group = parts[commitment.part_id] = PartGroup(commitment.part)
        group = commitments.get(commitment.pk)
        if group is None:
            group = commitments[commitment.pk] = CommitmentGroup(commitment)
            part_group.commitments.append(group)
        group.requirements.append(requirement)
        if requirement.pk in selected_ids:
            part_group.selected += 1
    return list(parts.values())
