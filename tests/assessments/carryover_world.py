"""A hand-built pair of ML framework versions covering every case of the carry-over, and a structure
that answered the first one.

Version ``old`` (ml_framework: 2 parts × 2 commitments × ``size`` requirements, the first with a
child) and version ``new``, its successor:

- ``p.c.2`` of commitment 1.1 is reworded (changed);
- the last requirement of commitment 1.2 is removed (no namesake);
- in commitment 2.1, requirement 2 is removed and requirement 3 moves up to number 2, unchanged
  (remapped under a new number: ``2.1.3 -> 2.1.2`` and ``2.1.2 -> []`` in the mapping);
- a requirement is added at the end of commitment 2.2;
- everything else is identical.
"""

from __future__ import annotations

import copy
import datetime
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.assessments.enums import AssessmentStatus
from mlplatform.assessments.models import Answer, AnswerEvidence, Assessment, Campaign
from mlplatform.evidence.services import add_link
from mlplatform.frameworks.loader import load_file
from mlplatform.frameworks.models import FrameworkVersion, Requirement
from mlplatform.improvement.enums import Status
from mlplatform.improvement.models import ImprovementAction
from mlplatform.improvement.services import create_action

from ..factories import World
from .factories import ml_framework, open_campaign


def load_data(data: dict) -> FrameworkVersion:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "framework.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return load_file(path).version


def successor(data: dict, version: str, size: int = 3) -> dict:
    """The next version of ``ml_framework(old, requirements=size)`` (see the module's docstring)."""
    old_prefix, new_prefix = f"ML-{data['version']}", f"ML-{version}"
    new = yaml.safe_load(yaml.safe_dump(data).replace(old_prefix, new_prefix))
    new["version"] = version
    new["previous_version"] = data["version"]
    part1, part2 = new["parts"]
    changed = part1["commitments"][0]["requirements"][1]
    changed["text"] = "Exigence 1.1.2, reformulée dans la nouvelle version."
    part1["commitments"][1]["requirements"].pop()  # 1.2.<size> removed
    moved = part2["commitments"][0]["requirements"]
    del moved[1]  # 2.1.2 removed...
    for rank, requirement in enumerate(moved[1:], start=2):  # ...the next ones move up a number
        requirement["ref"] = f"{new_prefix}-2.1.{rank}"
    added = part2["commitments"][1]["requirements"]
    added.append({"ref": f"{new_prefix}-2.2.{size + 1}", "text": "Une exigence nouvelle.", "addressee": "ML"})
    mapping = {f"{old_prefix}-2.1.2": []}
    for rank in range(3, size + 1):
        mapping[f"{old_prefix}-2.1.{rank}"] = f"{new_prefix}-2.1.{rank - 1}"
    new["mapping"] = mapping
    return new


@dataclass
class Pair:
    old: FrameworkVersion
    new: FrameworkVersion


def load_pair(old: str = "2030", new: str = "2031", size: int = 3, **new_fields) -> Pair:
    data = ml_framework(old, requirements=size)
    following = successor(copy.deepcopy(data), new, size)
    following.update(new_fields)
    return Pair(load_data(data), load_data(following))


def ref(version: FrameworkVersion, local: str) -> Requirement:
    return Requirement.objects.get(ref=f"ML-{version.version}-{local}")


@dataclass
class Carried:
    pair: Pair
    old_campaign: Campaign
    previous: Assessment  # ML-A1's submitted assessment on the old version


def answered_on_old_version(world: World, size: int = 3, old: str = "2030", new: str = "2031") -> Carried:
    """ML-A1 answered every requirement of the old version (level 2, 1.1.1 not applicable), linked
    evidence to 1.1.1 (identical), 1.1.2 (changed) and 1.2.<size> (removed), and submitted; ML-A2
    answered too; actions of ML-A1 are linked to changed and removed requirements."""
    pair = load_pair(old, new, size=size)
    today = timezone.localdate()
    old_campaign = open_campaign(
        world,
        pair.old,
        name=f"Campagne {old}",
        year=today.year - 1,
        opens_on=today - datetime.timedelta(days=400),
        closes_on=today - datetime.timedelta(days=300),
    )
    quality = world.user(Role.ML_QUALITY)
    now = timezone.now()
    for structure in (world.ml, world.ml2):
        assessment = old_campaign.assessments.get(structure=structure)
        Answer.objects.bulk_create(
            Answer(
                assessment=assessment,
                requirement=requirement,
                level=None if requirement.ref.endswith("-1.1.1") else 2,
                not_applicable=requirement.ref.endswith("-1.1.1"),
                justification="Sans objet ici." if requirement.ref.endswith("-1.1.1") else "",
                comment=f"Commentaire sur {requirement.ref}",
                updated_by=quality,
                updated_at=now,
            )
            for requirement in Requirement.objects.filter(version=pair.old)
        )
        Assessment.objects.filter(pk=assessment.pk).update(
            status=AssessmentStatus.SUBMITTED, submitted_at=now, submitted_by=quality
        )
    previous = old_campaign.assessments.get(structure=world.ml)
    for local in ("1.1.1", "1.1.2", f"1.2.{size}"):
        evidence = add_link(
            world.ml, url=f"https://exemple.org/{local}", title=f"Preuve {local}", user=quality
        )
        AnswerEvidence.objects.create(
            assessment=previous, requirement=ref(pair.old, local), evidence=evidence, added_by=quality
        )
    due = today + datetime.timedelta(days=30)
    create_action(
        world.ml, user=quality, title="Action reliée", due_on=due, requirements=[ref(pair.old, "1.1.2")]
    )
    create_action(
        world.ml,
        user=quality,
        title="Action orpheline",
        due_on=due,
        requirements=[ref(pair.old, f"1.2.{size}"), ref(pair.old, "1.1.3")],
    )
    create_action(
        world.ml,
        user=quality,
        title="Action close",
        due_on=due,
        status=Status.DONE,
        requirements=[ref(pair.old, f"1.2.{size}")],
    )
    return Carried(pair, old_campaign, previous)


def open_new_campaign(world: World, carried: Carried) -> Campaign:
    """A campaign on the new version: the carry-over runs at once (tests run tasks immediately)."""
    return open_campaign(world, carried.pair.new, name=f"Campagne {carried.pair.new.version}")


def action(title: str) -> ImprovementAction:
    return ImprovementAction.objects.get(title=title)
