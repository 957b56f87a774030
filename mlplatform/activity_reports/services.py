"""The work on a report: creating it from its template, saving sections and narrative blocks (with
version checks: two people never silently overwrite each other), and its workflow (draft → to
proofread → proofread by someone else → published; back to draft with a comment; a new edition),
each step in the report's journal."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from mlplatform.network.models import Structure

from .catalogue import SECTIONS_BY_KEY, sections_for
from .composition import compute
from .enums import State
from .models import ActivityReport, NarrativeBlock, ReportSection, ReportTransition
from .narrative import MAX_LENGTH

FIRST_YEAR = 2015


class Refused(Exception):
    """A step that cannot be taken now; the message says why, in French."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StaleEdit(Exception):
    """Someone changed the thing meanwhile; ``current`` is what is stored now."""

    def __init__(self, current: Any = None) -> None:
        super().__init__("modifié entre-temps")
        self.current = current


def _log(report: ActivityReport, before: str, after: str, user: Any, comment: str = "") -> None:
    ReportTransition.objects.create(
        report=report, from_state=before, to_state=after, user=user, comment=comment
    )


def _add_sections(report: ActivityReport) -> None:
    for position, definition in enumerate(sections_for(report.structure.type), start=1):
        section = ReportSection.objects.create(
            report=report,
            key=definition.key,
            position=position,
            included=report.structure.type in definition.default,
        )
        NarrativeBlock.objects.bulk_create(
            NarrativeBlock(section=section, kind=kind) for kind in definition.blocks
        )


@transaction.atomic
def create_report(structure: Structure, year: int, *, user: Any) -> ActivityReport:
    """The first edition of ``structure``'s report for ``year``, from its type's template."""
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Refused(f"L'année doit être comprise entre {FIRST_YEAR} et {timezone.localdate().year}.")
    if ActivityReport.objects.filter(structure=structure, year=year).exists():
        raise Refused(f"Le rapport d'activité {year} de la structure existe déjà.")
    try:
        with transaction.atomic():
            report = ActivityReport.objects.create(structure=structure, year=year, created_by=user)
    except IntegrityError as error:  # created meanwhile
        raise Refused(f"Le rapport d'activité {year} de la structure existe déjà.") from error
    _add_sections(report)
    _log(report, "", State.DRAFT, user)
    return report


def _lock(report: ActivityReport, expected_version: int | None = None) -> ActivityReport:
    locked = ActivityReport.objects.select_for_update(of=("self",)).get(pk=report.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleEdit(locked)
    return locked


def _require_draft(report: ActivityReport) -> None:
    if report.state != State.DRAFT:
        raise Refused(
            "Le rapport n'est plus en brouillon : il ne peut plus être modifié"
            + (
                " (faites une nouvelle édition)."
                if report.state == State.PUBLISHED
                else " (renvoyez-le en brouillon)."
            )
        )


def _touch(report: ActivityReport) -> None:
    ActivityReport.objects.filter(pk=report.pk).update(version=F("version") + 1, updated_at=timezone.now())


@transaction.atomic
def save_block(block: NarrativeBlock, *, text: str, expected_version: int, user: Any) -> NarrativeBlock:
    """A narrative block's new text, only if nobody changed it since ``expected_version``."""
    report = _lock(block.section.report)
    _require_draft(report)
    text = text.replace("\r\n", "\n")
    if len(text) > MAX_LENGTH:
        raise Refused(f"Le texte dépasse {MAX_LENGTH:,} caractères ({len(text):,}).".replace(",", " "))
    updated = NarrativeBlock.objects.filter(pk=block.pk, version=expected_version).update(
        text=text, version=F("version") + 1, updated_at=timezone.now(), updated_by=user
    )
    if not updated:
        raise StaleEdit(NarrativeBlock.objects.select_related("updated_by").get(pk=block.pk))
    # The block has its own version: the report's (sections, workflow) stays, so that a page whose
    # texts were saved as typed can still be submitted.
    ActivityReport.objects.filter(pk=report.pk).update(updated_at=timezone.now())
    block.refresh_from_db()
    return block


@transaction.atomic
def save_sections(
    report: ActivityReport, *, expected_version: int, choices: dict[str, tuple[bool, int]], user: Any
) -> None:
    """The sections included and their order (``choices``: key -> (included, position))."""
    report = _lock(report, expected_version)
    _require_draft(report)
    sections = {
        s.key: s
        for s in ReportSection.objects.select_for_update(of=("self",)).filter(report=report).order_by("pk")
    }
    if set(choices) - set(sections):
        raise Refused("Section inconnue.")
    ordered = sorted(
        sections.values(), key=lambda s: (choices.get(s.key, (s.included, s.position))[1], s.position)
    )
    for position, section in enumerate(ordered, start=1):
        included = choices.get(section.key, (section.included, 0))[0]
        if (section.included, section.position) != (included, position):
            section.included, section.position = included, position
            section.save(update_fields=["included", "position"])
    _touch(report)


@transaction.atomic
def submit(report: ActivityReport, *, expected_version: int, user: Any) -> ActivityReport:
    report = _lock(report, expected_version)
    _require_draft(report)
    if not report.sections.filter(included=True).exists():
        raise Refused("Le rapport ne contient aucune section : choisissez-en au moins une.")
    ActivityReport.objects.filter(pk=report.pk).update(
        state=State.REVIEW, submitted_by=user, submitted_at=timezone.now(), version=F("version") + 1
    )
    _log(report, State.DRAFT, State.REVIEW, user)
    report.refresh_from_db()
    return report


@transaction.atomic
def send_back(report: ActivityReport, *, expected_version: int, user: Any, comment: str) -> ActivityReport:
    report = _lock(report, expected_version)
    if report.state not in (State.REVIEW, State.PROOFREAD):
        raise Refused("Seul un rapport soumis à relecture peut être renvoyé en brouillon.")
    if not comment.strip():
        raise Refused("Dites ce qui est à reprendre (commentaire obligatoire pour renvoyer en brouillon).")
    ActivityReport.objects.filter(pk=report.pk).update(state=State.DRAFT, version=F("version") + 1)
    _log(report, report.state, State.DRAFT, user, comment.strip()[:2000])
    report.refresh_from_db()
    return report


@transaction.atomic
def proofread(report: ActivityReport, *, expected_version: int, user: Any) -> ActivityReport:
    """Proofread by someone else than the person who submitted it: ready to be published."""
    report = _lock(report, expected_version)
    if report.state != State.REVIEW:
        raise Refused("Seul un rapport soumis à relecture peut être relu.")
    if report.submitted_by_id == user.pk:
        raise Refused("Le rapport doit être relu par une autre personne que celle qui l'a soumis.")
    ActivityReport.objects.filter(pk=report.pk).update(
        state=State.PROOFREAD, proofread_by=user, proofread_at=timezone.now(), version=F("version") + 1
    )
    _log(report, State.REVIEW, State.PROOFREAD, user)
    report.refresh_from_db()
    return report


@transaction.atomic
def publish(report: ActivityReport, *, expected_version: int, user: Any) -> ActivityReport:
    """Published and frozen: the automatic blocks' figures are stored with the report."""
    report = _lock(report, expected_version)
    if report.state != State.PROOFREAD:
        raise Refused("Seul un rapport relu par une autre personne de la structure peut être publié.")
    frozen = compute(report)
    ActivityReport.objects.filter(pk=report.pk).update(
        state=State.PUBLISHED,
        frozen=frozen,
        published_by=user,
        published_at=timezone.now(),
        version=F("version") + 1,
    )
    _log(report, State.PROOFREAD, State.PUBLISHED, user)
    report.refresh_from_db()
    from .tasks import schedule_pdf

    transaction.on_commit(lambda: schedule_pdf(report))
    return report


@transaction.atomic
def new_edition(report: ActivityReport, *, user: Any) -> ActivityReport:
    """A new draft edition from a published report: sections and texts copied, figures live again."""
    if report.state != State.PUBLISHED:
        raise Refused("Une nouvelle édition se fait à partir d'un rapport publié.")
    last = ActivityReport.objects.filter(structure=report.structure, year=report.year).aggregate(
        n=Max("edition")
    )["n"]
    if (
        ActivityReport.objects.filter(structure=report.structure, year=report.year)
        .exclude(state=State.PUBLISHED)
        .exists()
    ):
        raise Refused("Une nouvelle édition de ce rapport est déjà en cours.")
    try:
        with transaction.atomic():
            edition = ActivityReport.objects.create(
                structure=report.structure, year=report.year, edition=last + 1, created_by=user
            )
    except IntegrityError as error:
        raise Refused("Une nouvelle édition de ce rapport vient d'être créée.") from error
    for section in report.sections.prefetch_related("blocks").order_by("position", "pk"):
        if section.key not in SECTIONS_BY_KEY:
            continue
        copy = ReportSection.objects.create(
            report=edition, key=section.key, position=section.position, included=section.included
        )
        NarrativeBlock.objects.bulk_create(
            NarrativeBlock(section=copy, kind=block.kind, text=block.text) for block in section.blocks.all()
        )
    _log(edition, "", State.DRAFT, user, f"Nouvelle édition du rapport publié (édition {report.edition}).")
    return edition
