"""What changed between two versions of a framework, requirement by requirement.

``pair_versions`` is the one pairing of requirements across versions: the comparison page shows it,
the carry-over of self-assessments, the migration report, the re-linking of improvement actions and
the results across versions all read it. Rules (data/SCHEMA.md):

- the new version's mapping first: an old requirement may map to one new requirement, to several
  (a split), or to none (``[]``: removed);
- else the same local reference (``1.2.3``), except a new requirement that the mapping names as a
  target (it belongs to the old requirement mapped to it, not to its namesake);
- a pair is identical when text and examples are the same and the new requirement has one source;
  a new requirement without a source is added, an old one without a counterpart removed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .models import FrameworkVersion, Requirement, RequirementMapping

IDENTICAL, CHANGED, ADDED, REMOVED = "identique", "modifiée", "ajoutée", "supprimée"


@dataclass(frozen=True)
class DiffRow:
    status: str  # IDENTICAL, CHANGED, ADDED, REMOVED
    old: Requirement | None
    new: Requirement | None
    renumbered: bool = False  # paired under another local reference (by the mapping)


@dataclass
class VersionPairing:
    old: FrameworkVersion
    new: FrameworkVersion
    rows: list[DiffRow]
    requirements: dict[int, Requirement]  # the requirements of both versions, by id
    sources: dict[int, list[int]] = field(default_factory=dict)  # new id -> old ids
    counterparts: dict[int, list[int]] = field(default_factory=dict)  # old id -> new ids
    identical: set[int] = field(default_factory=set)  # new ids identical to their single source

    def status_of(self, new_id: int) -> str:
        """IDENTICAL, CHANGED or ADDED for a requirement of the new version."""
        if new_id in self.identical:
            return IDENTICAL
        return CHANGED if self.sources.get(new_id) else ADDED

    def counts(self) -> dict[str, int]:
        """Requirements of the new version identical, changed, added; of the old one removed."""
        new_ids = [pk for pk, r in self.requirements.items() if r.version_id == self.new.pk]
        statuses = Counter(self.status_of(pk) for pk in new_ids)
        removed = sum(1 for pk, ids in self.counterparts.items() if not ids)
        return {
            "identical": statuses[IDENTICAL],
            "changed": statuses[CHANGED],
            "added": statuses[ADDED],
            "removed": removed,
        }

    @property
    def same_scale(self) -> bool:
        """Levels mean the same in both versions (else no level is carried as it is)."""
        return self.old.rating_scale == self.new.rating_scale


def local_ref(requirement: Requirement, version: FrameworkVersion) -> str:
    """The reference without its framework and version prefix (e.g. "4.3.2.1")."""
    return requirement.ref.removeprefix(f"{version.framework.code}-{version.version}-")


def pair_versions(old: FrameworkVersion, new: FrameworkVersion) -> VersionPairing:
    """Pair the requirements of ``old`` and ``new`` (three queries, whatever the data)."""
    old_items = list(Requirement.objects.filter(version=old).order_by("position"))
    new_items = list(Requirement.objects.filter(version=new).order_by("position"))
    mapped: dict[int, list[int]] = defaultdict(list)
    for old_id, new_id in (
        RequirementMapping.objects.filter(version=new, old__version=old)
        .order_by("new__position")
        .values_list("old_id", "new_id")
    ):
        if new_id is not None:
            mapped[old_id].append(new_id)
        else:
            mapped.setdefault(old_id, [])
    targets = {new_id for ids in mapped.values() for new_id in ids}
    new_by_local = {local_ref(r, new): r.pk for r in new_items if r.pk not in targets}
    counterparts: dict[int, list[int]] = {}
    sources: dict[int, list[int]] = defaultdict(list)
    for requirement in old_items:
        if requirement.pk in mapped:
            ids = mapped[requirement.pk]
        else:
            namesake = new_by_local.get(local_ref(requirement, old))
            ids = [namesake] if namesake is not None else []
        counterparts[requirement.pk] = ids
        for new_id in ids:
            sources[new_id].append(requirement.pk)
    by_id = {r.pk: r for r in [*old_items, *new_items]}
    rows: list[DiffRow] = []
    identical: set[int] = set()
    for requirement in old_items:
        if not counterparts[requirement.pk]:
            rows.append(DiffRow(REMOVED, requirement, None))
        for new_id in counterparts[requirement.pk]:
            counterpart = by_id[new_id]
            same = (
                counterpart.text == requirement.text
                and counterpart.examples == requirement.examples
                and len(sources[new_id]) == 1
            )
            if same:
                identical.add(new_id)
            renumbered = local_ref(counterpart, new) != local_ref(requirement, old)
            rows.append(DiffRow(IDENTICAL if same else CHANGED, requirement, counterpart, renumbered))
    rows.extend(DiffRow(ADDED, None, r) for r in new_items if r.pk not in sources)
    return VersionPairing(old, new, rows, by_id, dict(sources), counterparts, identical)


def compare_versions(old: FrameworkVersion, new: FrameworkVersion) -> list[DiffRow]:
    """The comparison page's rows: pairs in the old version's order, then the added requirements."""
    return pair_versions(old, new).rows
