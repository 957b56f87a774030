"""The figures of the label: where each structure stands, what comes next, and the dashboards.

A structure "engaged" in the process has a label file that is neither expired nor withdrawn; a
structure "labelled" holds a label valid today (its stage may already be a renewal in progress).
Structures without a file count as "not engaged". Every figure is computed with a fixed number
of queries, whatever the size of the network. What a row tells of its audit under way and its coming
session comes from the apps built on label (``label.hooks``: ``row_prefetches``, ``row_facts``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, Q, When
from django.utils import timezone

from mlplatform.core.collation import sort_key
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure

from . import hooks
from .enums import Stage
from .models import LabelFile
from .services import renewal_opens_on

NOT_ENGAGED = "NOT_ENGAGED"
NOT_ENGAGED_LABEL = "Non engagée"
# Stages in the order of the cycle, then the ends of a label.
STAGE_ORDER: tuple[str, ...] = (
    Stage.ENROLLED,
    Stage.SELF_ASSESSED,
    Stage.AUDIT_REQUESTED,
    Stage.AUDIT_SCHEDULED,
    Stage.AUDITED,
    Stage.ON_AGENDA,
    Stage.LABELLED,
    Stage.DEFERRED,
    Stage.EXPIRED,
    Stage.WITHDRAWN,
)
# A file at one of these stages no longer counts as engaged.
LAPSED = (Stage.EXPIRED, Stage.WITHDRAWN)


def stage_label(stage: str) -> str:
    return NOT_ENGAGED_LABEL if stage == NOT_ENGAGED else Stage(stage).label


def labelled_q(today: datetime.date, prefix: str = "") -> Q:
    """Files (or, with ``prefix="label_file__"``, structures) holding a label valid on ``today``."""
    return Q(
        **{f"{prefix}valid_from__lte": today, f"{prefix}valid_until__gte": today},
    ) & ~Q(**{f"{prefix}stage__in": LAPSED})


def engaged_q(prefix: str = "label_file__") -> Q:
    return Q(**{f"{prefix}isnull": False}) & ~Q(**{f"{prefix}stage__in": LAPSED})


def is_labelled(file: LabelFile | None, today: datetime.date) -> bool:
    return (
        file is not None
        and file.valid_from is not None
        and file.valid_from <= today <= file.valid_until
        and file.stage not in LAPSED
    )


# --------------------------------------------------------------------------------------------
# What comes next for a file


def next_step(file: LabelFile | None, *, session_date: datetime.date | None = None) -> str:
    """The next step of the cycle, explained in French for everyone who reads the file."""
    if file is None:
        return (
            "La structure n'est pas encore engagée dans la démarche de labellisation. La structure "
            "elle-même (direction ou référent·e qualité), son ARML ou l'UNML peuvent l'engager."
        )
    stage = file.stage
    if stage == Stage.ENROLLED:
        return (
            "Conduire l'auto-évaluation et la soumettre : elle est retenue automatiquement pour le label. "
            "Une auto-évaluation déjà soumise peut aussi être retenue."
        )
    if stage == Stage.SELF_ASSESSED:
        return "Quand elle est prête, la structure demande l'audit en attestant où elle en est" + (
            " ; son ARML donne ensuite un avis sur la demande." if _has_arml(file) else "."
        )
    if stage == Stage.AUDIT_REQUESTED:
        if _has_arml(file) and not file.arml_opinion:
            return (
                "Le·la référent·e label de l'ARML donne son avis sur la demande d'audit ; "
                "l'auditeur·rice référent·e affecte ensuite un binôme d'auditeurs."
            )
        return (
            "L'auditeur·rice référent·e affecte un binôme d'auditeurs (un·e auditeur·rice certifié·e "
            "externe et un·e auditeur·rice du réseau d'une autre région) et fixe les dates de l'audit."
        )
    if stage == Stage.AUDIT_SCHEDULED:
        return (
            "Le binôme prépare le plan d'audit, peut adresser des demandes de preuves à la structure, "
            "mène l'audit puis remet son rapport (points forts, pistes de progrès, points d'alerte)."
        )
    if stage == Stage.AUDITED:
        return (
            "Le rapport est remis : la structure peut y répondre par écrit. L'UNML inscrit ensuite "
            "le dossier à l'ordre du jour d'une séance de la commission nationale de labellisation."
        )
    if stage == Stage.ON_AGENDA:
        when = f" du {session_date:%d/%m/%Y}" if session_date else ""
        return (
            f"Le dossier est inscrit à la séance{when} de la commission nationale de labellisation, "
            "qui décidera de la labellisation ou de l'ajournement."
        )
    if stage == Stage.LABELLED:
        text = f"La structure est labellisée jusqu'au {file.valid_until:%d/%m/%Y}."
        if file.follow_up_due_on:
            text += (
                f" Un audit de suivi (revue documentaire et visioconférence) est attendu avant le "
                f"{file.follow_up_due_on:%d/%m/%Y}."
            )
        return text + (
            f" Le renouvellement se demande à partir du {renewal_opens_on(file):%d/%m/%Y}, par une nouvelle "
            "demande d'audit, avant l'échéance."
        )
    if stage == Stage.DEFERRED:
        return (
            "La commission a ajourné la décision. La structure travaille sur ce qui lui a été demandé, "
            "peut retenir une nouvelle auto-évaluation, puis demande un nouvel audit."
        )
    if stage == Stage.EXPIRED:
        return "Le label est arrivé à échéance sans renouvellement : la structure peut s'engager à nouveau."
    return "Le label a été retiré par la commission : la structure peut s'engager à nouveau dans la démarche."


def _has_arml(file: LabelFile) -> bool:
    """Only a Mission Locale's request gets an opinion from its ARML."""
    return file.structure.type == StructureType.ML


@dataclass(frozen=True)
class Deadline:
    label: str
    date: datetime.date
    overdue: bool = False


def next_deadline(
    file: LabelFile | None,
    today: datetime.date,
    *,
    audit: Any = None,
    session_date: datetime.date | None = None,
) -> Deadline | None:
    """The first date ahead for the file: audit, session, follow-up, end of validity, pending opinion.
    ``audit``: the audit under way (its kind's ``get_kind_display()`` and its ``starts_on``)."""
    if file is None:
        return None
    candidates: list[Deadline] = []
    if file.stage == Stage.AUDIT_REQUESTED and _has_arml(file) and not file.arml_opinion:
        candidates.append(Deadline("Avis de l'ARML attendu depuis le", file.audit_requested_on, True))
    if audit is not None:
        candidates.append(Deadline(f"{audit.get_kind_display()} à partir du", audit.starts_on))
    if file.stage == Stage.ON_AGENDA and session_date:
        candidates.append(Deadline("Séance de la commission le", session_date))
    if file.follow_up_due_on and file.stage not in LAPSED:
        candidates.append(
            Deadline("Audit de suivi attendu avant le", file.follow_up_due_on, file.follow_up_due_on < today)
        )
    if file.valid_until and file.stage not in LAPSED and file.valid_until >= today:
        candidates.append(Deadline("Fin de validité du label le", file.valid_until))
    if not candidates:
        return None
    # A pending opinion comes first (it is already late); then the nearest date.
    return min(candidates, key=lambda d: (not d.overdue, d.date))


# --------------------------------------------------------------------------------------------
# National dashboard


@dataclass
class RegionRow:
    """A region (an ARML and its Missions Locales) or the head of the network."""

    name: str
    code: str | None  # the ARML's code, None for the UNML
    counts: dict[str, int] = field(default_factory=dict)
    labelled: int = 0  # holding a valid label, whatever the stage of their file
    renewing: int = 0  # among them, those whose file is already at another stage (a renewal)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def engaged(self) -> int:
        return self.total - sum(self.counts.get(stage, 0) for stage in (NOT_ENGAGED, *LAPSED))

    @property
    def labelled_share(self) -> float | None:
        return self.labelled / self.total if self.total else None

    def cells(self) -> list[int]:
        return [self.counts.get(stage, 0) for stage in (NOT_ENGAGED, *STAGE_ORDER)]


@dataclass(frozen=True)
class Target:
    """The network's goal: every structure engaged by a date (settings.LABEL_ENGAGEMENT_TARGET)."""

    date: datetime.date
    total: int
    engaged: int
    today: datetime.date

    @property
    def remaining(self) -> int:
        return self.total - self.engaged

    @property
    def share(self) -> float | None:
        return self.engaged / self.total if self.total else None

    @property
    def days_left(self) -> int:
        return (self.date - self.today).days

    @property
    def is_past(self) -> bool:
        return self.days_left < 0

    @property
    def is_met(self) -> bool:
        return self.remaining == 0

    @property
    def delay_text(self) -> str:
        if self.is_past:
            return f"échéance dépassée depuis le {self.date:%d/%m/%Y}"
        if self.days_left == 0:
            return "échéance aujourd'hui"
        return f"{self.days_left} jour{'s' if self.days_left > 1 else ''} avant l'échéance"


def engagement_target_date() -> datetime.date:
    return datetime.date.fromisoformat(str(settings.LABEL_ENGAGEMENT_TARGET))


@dataclass
class NationalFigures:
    today: datetime.date
    regions: list[RegionRow]
    network: RegionRow  # every structure
    target: Target
    stage_columns: list[tuple[str, str]]


def national_figures(today: datetime.date | None = None) -> NationalFigures:
    """Structures per stage and per region, the labelled ones, the engagement target: 2 queries."""
    today = today or timezone.localdate()
    armls = sorted(
        Structure.objects.open().arml().values("pk", "code", "name", "region", "sort_name"),
        key=lambda arml: (sort_key(arml["region"] or arml["name"]), arml["sort_name"]),
    )
    rows: dict[int | None, RegionRow] = {
        arml["pk"]: RegionRow(arml["region"] or arml["name"], arml["code"]) for arml in armls
    }
    national = RegionRow("Tête de réseau (UNML)", None)
    grouped = (
        Structure.objects.open()
        .annotate(
            region_id=Case(
                When(type=StructureType.ARML, then=F("pk")),
                When(type=StructureType.ML, then=F("parent_id")),
                default=None,
                output_field=IntegerField(),
            )
        )
        .values("region_id", "label_file__stage")
        .annotate(n=Count("pk"), labelled=Count("pk", filter=labelled_q(today, "label_file__")))
        .order_by()
    )
    network = RegionRow("Ensemble du réseau", None)
    for line in grouped:
        row = rows.get(line["region_id"], national)
        stage = line["label_file__stage"] or NOT_ENGAGED
        for target in (row, network):
            target.counts[stage] = target.counts.get(stage, 0) + line["n"]
            target.labelled += line["labelled"]
            if stage != Stage.LABELLED:
                target.renewing += line["labelled"]
    regions = list(rows.values())
    if national.total:
        regions.append(national)
    target = Target(engagement_target_date(), network.total, network.engaged, today)
    columns = [(stage, stage_label(stage)) for stage in (NOT_ENGAGED, *STAGE_ORDER)]
    return NationalFigures(today, regions, network, target, columns)


# --------------------------------------------------------------------------------------------
# Regional dashboard


@dataclass
class FileRow:
    structure: Structure
    file: LabelFile | None
    labelled: bool
    deadline: Deadline | None
    session_date: datetime.date | None = None
    audit: Any = None  # the audit under way (label.hooks.row_facts)

    @property
    def stage(self) -> str:
        return self.file.stage if self.file else NOT_ENGAGED

    @property
    def stage_display(self) -> str:
        return stage_label(self.stage)


@dataclass
class RegionFigures:
    arml: Structure
    today: datetime.date
    own: FileRow
    rows: list[FileRow]
    counts: list[tuple[str, str, int]]  # (stage, label, count) over the MLs
    pending_opinions: int
    labelled: int


def _file_rows(structures: list[Structure], today: datetime.date) -> list[FileRow]:
    rows = []
    for structure in structures:
        file = getattr(structure, "label_file", None)
        audit = session_date = None
        if file is not None:
            facts = hooks.row_facts.merge(file)
            audit, session_date = facts.get("audit"), facts.get("session_date")
        rows.append(
            FileRow(
                structure,
                file,
                is_labelled(file, today),
                next_deadline(file, today, audit=audit, session_date=session_date),
                session_date,
                audit,
            )
        )
    return rows


def files_prefetch() -> list:
    """What a row needs besides the file: its audit under way, its session to come (constant queries)."""
    return hooks.row_prefetches.collect()


def region_figures(arml: Structure, today: datetime.date | None = None) -> RegionFigures:
    """The ARML's own file and its Missions Locales, with their dates and next deadline."""
    today = today or timezone.localdate()
    structures = list(
        Structure.objects.open()
        .filter(Q(pk=arml.pk) | Q(parent=arml, type=StructureType.ML))
        .select_related("label_file", "label_file__arml_opinion_by")
        .prefetch_related(*files_prefetch())
        .order_by("type", "sort_name")
    )
    rows = _file_rows(structures, today)
    own = next(row for row in rows if row.structure.pk == arml.pk)
    mls = [row for row in rows if row.structure.pk != arml.pk]
    tally: dict[str, int] = defaultdict(int)
    for row in mls:
        tally[row.stage] += 1
    counts = [(stage, stage_label(stage), tally[stage]) for stage in (NOT_ENGAGED, *STAGE_ORDER)]
    pending = sum(
        1 for row in mls if row.file and row.stage == Stage.AUDIT_REQUESTED and not row.file.arml_opinion
    )
    return RegionFigures(arml, today, own, mls, counts, pending, sum(1 for row in mls if row.labelled))
