"""The one pairing of requirements across versions (frameworks.diff.pair_versions): splits, merges,
explicit removals in the mapping, and the local reference as the fallback."""

from __future__ import annotations

import copy

from mlplatform.frameworks.diff import ADDED, CHANGED, IDENTICAL, REMOVED, pair_versions
from mlplatform.frameworks.models import RequirementMapping

from ..assessments.carryover_world import load_data
from ..assessments.factories import ml_framework


def _next(data: dict, version: str, mapping: dict) -> dict:
    import yaml

    new = yaml.safe_load(yaml.safe_dump(data).replace(f"ML-{data['version']}", f"ML-{version}"))
    new.update(version=version, previous_version=data["version"], mapping=mapping)
    return new


def _statuses(pairing) -> dict:
    return {(r.old.ref if r.old else None, r.new.ref if r.new else None): r.status for r in pairing.rows}


def test_a_split_and_a_merge(db):
    data = ml_framework("2030", parts=1, commitments=1, requirements=3)
    old = load_data(data)
    following = _next(copy.deepcopy(data), "2031", {})
    requirements = following["parts"][0]["commitments"][0]["requirements"]
    requirements[2]["text"] = "Exigence 1.1.2, seconde moitié."  # the old 1.1.3 is gone as such
    following["mapping"] = {
        "ML-2030-1.1.2": ["ML-2031-1.1.2", "ML-2031-1.1.3"],  # split in two
        "ML-2030-1.1.3": "ML-2031-1.1.2",  # and merged into the first half
    }
    new = load_data(following)
    pairing = pair_versions(old, new)
    statuses = _statuses(pairing)
    assert statuses[("ML-2030-1.1.2", "ML-2031-1.1.2")] == CHANGED  # two sources: never identical
    assert statuses[("ML-2030-1.1.3", "ML-2031-1.1.2")] == CHANGED
    assert statuses[("ML-2030-1.1.2", "ML-2031-1.1.3")] == CHANGED
    assert statuses[("ML-2030-1.1.1", "ML-2031-1.1.1")] == IDENTICAL
    new_112 = next(pk for pk, r in pairing.requirements.items() if r.ref == "ML-2031-1.1.2")
    assert len(pairing.sources[new_112]) == 2
    assert pairing.counts() == {"identical": 2, "changed": 2, "added": 0, "removed": 0}


def test_an_explicit_removal_wins_over_the_local_reference(db):
    data = ml_framework("2030", parts=1, commitments=1, requirements=2)
    old = load_data(data)
    following = _next(copy.deepcopy(data), "2031", {"ML-2030-1.1.2": []})
    following["parts"][0]["commitments"][0]["requirements"][1]["text"] = "Une tout autre exigence."
    new = load_data(following)
    assert RequirementMapping.objects.get(version=new).new is None
    statuses = _statuses(pair_versions(old, new))
    assert statuses[("ML-2030-1.1.2", None)] == REMOVED and statuses[(None, "ML-2031-1.1.2")] == ADDED
    # Without the mapping, the same number pairs them: a changed requirement.
    again = load_data(_next(copy.deepcopy(following), "2032", {}) | {"previous_version": "2031"})
    assert _statuses(pair_versions(new, again))[("ML-2031-1.1.2", "ML-2032-1.1.2")] == IDENTICAL
