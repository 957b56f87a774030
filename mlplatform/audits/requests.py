"""Evidence requests: the auditors ask the structure for documents, in a thread per request.

Each message may carry files, in either direction; they are checked like evidence files
(``evidence.checks.check_upload``: size, type recognised from the content, SHA-256) and stored
under random names. Status: OPEN (waiting for the structure) → ANSWERED (the structure replied)
→ CLOSED (the auditors close it). An auditor's new message on an answered request puts it back
to OPEN. Nothing is written when a file is refused; files written before a failed transaction
are removed again.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.core.files import File
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import Case, Count, F, Max, Q, QuerySet, When
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Membership
from mlplatform.assessments.services import requirements_for
from mlplatform.core.mail import notify
from mlplatform.evidence.checks import CheckedFile, EvidenceRefused, check_upload
from mlplatform.frameworks.models import Requirement
from mlplatform.label.transitions import TransitionRefused

from . import services
from .enums import AuditStatus, RequestStatus
from .models import Audit, EvidenceRequest, RequestAttachment, RequestMessage
from .work import CANCELLED_MESSAGE, LOCKED_MESSAGE, framework_version_of, pair_emails, structure_lead_emails

MAX_FILES_PER_MESSAGE = 5
SUBJECT_MAX_LENGTH = EvidenceRequest._meta.get_field("subject").max_length
MESSAGE_MAX_LENGTH = 10000


class RequestRefused(TransitionRefused):
    """A request or a message is refused; ``messages`` lists every problem, in French."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(" ".join(messages))
        self.messages = list(messages)


def is_pair(membership: Membership | None, audit: Audit) -> bool:
    return (
        membership is not None
        and membership.role == Role.AUDITOR
        and services.is_auditor_of(membership.user, audit)
    )


def is_structure_side(membership: Membership | None, audit: Audit) -> bool:
    """The structure's own people answer the requests (its ARML and the UNML read them)."""
    return membership is not None and membership.contributes_to(audit.file.structure)


def requirement_choices(audit: Audit) -> QuerySet[Requirement]:
    """The requirements of the structure's framework a request may point to."""
    version = framework_version_of(audit)
    if version is None:
        return Requirement.objects.none()
    return requirements_for(version, audit.file.structure.type).select_related("commitment")


def requests_of(audit: Audit) -> QuerySet[EvidenceRequest]:
    """The audit's requests with their number of messages and files and their last activity."""
    return (
        EvidenceRequest.objects.filter(audit=audit)
        .select_related("requirement", "created_by")
        .annotate(
            message_count=Count("messages", distinct=True),
            file_count=Count("messages__attachments", distinct=True),
            last_activity=Max("messages__created_at"),
        )
        # Requests still running first, the nearest due date first, then the newest.
        .order_by(
            Case(When(status=RequestStatus.CLOSED, then=1), default=0),
            F("due_on").asc(nulls_last=True),
            "-created_at",
            "-pk",
        )
    )


def thread(evidence_request: EvidenceRequest) -> QuerySet[RequestMessage]:
    return (
        RequestMessage.objects.filter(request=evidence_request)
        .select_related("author", "author_structure")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )


def open_counts(audits: QuerySet[Audit]) -> QuerySet[Audit]:
    """``audits`` annotated with their requests waiting for the structure and those answered."""
    return audits.annotate(
        requests_open=Count("evidence_requests", filter=Q(evidence_requests__status=RequestStatus.OPEN)),
        requests_answered=Count(
            "evidence_requests", filter=Q(evidence_requests__status=RequestStatus.ANSWERED)
        ),
    )


def _require_open_audit(audit: Audit) -> None:
    if audit.status == AuditStatus.DELIVERED:
        raise RequestRefused([LOCKED_MESSAGE])
    if audit.status == AuditStatus.CANCELLED:
        raise RequestRefused([CANCELLED_MESSAGE])


def _clean_text(text: str, problems: list[str], *, empty: str) -> str:
    text = (text or "").strip()
    if not text:
        problems.append(empty)
    elif len(text) > MESSAGE_MAX_LENGTH:
        problems.append(f"Le message dépasse {MESSAGE_MAX_LENGTH} caractères.")
    return text


def _check_files(files: Sequence[File], problems: list[str]) -> list[tuple[File, CheckedFile]]:
    if len(files) > MAX_FILES_PER_MESSAGE:
        problems.append(f"{len(files)} fichiers : {MAX_FILES_PER_MESSAGE} au plus par message.")
        return []
    checked = []
    for upload in files:
        try:
            checked.append((upload, check_upload(upload)))
        except EvidenceRefused as refusal:
            problems += refusal.messages
    return checked


@contextmanager
def _cleanup_on_failure() -> Iterator[list[tuple[Storage, str]]]:
    written: list[tuple[Storage, str]] = []
    try:
        yield written
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise


def _write_message(
    evidence_request: EvidenceRequest,
    membership: Membership,
    text: str,
    files: list[tuple[File, CheckedFile]],
    written: list[tuple[Storage, str]],
) -> RequestMessage:
    message = RequestMessage.objects.create(
        request=evidence_request, author=membership.user, author_structure=membership.structure, text=text
    )
    for upload, checked in files:
        attachment = RequestAttachment(
            message=message,
            original_name=checked.name,
            size=checked.size,
            sha256=checked.sha256,
            content_type=checked.content_type,
        )
        upload.seek(0)
        # The name given here is ignored: attachment_path draws a random one.
        attachment.file.save("upload", upload, save=False)
        written.append((attachment.file.storage, attachment.file.name))
        attachment.save()
    return message


def open_request(
    audit: Audit,
    membership: Membership,
    *,
    subject: str,
    text: str,
    requirement: Requirement | None = None,
    due_on: datetime.date | None = None,
    files: Sequence[File] = (),
) -> EvidenceRequest:
    """The pair asks the structure for evidence; the structure's leads are told by e-mail."""
    if not is_pair(membership, audit):
        raise RequestRefused(["Seul le binôme d'auditeurs de cet audit envoie des demandes de preuves."])
    _require_open_audit(audit)
    problems: list[str] = []
    subject = " ".join((subject or "").split())
    if not subject:
        problems.append("Donnez un objet à la demande.")
    elif len(subject) > SUBJECT_MAX_LENGTH:
        problems.append(f"L'objet dépasse {SUBJECT_MAX_LENGTH} caractères.")
    text = _clean_text(text, problems, empty="Décrivez ce que vous demandez à la structure.")
    if requirement is not None and not requirement_choices(audit).filter(pk=requirement.pk).exists():
        problems.append("Cette exigence n'est pas dans le référentiel de la structure auditée.")
    if due_on is not None and due_on < timezone.localdate():
        problems.append("La date de réponse attendue est passée : choisissez une date à venir.")
    checked = _check_files(files, problems)
    if problems:
        raise RequestRefused(problems)
    with _cleanup_on_failure() as written, transaction.atomic():
        evidence_request = EvidenceRequest.objects.create(
            audit=audit, requirement=requirement, subject=subject, due_on=due_on, created_by=membership.user
        )
        _write_message(evidence_request, membership, text, checked, written)
    notify(
        structure_lead_emails(audit.file.structure),
        f"Demande de preuves des auditeurs : {subject}",
        "audits/email/request_opened.txt",
        {"audit": audit, "evidence_request": evidence_request, "by": membership.user, "text": text},
    )
    return evidence_request


def post_message(
    evidence_request: EvidenceRequest, membership: Membership, *, text: str, files: Sequence[File] = ()
) -> RequestMessage:
    """A message in the thread, from the pair or from the structure (which answers the request)."""
    audit = evidence_request.audit
    auditor, structure_side = is_pair(membership, audit), is_structure_side(membership, audit)
    if not (auditor or structure_side):
        raise RequestRefused(
            ["Seuls le binôme d'auditeurs et les personnes de la structure auditée écrivent ici."]
        )
    _require_open_audit(audit)
    problems: list[str] = []
    text = _clean_text(text, problems, empty="Le message est vide.")
    checked = _check_files(files, problems)
    if problems:
        raise RequestRefused(problems)
    status = RequestStatus.OPEN if auditor else RequestStatus.ANSWERED
    with _cleanup_on_failure() as written, transaction.atomic():
        current = EvidenceRequest.objects.select_for_update(of=("self",)).get(pk=evidence_request.pk)
        if current.status == RequestStatus.CLOSED:
            raise RequestRefused(["Cette demande est close : ouvrez-en une nouvelle si nécessaire."])
        message = _write_message(current, membership, text, checked, written)
        EvidenceRequest.objects.filter(pk=current.pk).update(status=status)
    evidence_request.refresh_from_db()
    context = {"audit": audit, "evidence_request": evidence_request, "by": membership.user, "text": text}
    recipients = structure_lead_emails(audit.file.structure) if auditor else pair_emails(audit)
    notify(
        recipients,
        f"Nouveau message sur la demande « {evidence_request.subject} »",
        "audits/email/request_message.txt",
        {**context, "files": len(checked)},
    )
    return message


def close_request(evidence_request: EvidenceRequest, membership: Membership) -> EvidenceRequest:
    audit = evidence_request.audit
    if not is_pair(membership, audit):
        raise RequestRefused(["Seul le binôme d'auditeurs clôt une demande."])
    _require_open_audit(audit)
    updated = (
        EvidenceRequest.objects.filter(pk=evidence_request.pk)
        .exclude(status=RequestStatus.CLOSED)
        .update(status=RequestStatus.CLOSED, closed_at=timezone.now())
    )
    if not updated:
        raise RequestRefused(["Cette demande est déjà close."])
    evidence_request.refresh_from_db()
    return evidence_request
