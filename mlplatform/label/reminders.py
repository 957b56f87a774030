"""The reminders of the label, sent by e-mail by a daily job (``manage.py label_reminders``).

Five kinds, each computed from the data of the day:
- ``follow_up_due``: a follow-up audit is due within ``FOLLOW_UP_NOTICE_DAYS``;
- ``validity_ending``: the label ends within ``settings.LABEL_RENEWAL_NOTICE_DAYS`` and no renewal
  has been asked for;
- ``label_expired``: the label ended (sent the day after, or at the next run within a week);
- ``evidence_request``: an auditors' request still open past its due date, or older than
  ``REQUEST_UNANSWERED_DAYS`` days without one (computed by ``audits.reminders``, which registers
  it in ``label.hooks``: label does not import the apps built on it);
- ``improvement_overdue``: actions of the improvement plan past their due date (one e-mail per
  structure listing them).

A reminder is sent once: each one has a key (the file and the date it is about, the request, the
action and its due date) recorded in ``ReminderSent`` when it is sent, and the unique constraint
on (kind, key) makes a second sending impossible, even by two runs at once. Recipients: the
structure's direction and quality referent (its referent for an ARML, the national admins for the
UNML), its ARML referent for the label's dates, the action's owner for an overdue action.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.tasks import task
from django.urls import NoReverseMatch, reverse

from mlplatform.accounts.enums import QUALITY_LEAD_ROLES, Role
from mlplatform.accounts.models import Membership
from mlplatform.core.french import de
from mlplatform.core.mail import notify
from mlplatform.improvement.models import ImprovementAction
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure

from . import hooks
from .enums import Stage
from .models import LabelFile, ReminderSent

FOLLOW_UP_NOTICE_DAYS = 90
# A run missed for a few days still tells that a label ended; an older end is not news any more.
EXPIRY_GRACE_DAYS = 7

FOLLOW_UP_DUE = "follow_up_due"
VALIDITY_ENDING = "validity_ending"
LABEL_EXPIRED = "label_expired"
IMPROVEMENT_OVERDUE = "improvement_overdue"
KIND_LABELS = {
    FOLLOW_UP_DUE: "Audit de suivi à venir",
    VALIDITY_ENDING: "Fin de validité du label",
    LABEL_EXPIRED: "Label arrivé à échéance",
    IMPROVEMENT_OVERDUE: "Actions d'amélioration en retard",
}


@dataclass
class Reminder:
    kind: str
    keys: tuple[str, ...]  # one ReminderSent row per key
    structure: Structure
    subject: str
    intro: str
    lines: list[str]
    link: str
    recipients: list[str] = field(default_factory=list)
    # Someone told only about some keys (the owner of an overdue action): key -> e-mail.
    key_recipients: dict[str, str] = field(default_factory=dict)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind) or hooks.reminder_kinds[self.kind]


def _date(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def _url(name: str, **kwargs: object) -> str | None:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def _file_link(structure: Structure) -> str:
    return reverse("label:file", kwargs={"code": structure.code})


# --------------------------------------------------------------------------------------------
# What is due


def _follow_up(file: LabelFile) -> Reminder:
    structure, due = file.structure, file.follow_up_due_on
    return Reminder(
        FOLLOW_UP_DUE,
        (f"{file.pk}:{due.isoformat()}",),
        structure,
        f"Audit de suivi à prévoir avant le {_date(due)} : {structure.name}",
        f"Le label {de(structure)} prévoit un audit de suivi (revue documentaire et visioconférence) "
        f"avant le {_date(due)}.",
        [
            f"Label valable du {_date(file.valid_from)} au {_date(file.valid_until)}",
            "Tenez à jour le plan d'amélioration et les preuves : les auditeurs les consulteront.",
        ],
        _file_link(structure),
    )


def _ending(file: LabelFile) -> Reminder:
    structure, until = file.structure, file.valid_until
    return Reminder(
        VALIDITY_ENDING,
        (f"{file.pk}:{until.isoformat()}",),
        structure,
        f"Le label {de(structure)} prend fin le {_date(until)}",
        f"Le label {de(structure)} est valable jusqu'au {_date(until)}. Pour le renouveler, la "
        "structure demande un nouvel audit depuis son dossier de labellisation ; le label reste valable "
        "pendant la procédure.",
        [f"Labellisée le {_date(file.valid_from)}"],
        _file_link(structure),
    )


def _expired(file: LabelFile) -> Reminder:
    structure, until = file.structure, file.valid_until
    return Reminder(
        LABEL_EXPIRED,
        (f"{file.pk}:{until.isoformat()}",),
        structure,
        f"Le label {de(structure)} est arrivé à échéance",
        f"Le label {de(structure)} a pris fin le {_date(until)} sans avoir été renouvelé. La structure "
        "peut s'engager à nouveau dans la démarche depuis son dossier.",
        [],
        _file_link(structure),
    )


def _label_reminders(today: datetime.date) -> list[Reminder]:
    follow_up_horizon = today + datetime.timedelta(days=FOLLOW_UP_NOTICE_DAYS)
    renewal_horizon = today + datetime.timedelta(days=settings.LABEL_RENEWAL_NOTICE_DAYS)
    grace = today - datetime.timedelta(days=EXPIRY_GRACE_DAYS)
    files = LabelFile.objects.select_related("structure").filter(
        Q(stage=Stage.LABELLED, follow_up_due_on__gte=today, follow_up_due_on__lte=follow_up_horizon)
        | Q(stage=Stage.LABELLED, valid_until__gte=today, valid_until__lte=renewal_horizon)
        | Q(stage__in=[Stage.LABELLED, Stage.EXPIRED], valid_until__lt=today, valid_until__gte=grace)
    )
    reminders = []
    for file in files.order_by("structure__sort_name", "pk"):
        labelled = file.stage == Stage.LABELLED
        if labelled and file.follow_up_due_on and today <= file.follow_up_due_on <= follow_up_horizon:
            reminders.append(_follow_up(file))
        if labelled and today <= file.valid_until <= renewal_horizon:
            reminders.append(_ending(file))
        elif grace <= file.valid_until < today:
            reminders.append(_expired(file))
    return reminders


def _improvement_reminders(today: datetime.date) -> list[Reminder]:
    actions = (
        ImprovementAction.objects.overdue(today)
        .select_related("structure", "owner")
        .order_by("structure__sort_name", "due_on", "pk")
    )
    by_structure: dict[int, list[ImprovementAction]] = defaultdict(list)
    structures: dict[int, Structure] = {}
    for action in actions:
        by_structure[action.structure_id].append(action)
        structures[action.structure_id] = action.structure
    reminders = []
    for structure_id, items in by_structure.items():
        structure = structures[structure_id]
        reminders.append(
            Reminder(
                IMPROVEMENT_OVERDUE,
                tuple(f"{action.pk}:{action.due_on.isoformat()}" for action in items),
                structure,
                f"Plan d'amélioration : {len(items)} action{'s' if len(items) > 1 else ''} en retard "
                f"— {structure.name}",
                f"Des actions du plan d'amélioration {de(structure)} ont dépassé leur échéance.",
                [
                    f"{action.title} (échéance le {_date(action.due_on)}"
                    + (f", responsable : {action.owner_name}" if action.owner_id else "")
                    + ")"
                    for action in items
                ],
                _url("improvement:plan", code=structure.code) or _file_link(structure),
                key_recipients={
                    f"{action.pk}:{action.due_on.isoformat()}": action.owner.email
                    for action in items
                    if action.owner_id and action.owner.is_active
                },
            )
        )
    return reminders


def _already_sent(reminders: list[Reminder]) -> set[tuple[str, str]]:
    keys = {key for reminder in reminders for key in reminder.keys}
    kinds = {reminder.kind for reminder in reminders}
    return set(ReminderSent.objects.filter(kind__in=kinds, key__in=keys).values_list("kind", "key"))


def _recipients(reminders: list[Reminder]) -> None:
    """Fill in each reminder's recipients (two queries for all of them)."""
    structures = {reminder.structure.pk: reminder.structure for reminder in reminders}
    parents = {s.parent_id for s in structures.values() if s.type == StructureType.ML and s.parent_id}
    leads: dict[int, set[str]] = defaultdict(set)
    national: set[str] = set()
    memberships = (
        Membership.objects.filter(is_active=True, user__is_active=True)
        .filter(
            Q(structure_id__in=structures, role__in=QUALITY_LEAD_ROLES)
            | Q(structure_id__in=parents, role=Role.ARML_REFERENT)
            | Q(role=Role.NATIONAL_ADMIN)
        )
        .values_list("structure_id", "role", "user__email")
    )
    referents: dict[int, set[str]] = defaultdict(set)
    for structure_id, role, email in memberships:
        if role == Role.NATIONAL_ADMIN:
            national.add(email)
        if structure_id in structures and role in QUALITY_LEAD_ROLES:
            leads[structure_id].add(email)
        if structure_id in parents and role == Role.ARML_REFERENT:
            referents[structure_id].add(email)
    for reminder in reminders:
        structure = reminder.structure
        emails = set(national if structure.type == StructureType.UNML else leads[structure.pk])
        if (
            reminder.kind in (FOLLOW_UP_DUE, VALIDITY_ENDING, LABEL_EXPIRED)
            and structure.type == StructureType.ML
        ):
            emails |= referents[structure.parent_id]
        if reminder.kind == IMPROVEMENT_OVERDUE:
            emails |= {email for key, email in reminder.key_recipients.items() if key in reminder.keys}
        reminder.recipients = sorted(emails)


def due_reminders(today: datetime.date) -> list[Reminder]:
    """Every reminder due on ``today`` and never sent, with its recipients."""
    # The label's own, then those of the apps built on it (audits: evidence requests), then the plans'.
    candidates = [
        *_label_reminders(today),
        *hooks.reminder_sources.collect(today),
        *_improvement_reminders(today),
    ]
    sent = _already_sent(candidates)
    reminders = []
    for reminder in candidates:
        fresh = tuple(key for key in reminder.keys if (reminder.kind, key) not in sent)
        if not fresh:
            continue
        if len(fresh) != len(reminder.keys):  # only the actions not reminded yet
            kept = [line for key, line in zip(reminder.keys, reminder.lines, strict=True) if key in fresh]
            reminder.lines = kept
            reminder.keys = fresh
        reminders.append(reminder)
    _recipients(reminders)
    return reminders


# --------------------------------------------------------------------------------------------
# Sending


def send(reminders: list[Reminder]) -> int:
    """Queue each reminder that has recipients and record it; returns how many were queued.

    The record and the queued e-mail go together (one transaction): if the reminder was recorded
    meanwhile by another run, it is not sent again; a failed send is retried by the mail task.
    """
    sent = 0
    for reminder in reminders:
        if not reminder.recipients:
            continue
        try:
            with transaction.atomic():
                ReminderSent.objects.bulk_create(
                    ReminderSent(kind=reminder.kind, key=key, recipients=", ".join(reminder.recipients))
                    for key in reminder.keys
                )
                notify(
                    reminder.recipients, reminder.subject, "label/email/reminder.txt", {"reminder": reminder}
                )
        except IntegrityError:
            continue
        sent += 1
    return sent


@task()
def run_daily(day: str) -> dict:
    """The daily work of the label, run by a worker: labels past their end expired, reminders sent.
    Enqueued every morning by ``manage.py label_reminders --send`` (a systemd timer in production)."""
    from . import services

    today = datetime.date.fromisoformat(day)
    expired = services.expire_labels(today)
    sent = send(due_reminders(today))
    return {"expired": [file.structure.name for file in expired], "sent": sent}
