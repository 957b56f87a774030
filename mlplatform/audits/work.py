"""The audit work around ``audits.services``: who reaches which audit, the assignment queue, the
audit plan, the findings and the overall opinion, cancellation and delivery.

Views call these functions; they raise ``TransitionRefused`` (a message in French) when a step is not
allowed, and ``StaleAudit`` when the audit changed since the page was read (``Audit.version``).

Who sees an audit (``visible_audits``): the structure's perimeter (``Audit.objects.for_user``), and
for an auditor only the audits where they are one of the pair, for a commission member only the
delivered audits of the files on their sessions' agendas. The lead auditor and the national admin
assign and cancel audits across the network (``assigner_files`` / ``assigner_audits``): the lead
auditor sees there what is needed to assign (the file, the ARML opinion, the pair and the dates),
not the audit's content.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import BooleanField, Case, Count, Exists, F, OuterRef, Q, QuerySet, When
from django.utils import timezone

from mlplatform.accounts.enums import QUALITY_LEAD_ROLES, Role
from mlplatform.accounts.models import Membership, User
from mlplatform.assessments.services import requirements_for
from mlplatform.core.mail import active_emails, notify
from mlplatform.frameworks.models import Commitment, FrameworkVersion
from mlplatform.label import services as label_services
from mlplatform.label.enums import Stage
from mlplatform.label.models import LabelFile
from mlplatform.label.transitions import TransitionRefused, log_step, move
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure
from mlplatform.network.perimeter import Level, Perimeter

from . import services
from .enums import AuditKind, AuditMode, AuditStatus, FindingKind, RequestStatus
from .models import Audit, AuditFinding, EvidenceRequest

# A labelled structure appears in the lead auditor's queue this many days before its follow-up is due.
FOLLOW_UP_NOTICE_DAYS = 120
PLAN_FIELDS = ("starts_on", "ends_on", "mode", "location", "people_met", "agenda")
FINDING_MAX_LENGTH = 5000
LOCKED_MESSAGE = "Le rapport de cet audit est remis : l'audit est verrouillé, plus rien n'y est modifiable."
CANCELLED_MESSAGE = "Cet audit est annulé : plus rien n'y est modifiable."
PAIR_ONLY_MESSAGE = "Seul le binôme d'auditeurs de cet audit fait ce travail."


class StaleAudit(Exception):
    """Someone saved the audit since the page was read; ``current`` is the audit as it is now."""

    def __init__(self, current: Audit) -> None:
        super().__init__("L'audit a été modifié entre-temps.")
        self.current = current


class StaleFinding(Exception):
    """The other auditor changed the finding since the form was read; ``current`` is the saved one."""

    def __init__(self, current: AuditFinding) -> None:
        super().__init__("Le constat a été modifié entre-temps.")
        self.current = current


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise TransitionRefused(message)


# Who reaches an audit, and what they may do there


def is_assigner(membership: Membership | None) -> bool:
    """The lead auditor and the national admin assign and cancel audits."""
    return label_services.is_national_admin(membership) or services.lead_auditor(membership)


def visible_audits(membership: Membership | None) -> QuerySet[Audit]:
    """The audits a person may open (404 for any other)."""
    if membership is None:
        return Audit.objects.none()
    audits = Audit.objects.for_user(membership.user)
    if membership.role == Role.AUDITOR:
        user = membership.user_id
        audits = audits.filter(Q(external_auditor_id=user) | Q(network_auditor_id=user))
    elif membership.role == Role.COMMISSION_MEMBER:
        audits = audits.filter(status=AuditStatus.DELIVERED)
    return audits


def with_pair_flag(audits: QuerySet[Audit], user: User) -> QuerySet[Audit]:
    """``audits`` with ``in_pair``: whether ``user`` is one of the audit's two auditors."""
    return audits.annotate(
        in_pair=Case(
            When(Q(external_auditor_id=user.pk) | Q(network_auditor_id=user.pk), then=True),
            default=False,
            output_field=BooleanField(),
        )
    )


def assigner_files() -> QuerySet[LabelFile]:
    """The lead auditor and the national admin assign audits across the whole network."""
    return LabelFile.objects.in_perimeter(Perimeter(Level.NATIONAL))


def assigner_audits() -> QuerySet[Audit]:
    return Audit.objects.in_perimeter(Perimeter(Level.NATIONAL))


@dataclass(frozen=True)
class AuditRights:
    """What the person acting under a membership may do on one audit (computed once per page)."""

    pair: bool  # one of the two auditors
    assigner: bool  # lead auditor or national admin
    national: bool
    contributor: bool  # the structure's own people: answer the evidence requests
    responder: bool  # the structure's direction or quality referent: answer the report
    scheduled: bool

    @property
    def editable(self) -> bool:
        """The pair works on the plan, the requests and the findings until the report is delivered."""
        return self.pair and self.scheduled

    @property
    def follows_work(self) -> bool:
        """The pair and the national admin follow the work in progress (draft plan and findings)."""
        return self.pair or self.national

    @property
    def may_cancel(self) -> bool:
        return self.assigner and self.scheduled


def rights_for(membership: Membership | None, audit: Audit) -> AuditRights:
    structure = audit.file.structure
    return AuditRights(
        pair=membership is not None
        and membership.role == Role.AUDITOR
        and services.is_auditor_of(membership.user, audit),
        assigner=is_assigner(membership),
        national=label_services.is_national_admin(membership),
        contributor=membership is not None and membership.contributes_to(structure),
        responder=label_services.acts_for_structure(membership, structure),
        scheduled=audit.status == AuditStatus.SCHEDULED,
    )


def sees_plan(rights: AuditRights, audit: Audit) -> bool:
    return rights.follows_work or audit.plan_sent_at is not None


def sees_report(rights: AuditRights, audit: Audit) -> bool:
    return rights.follows_work or audit.is_delivered


def _require_editable(audit: Audit, membership: Membership) -> None:
    _require(audit.status != AuditStatus.DELIVERED, LOCKED_MESSAGE)
    _require(audit.status != AuditStatus.CANCELLED, CANCELLED_MESSAGE)
    _require(
        membership.role == Role.AUDITOR and services.is_auditor_of(membership.user, audit), PAIR_ONLY_MESSAGE
    )


# The lead auditor's queue


@dataclass
class Queue:
    requested: list[LabelFile]
    follow_ups: list[LabelFile]
    scheduled: list[Audit]


def queue(today: datetime.date | None = None) -> Queue:
    today = today or timezone.localdate()
    files = assigner_files().select_related("structure__parent", "framework", "arml_opinion_by")
    pending_follow_up = Audit.objects.filter(
        file=OuterRef("pk"), kind=AuditKind.FOLLOW_UP, status=AuditStatus.SCHEDULED
    )
    return Queue(
        requested=list(files.filter(stage=Stage.AUDIT_REQUESTED).order_by("audit_requested_on", "pk")),
        follow_ups=list(
            files.filter(
                stage=Stage.LABELLED,
                follow_up_due_on__lte=today + datetime.timedelta(days=FOLLOW_UP_NOTICE_DAYS),
            )
            .exclude(Exists(pending_follow_up))
            .order_by("follow_up_due_on", "pk")
        ),
        scheduled=list(
            assigner_audits()
            .filter(status=AuditStatus.SCHEDULED)
            .select_related("file__structure", "external_auditor", "network_auditor")
            .order_by("starts_on", "pk")
        ),
    )


def assignable_file(pk: int) -> LabelFile:
    """A file waiting for an audit (a request, or a labelled structure's follow-up); else DoesNotExist."""
    return (
        assigner_files()
        .filter(stage__in=[Stage.AUDIT_REQUESTED, Stage.LABELLED])
        .select_related("structure__parent", "framework", "arml_opinion_by")
        .get(pk=pk)
    )


def kinds_for(file: LabelFile) -> list[tuple[str, str]]:
    """The kinds of audit a file may receive now."""
    if file.stage == Stage.LABELLED:
        return [(AuditKind.FOLLOW_UP, AuditKind.FOLLOW_UP.label)]
    kinds = [AuditKind.RENEWAL, AuditKind.INITIAL] if file.valid_until else [AuditKind.INITIAL]
    return [(kind, kind.label) for kind in kinds]


def home_conflict(structure: Structure, home: Structure | None) -> str | None:
    """Why a network auditor working in ``home`` may not audit ``structure`` (the rules of
    ``services.conflicts_of_interest``, for one candidate, without a query)."""
    if home is None:
        return "pas de structure d'origine renseignée"
    if home.pk == structure.pk:
        return "travaille dans la structure auditée"
    region = services.region_of(home)
    if region is not None and region == services.region_of(structure):
        return "travaille dans la même région que la structure auditée"
    if home.type == StructureType.UNML and structure.type == StructureType.UNML:
        return "travaille à l'UNML, qui est la structure auditée"
    return None


# The audit plan


def save_plan(audit: Audit, membership: Membership, *, expected_version: int, **plan: object) -> Audit:
    """Save the plan if nobody saved the audit since ``expected_version``. A plan changed after it was
    sent must be sent again (the structure then sees the new one)."""
    _require_editable(audit, membership)
    unknown = set(plan) - set(PLAN_FIELDS)
    _require(not unknown, f"Champs inconnus : {', '.join(sorted(unknown))}.")
    starts_on, ends_on = plan.get("starts_on", audit.starts_on), plan.get("ends_on", audit.ends_on)
    _require(ends_on >= starts_on, "Le dernier jour de l'audit ne peut pas précéder le premier.")
    changed = any(getattr(audit, name) != value for name, value in plan.items())
    extra = {"plan_sent_at": None} if changed and audit.plan_sent_at else {}
    updated = Audit.objects.filter(
        pk=audit.pk, version=expected_version, status=AuditStatus.SCHEDULED
    ).update(**plan, **extra, version=F("version") + 1)
    _after_conditional_update(audit, updated)
    return audit


def _after_conditional_update(audit: Audit, updated: int) -> None:
    current = Audit.objects.get(pk=audit.pk)
    if not updated:
        _require(current.status != AuditStatus.DELIVERED, LOCKED_MESSAGE)
        _require(current.status != AuditStatus.CANCELLED, CANCELLED_MESSAGE)
        raise StaleAudit(current)
    audit.refresh_from_db()


def plan_missing(audit: Audit) -> list[str]:
    """What the plan still lacks before it can be sent to the structure."""
    missing = []
    if audit.mode == AuditMode.ON_SITE and not audit.location.strip():
        missing.append("le lieu de l'audit sur site")
    if not audit.people_met.strip():
        missing.append("les personnes rencontrées")
    if not audit.agenda.strip():
        missing.append("le déroulé")
    return missing


def send_plan(audit: Audit, membership: Membership, *, expected_version: int) -> Audit:
    """Send the plan to the structure (its direction and quality referents receive an e-mail)."""
    _require_editable(audit, membership)
    missing = plan_missing(audit)
    _require(not missing, "Complétez le plan avant de le transmettre : " + ", ".join(missing) + ".")
    with transaction.atomic():
        updated = Audit.objects.filter(
            pk=audit.pk, version=expected_version, status=AuditStatus.SCHEDULED
        ).update(plan_sent_at=timezone.now(), version=F("version") + 1)
        _after_conditional_update(audit, updated)
        log_step(
            audit.file,
            actor=membership.user,
            actor_structure=membership.structure,
            comment=f"Plan d'audit transmis ({audit.starts_on:%d/%m/%Y} – {audit.ends_on:%d/%m/%Y})",
        )
    notify(
        structure_lead_emails(audit.file.structure),
        f"Plan d'audit : {audit.file.structure.name}",
        "audits/email/plan_sent.txt",
        {"audit": audit, "by": membership.user},
    )
    return audit


# Cancellation


def cancel_audit(audit: Audit, membership: Membership, *, reason: str) -> Audit:
    """Cancel an audit before its report: the file's request stands again (``AUDIT_REQUESTED``)."""
    _require(is_assigner(membership), "Seul·e l'auditeur·rice référent·e (ou l'UNML) annule un audit.")
    _require(
        audit.status != AuditStatus.DELIVERED, "Le rapport est remis : cet audit ne peut plus être annulé."
    )
    _require(audit.status != AuditStatus.CANCELLED, "Cet audit est déjà annulé.")
    reason = (reason or "").strip()
    _require(bool(reason), "Indiquez le motif de l'annulation.")
    with transaction.atomic():
        updated = Audit.objects.filter(pk=audit.pk, status=AuditStatus.SCHEDULED).update(
            status=AuditStatus.CANCELLED, version=F("version") + 1
        )
        _require(bool(updated), "Cet audit vient d'être annulé ou remis par quelqu'un d'autre.")
        audit.refresh_from_db()
        EvidenceRequest.objects.filter(audit=audit).exclude(status=RequestStatus.CLOSED).update(
            status=RequestStatus.CLOSED, closed_at=timezone.now()
        )
        comment = f"{audit.get_kind_display()} annulé : {reason}"
        file = audit.file
        if audit.kind == AuditKind.FOLLOW_UP:
            log_step(file, actor=membership.user, actor_structure=membership.structure, comment=comment)
        else:
            move(
                file,
                Stage.AUDIT_REQUESTED,
                actor=membership.user,
                actor_structure=membership.structure,
                comment=comment,
            )
    return audit


# Findings, opinion, delivery


def framework_version_of(audit: Audit) -> FrameworkVersion | None:
    """The framework version the structure was assessed on (the version in force without assessment)."""
    file = audit.file
    if file.assessment_id:
        return file.assessment.framework_version
    return FrameworkVersion.objects.filter(framework_id=file.framework_id).in_force()


def audit_commitments(audit: Audit) -> QuerySet[Commitment]:
    """The commitments of the structure's framework that apply to it, in the framework's order."""
    version = framework_version_of(audit)
    if version is None:
        return Commitment.objects.none()
    requirements = requirements_for(version, audit.file.structure.type)
    return (
        Commitment.objects.filter(pk__in=requirements.values("commitment_id"))
        .select_related("part", "section")
        .order_by("position")
    )


def add_finding(
    audit: Audit, membership: Membership, *, commitment: Commitment, kind: str, text: str
) -> AuditFinding:
    text = (text or "").strip()
    _require(
        kind in FindingKind.values,
        "Choisissez la nature du constat : point fort, piste de progrès ou point d'alerte.",
    )
    _require(bool(text), "Le constat est vide : rédigez-le.")
    _require(len(text) <= FINDING_MAX_LENGTH, f"Le constat dépasse {FINDING_MAX_LENGTH} caractères.")
    with transaction.atomic():
        current = Audit.objects.select_for_update(of=("self",)).get(pk=audit.pk)
        _require_editable(current, membership)
        _require(
            audit_commitments(current).filter(pk=commitment.pk).exists(),
            "Cet engagement n'est pas dans le référentiel de la structure auditée.",
        )
        return AuditFinding.objects.create(
            audit=current, commitment=commitment, kind=kind, text=text, author=membership.user
        )


def finding_stamp(finding: AuditFinding) -> str:
    """The token of the version of a finding that a form was built from."""
    return finding.updated_at.isoformat()


def update_finding(
    finding: AuditFinding, membership: Membership, *, kind: str, text: str, expected_stamp: str
) -> AuditFinding:
    text = (text or "").strip()
    _require(kind in FindingKind.values, "Choisissez la nature du constat.")
    _require(bool(text), "Le constat est vide : rédigez-le, ou supprimez-le.")
    _require(len(text) <= FINDING_MAX_LENGTH, f"Le constat dépasse {FINDING_MAX_LENGTH} caractères.")
    with transaction.atomic():
        audit = Audit.objects.select_for_update(of=("self",)).get(pk=finding.audit_id)
        _require_editable(audit, membership)
        current = AuditFinding.objects.filter(pk=finding.pk).first()
        _require(current is not None, "Ce constat a été supprimé entre-temps par l'autre auditeur·rice.")
        if finding_stamp(current) != expected_stamp:
            raise StaleFinding(current)
        current.kind, current.text = kind, text
        current.save(update_fields=["kind", "text", "updated_at"])
    return current


def delete_finding(finding: AuditFinding, membership: Membership) -> None:
    with transaction.atomic():
        audit = Audit.objects.select_for_update(of=("self",)).get(pk=finding.audit_id)
        _require_editable(audit, membership)
        AuditFinding.objects.filter(pk=finding.pk).delete()


def save_opinion(audit: Audit, membership: Membership, *, text: str, expected_version: int) -> Audit:
    _require_editable(audit, membership)
    text = (text or "").strip()
    _require(len(text) <= 20000, "L'avis global dépasse 20 000 caractères.")
    updated = Audit.objects.filter(
        pk=audit.pk, version=expected_version, status=AuditStatus.SCHEDULED
    ).update(overall_opinion=text, version=F("version") + 1)
    _after_conditional_update(audit, updated)
    return audit


def deliver(audit: Audit, membership: Membership) -> Audit:
    """Deliver the report (``services.deliver_report``: locks it) and close the requests still open."""
    _require(audit.status != AuditStatus.CANCELLED, CANCELLED_MESSAGE)
    with transaction.atomic():
        audit = services.deliver_report(audit, membership)
        EvidenceRequest.objects.filter(audit=audit).exclude(status=RequestStatus.CLOSED).update(
            status=RequestStatus.CLOSED, closed_at=timezone.now()
        )
    notify(
        structure_lead_emails(audit.file.structure),
        f"Rapport d'audit remis : {audit.file.structure.name}",
        "audits/email/report_delivered.txt",
        {"audit": audit, "by": membership.user},
    )
    return audit


KIND_ORDER = [FindingKind.STRENGTH, FindingKind.IMPROVEMENT, FindingKind.ALERT]
KIND_PLURALS = {
    FindingKind.STRENGTH: "Points forts",
    FindingKind.IMPROVEMENT: "Pistes de progrès",
    FindingKind.ALERT: "Points d'alerte",
}


def kind_label(kind: str, count: int) -> str:
    """ "Point fort" / "Points forts" (French: 0 and 1 take the singular)."""
    return KIND_PLURALS[kind] if count > 1 else FindingKind(kind).label


@dataclass
class CommitmentFindings:
    commitment: Commitment
    by_kind: dict[str, list[AuditFinding]] = field(default_factory=dict)

    @property
    def groups(self) -> list[tuple[str, str, list[AuditFinding]]]:
        """(kind, heading, findings) in the report's order, for the kinds that have findings."""
        return [
            (kind, kind_label(kind, len(self.by_kind[kind])), self.by_kind[kind])
            for kind in KIND_ORDER
            if self.by_kind.get(kind)
        ]

    @property
    def count(self) -> int:
        return sum(len(items) for items in self.by_kind.values())


def findings_by_commitment(audit: Audit, *, include_empty: bool = False) -> list[CommitmentFindings]:
    """The audit's findings grouped by commitment (every applicable commitment with ``include_empty``)."""
    findings = AuditFinding.objects.filter(audit=audit).select_related("author", "commitment__part")
    blocks: dict[int, CommitmentFindings] = {}
    if include_empty:
        for commitment in audit_commitments(audit):
            blocks[commitment.pk] = CommitmentFindings(commitment)
    for finding in findings.order_by("commitment__position", "created_at", "pk"):
        block = blocks.setdefault(finding.commitment_id, CommitmentFindings(finding.commitment))
        block.by_kind.setdefault(finding.kind, []).append(finding)
    return sorted(blocks.values(), key=lambda block: block.commitment.position)


def finding_counts(audit: Audit) -> list[tuple[str, int, str]]:
    """(kind's label, count, "3 points forts") per kind, in the report's order."""
    rows = AuditFinding.objects.filter(audit=audit).order_by().values("kind").annotate(n=Count("pk"))
    counts = {row["kind"]: row["n"] for row in rows}
    result = []
    for kind in KIND_ORDER:
        count = counts.get(kind, 0)
        result.append((kind.label, count, f"{count} {kind_label(kind, count).lower()}"))
    return result


def respond(audit: Audit, membership: Membership, *, text: str) -> Audit:
    """The structure's written response (``services.respond_to_report``); the pair is told by e-mail."""
    audit = services.respond_to_report(audit, membership, text=text)
    notify(
        pair_emails(audit),
        f"Réponse de la structure au rapport : {audit.file.structure.name}",
        "audits/email/response.txt",
        {"audit": audit, "by": membership.user},
    )
    return audit


# Notifications


def structure_lead_emails(structure: Structure) -> list[str]:
    """The structure's direction and quality referents (its ARML referents for an ARML)."""
    memberships = Membership.objects.filter(structure=structure, role__in=QUALITY_LEAD_ROLES)
    return active_emails(memberships)


def pair_emails(audit: Audit) -> list[str]:
    users = User.objects.filter(pk__in=[audit.external_auditor_id, audit.network_auditor_id], is_active=True)
    return sorted(users.values_list("email", flat=True))
