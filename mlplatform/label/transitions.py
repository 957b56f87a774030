"""The state machine of a label file: the allowed moves, and the one function that makes them.

Every step goes through ``move``: it locks the file, refuses a move the machine does not allow
(or a file changed since the page was read), applies the step's dates, and writes the
transition log (who, acting for which structure, when, comment). Domain actions live in the
services that call ``move``: ``label.services`` (enrolment, audit request...), and those of the apps
built on label, ``audits.services`` (assignment, report) and ``commission.services`` (agenda,
decisions, withdrawal).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from mlplatform.accounts.models import User
from mlplatform.network.models import Structure

from .enums import Stage
from .models import LabelFile, LabelTransition

# stage -> the stages a file may move to from there.
ALLOWED: dict[str, frozenset[str]] = {
    Stage.ENROLLED: frozenset({Stage.SELF_ASSESSED}),
    Stage.SELF_ASSESSED: frozenset({Stage.AUDIT_REQUESTED}),
    Stage.AUDIT_REQUESTED: frozenset({Stage.AUDIT_SCHEDULED}),
    # An audit can be cancelled before its report: the request stands again.
    Stage.AUDIT_SCHEDULED: frozenset({Stage.AUDITED, Stage.AUDIT_REQUESTED}),
    Stage.AUDITED: frozenset({Stage.ON_AGENDA}),
    # Taken off the agenda before the session closes: back to "audited".
    Stage.ON_AGENDA: frozenset({Stage.LABELLED, Stage.DEFERRED, Stage.AUDITED}),
    # After a deferral the structure works on what was asked, may submit a new self-assessment,
    # then asks for an audit again.
    Stage.DEFERRED: frozenset({Stage.SELF_ASSESSED, Stage.AUDIT_REQUESTED}),
    # Renewal starts with a new audit request; the label stays valid meanwhile.
    Stage.LABELLED: frozenset({Stage.AUDIT_REQUESTED, Stage.EXPIRED, Stage.WITHDRAWN}),
    Stage.EXPIRED: frozenset({Stage.ENROLLED}),
    Stage.WITHDRAWN: frozenset({Stage.ENROLLED}),
}


class TransitionRefused(Exception):
    """A move the label cycle does not allow; the message is for the user, in French."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def can_move(stage: str, to: str) -> bool:
    return to in ALLOWED.get(stage, frozenset())


def move(
    file: LabelFile,
    to: str,
    *,
    actor: User | None,
    actor_structure: Structure | None,
    comment: str = "",
    expected_version: int | None = None,
    **changes: object,
) -> LabelFile:
    """Move ``file`` to ``to`` (with the step's field ``changes``) and log it, or refuse."""
    with transaction.atomic():
        current = LabelFile.objects.select_for_update(of=("self",)).get(pk=file.pk)
        if expected_version is not None and current.version != expected_version:
            raise TransitionRefused(
                "Le dossier a changé depuis l'ouverture de la page (une autre personne a agi) : "
                "rechargez-la pour voir son état actuel."
            )
        if not can_move(current.stage, to):
            raise TransitionRefused(
                f"Étape impossible : le dossier est « {Stage(current.stage).label} », il ne peut pas passer "
                f"à « {Stage(to).label} »."
            )
        LabelFile.objects.filter(pk=current.pk).update(
            stage=to, version=F("version") + 1, updated_at=timezone.now(), **changes
        )
        LabelTransition.objects.create(
            file=current,
            from_stage=current.stage,
            to_stage=to,
            actor=actor,
            actor_structure=actor_structure,
            comment=comment,
        )
    file.refresh_from_db()
    return file


def log_step(file: LabelFile, *, actor: User, actor_structure: Structure | None, comment: str) -> None:
    """A step that does not change the stage (an ARML opinion, a follow-up audit): logged all the same."""
    LabelTransition.objects.create(
        file=file,
        from_stage=file.stage,
        to_stage=file.stage,
        actor=actor,
        actor_structure=actor_structure,
        comment=comment,
    )


def start(
    structure: Structure, *, framework, enrolled_on, actor: User, actor_structure: Structure | None
) -> LabelFile:
    """Open the structure's label file at "enrolled" (the first step of the log)."""
    with transaction.atomic():
        file = LabelFile.objects.create(
            structure=structure, framework=framework, stage=Stage.ENROLLED, enrolled_on=enrolled_on
        )
        LabelTransition.objects.create(
            file=file,
            from_stage="",
            to_stage=Stage.ENROLLED,
            actor=actor,
            actor_structure=actor_structure,
            comment="Engagement dans la démarche de labellisation",
        )
    return file
