"""Builders for the improvement plan tests: a small ML framework and actions."""

from __future__ import annotations

import datetime
import json
import tempfile
from pathlib import Path

from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.frameworks.loader import load_file
from mlplatform.frameworks.models import FrameworkVersion, Requirement
from mlplatform.improvement.enums import Priority, Status
from mlplatform.improvement.models import ImprovementAction
from mlplatform.improvement.services import create_action
from mlplatform.network.models import Structure

from ..factories import World
from ..frameworks.test_loader import load_small_framework, small_framework, write


def _to_ml(node):
    if isinstance(node, dict):
        return {key: ("ML" if key == "addressee" else _to_ml(value)) for key, value in node.items()}
    if isinstance(node, list):
        return [_to_ml(item) for item in node]
    return node


def load_ml_framework(version: str = "2030") -> FrameworkVersion:
    """The small test framework turned into an ``ML`` framework (every requirement addressed to ML)."""
    data = _to_ml(json.loads(json.dumps(small_framework(version)).replace("ARML-UNML", "ML")))
    with tempfile.TemporaryDirectory() as directory:
        return load_file(write(Path(directory), data)).version


def load_frameworks() -> None:
    load_small_framework()
    load_ml_framework()


def requirement(ref: str) -> Requirement:
    return Requirement.objects.get(ref=ref)


def make_action(
    structure: Structure,
    title: str = "Former l'équipe à l'accueil",
    *,
    due_in_days: int = 30,
    user=None,
    **fields,
) -> ImprovementAction:
    """An action created through the domain function, due ``due_in_days`` from today."""
    fields.setdefault("priority", Priority.MEDIUM)
    fields.setdefault("status", Status.PLANNED)
    return create_action(
        structure,
        user=user,
        title=title,
        due_on=timezone.localdate() + datetime.timedelta(days=due_in_days),
        **fields,
    )


def ml_action(world: World, **fields) -> ImprovementAction:
    return make_action(world.ml, user=world.user(Role.ML_QUALITY), **fields)
