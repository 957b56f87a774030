"""Demo label cycle, the bulk part: the history of every other structure's file, written at once.

Each structure outside the showcase gets a story (a stage drawn from a hash of its code) whose
steps follow the state machine of ``label.transitions`` with plausible past dates; the files,
audits, decisions and transition logs are then inserted in bulk. See ``commission.demo``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings

from mlplatform.accounts.models import User
from mlplatform.assessments.models import Assessment
from mlplatform.audits import services as audit_services
from mlplatform.audits.enums import AuditKind, AuditMode, AuditStatus
from mlplatform.audits.models import Audit
from mlplatform.core.french import de
from mlplatform.label.dates import add_months, add_years
from mlplatform.label.enums import ArmlOpinion, Stage
from mlplatform.label.models import LabelFile, LabelTransition
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure

from .demo import (
    DAY,
    DEFERRED_CONDITIONS,
    DEFERRED_REASONS,
    FRAMEWORK_OF_TYPE,
    LABELLED_REASONS,
    NORMANDIE,
    Setting,
    _at,
    _unit,
)
from .enums import Outcome
from .models import AgendaItem, Decision

# Normandie Missions Locales given a set story (the others draw theirs from their code).
FORCED = dict(
    zip(
        ("ML-61-FLERS", "ML-50-GRANVILLE", "ML-14-BAIE-DE-SEINE", "ML-27-LOUVIERS", "ML-61-L-AIGLE"),
        ("ending", "follow_up", "renewal", "withdrawn", "expired"),
        strict=True,
    )
)
# The stories, with the cumulative share of the network drawing each one.
STORIES = "none enrolled self_assessed requested deferred expired withdrawn renewal ending follow_up labelled"
SHARES = (0.10, 0.30, 0.44, 0.50, 0.53, 0.56, 0.57, 0.60, 0.68, 0.82, 1.01)
PROFILES = tuple(zip(SHARES, STORIES.split(), strict=True))
# The session of the decision each story leads to.
DECIDED_AT = {"deferred": "last", "labelled": "last", "follow_up": "third", "expired": "first"}
DECIDED_AT |= {"ending": "second", "renewal": "second", "withdrawn": "second"}
READINESS = (
    "Auto-évaluation partagée avec l'équipe et le conseil d'administration ; plan d'amélioration suivi ; "
    "preuves rassemblées."
)


def _profile(code: str) -> str:
    if code in FORCED:
        return FORCED[code]
    draw = _unit("stage", code)
    return next(name for limit, name in PROFILES if draw < limit)


@dataclass
class Story:
    """Everything written for one structure's file, before the rows get their keys."""

    structure: Structure
    file: LabelFile
    steps: list[dict]
    audits: list[Audit]
    decisions: list[tuple[str, Decision]]  # (session key, decision)


class Writer:
    def __init__(self, s: Setting) -> None:
        self.s = s
        self.unml = Structure.objects.get(code="UNML")
        self.normandie = Structure.objects.filter(code=NORMANDIE).values_list("pk", flat=True).first()

    def step(self, story: Story, to: str, day: datetime.date, actor, actor_structure, comment: str, frm=None):
        previous = story.steps[-1]["to_stage"] if story.steps else ""
        story.steps.append(
            {
                "from_stage": previous if frm is None else frm,
                "to_stage": to,
                "actor": actor,
                "actor_structure": actor_structure,
                "at": _at(day, 9 + len(story.steps) % 8),
                "comment": comment,
            }
        )

    def pair(self, structure: Structure) -> tuple[User, User]:
        p = self.s.people
        external = p.lead if _unit("pair", structure.code) < 0.5 else p.external
        network = p.network_bre if audit_services.region_of(structure) == self.normandie else p.network_nor
        return external, network

    def story(self, structure: Structure, profile: str) -> Story | None:
        s, p, today = self.s, self.s.people, self.s.today
        draw = _unit("dates", structure.code)
        session_key = DECIDED_AT.get(profile)
        decided_on = s.sessions[session_key].date if session_key else None
        if profile in ("enrolled", "self_assessed", "requested"):
            enrolled = today - datetime.timedelta(
                days=int(330 + draw * 260) if profile != "enrolled" else int(20 + draw * 400)
            )
        else:
            enrolled = decided_on - datetime.timedelta(days=int(420 + draw * 200))
        assessment = s.past.get(structure.pk)
        if profile in ("self_assessed", "requested") and assessment is None:
            profile = "enrolled"
        file = LabelFile(
            structure=structure, framework=s.framework(structure), stage=Stage.ENROLLED, enrolled_on=enrolled
        )
        story = Story(structure, file, [], [], [])
        self.step(story, Stage.ENROLLED, enrolled, p.author, structure, "Engagement dans la démarche")
        if profile == "enrolled":
            return story
        if profile in ("self_assessed", "requested"):
            self.self_assessed(story, assessment, today - datetime.timedelta(days=300))
            if profile == "requested":
                requested = today - datetime.timedelta(days=int(8 + draw * 50))
                self.requested(story, requested, opinion=_unit("opinion", structure.code) < 0.6)
            return story
        self.decided(story, profile, decided_on)
        return story

    def self_assessed(self, story: Story, assessment: Assessment | None, day: datetime.date) -> None:
        file = story.file
        file.assessment = assessment
        file.self_assessed_on = day
        file.stage = Stage.SELF_ASSESSED
        comment = (
            f"Auto-évaluation soumise : {assessment.campaign.name}"
            if assessment
            else "Auto-évaluation soumise (reprise de l'outil précédent)"
        )
        self.step(story, Stage.SELF_ASSESSED, day, self.s.people.author, story.structure, comment)

    def requested(self, story: Story, day: datetime.date, *, opinion: bool, renewal: bool = False) -> None:
        s, file, structure = self.s, story.file, story.structure
        file.stage = Stage.AUDIT_REQUESTED
        file.audit_requested_on = day
        file.readiness_statement = READINESS
        file.arml_opinion = file.arml_opinion_text = ""
        file.arml_opinion_on = file.arml_opinion_by = None
        comment = "Demande de renouvellement" if renewal else "Demande d'audit"
        self.step(story, Stage.AUDIT_REQUESTED, day, s.people.author, structure, comment)
        if opinion and structure.type == StructureType.ML:
            referent = s.referents.get(structure.parent_id)
            choice = (
                ArmlOpinion.RESERVED if _unit("reserved", structure.code) < 0.2 else ArmlOpinion.FAVOURABLE
            )
            text = "La structure a conduit sa démarche avec sérieux ; l'ARML l'a accompagnée."
            on = min(day + datetime.timedelta(days=6), s.today)
            file.arml_opinion, file.arml_opinion_text, file.arml_opinion_on = choice, text, on
            file.arml_opinion_by = referent
            self.step(
                story,
                Stage.AUDIT_REQUESTED,
                on,
                referent or s.people.author,
                structure.parent,
                f"Avis de l'ARML : {ArmlOpinion(choice).label}. {text}",
                frm=Stage.AUDIT_REQUESTED,
            )

    def audit(self, story: Story, kind: str, starts: datetime.date, delivered: datetime.date) -> Audit:
        p = self.s.people
        external, network = self.pair(story.structure)
        remote = kind == AuditKind.FOLLOW_UP
        audit = Audit(
            kind=kind,
            status=AuditStatus.DELIVERED,
            external_auditor=external,
            network_auditor=network,
            assigned_by=p.lead,
            assigned_at=_at(starts - datetime.timedelta(days=30)),
            starts_on=starts,
            ends_on=starts if remote else starts + datetime.timedelta(days=1),
            mode=AuditMode.REMOTE if remote else AuditMode.ON_SITE,
            location="" if remote else f"Siège {de(story.structure)}",
            people_met="Direction, référent·e qualité, conseiller·es, administrateur·rices.",
            agenda="Revue documentaire puis visioconférence." if remote else "Deux jours sur site.",
            plan_sent_at=_at(starts - datetime.timedelta(days=15)),
            overall_opinion="Démarche qualité conforme au référentiel ; pistes de progrès notées au rapport.",
            delivered_at=_at(delivered, 16),
            delivered_by=external,
        )
        story.audits.append(audit)
        label = AuditKind(kind).label
        self.step(
            story,
            story.file.stage if remote else Stage.AUDIT_SCHEDULED,
            starts - datetime.timedelta(days=30),
            p.lead,
            p.lead.active_membership().structure,
            f"{label} du {audit.starts_on:%d/%m/%Y} au {audit.ends_on:%d/%m/%Y} : {external} et {network}",
            frm=story.file.stage if remote else None,
        )
        self.step(
            story,
            story.file.stage if remote else Stage.AUDITED,
            delivered,
            external,
            self.unml,
            "Rapport de suivi remis" if remote else "Rapport d'audit remis",
            frm=story.file.stage if remote else None,
        )
        return audit

    def decided(self, story: Story, profile: str, day: datetime.date) -> None:
        s, p, file, structure = self.s, self.s.people, story.file, story.structure
        assessment = s.past.get(structure.pk) if profile in ("labelled", "deferred") else None
        self.self_assessed(story, assessment, day - datetime.timedelta(days=300))
        self.requested(story, day - datetime.timedelta(days=120), opinion=True)
        self.audit(story, AuditKind.INITIAL, day - DAY * 60, day - DAY * 45)
        session_key = DECIDED_AT[profile]
        self.step(story, Stage.ON_AGENDA, day - DAY * 20, p.admin, self.unml, str(s.sessions[session_key]))
        labelled = profile != "deferred"
        outcome = Outcome.LABELLED if labelled else Outcome.DEFERRED
        valid_until = add_years(day, settings.LABEL_VALIDITY_YEARS) if labelled else None
        decision = Decision(
            outcome=outcome,
            reasons=LABELLED_REASONS if labelled else DEFERRED_REASONS,
            conditions="" if labelled else DEFERRED_CONDITIONS,
            valid_from=day if labelled else None,
            valid_until=valid_until,
            framework_version=assessment.framework_version if assessment else s.version(structure),
            recorded_by=p.member,
            recorded_at=_at(day, 15),
            is_final=True,
        )
        story.decisions.append((session_key, decision))
        self.step(story, outcome, day, p.member, None, f"{Outcome(outcome).label} : {decision.reasons}")
        file.stage = Stage(outcome)
        if not labelled:
            return
        file.valid_from, file.valid_until = day, valid_until
        follow_up = add_months(day, settings.LABEL_FOLLOW_UP_MONTHS)
        if follow_up <= s.today and profile != "withdrawn":
            self.audit(story, AuditKind.FOLLOW_UP, follow_up - DAY * 20, follow_up - DAY * 10)
            file.follow_up_due_on = None
        else:
            file.follow_up_due_on = follow_up if follow_up < valid_until else None
        if profile == "expired":
            file.stage = Stage.EXPIRED
            ended = f"Label arrivé à échéance le {valid_until:%d/%m/%Y} sans renouvellement"
            self.step(story, Stage.EXPIRED, valid_until + DAY, None, None, ended)
        elif profile == "withdrawn":
            third = s.sessions["third"].date
            withdrawal = Decision(
                outcome=Outcome.WITHDRAWN,
                reasons="Les engagements pris lors de la labellisation ne sont plus tenus (gouvernance).",
                recorded_by=p.member,
                recorded_at=_at(third, 15),
                is_final=True,
            )
            story.decisions.append(("third", withdrawal))
            file.stage, file.follow_up_due_on = Stage.WITHDRAWN, None
            self.step(
                story, Stage.WITHDRAWN, third, p.member, self.unml, f"Retrait du label : {withdrawal.reasons}"
            )
        elif profile == "renewal":
            assessment = s.current.get(structure.pk) or s.past.get(structure.pk)
            if assessment is not None:
                file.assessment = assessment
            self.requested(story, s.today - datetime.timedelta(days=30), opinion=False, renewal=True)

    def write(self, stories: list[Story]) -> None:
        """Insert every row in bulk, in the order their keys are needed."""
        LabelFile.objects.bulk_create([story.file for story in stories])
        audits = []
        for story in stories:
            for audit in story.audits:
                audit.file = story.file
                audits.append(audit)
        Audit.objects.bulk_create(audits)
        positions: dict[int, int] = {}
        items, firsts, seconds = [], [], []
        for story in stories:
            initial = next((a for a in story.audits if a.kind == AuditKind.INITIAL), None)
            for index, (key, decision) in enumerate(story.decisions):
                session = self.s.sessions[key]
                decision.file, decision.session = story.file, session
                if index == 0:
                    positions[session.pk] = positions.get(session.pk, session.agenda.count()) + 1
                    item = AgendaItem(
                        session=session, file=story.file, audit=initial, position=positions[session.pk]
                    )
                    items.append(item)
                    decision.agenda_item = item
                    firsts.append(decision)
                else:
                    seconds.append(decision)
        AgendaItem.objects.bulk_create(items)
        for decision in firsts:
            decision.agenda_item = decision.agenda_item  # the item now has its key
        Decision.objects.bulk_create(firsts)
        for decision in seconds:
            decision.supersedes = next(d for d in firsts if d.file is decision.file)
        Decision.objects.bulk_create(seconds)
        LabelTransition.objects.bulk_create(
            LabelTransition(file=story.file, **step) for story in stories for step in story.steps
        )


def bulk_history(s: Setting) -> dict[str, int]:
    structures = list(
        Structure.objects.open().filter(label_file__isnull=True).select_related("parent").order_by("code")
    )
    writer = Writer(s)
    stories, counts = [], {}
    for structure in structures:
        profile = _profile(structure.code)
        if profile == "none" or FRAMEWORK_OF_TYPE[structure.type] not in s.frameworks:
            continue
        story = writer.story(structure, profile)
        stories.append(story)
        counts[story.file.stage] = counts.get(story.file.stage, 0) + 1
    writer.write(stories)
    return counts
