"""Domain operations on network-life records: views and the demo call these, nothing else writes.

Bad input raises ``AnimationRefused`` (French messages) before anything is stored; an edit based on
an outdated version raises ``StaleRecord`` and changes nothing; a file written to storage is
removed again if the transaction fails. Every change is written to ``ChangeLog``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.files import File
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from mlplatform.evidence import services as evidence_services
from mlplatform.evidence.checks import CheckedFile, EvidenceRefused, check_upload
from mlplatform.evidence.models import Evidence
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure

from .enums import NETWORK_KINDS, MeetingKind, Theme
from .models import ChangeLog, Meeting, Partnership, PartnershipDocument, Practice

if TYPE_CHECKING:
    from mlplatform.accounts.models import User

MEETING_FIELDS = (
    "organised",
    "organiser_name",
    "kind",
    "theme",
    "title",
    "date",
    "participant_count",
    "agenda",
    "decisions",
    "follow_up",
)


class AnimationRefused(Exception):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(" ".join(messages))
        self.messages = list(messages)


class StaleRecord(Exception):
    """Someone saved the record since the form was opened."""

    def __init__(self, current: object) -> None:
        super().__init__("L'enregistrement a été modifié entre-temps.")
        self.current = current


def log(structure: Structure, record: object, user: User | None, summary: str) -> None:
    ChangeLog.objects.create(
        structure=structure,
        record=record._meta.model_name,
        record_id=record.pk,
        user=user,
        summary=summary[:300],
    )


def check_file(upload: File) -> CheckedFile:
    """The evidence checks (type by content, size, name), refusals in French."""
    try:
        return check_upload(upload)
    except EvidenceRefused as refusal:
        raise AnimationRefused(refusal.messages) from None


def participant_choices(structure: Structure) -> QuerySet[Structure]:
    """The structures that may be listed as participants: the region's (the whole network for
    the UNML), the structure itself aside."""
    structures = Structure.objects.exclude(pk=structure.pk)
    if structure.type == StructureType.UNML:
        return structures
    region_id = structure.pk if structure.type == StructureType.ARML else structure.parent_id
    return structures.filter(Q(pk=region_id) | Q(parent_id=region_id))


def _participants(structure: Structure, participants: Iterable[Structure]) -> list[Structure]:
    chosen = list(participants)
    allowed = set(
        participant_choices(structure).filter(pk__in=[p.pk for p in chosen]).values_list("pk", flat=True)
    )
    strangers = sorted(p.name for p in chosen if p.pk not in allowed)
    if strangers:
        raise AnimationRefused(
            [f"Ces structures ne peuvent pas être indiquées comme participantes : {', '.join(strangers)}."]
        )
    return chosen


def _store(record, field: str, upload: File, checked: CheckedFile, written: list) -> dict:
    """Write a checked upload into ``record``'s file ``field`` (under a random name) with its
    metadata; ``written`` collects it for removal if the change fails. Returns the changed columns."""
    upload.seek(0)
    stored = getattr(record, field)
    stored.save("upload", upload, save=False)
    written.append((stored.storage, stored.name))
    metadata = {
        "file_name": checked.name,
        "file_size": checked.size,
        "file_content_type": checked.content_type,
        "file_sha256": checked.sha256,
    }
    for name, value in metadata.items():
        setattr(record, name, value)
    return {field: stored.name, **metadata}


NETWORK_BODIES_REFUSED = (
    "Seule l'UNML enregistre les réunions de la Conférence des présidents et du Comité des directeurs."
)


def _validate(values: dict, structure: Structure) -> None:
    problems = []
    if values.get("kind") not in MeetingKind.values:
        problems.append("Choisissez le type de réunion.")
    elif values["kind"] in NETWORK_KINDS and structure.type != StructureType.UNML:
        problems.append(NETWORK_BODIES_REFUSED)
    if values.get("theme") not in Theme.values:
        problems.append("Choisissez le thème de la réunion.")
    title = " ".join((values.get("title") or "").split())
    if not title or len(title) > 200:
        problems.append("Donnez un intitulé à la réunion (200 caractères au plus).")
    if not isinstance(values.get("date"), datetime.date):
        problems.append("Indiquez la date de la réunion.")
    if not values.get("organised", True) and not (values.get("organiser_name") or "").strip():
        problems.append("Indiquez qui organisait la réunion à laquelle la structure a participé.")
    if problems:
        raise AnimationRefused(problems)


def create_meeting(
    structure: Structure,
    values: dict,
    *,
    participants: Iterable[Structure] = (),
    minutes: File | None = None,
    user: User | None,
) -> Meeting:
    """Record a meeting of ``structure``; ``values`` holds MEETING_FIELDS."""
    _validate(values, structure)
    chosen = _participants(structure, participants)
    checked = check_file(minutes) if minutes else None
    written: list = []
    try:
        with transaction.atomic():
            now = timezone.now()
            meeting = Meeting(structure=structure, created_by=user, created_at=now, updated_at=now)
            for name in MEETING_FIELDS:
                setattr(meeting, name, values.get(name, getattr(meeting, name)))
            if not meeting.organised:
                chosen = []
            else:
                meeting.organiser_name = ""
            meeting.save()
            if checked is not None:
                _store(meeting, "minutes", minutes, checked, written)
                meeting.save()
            meeting.participants.set(chosen)
            log(structure, meeting, user, f"Réunion enregistrée : {meeting.title} ({meeting.date:%d/%m/%Y}).")
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise
    return meeting


def update_meeting(
    meeting: Meeting,
    expected_version: int,
    values: dict,
    *,
    participants: Iterable[Structure] = (),
    minutes: File | None = None,
    user: User | None,
) -> Meeting:
    """Save the edit if nobody saved the meeting since ``expected_version``; a new file replaces
    the minutes (the former file is removed once the change is committed)."""
    _validate(values, meeting.structure)
    chosen = _participants(meeting.structure, participants)
    checked = check_file(minutes) if minutes else None
    written: list = []
    former = meeting.minutes.name if checked is not None else ""
    try:
        with transaction.atomic():
            changes = {name: values[name] for name in MEETING_FIELDS if name in values}
            if not changes.get("organised", meeting.organised):
                chosen = []
            else:
                changes["organiser_name"] = ""
            if checked is not None:
                changes.update(_store(meeting, "minutes", minutes, checked, written))
            updated = Meeting.objects.filter(pk=meeting.pk, version=expected_version).update(
                **changes, version=F("version") + 1, updated_at=timezone.now()
            )
            if not updated:
                raise StaleRecord(Meeting.objects.get(pk=meeting.pk))
            meeting.refresh_from_db()
            meeting.participants.set(chosen)
            log(meeting.structure, meeting, user, f"Réunion modifiée : {meeting.title}.")
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise
    if former:
        transaction.on_commit(lambda: meeting.minutes.storage.delete(former))
    return meeting


def _as_evidence(
    structure: Structure, record, stored, *, title: str, description: str, user: User | None
) -> Evidence:
    """Put ``record``'s stored file into ``structure``'s evidence library (the same file, checked
    again by the evidence services; an identical file already there is returned instead)."""
    existing = evidence_services.find_duplicate(structure, record.file_sha256)
    if existing is not None:
        return existing
    with stored.open("rb") as handle:
        evidence = evidence_services.add_file(
            structure,
            File(handle, name=record.file_name),
            title=title[: evidence_services.TITLE_MAX_LENGTH],
            user=user,
            description=description,
        )
    log(structure, record, user, f"Fichier ajouté aux preuves : {evidence.title}.")
    return evidence


def minutes_as_evidence(meeting: Meeting, *, user: User | None) -> Evidence:
    """« Utiliser comme preuve » for a meeting's minutes."""
    if not meeting.minutes:
        raise AnimationRefused(["Cette réunion n'a pas de compte rendu à utiliser comme preuve."])
    return _as_evidence(
        meeting.structure,
        meeting,
        meeting.minutes,
        title=f"Compte rendu — {meeting.title} ({meeting.date:%d/%m/%Y})",
        description=f"{meeting.get_kind_display()} — {meeting.get_theme_display()}.",
        user=user,
    )


def document_as_evidence(document: PartnershipDocument, *, user: User | None) -> Evidence:
    """« Utiliser comme preuve » for a partnership's document."""
    partnership = document.partnership
    return _as_evidence(
        partnership.structure,
        document,
        document.file,
        title=f"{document.title} — {partnership.partner_name}",
        description=f"Partenariat « {partnership.title} » ({partnership.get_level_display().lower()}).",
        user=user,
    )


def practice_as_evidence(practice: Practice, *, user: User | None) -> Evidence:
    """« Utiliser comme preuve » for a practice's file, in the publishing structure's library."""
    if not practice.file:
        raise AnimationRefused(["Cette pratique n'a pas de fichier."])
    return _as_evidence(
        practice.structure,
        practice,
        practice.file,
        title=f"Pratique partagée — {practice.title}",
        description=f"Pratique publiée dans le catalogue du réseau ({practice.get_theme_display()}).",
        user=user,
    )


def add_partnership_document(
    partnership: Partnership, upload: File, *, title: str, user: User | None
) -> PartnershipDocument:
    """Attach a checked file to a partnership (random storage name; nothing stored on refusal)."""
    problems = []
    title = " ".join((title or "").split())
    if not title or len(title) > 200:
        problems.append("Donnez un titre au document (200 caractères au plus).")
    try:
        checked = check_file(upload)
    except AnimationRefused as refusal:
        problems += refusal.messages
    if problems:
        raise AnimationRefused(problems)
    written: list = []
    try:
        with transaction.atomic():
            document = PartnershipDocument(partnership=partnership, title=title, uploaded_by=user)
            _store(document, "file", upload, checked, written)
            document.save()
            log(partnership.structure, partnership, user, f"Document ajouté : {title}.")
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise
    return document


PRACTICE_FIELDS = ("title", "theme", "description", "contact")


def _check_practice(values: dict) -> None:
    problems = []
    if not " ".join((values.get("title") or "").split()):
        problems.append("Donnez un titre à la pratique.")
    if values.get("theme") not in Theme.values:
        problems.append("Choisissez le thème de la pratique.")
    if not (values.get("description") or "").strip():
        problems.append("Décrivez la pratique.")
    if problems:
        raise AnimationRefused(problems)


def update_practice(
    practice: Practice, expected_version: int, values: dict, *, file: File | None, user: User | None
) -> Practice:
    """Save the edit of a published practice if nobody saved it since ``expected_version``
    (``StaleRecord`` otherwise, nothing changed); a new file replaces the former one."""
    _check_practice(values)
    checked = check_file(file) if file else None
    former = practice.file.name if checked is not None else ""
    written: list = []
    try:
        with transaction.atomic():
            changes = {name: values[name] for name in PRACTICE_FIELDS if name in values}
            if checked is not None:
                changes.update(_store(practice, "file", file, checked, written))
            updated = Practice.objects.filter(pk=practice.pk, version=expected_version).update(
                **changes, version=F("version") + 1
            )
            if not updated:
                raise StaleRecord(Practice.objects.get(pk=practice.pk))
            practice.refresh_from_db()
            log(practice.structure, practice, user, f"Pratique modifiée : {practice.title}.")
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise
    if former:
        transaction.on_commit(lambda: practice.file.storage.delete(former))
    return practice


def publish_practice(structure: Structure, values: dict, *, file: File | None, user: User | None) -> Practice:
    """Publish a practice of ``structure`` in the catalogue (its file checked like evidence)."""
    _check_practice(values)
    checked = check_file(file) if file else None
    written: list = []
    try:
        with transaction.atomic():
            practice = Practice(structure=structure, **values)
            if checked is not None:
                _store(practice, "file", file, checked, written)
            practice.save()
            log(structure, practice, user, f"Pratique publiée : {practice.title}.")
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise
    return practice
