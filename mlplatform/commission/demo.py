"""Demo label cycle: structures at every stage, audits, past and coming commission sessions.

It lives in the commission app, the top of the label cycle's apps (commission -> audits -> label):
the only one that may build files, audits and decisions together. Called by ``setup_demo`` after the
self-assessment demo. Reproducible (stages come from a hash of
the structure's code, dates are relative to today), idempotent (nothing is done again once the
demo sessions exist; the demo auditors and commission members are fetched or created by e-mail)
and fast (the history of the network's files is written in bulk).

The Normandie Missions Locales the demo accounts work with are taken through the real state
machine (the services of ``label``, ``audits`` and ``commission``, and ``label.transitions.move``,
which check every step and write the log), then their dates are set back to a plausible past. One
of them (Bocage au Bessin) is labelled at a closed session, with its certificate; one (Évreux) is
deferred; audits are under way; a file waits for the ARML's opinion, another for the coming session.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from mlplatform.accounts.demo import DEMO_PASSWORD, DemoAccount, demo_totp_key
from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Membership, User
from mlplatform.accounts.twofactor import DEVICE_NAME
from mlplatform.assessments.enums import AssessmentStatus
from mlplatform.assessments.models import Assessment, Campaign
from mlplatform.audits import services as audit_services
from mlplatform.audits.enums import AuditMode, AuditorKind, FindingKind, RequestStatus
from mlplatform.audits.models import Audit, AuditFinding, AuditorProfile, EvidenceRequest, RequestMessage
from mlplatform.core.french import de
from mlplatform.frameworks.models import Commitment, Framework, FrameworkVersion
from mlplatform.label import services as label_services
from mlplatform.label.dates import add_months, add_years
from mlplatform.label.enums import ArmlOpinion, Stage
from mlplatform.label.models import LabelFile, LabelTransition
from mlplatform.label.transitions import log_step, move
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure

from . import services
from .enums import Outcome, SessionStatus
from .models import CommissionSession, Decision

DEMO_TAG = "(démonstration)"
AUTHOR_EMAIL = "reprise.demo@demo.test"  # the self-assessment demo's account for imported history
NORMANDIE = "ARML-NOR"
BRETAGNE = "ARML-BRE-DEMO"
FRAMEWORK_OF_TYPE = {StructureType.ML: "ML", StructureType.ARML: "ARML-UNML", StructureType.UNML: "ARML-UNML"}


# The label's fictitious people: e-mail, first name, last name, job title, role (all in the UNML's
# pool; the commission members sign in with a second factor).
AUDITOR, MEMBER = Role.AUDITOR, Role.COMMISSION_MEMBER
ACCOUNTS = (
    ("auditeur.externe@demo.test", "Laurent", "Mercier", "Auditeur certifié (AFNOR)", AUDITOR),
    ("auditrice.reseau@demo.test", "Gwenaëlle", "Le Goff", "Auditrice du réseau (Bretagne)", AUDITOR),
    ("auditeur.reseau@demo.test", "Pascal", "Lefebvre", "Auditeur du réseau (Normandie)", AUDITOR),
    ("commission.etat@demo.test", "Annick", "Roussel", "Commission, collège de l'État", MEMBER),
    ("commission.employeurs@demo.test", "Olivier", "Marchand", "Commission, collège des employeurs", MEMBER),
)


def _demo_accounts():
    """The label's demo people in the ``DemoAccount`` form of the demo accounts."""
    return tuple(
        DemoAccount(email, first, last, title, ((role, "UNML"),), two_factor=role == MEMBER)
        for email, first, last, title, role in ACCOUNTS
    )


DAY = datetime.timedelta(days=1)


def _unit(*parts: str) -> float:
    digest = hashlib.sha256(":".join(("label", *parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


# --------------------------------------------------------------------------------------------
# People


@dataclass
class People:
    admin: User
    member: User  # commission@demo.test
    members: list[User]
    lead: User  # auditrice@demo.test, external and lead auditor
    external: User
    network_bre: User  # works in Bretagne: audits Normandie
    network_nor: User  # works in Normandie: audits the other regions
    referent: User  # ARML Normandie
    author: User

    def m(self, user: User) -> Membership:
        return user.active_membership()


def _ensure_accounts() -> dict[str, User]:
    """The demo auditors and commission members of the label (created once, never touched after)."""
    accounts = _demo_accounts()
    existing = User.objects.in_bulk([account.email for account in accounts], field_name="email")
    password = make_password(DEMO_PASSWORD) if len(existing) < len(accounts) else ""
    unml = Structure.objects.get(code="UNML")
    users = {}
    for account in accounts:
        names = {
            "first_name": account.first_name,
            "last_name": account.last_name,
            "job_title": account.job_title,
        }
        user = existing.get(account.email) or User.objects.create(
            email=account.email, password=password, **names
        )
        for role, _code in account.memberships:
            membership, _ = Membership.objects.get_or_create(user=user, structure=unml, role=role)
            if user.current_membership_id is None:
                user.current_membership = membership
                user.save(update_fields=["current_membership"])
        if account.two_factor and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(
                user=user, name=DEVICE_NAME, key=demo_totp_key(account.email), confirmed=True
            )
        users[account.email] = user
    return users


def _author() -> User:
    user = User.objects.filter(email=AUTHOR_EMAIL).first()
    if user is None:
        user = User.objects.create(
            email=AUTHOR_EMAIL,
            first_name="Reprise",
            last_name="des données de démonstration",
            job_title="Compte technique (démonstration)",
            password=make_password(None),
        )
    return user


def _people() -> People | None:
    emails = [
        "admin@demo.test",
        "commission@demo.test",
        "auditrice@demo.test",
        "referente.normandie@demo.test",
    ]
    known = User.objects.in_bulk(emails, field_name="email")
    if len(known) < len(emails):
        return None
    added = _ensure_accounts()
    home_bre = Structure.objects.filter(parent__code=BRETAGNE, type=StructureType.ML).order_by("code").first()
    home_nor = Structure.objects.filter(code="ML-14-LISIEUX").first()
    if home_bre is None or home_nor is None:
        return None
    profiles = (
        (known["auditrice@demo.test"], AuditorKind.EXTERNAL, None, True),
        (added["auditeur.externe@demo.test"], AuditorKind.EXTERNAL, None, False),
        (added["auditrice.reseau@demo.test"], AuditorKind.NETWORK, home_bre, False),
        (added["auditeur.reseau@demo.test"], AuditorKind.NETWORK, home_nor, False),
    )
    for user, kind, home, lead in profiles:
        certification = "Certification AFNOR d'auditeur·rice" if kind == AuditorKind.EXTERNAL else ""
        defaults = {"kind": kind, "home_structure": home, "is_lead": lead, "certification": certification}
        AuditorProfile.objects.get_or_create(user=user, defaults=defaults)
    member = known["commission@demo.test"]
    return People(
        admin=known["admin@demo.test"],
        member=member,
        members=[member, added["commission.etat@demo.test"], added["commission.employeurs@demo.test"]],
        lead=known["auditrice@demo.test"],
        external=added["auditeur.externe@demo.test"],
        network_bre=added["auditrice.reseau@demo.test"],
        network_nor=added["auditeur.reseau@demo.test"],
        referent=known["referente.normandie@demo.test"],
        author=_author(),
    )


# --------------------------------------------------------------------------------------------
# The setting: sessions, frameworks, assessments


@dataclass
class Setting:
    today: datetime.date
    people: People
    frameworks: dict[str, Framework]
    versions: dict[str, FrameworkVersion | None]
    sessions: dict[str, CommissionSession]
    past: dict[int, Assessment]  # last year's campaign, every structure submitted
    current: dict[int, Assessment]  # this year's, the submitted ones
    referents: dict[int, User]  # ARML id -> its demo label referent

    def framework(self, structure: Structure) -> Framework:
        return self.frameworks[FRAMEWORK_OF_TYPE[structure.type]]

    def version(self, structure: Structure) -> FrameworkVersion | None:
        return self.versions.get(FRAMEWORK_OF_TYPE[structure.type])


def _session_dates(today: datetime.date) -> dict[str, datetime.date]:
    return {
        # Labels granted three years ago and a few weeks: now expired.
        "first": add_years(today, -3) - datetime.timedelta(days=40),
        # Labels that end in a few weeks: time to renew.
        "second": add_years(today, -3) + datetime.timedelta(days=75),
        # Labels whose follow-up audit is due soon.
        "third": add_months(today, -18) + datetime.timedelta(days=45),
        "last": today - datetime.timedelta(days=150),
        "next": today + datetime.timedelta(days=20),
    }


def _sessions(today: datetime.date, people: People) -> dict[str, CommissionSession]:
    months = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre")
    months += ("novembre", "décembre")
    sessions = {}
    for key, day in _session_dates(today).items():
        session = CommissionSession.objects.create(
            title=f"Commission nationale de labellisation — {months[day.month - 1]} {day.year} {DEMO_TAG}",
            date=day,
            created_by=people.admin,
            created_at=_at(day - datetime.timedelta(days=60)),
        )
        session.members.set(people.members if key != "next" else people.members[:2])
        sessions[key] = session
    return sessions


def _close(session: CommissionSession, people: People) -> None:
    CommissionSession.objects.filter(pk=session.pk).update(
        status=SessionStatus.CLOSED, closed_at=_at(session.date, 17), closed_by=people.admin
    )


def _setting(today: datetime.date, people: People) -> Setting:
    frameworks = {f.code: f for f in Framework.objects.filter(code__in=["ML", "ARML-UNML"])}
    versions = {
        code: FrameworkVersion.objects.filter(framework__code=code).order_by("-version").first()
        for code in ("ML", "ARML-UNML")
    }
    campaigns = list(Campaign.objects.filter(name__endswith=DEMO_TAG).order_by("year"))
    past, current = {}, {}
    for campaign in campaigns:
        target = current if campaign.year == today.year else past
        for assessment in Assessment.objects.filter(campaign=campaign, status=AssessmentStatus.SUBMITTED):
            target[assessment.structure_id] = assessment
    referents = {
        m.structure_id: m.user
        for m in Membership.objects.filter(
            role=Role.ARML_REFERENT, user__email__endswith="@demo.test", is_active=True
        ).select_related("user")
    }
    return Setting(today, people, frameworks, versions, _sessions(today, people), past, current, referents)


# --------------------------------------------------------------------------------------------
# Showcase: the Normandie files, through the real state machine


def _backdate(file: LabelFile, days: list[datetime.date], **dates: object) -> None:
    """Put the file's log (in order) and dates back in time, once the steps were made today."""
    steps = list(LabelTransition.objects.filter(file=file).order_by("pk").values_list("pk", flat=True))
    assert len(steps) == len(days), (file.structure.code, len(steps), len(days))
    for index, (pk, day) in enumerate(zip(steps, days, strict=True)):
        LabelTransition.objects.filter(pk=pk).update(at=_at(day, 9 + index % 8))
    if dates:
        LabelFile.objects.filter(pk=file.pk).update(**dates)
    file.refresh_from_db()


def _enrol(s: Setting, code: str, on: datetime.date, by: User | None = None) -> LabelFile:
    structure = Structure.objects.get(code=code)
    return label_services.enrol(structure, s.people.m(by or s.people.referent), on=on)


def _retain(s: Setting, file: LabelFile, assessment: Assessment | None) -> LabelFile:
    return label_services.record_self_assessment(
        file, assessment, actor=s.people.author, actor_structure=file.structure
    )


def _request(s: Setting, file: LabelFile) -> LabelFile:
    # Imported history: the structure's own people have no demo account here.
    return move(
        file,
        Stage.AUDIT_REQUESTED,
        actor=s.people.author,
        actor_structure=file.structure,
        comment="Demande d'audit",
        audit_requested_on=s.today,
        readiness_statement=(
            "Auto-évaluation soumise et partagée en conseil d'administration ; plan d'amélioration suivi "
            "en comité de direction ; preuves rassemblées dans la bibliothèque."
        ),
    )


def _opinion(s: Setting, file: LabelFile, opinion: str = ArmlOpinion.FAVOURABLE) -> LabelFile:
    return label_services.give_arml_opinion(
        file,
        s.people.m(s.people.referent),
        opinion=opinion,
        text="La structure a mené sa démarche avec l'appui de l'ARML ; elle est prête pour l'audit.",
    )


def _schedule(s: Setting, file: LabelFile, starts: datetime.date, mode: str = AuditMode.ON_SITE) -> Audit:
    people = s.people
    audit = audit_services.schedule_audit(
        file,
        people.m(people.lead),
        external=people.lead if _unit("pair", file.structure.code) < 0.5 else people.external,
        network=people.network_bre,
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=1),
        mode=mode,
    )
    Audit.objects.filter(pk=audit.pk).update(
        location=f"Siège {de(file.structure)}" if mode == AuditMode.ON_SITE else "",
        people_met="Direction, référent·e qualité, deux conseiller·es, un·e administrateur·rice.",
        agenda="Jour 1 : ouverture, gouvernance, accueil et accompagnement.\n"
        "Jour 2 : partenariats, observatoire, démarche qualité ; restitution à chaud.",
    )
    audit.refresh_from_db()
    return audit


def _findings(audit: Audit, author: User, count: int = 6) -> None:
    version = audit.file.assessment.framework_version if audit.file.assessment_id else None
    commitments = (
        list(Commitment.objects.filter(version=version).order_by("position")[:count]) if version else []
    )
    kinds = (FindingKind.STRENGTH, FindingKind.IMPROVEMENT, FindingKind.STRENGTH, FindingKind.ALERT)
    texts = {
        FindingKind.STRENGTH: "Pratique formalisée, connue de l'équipe et évaluée chaque année.",
        FindingKind.IMPROVEMENT: "Formaliser le suivi des partenariats dans un tableau de bord partagé.",
        FindingKind.ALERT: "Procédure non écrite : elle repose sur une seule personne.",
    }
    AuditFinding.objects.bulk_create(
        AuditFinding(
            audit=audit,
            commitment=commitment,
            kind=kinds[index % len(kinds)],
            text=texts[kinds[index % len(kinds)]],
            author=author,
        )
        for index, commitment in enumerate(commitments)
    )


def _deliver(s: Setting, audit: Audit, opinion: str) -> Audit:
    Audit.objects.filter(pk=audit.pk).update(overall_opinion=opinion, plan_sent_at=timezone.now())
    audit.refresh_from_db()
    author = audit.external_auditor
    _findings(audit, author)
    return audit_services.deliver_report(audit, author.active_membership())


def _date_audit(
    audit: Audit, *, assigned: datetime.date, plan: datetime.date, delivered: datetime.date | None
) -> None:
    Audit.objects.filter(pk=audit.pk).update(
        assigned_at=_at(assigned),
        plan_sent_at=_at(plan),
        delivered_at=_at(delivered, 16) if delivered else None,
    )


def _decide(s: Setting, file: LabelFile, session: CommissionSession, outcome: str) -> LabelFile:
    people = s.people
    item = services.put_on_agenda(file, session, people.m(people.admin))
    labelled = outcome == Outcome.LABELLED
    services.record_decision(
        item,
        people.m(people.member),
        outcome=outcome,
        reasons=LABELLED_REASONS if labelled else DEFERRED_REASONS,
        conditions="" if labelled else DEFERRED_CONDITIONS,
    )
    file.refresh_from_db()
    return file


LABELLED_REASONS = (
    "Les engagements du référentiel sont mis en œuvre ; le rapport relève de nombreux points forts."
)
DEFERRED_REASONS = (
    "Plusieurs exigences essentielles ne sont pas encore mises en œuvre (gouvernance, observatoire)."
)
DEFERRED_CONDITIONS = (
    "Formaliser le projet associatif et l'observatoire du territoire ; présenter les preuves correspondantes "
    "lors d'une nouvelle demande d'audit."
)


def _respond(s: Setting, audit: Audit) -> None:
    """The structure's written response (its people have no demo account: imported history)."""
    Audit.objects.filter(pk=audit.pk).update(
        structure_response="Merci au binôme : les pistes de progrès sont inscrites au plan d'amélioration.",
        structure_response_at=timezone.now(),
    )
    file = audit.file
    log_step(file, actor=s.people.author, actor_structure=file.structure, comment="Réponse écrite au rapport")


def _evidence_request(audit: Audit, today: datetime.date) -> None:
    """A request left unanswered past its due date (the daily reminder tells the structure), one answered."""
    auditor, asked = audit.external_auditor, _at(today - DAY * 12)
    subject = "Comptes rendus des deux derniers conseils d'administration"
    request = EvidenceRequest.objects.create(
        audit=audit, subject=subject, due_on=today - DAY * 3, created_by=auditor, created_at=asked
    )
    text = f"Pouvez-vous déposer les {subject[0].lower()}{subject[1:]} ?"
    RequestMessage.objects.create(request=request, author=auditor, text=text, created_at=asked)
    EvidenceRequest.objects.create(
        audit=audit,
        subject="Tableau de suivi des partenariats",
        status=RequestStatus.ANSWERED,
        created_by=audit.network_auditor,
        created_at=_at(today - DAY * 15),
    )


def _prepared(s: Setting, code: str, enrolled: datetime.date) -> LabelFile:
    """Enrolled by its ARML referent, with last year's submitted self-assessment retained."""
    file = _enrol(s, code, enrolled)
    assessment = s.past.get(file.structure_id)
    return _retain(s, file, assessment) if assessment is not None else file


def _showcase(s: Setting) -> None:
    """The Normandie files the demo accounts work with; each step checked by the state machine."""
    today, people, sessions = s.today, s.people, s.sessions

    def d(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    # Labelled at the last session (with its certificate), and deferred at the same session.
    last = sessions["last"]
    decided = []
    for code, outcome in (("ML-14-BOCAGE-BESSIN", Outcome.LABELLED), ("ML-27-EVREUX", Outcome.DEFERRED)):
        file = _opinion(s, _request(s, _prepared(s, code, d(560))))
        audit = _schedule(s, file, d(200))
        labelled = outcome == Outcome.LABELLED
        _deliver(
            s,
            audit,
            "Démarche qualité solide et partagée par l'équipe ; pistes de progrès sur l'observatoire."
            if labelled
            else "Démarche engagée mais encore incomplète : gouvernance et observatoire à consolider.",
        )
        if labelled:
            _respond(s, audit)
        decided.append((_decide(s, file, last, outcome), audit, labelled))
    services.close_session(last, people.m(people.admin))
    _close(last, people)
    Decision.objects.filter(session=last).update(recorded_at=_at(last.date, 15))
    for file, audit, responded in decided:
        days = [d(560), d(300), d(240), d(232), d(225), d(190)] + ([d(185)] if responded else [])
        _backdate(
            file,
            [*days, d(170), last.date],
            self_assessed_on=d(300),
            audit_requested_on=d(240),
            arml_opinion_on=d(232),
        )
        _date_audit(audit, assigned=d(225), plan=d(215), delivered=d(190))
        if responded:
            Audit.objects.filter(pk=audit.pk).update(structure_response_at=_at(d(185)))

    # Audits under way: one to come (plan in preparation), one being carried out (evidence requested).
    for code, start in (("ML-76-LE-HAVRE", today + datetime.timedelta(days=12)), ("ML-50-SAINT-LO", d(1))):
        in_progress = code == "ML-50-SAINT-LO"
        file = _request(s, _prepared(s, code, d(400)))
        file = _opinion(s, file, ArmlOpinion.RESERVED if in_progress else ArmlOpinion.FAVOURABLE)
        audit = _schedule(s, file, start)
        _backdate(
            file,
            [d(400), d(300), d(70), d(62), d(40)],
            self_assessed_on=d(300),
            audit_requested_on=d(70),
            arml_opinion_on=d(62),
        )
        _date_audit(audit, assigned=d(40), plan=d(20), delivered=None)
        if in_progress:
            _evidence_request(audit, today)
            _findings(audit, audit.network_auditor, count=3)
        else:
            Audit.objects.filter(pk=audit.pk).update(plan_sent_at=None)

    # A report delivered, waiting for a session; a file on the agenda of the coming session.
    for code, on_agenda in (("ML-27-VERNON", False), ("ML-76-DIEPPE", True)):
        file = _opinion(s, _request(s, _prepared(s, code, d(480))))
        audit = _schedule(s, file, d(45))
        _deliver(s, audit, "Démarche aboutie ; les preuves sont nombreuses et bien tenues.")
        days = [d(480), d(300), d(110), d(100), d(70), d(30)]
        if on_agenda:
            services.put_on_agenda(file, sessions["next"], people.m(people.admin))
            days.append(d(10))
        _backdate(file, days, self_assessed_on=d(300), audit_requested_on=d(110), arml_opinion_on=d(100))
        _date_audit(audit, assigned=d(70), plan=d(60), delivered=d(30))

    # A request waiting for the ARML's opinion; another one waiting for the lead auditor.
    file = _request(s, _prepared(s, "ML-14-LISIEUX", d(330)))
    _backdate(file, [d(330), d(300), d(6)], self_assessed_on=d(300), audit_requested_on=d(6))
    file = _opinion(s, _request(s, _prepared(s, "ML-50-COTENTIN", d(350))))
    _backdate(
        file,
        [d(350), d(300), d(20), d(12)],
        self_assessed_on=d(300),
        audit_requested_on=d(20),
        arml_opinion_on=d(12),
    )

    # The demo accounts' own Missions Locales, early in the cycle: Rouen has submitted this year's
    # self-assessment and may ask for its audit; Caen and Alençon are answering theirs.
    for code, email, enrolled in (
        ("ML-76-ROUEN", "directrice.rouen@demo.test", 200),
        ("ML-14-CAEN", "directeur.caen@demo.test", 90),
        ("ML-61-ALENCON", "double.role@demo.test", 45),
    ):
        structure = Structure.objects.get(code=code)
        membership = Membership.objects.filter(user__email=email, structure=structure, is_active=True).first()
        file = label_services.enrol(structure, membership or people.m(people.referent), on=d(enrolled))
        assessment = s.current.get(structure.pk)
        if assessment is not None:
            file = label_services.record_self_assessment(
                file,
                assessment,
                actor=membership.user if membership else people.author,
                actor_structure=structure,
            )
            _backdate(file, [d(enrolled), d(3)], self_assessed_on=max(d(3), d(enrolled)))
        else:
            _backdate(file, [d(enrolled)])


# --------------------------------------------------------------------------------------------
# The rest of the network: a plausible history written in bulk


# --------------------------------------------------------------------------------------------
# Entry point


def load_demo(today: datetime.date | None = None) -> str:
    """Load the demo label cycle once; a French summary either way."""
    today = today or timezone.localdate()
    if not Framework.objects.filter(code="ML").exists():
        return "Labellisation de démonstration : aucun référentiel chargé, rien à faire."
    people = _people()
    if people is None:
        return "Labellisation de démonstration : réseau ou comptes de démonstration absents, rien à faire."
    if CommissionSession.objects.filter(title__endswith=DEMO_TAG).exists():
        return "Labellisation de démonstration : déjà chargée."
    with transaction.atomic():
        s = _setting(today, people)
        _showcase(s)
        for key in ("first", "second", "third"):
            _close(s.sessions[key], people)
        from .demo_history import bulk_history  # imports this module's helpers

        counts = bulk_history(s)
    files = LabelFile.objects.count()
    labelled = (
        LabelFile.objects.filter(valid_from__lte=today, valid_until__gte=today)
        .exclude(stage__in=[Stage.EXPIRED, Stage.WITHDRAWN])
        .count()
    )
    accounts = ", ".join(account.email for account in _demo_accounts())
    return (
        f"Labellisation de démonstration : {files} dossiers ({labelled} structures labellisées, "
        f"{counts.get(Stage.ENROLLED, 0)} simplement engagées, {counts.get(Stage.DEFERRED, 0)} ajournées), "
        "5 séances de la commission (4 closes, 1 à venir), audits en cours en Normandie ; "
        "Mission Locale du Bocage au Bessin labellisée (certificat), Pays Évreux-Eure Sud ajournée.\n"
        "Comptes de la labellisation (même mot de passe ; auditrice@demo.test est l'auditrice référente) : "
        f"{accounts}. Double authentification des membres de la commission : code du moment avec "
        "« manage.py demo_code commission.etat@demo.test »."
    )
