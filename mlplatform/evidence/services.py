"""Domain operations on evidence: views and the self-assessment page call these, nothing else writes.

Every function either does all of its work or nothing: bad input raises ``EvidenceRefused`` before
anything is stored; a change based on an outdated version raises ``StaleEvidence``; a file written
to storage is removed again if the database transaction fails.

Access (who may call these) is checked by the callers with ``access.can_manage``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import Storage
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from mlplatform.network.models import Structure

from .checks import CheckedFile, EvidenceRefused, check_upload
from .models import Evidence, EvidenceFile, EvidenceKind

if TYPE_CHECKING:
    from mlplatform.accounts.models import User

__all__ = [
    "DuplicateEvidence",
    "EvidenceRefused",
    "StaleEvidence",
    "add_file",
    "add_link",
    "archive",
    "find_duplicate",
    "replace_file",
    "restore",
    "update_details",
]

TITLE_MAX_LENGTH = Evidence._meta.get_field("title").max_length
URL_MAX_LENGTH = Evidence._meta.get_field("url").max_length


class StaleEvidence(Exception):
    """Someone changed the evidence (new version, edit, archive) since the page was opened."""

    def __init__(self, current: Evidence) -> None:
        super().__init__("La preuve a été modifiée entre-temps.")
        self.current = current


class DuplicateEvidence(EvidenceRefused):
    """The same content is already the current file of an evidence of the structure: reuse it.

    Identical content is refused rather than stored twice: one piece of evidence supports several
    requirements and campaigns, so a second copy would only split its history and its links.
    ``existing`` is the evidence to offer instead.
    """

    def __init__(self, messages: list[str], existing: Evidence) -> None:
        super().__init__(messages)
        self.existing = existing


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise EvidenceRefused(["Donnez un titre à la preuve."])
    if len(title) > TITLE_MAX_LENGTH:
        raise EvidenceRefused(
            [f"Le titre est trop long ({len(title)} caractères) : {TITLE_MAX_LENGTH} au plus."]
        )
    return title


def clean_url(url: str) -> str:
    """An absolute http(s) address, or ``EvidenceRefused``."""
    url = (url or "").strip()
    if not url:
        raise EvidenceRefused(["Indiquez l'adresse du lien."])
    if len(url) > URL_MAX_LENGTH:
        raise EvidenceRefused([f"L'adresse est trop longue : {URL_MAX_LENGTH} caractères au plus."])
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise EvidenceRefused(
            ["L'adresse du lien doit être une adresse web complète commençant par https:// ou http://."]
        ) from None
    return url


def find_duplicate(structure: Structure, sha256: str, *, exclude: Evidence | None = None) -> Evidence | None:
    """The active evidence of ``structure`` whose current file has this content, if any."""
    candidates = Evidence.objects.active().filter(structure=structure, current_file__sha256=sha256)
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    return candidates.order_by("pk").first()


def _refuse_duplicate(structure: Structure, checked: CheckedFile, exclude: Evidence | None = None) -> None:
    existing = find_duplicate(structure, checked.sha256, exclude=exclude)
    if existing is not None:
        raise DuplicateEvidence(
            [
                f"Ce fichier est déjà dans la bibliothèque : c'est la version actuelle de la preuve "
                f"« {existing.title} ». Utilisez cette preuve plutôt que d'en déposer une copie."
            ],
            existing,
        )


@contextmanager
def _cleanup_on_failure() -> Iterator[list[tuple[Storage, str]]]:
    """Remove the files written inside the block if the block fails (its transaction rolled back)."""
    written: list[tuple[Storage, str]] = []
    try:
        yield written
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise


def _write(
    evidence: Evidence,
    upload: File,
    checked: CheckedFile,
    user: User | None,
    number: int,
    written: list[tuple[Storage, str]],
) -> EvidenceFile:
    """Store the file under a random name and create its version row (inside the caller's transaction)."""
    version = EvidenceFile(
        evidence=evidence,
        number=number,
        original_name=checked.name,
        size=checked.size,
        content_type=checked.content_type,
        sha256=checked.sha256,
        uploaded_by=user,
        uploaded_at=timezone.now(),
    )
    upload.seek(0)
    # The name given here is ignored: evidence_file_path draws a random one.
    version.file.save("upload", upload, save=False)
    written.append((version.file.storage, version.file.name))
    version.save()
    return version


def add_file(
    structure: Structure, uploaded_file: File, *, title: str, user: User | None, description: str = ""
) -> Evidence:
    """Add a file to ``structure``'s library. Raises ``EvidenceRefused`` (or ``DuplicateEvidence``)."""
    problems = []
    try:
        title = _clean_title(title)
    except EvidenceRefused as refusal:
        problems += refusal.messages
    try:
        checked = check_upload(uploaded_file)
    except EvidenceRefused as refusal:
        problems += refusal.messages
    if problems:
        raise EvidenceRefused(problems)
    _refuse_duplicate(structure, checked)
    with _cleanup_on_failure() as written, transaction.atomic():
        now = timezone.now()
        evidence = Evidence.objects.create(
            structure=structure,
            kind=EvidenceKind.FILE,
            title=title,
            description=(description or "").strip(),
            created_by=user,
            created_at=now,
            updated_at=now,
        )
        version = _write(evidence, uploaded_file, checked, user, 1, written)
        evidence.current_file = version
        evidence.save(update_fields=["current_file"])
    return evidence


def add_link(
    structure: Structure, *, url: str, title: str, user: User | None, description: str = ""
) -> Evidence:
    """Add a link (http or https) to ``structure``'s library. Raises ``EvidenceRefused``."""
    problems = []
    for clean, value in ((_clean_title, title), (clean_url, url)):
        try:
            clean(value)
        except EvidenceRefused as refusal:
            problems += refusal.messages
    if problems:
        raise EvidenceRefused(problems)
    now = timezone.now()
    return Evidence.objects.create(
        structure=structure,
        kind=EvidenceKind.LINK,
        title=_clean_title(title),
        url=clean_url(url),
        description=(description or "").strip(),
        created_by=user,
        created_at=now,
        updated_at=now,
    )


def _claim(evidence: Evidence, expected_version: int, **changes) -> None:
    """Move the evidence to the next version if it is still at ``expected_version``, else StaleEvidence.

    The conditional UPDATE also locks the row until the end of the transaction, so two people
    replacing the file at once are served one after the other and the second one is refused.
    """
    updated = Evidence.objects.filter(pk=evidence.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes
    )
    if not updated:
        raise StaleEvidence(Evidence.objects.select_related("current_file").get(pk=evidence.pk))


def replace_file(
    evidence: Evidence, uploaded_file: File, *, user: User | None, expected_version: int
) -> EvidenceFile:
    """Add a new version of a file evidence; older versions stay downloadable.

    Raises ``EvidenceRefused`` (bad file, a link, an archived evidence, content identical to the
    current version or to another evidence's) or ``StaleEvidence`` (changed since
    ``expected_version``). Nothing is stored in either case.
    """
    if not evidence.is_file:
        raise EvidenceRefused(["Un lien ne se remplace pas par un fichier : modifiez son adresse."])
    if evidence.archived:
        raise EvidenceRefused(["Cette preuve est archivée : restaurez-la avant de la remplacer."])
    checked = check_upload(uploaded_file)
    current = evidence.current_file
    if current is not None and current.sha256 == checked.sha256:
        raise EvidenceRefused(["Ce fichier est identique à la version actuelle : rien n'a été ajouté."])
    _refuse_duplicate(evidence.structure, checked, exclude=evidence)
    with _cleanup_on_failure() as written, transaction.atomic():
        _claim(evidence, expected_version)
        last = evidence.files.aggregate(last=Max("number"))["last"] or 0
        version = _write(evidence, uploaded_file, checked, user, last + 1, written)
        Evidence.objects.filter(pk=evidence.pk).update(current_file=version)
    evidence.refresh_from_db()
    return version


def update_details(
    evidence: Evidence,
    *,
    user: User | None,
    expected_version: int,
    title: str,
    description: str = "",
    url: str | None = None,
) -> Evidence:
    """Change the title, the description and (for a link) the address.

    Raises ``EvidenceRefused`` or ``StaleEvidence``; nothing changes then.
    """
    problems = []
    changes: dict = {"description": (description or "").strip()}
    checks = [("title", _clean_title, title)]
    if evidence.is_link:
        checks.append(("url", clean_url, url or ""))
    for field, clean, value in checks:
        try:
            changes[field] = clean(value)
        except EvidenceRefused as refusal:
            problems += refusal.messages
    if problems:
        raise EvidenceRefused(problems)
    with transaction.atomic():
        _claim(evidence, expected_version, **changes)
    evidence.refresh_from_db()
    return evidence


def archive(evidence: Evidence, user: User | None, expected_version: int) -> Evidence:
    """Hide the evidence from the library (its files are kept; it can be restored)."""
    if evidence.archived:
        raise EvidenceRefused(["Cette preuve est déjà archivée."])
    with transaction.atomic():
        _claim(evidence, expected_version, archived=True, archived_at=timezone.now())
    evidence.refresh_from_db()
    return evidence


def restore(evidence: Evidence, user: User | None, expected_version: int) -> Evidence:
    """Bring an archived evidence back into the library."""
    if not evidence.archived:
        raise EvidenceRefused(["Cette preuve n'est pas archivée."])
    with transaction.atomic():
        _claim(evidence, expected_version, archived=False, archived_at=None)
    evidence.refresh_from_db()
    return evidence
