"""Access cases and pages to audit for the improvement application (see tests/test_access_matrix.py).

Reading a plan follows the perimeter (the ML itself, its ARML, the nation); writing is for the
structure's own people: the ARML and the UNML read an ML's plan but get 403 on its forms.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.improvement.enums import Status
from mlplatform.improvement.services import add_note, create_action

from .base import ML_OUTSIDERS, STRUCTURE_READERS, Case, only

ML_CONTRIBUTORS = {
    Role.ML_DIRECTOR: 200,
    Role.ML_QUALITY: 200,
    Role.ML_STAFF: 200,
    Role.NATIONAL_ADMIN: 403,
    Role.ARML_REFERENT: 403,
    Role.ARML_STAFF: 403,
}


def _action(world, structure_attr: str = "ml", **fields):
    structure = getattr(world, structure_attr)
    today = timezone.localdate()
    fields.setdefault("due_on", today + datetime.timedelta(days=20))
    return create_action(structure, user=None, title=f"Action de {structure.code}", **fields)


def _action_kwargs(structure_attr: str = "ml", code_attr: str | None = None):
    def build(world) -> dict:
        action = _action(world, structure_attr)
        return {"code": getattr(world, code_attr or structure_attr).code, "pk": action.pk}

    return build


ACTION_OUTSIDERS = [
    ("OTHER_ARML_REFERENT", _action_kwargs("ml")),
    ("OTHER_ML_DIRECTOR", _action_kwargs("ml")),
    (Role.ML_DIRECTOR, _action_kwargs("ml2")),
    (Role.ARML_REFERENT, _action_kwargs("other_ml")),
    # An action of another ML reached through the code of one's own ML.
    (Role.ML_DIRECTOR, _action_kwargs("ml2", code_attr="ml")),
]
ML_KWARGS = lambda w: {"code": w.ml.code}  # noqa: E731
ARML_KWARGS = lambda w: {"code": w.arml.code}  # noqa: E731

CASES: dict[str, Case] = {
    "improvement:plan": Case(only(STRUCTURE_READERS, 404), kwargs=ML_KWARGS, outsiders=ML_OUTSIDERS),
    "improvement:xlsx": Case(only(STRUCTURE_READERS, 404), kwargs=ML_KWARGS, outsiders=ML_OUTSIDERS),
    "improvement:pdf": Case(only(STRUCTURE_READERS, 404), kwargs=ML_KWARGS, outsiders=ML_OUTSIDERS),
    "improvement:create": Case(only(ML_CONTRIBUTORS, 404), kwargs=ML_KWARGS, outsiders=ML_OUTSIDERS),
    # A regional follow-up: auditors and commission members never, even with the ARML's file assigned.
    "improvement:region": Case(
        only(
            {
                Role.NATIONAL_ADMIN: 200,
                Role.ARML_REFERENT: 200,
                Role.ARML_STAFF: 200,
                Role.AUDITOR: 403,
                Role.COMMISSION_MEMBER: 403,
                "NO_ROLE": 403,
            },
            404,
        ),
        kwargs=ARML_KWARGS,
        outsiders=[
            ("OTHER_ARML_REFERENT", ARML_KWARGS),
            (Role.ARML_REFERENT, lambda w: {"code": w.other_arml.code}),
            (Role.ML_DIRECTOR, ARML_KWARGS),
            # An ML has no follow-up page: 404 even inside the perimeter.
            (Role.ARML_REFERENT, ML_KWARGS),
        ],
    ),
    "improvement:detail": Case(
        only(STRUCTURE_READERS, 404), kwargs=_action_kwargs(), outsiders=ACTION_OUTSIDERS
    ),
    "improvement:edit": Case(only(ML_CONTRIBUTORS, 404), kwargs=_action_kwargs(), outsiders=ACTION_OUTSIDERS),
    "improvement:note": Case(only(ML_CONTRIBUTORS, 404), kwargs=_action_kwargs(), outsiders=ACTION_OUTSIDERS),
}


def _plan_with_actions(world) -> dict:
    """An ML plan with an overdue action, a done one and one with a journal entry."""
    today = timezone.localdate()
    quality = world.user(Role.ML_QUALITY)
    _action(world, due_on=today - datetime.timedelta(days=3), owner=quality)
    _action(world, status=Status.DONE)
    action = _action(world, status=Status.IN_PROGRESS, progress=20)
    add_note(
        action, user=quality, text="Première réunion tenue.", progress=40, expected_version=action.version
    )
    return {"code": world.ml.code}


def _arml_action(world) -> dict:
    """An action of the ARML linked to a requirement of the test framework (loaded by the audit)."""
    from mlplatform.frameworks.models import Requirement

    action = _action(world, "arml", requirements=[Requirement.objects.get(ref="ARML-UNML-2030-1.1.2")])
    return {"code": world.arml.code, "pk": action.pk}


def _ml_action_with_journal(world) -> dict:
    action = _action(world, status=Status.IN_PROGRESS)
    add_note(
        action,
        user=world.user(Role.ML_QUALITY),
        text="Point d'étape.",
        progress=50,
        expected_version=action.version,
    )
    return {"code": world.ml.code, "pk": action.pk}


def _flagged_action(world) -> dict:
    """An action of ML-A1 whose requirement a new framework version removed: « à décider »."""
    from ..assessments.carryover_world import action, answered_on_old_version, open_new_campaign

    open_new_campaign(world, answered_on_old_version(world))
    return {"code": world.ml.code, "pk": action("Action orpheline").pk}


# (role or None, URL name, kwargs builder) for tests/test_html_standards.py.
PAGES: list = [
    (Role.ML_QUALITY, "improvement:plan", _plan_with_actions),
    (Role.ARML_REFERENT, "improvement:plan", ARML_KWARGS),
    (Role.ML_QUALITY, "improvement:create", ML_KWARGS),
    (Role.ARML_REFERENT, "improvement:create", ARML_KWARGS),
    (Role.ARML_REFERENT, "improvement:edit", _arml_action),
    (Role.ML_DIRECTOR, "improvement:detail", _ml_action_with_journal),
    (Role.ARML_STAFF, "improvement:detail", _ml_action_with_journal),
    (Role.ML_STAFF, "improvement:note", _ml_action_with_journal),
    (Role.ML_QUALITY, "improvement:detail", _flagged_action),
    (Role.ML_QUALITY, "improvement:edit", _flagged_action),
    (Role.ARML_REFERENT, "improvement:region", ARML_KWARGS),
    (Role.NATIONAL_ADMIN, "improvement:region", lambda w: {"code": w.unml.code}),
]
