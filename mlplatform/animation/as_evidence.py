"""« Utiliser comme preuve » for the network-life records that have no file of their own.

A meeting's minutes, a partnership's documents and a practice's file go to the evidence library as
they are (``services``). The other records become a spreadsheet (``reports.xlsx``) added to the
structure's library through the evidence services, so it is checked like any upload:

- a section of the structure's records (``SECTIONS``): the yearly figures, the meetings or the
  events of a year, the composition of the governing bodies, the referents' directory;
- one partnership (its agreement, objectives, indicators, yearly evaluations and documents);
- a practice without a file.

The title names what the spreadsheet covers (« Événements 2022 »): taking the same section again
adds a new version to that evidence (its links to the label requirements stay), never a copy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db.models import Count, Q
from django.utils.text import slugify

from mlplatform.evidence import services as evidence_services
from mlplatform.evidence.models import Evidence, EvidenceKind
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure
from mlplatform.reports.xlsx import build_xlsx

from .counts import yearly_counts
from .models import BodyMember, Event, Meeting, Partnership, Practice, Referent
from .services import log, practice_as_evidence

if TYPE_CHECKING:
    from mlplatform.accounts.models import User


@dataclass(frozen=True)
class Sheet:
    title: str  # the evidence's title
    sheet: str  # the worksheet's name (31 characters at most)
    header: Sequence[str]
    rows: Iterable[Sequence]
    widths: Sequence[int] = ()
    description: str = ""


def _date(value) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def figures_sheet(structure: Structure, year: int) -> Sheet:
    counts = yearly_counts(structure, year)
    rows: list[tuple] = [
        ("Réunions animées", counts.meetings_organised, "", ""),
        ("Réunions suivies", counts.meetings_attended, "", ""),
    ]
    rows += [(f"Instance : {label}", count, "", "") for label, count in counts.body_rows()]
    rows += [
        (f"Thème : {label}", organised + attended, organised, attended)
        for label, organised, attended in counts.theme_rows()
    ]
    rows += [
        ("Événements", counts.events, "", ""),
        ("Partenariats en cours", counts.partnerships_active, "", ""),
    ]
    return Sheet(
        title=f"Animation du réseau : chiffres {year}",
        sheet=f"Chiffres {year}",
        header=("Chiffre", "Nombre", "Réunions animées", "Réunions suivies"),
        rows=rows,
        widths=(50, 12, 18, 18),
        description=(
            f"Chiffres de l'année {year} tirés des réunions, événements et partenariats enregistrés "
            "sur la plateforme (animation du réseau)."
        ),
    )


def meetings_sheet(structure: Structure, year: int) -> Sheet:
    """The meetings the structure ran or attended in ``year`` (as on its page)."""
    joined = (
        Meeting.objects.filter(participants=structure, organised=True, date__year=year)
        .exclude(structure=structure)
        .values("pk")
    )
    meetings = (
        Meeting.objects.filter(Q(structure=structure) | Q(pk__in=joined), date__year=year)
        .select_related("structure")
        .annotate(structures=Count("participants"))
        .order_by("date", "pk")
    )

    def role(meeting: Meeting) -> str:
        if meeting.structure_id != structure.pk:
            return f"Participation ({meeting.structure.name})"
        return "Animée" if meeting.organised else f"Participation ({meeting.organiser_name})"

    rows = (
        (
            _date(m.date),
            m.title,
            m.get_kind_display(),
            m.get_theme_display(),
            role(m),
            m.participant_count,
            m.structures,
            "oui" if m.minutes else "non",
        )
        for m in meetings
    )
    return Sheet(
        title=f"Réunions {year} (animées et suivies)",
        sheet=f"Réunions {year}",
        header=(
            "Date",
            "Intitulé",
            "Type",
            "Thème",
            "Rôle de la structure",
            "Participants",
            "Structures du réseau",
            "Compte rendu",
        ),
        rows=rows,
        widths=(12, 48, 30, 28, 40, 14, 20, 14),
        description=f"Registre des réunions de {year} enregistrées sur la plateforme.",
    )


def events_sheet(structure: Structure, year: int) -> Sheet:
    events = Event.objects.filter(structure=structure, starts_on__year=year).order_by("starts_on", "pk")
    rows = (
        (
            e.title,
            _date(e.starts_on),
            _date(e.ends_on),
            e.get_kind_display(),
            e.get_level_display(),
            e.young_people,
            e.employers,
            e.professionals,
            e.partners,
        )
        for e in events
    )
    return Sheet(
        title=f"Événements {year}",
        sheet=f"Événements {year}",
        header=(
            "Intitulé",
            "Début",
            "Fin",
            "Type",
            "Portée",
            "Jeunes",
            "Employeurs",
            "Professionnels",
            "Partenaires",
        ),
        rows=rows,
        widths=(48, 12, 12, 30, 12, 10, 12, 14, 48),
        description=f"Événements de {year} et leur public, enregistrés sur la plateforme.",
    )


def bodies_sheet(structure: Structure, year: int) -> Sheet:
    members = BodyMember.objects.filter(structure=structure).order_by("body", "college", "name", "pk")
    rows = (
        (m.get_body_display(), m.get_college_display(), m.name, m.organisation, m.office) for m in members
    )
    return Sheet(
        title="Composition des instances",
        sheet="Instances",
        header=("Instance", "Collège", "Nom", "Représente", "Fonction"),
        rows=rows,
        widths=(26, 40, 30, 40, 26),
        description="Membres des instances de gouvernance, par collège, avec leurs fonctions.",
    )


def directory_referents(structure: Structure):
    """The referents of the structure and, for an ARML, of its Missions Locales (the regional network).
    Unscoped: callers check that the structure is in the person's perimeter."""
    structures = [structure.pk]
    if structure.type == StructureType.ARML:
        structures += list(structure.children.values_list("pk", flat=True))
    return Referent.objects.filter(structure__in=structures).select_related("structure")


def referents_sheet(structure: Structure, year: int) -> Sheet:
    """Who is referent of what: names and functions, never their contact details (evidence is read
    by the auditors of the structure's file; the directory with contacts stays in the perimeter)."""
    referents = directory_referents(structure).order_by("theme", "structure__sort_name", "name", "pk")
    rows = ((r.get_theme_display(), r.structure.name, r.name, r.job_title) for r in referents)
    regional = structure.type == StructureType.ARML
    return Sheet(
        title="Annuaire régional des référent·es thématiques" if regional else "Référent·es thématiques",
        sheet="Référents thématiques",
        header=("Thème", "Structure", "Nom", "Fonction"),
        rows=rows,
        widths=(28, 40, 28, 30),
        description="Référent·es par thème"
        + (" de l'ARML et de ses Missions Locales." if regional else " de la structure."),
    )


def partnership_sheet(partnership: Partnership) -> Sheet:
    rows: list[tuple[str, str]] = [
        ("Partenaire", f"{partnership.partner_name} ({partnership.get_partner_type_display()})"),
        ("Convention", partnership.title),
        ("Niveau", partnership.get_level_display()),
        ("Déclinaison de", partnership.parent.title if partnership.parent else ""),
        ("Signée le", _date(partnership.signed_on)),
        ("Début", _date(partnership.starts_on)),
        ("Fin", _date(partnership.ends_on) or "sans échéance"),
        ("Signataires", partnership.signatories),
        ("Objectifs", partnership.objectives),
        ("Indicateurs", partnership.indicators),
    ]
    for evaluation in partnership.evaluations.order_by("year", "pk"):
        rows.append(
            (
                f"Évaluation {evaluation.year}",
                f"{evaluation.get_outcome_display()} : {evaluation.achieved}",
            )
        )
    for document in partnership.documents.order_by("uploaded_at", "pk"):
        rows.append(("Document", f"{document.title} ({document.file_name})"))
    return Sheet(
        title=f"Partenariat {partnership.partner_name} — {partnership.title}",
        sheet="Partenariat",
        header=("Rubrique", "Contenu"),
        rows=rows,
        widths=(24, 90),
        description=(
            f"Fiche du partenariat ({partnership.get_level_display().lower()}) : convention, objectifs, "
            "indicateurs et évaluations annuelles."
        ),
    )


def practice_sheet(practice: Practice) -> Sheet:
    return Sheet(
        title=f"Pratique partagée — {practice.title}",
        sheet="Pratique",
        header=("Rubrique", "Contenu"),
        rows=(
            ("Titre", practice.title),
            ("Thème", practice.get_theme_display()),
            ("Description", practice.description),
            ("Contact", practice.contact),
            ("Publiée le", _date(practice.published_at)),
        ),
        widths=(20, 90),
        description="Pratique publiée dans le catalogue des pratiques partagées du réseau.",
    )


@dataclass(frozen=True)
class Section:
    build: Callable[[Structure, int], Sheet]
    anchor: str  # the section of the overview page
    by_year: bool = True


SECTIONS: dict[str, Section] = {
    "chiffres": Section(figures_sheet, "chiffres"),
    "reunions": Section(meetings_sheet, "reunions"),
    "evenements": Section(events_sheet, "evenements"),
    "instances": Section(bodies_sheet, "instances", by_year=False),
    "referents": Section(referents_sheet, "referents", by_year=False),
}


def _add_sheet(structure: Structure, sheet: Sheet, user: User | None) -> Evidence:
    """Add the spreadsheet to the library, or as a new version of the evidence of the same title."""
    title = sheet.title[: evidence_services.TITLE_MAX_LENGTH]
    content = build_xlsx(sheet.sheet, sheet.header, sheet.rows, sheet.widths)
    upload = ContentFile(content, name=f"{slugify(title)[:100] or 'animation'}.xlsx")
    existing = (
        Evidence.objects.active()
        .filter(structure=structure, kind=EvidenceKind.FILE, title=title)
        .order_by("pk")
        .first()
    )
    if existing is None:
        return evidence_services.add_file(
            structure, upload, title=title, user=user, description=sheet.description
        )
    evidence_services.replace_file(existing, upload, user=user, expected_version=existing.version)
    return existing


def section_as_evidence(structure: Structure, section: str, year: int, *, user: User | None) -> Evidence:
    sheet = SECTIONS[section].build(structure, year)
    evidence = _add_sheet(structure, sheet, user)
    log(structure, evidence, user, f"Ajouté aux preuves : {evidence.title}.")
    return evidence


def partnership_as_evidence(partnership: Partnership, *, user: User | None) -> Evidence:
    evidence = _add_sheet(partnership.structure, partnership_sheet(partnership), user)
    log(partnership.structure, partnership, user, f"Fiche ajoutée aux preuves : {evidence.title}.")
    return evidence


def practice_to_evidence(practice: Practice, *, user: User | None) -> Evidence:
    """The practice's file if it has one, else its description as a spreadsheet."""
    if practice.file:
        return practice_as_evidence(practice, user=user)
    evidence = _add_sheet(practice.structure, practice_sheet(practice), user)
    log(practice.structure, practice, user, f"Pratique ajoutée aux preuves : {evidence.title}.")
    return evidence
