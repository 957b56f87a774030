"""Access cases and pages to audit for the label cycle (see tests/test_access_matrix.py).

One block per part of the label cycle; kwargs builders come from tests/label/factories.py.
"""

from __future__ import annotations

from .base import Case

CASES: dict[str, Case] = {}
PAGES: list = []

# --- FILES ---
from mlplatform.accounts.enums import Role  # noqa: E402

from .base import STRUCTURE_READERS, everyone, only  # noqa: E402


def label_file_kwargs(world, structure_attr: str = "ml", stage: str = "ENROLLED") -> dict:
    """The label file of a structure of the world, brought to ``stage`` (ENROLLED to AUDIT_REQUESTED)."""
    from django.utils import timezone

    from mlplatform.accounts.models import Membership
    from mlplatform.assessments.models import Assessment
    from mlplatform.label import services
    from mlplatform.label.models import LabelFile

    from ..factories import make_user
    from .assessments import _assessment

    structure = getattr(world, structure_attr)
    assessment = _assessment(world, structure_attr)  # opens a campaign: the ML framework is loaded
    admin = world.user(Role.NATIONAL_ADMIN).active_membership()
    file = LabelFile.objects.filter(structure=structure).first() or services.enrol(structure, admin)
    if stage != "ENROLLED" and file.stage == "ENROLLED":
        Assessment.objects.filter(pk=assessment.pk).update(status="SUBMITTED", submitted_at=timezone.now())
        assessment.refresh_from_db()
        file = services.record_self_assessment(
            file, assessment, actor=admin.user, actor_structure=admin.structure
        )
    if stage == "AUDIT_REQUESTED" and file.stage == "SELF_ASSESSED":
        leads = Membership.objects.filter(structure=structure, role__in=[Role.ML_DIRECTOR, Role.ML_QUALITY])
        lead = leads.first() or make_user(f"dir.{structure.code}@test.example", Role.ML_DIRECTOR, structure)
        lead = lead if isinstance(lead, Membership) else lead.active_membership()
        services.request_audit(file, lead, statement="Nous sommes prêts.")
    return {"code": structure.code}


def labelled_file_kwargs(world) -> dict:
    from ..label.factories import advance, build_label_world

    advance(build_label_world(world), "LABELLED")
    return {"code": world.ml.code}


def _file_outsiders(builder) -> list:
    return [
        ("OTHER_ARML_REFERENT", builder),
        ("OTHER_ML_DIRECTOR", builder),
        (Role.ML_DIRECTOR, lambda w: builder(w, "ml2")),
        (Role.ARML_REFERENT, lambda w: builder(w, "other_ml")),
    ]


def _no_file(world, structure_attr: str = "ml") -> dict:
    from .assessments import _assessment

    _assessment(world, structure_attr)  # the ML framework a new file refers to
    return {"code": getattr(world, structure_attr).code}


def _requested(world, structure_attr: str = "ml") -> dict:
    return label_file_kwargs(world, structure_attr, "AUDIT_REQUESTED")


def _self_assessed(world, structure_attr: str = "ml") -> dict:
    return label_file_kwargs(world, structure_attr, "SELF_ASSESSED")


_ENROLLERS = {Role.NATIONAL_ADMIN: 302, Role.ARML_REFERENT: 302, Role.ML_DIRECTOR: 302, Role.ML_QUALITY: 302}
_READ_ONLY = {Role.ARML_STAFF: 403, Role.ML_STAFF: 403}
_REGION_READERS = {Role.NATIONAL_ADMIN: 200, Role.ARML_REFERENT: 200, Role.ARML_STAFF: 200}

CASES.update(
    {
        # Structural roles are sent to their page; the others get a landing page.
        "label:home": Case(
            only(
                {
                    Role.NATIONAL_ADMIN: 302,
                    Role.ARML_REFERENT: 302,
                    Role.ARML_STAFF: 302,
                    Role.ML_DIRECTOR: 302,
                    Role.ML_QUALITY: 302,
                    Role.ML_STAFF: 302,
                },
                200,
            )
        ),
        "label:public": Case(everyone(200), anonymous=200),
        "label:dashboard": Case(only({Role.NATIONAL_ADMIN: 200}, 403)),
        "label:region": Case(
            only(_REGION_READERS, 404),
            kwargs=lambda w: {"code": w.arml.code},
            outsiders=[
                ("OTHER_ARML_REFERENT", lambda w: {"code": w.arml.code}),
                (Role.ARML_REFERENT, lambda w: {"code": w.other_arml.code}),
                (Role.ML_DIRECTOR, lambda w: {"code": w.arml.code}),
            ],
        ),
        "label:file": Case(
            only(STRUCTURE_READERS, 404),
            kwargs=label_file_kwargs,
            outsiders=_file_outsiders(label_file_kwargs),
        ),
        "label:enrol": Case(
            only({**_ENROLLERS, **_READ_ONLY}, 404),
            method="post",
            kwargs=_no_file,
            outsiders=_file_outsiders(_no_file),
        ),
        # An empty form: shown again with its errors to who may act.
        "label:record_assessment": Case(
            only({**dict.fromkeys(_ENROLLERS, 200), **_READ_ONLY}, 404),
            method="post",
            kwargs=label_file_kwargs,
            outsiders=_file_outsiders(label_file_kwargs),
        ),
        "label:request_audit": Case(
            only(
                {
                    Role.ML_DIRECTOR: 200,
                    Role.ML_QUALITY: 200,
                    Role.NATIONAL_ADMIN: 403,
                    Role.ARML_REFERENT: 403,
                    **_READ_ONLY,
                },
                404,
            ),
            method="post",
            kwargs=_self_assessed,
            outsiders=_file_outsiders(_self_assessed),
        ),
        "label:arml_opinion": Case(
            only(
                {
                    Role.ARML_REFERENT: 200,
                    Role.NATIONAL_ADMIN: 403,
                    Role.ML_DIRECTOR: 403,
                    Role.ML_QUALITY: 403,
                    **_READ_ONLY,
                },
                404,
            ),
            method="post",
            kwargs=_requested,
            outsiders=_file_outsiders(_requested),
        ),
    }
)
PAGES += [
    (Role.NATIONAL_ADMIN, "label:dashboard", {}),
    (Role.ARML_REFERENT, "label:region", {"code": "ARML-A"}),
    (Role.ML_DIRECTOR, "label:file", _no_file),
    (Role.ML_QUALITY, "label:file", _self_assessed),
    (Role.ARML_REFERENT, "label:file", _requested),
    (Role.ML_DIRECTOR, "label:file", labelled_file_kwargs),
    (Role.ARML_STAFF, "label:file", label_file_kwargs),
    (Role.AUDITOR, "label:home", {}),
    (None, "label:public", {}),
]
# --- END FILES ---

# --- AUDITS ---
# Audits: the lead auditor (the world's AUDITOR user) and the national admin assign and cancel; the
# pair works on its audits only (another auditor gets 404); the structure's perimeter reads the
# audit (plan once sent, report once delivered); the structure's people answer the requests and
# its direction or quality referent answers the report. Commission members read delivered audits of
# their agenda only: none here (404).


def audit_label_world(world):
    """The auditors' pool around the world, built once per test (the world's AUDITOR is the lead).

    test_every_object_url_has_outsiders runs every builder of every block on one world: a pool
    already built there by another block is found again rather than built twice."""
    from mlplatform.accounts.models import User
    from mlplatform.audits.models import AuditorProfile

    from ..label.factories import LabelWorld, build_label_world

    if getattr(world, "_audit_label_world", None) is None:
        if AuditorProfile.objects.filter(user=world.user(Role.AUDITOR)).exists():
            emails = ["externe@test.example", "reseau@test.example", "reseau.a@test.example"]
            external, network, same = (User.objects.get(email=email) for email in emails)
            other_member = User.objects.get(email="autre.membre@test.example")
            world._audit_label_world = LabelWorld(
                world,
                world.user(Role.AUDITOR),
                external,
                network,
                same,
                world.user(Role.COMMISSION_MEMBER),
                other_member,
            )
        else:
            world._audit_label_world = build_label_world(world)
    return world._audit_label_world


def audit_file(world, structure_attr: str = "ml", stage: str = "AUDIT_REQUESTED"):
    """The label file of a structure of the world brought to ``stage`` (once per test)."""
    from mlplatform.label.models import LabelFile

    from ..label.factories import advance

    files = world.__dict__.setdefault("_audit_files", {})
    if structure_attr not in files:
        existing = LabelFile.objects.filter(structure=getattr(world, structure_attr)).first()
        if existing is None:
            files[structure_attr] = advance(audit_label_world(world), stage, structure_attr)
        else:
            # Only when builders of other blocks ran first on the same world (see audit_label_world):
            # there only the kwargs matter, so the file is put at the stage directly.
            opinion = {"arml_opinion": "FAVOURABLE"} if existing.structure.is_ml else {}
            LabelFile.objects.filter(pk=existing.pk).update(stage=stage, **opinion)
            existing.refresh_from_db()
            files[structure_attr] = existing
    return files[structure_attr]


def audit_of(
    world, structure_attr: str = "ml", *, lead_in_pair: bool = True, sent: bool = False, delivered=False
):
    """An audit of a structure of the world. With ``lead_in_pair`` the world's AUDITOR user (the lead)
    is its external auditor; otherwise the pair is two other auditors of the pool."""
    import datetime

    from django.utils import timezone

    from mlplatform.audits import services as audit_services
    from mlplatform.audits import work as audit_work
    from mlplatform.audits.enums import AuditMode, FindingKind
    from mlplatform.audits.models import Audit

    from ..label.factories import membership

    lw = audit_label_world(world)
    audits = world.__dict__.setdefault("_audits", {})
    key = (structure_attr, lead_in_pair)
    if key not in audits:
        today = timezone.localdate()
        audits[key] = audit_services.schedule_audit(
            audit_file(world, structure_attr),
            membership(lw.lead),
            external=lw.lead if lead_in_pair else lw.external,
            network=lw.network,
            # Held the last two days: its report may be delivered (from the audit's last day on).
            starts_on=today - datetime.timedelta(days=2),
            ends_on=today - datetime.timedelta(days=1),
            mode=AuditMode.ON_SITE,
        )
    audit = Audit.objects.get(pk=audits[key].pk)
    auditor = membership(audit.external_auditor)
    if (sent or delivered) and audit.plan_sent_at is None and not audit.is_delivered:
        plan = {"location": "Siège, salle du conseil", "people_met": "Direction\nRéférente qualité"}
        audit_work.save_plan(audit, auditor, expected_version=audit.version, agenda="9 h : ouverture", **plan)
        audit_work.send_plan(audit, auditor, expected_version=audit.version)
    if delivered and not audit.is_delivered:
        evidence_request_of(world, structure_attr, lead_in_pair)  # a thread, written before the lock
        commitment = audit_work.audit_commitments(audit).first()
        audit_work.add_finding(
            audit, auditor, commitment=commitment, kind=FindingKind.STRENGTH, text="Solide."
        )
        audit_work.save_opinion(audit, auditor, text="Démarche engagée.", expected_version=audit.version)
        audit_work.deliver(audit, auditor)
    return audit


def _audit_kwargs(world, structure_attr: str = "ml", lead_in_pair: bool = True, **state) -> dict:
    return {"pk": audit_of(world, structure_attr, lead_in_pair=lead_in_pair, **state).pk}


def _sent_kwargs(world, structure_attr: str = "ml", lead_in_pair: bool = True) -> dict:
    return _audit_kwargs(world, structure_attr, lead_in_pair, sent=True)


def _delivered_kwargs(world, structure_attr: str = "ml", lead_in_pair: bool = True) -> dict:
    return _audit_kwargs(world, structure_attr, lead_in_pair, delivered=True)


def _finding_kwargs(world, structure_attr: str = "ml", lead_in_pair: bool = True) -> dict:
    from mlplatform.audits import work as audit_work
    from mlplatform.audits.enums import FindingKind

    from ..label.factories import membership

    audit = audit_of(world, structure_attr, lead_in_pair=lead_in_pair)
    commitment = audit_work.audit_commitments(audit).first()
    finding = audit.findings.first() or audit_work.add_finding(
        audit,
        membership(audit.external_auditor),
        commitment=commitment,
        kind=FindingKind.ALERT,
        text="À revoir.",
    )
    return {"pk": audit.pk, "finding_pk": finding.pk}


def evidence_request_of(world, structure_attr: str = "ml", lead_in_pair: bool = True):
    """A request of the pair with a file, answered by the structure with a file."""
    from mlplatform.audits import requests
    from mlplatform.audits.models import EvidenceRequest

    from ..evidence.samples import pdf, upload
    from ..factories import make_user
    from ..label.factories import membership

    audit = audit_of(world, structure_attr, lead_in_pair=lead_in_pair)
    existing = EvidenceRequest.objects.filter(audit=audit).first()
    if existing is not None:
        return existing
    evidence_request = requests.open_request(
        audit,
        membership(audit.external_auditor),
        subject="Comptes rendus du conseil d'administration",
        text="Merci de déposer les trois derniers comptes rendus.",
        files=[upload("grille.pdf", pdf("Grille"))],
    )
    structure = getattr(world, structure_attr)
    staff = world.user(Role.ML_STAFF) if structure_attr == "ml" else None
    staff = staff or make_user(f"equipe.{structure.code}@test.example", Role.ML_STAFF, structure)
    requests.post_message(
        evidence_request, membership(staff), text="Les voici.", files=[upload("ca-2025.pdf", pdf("CA 2025"))]
    )
    return evidence_request


def _request_kwargs(world, structure_attr: str = "ml", lead_in_pair: bool = True) -> dict:
    evidence_request = evidence_request_of(world, structure_attr, lead_in_pair)
    return {"pk": evidence_request.audit_id, "request_pk": evidence_request.pk}


def _attachment_kwargs(world, structure_attr: str = "ml", lead_in_pair: bool = True) -> dict:
    from mlplatform.audits.models import RequestAttachment

    kwargs = _request_kwargs(world, structure_attr, lead_in_pair)
    attachment = RequestAttachment.objects.filter(message__request_id=kwargs["request_pk"]).first()
    return {**kwargs, "attachment_pk": attachment.pk}


def _assign_kwargs(world) -> dict:
    return {"file_pk": audit_file(world).pk}


def _not_waiting_kwargs(world) -> dict:
    """A file that waits for no audit (enrolled): outside what the lead auditor assigns."""
    return {"file_pk": audit_file(world, "ml2", "ENROLLED").pk}


def _pool_kwargs(world) -> dict:
    from mlplatform.audits.models import AuditorProfile

    return {"pk": AuditorProfile.objects.get(user=audit_label_world(world).external).pk}


def _assigners(world) -> dict:
    audit_label_world(world)
    return {}


def _audits_outsiders(builder, *, other_auditor: bool = True) -> list:
    """People of another perimeter, an ML reaching another ML's audit, and (``other_auditor``) the lead
    auditor reaching an audit whose pair they are not in."""
    outsiders = [
        ("OTHER_ARML_REFERENT", lambda w: builder(w, "ml")),
        ("OTHER_ML_DIRECTOR", lambda w: builder(w, "ml")),
        (Role.ML_DIRECTOR, lambda w: builder(w, "ml2")),
        (Role.ML_STAFF, lambda w: builder(w, "ml2")),
    ]
    if other_auditor:
        outsiders.append((Role.AUDITOR, lambda w: builder(w, "ml2", lead_in_pair=False)))
    return outsiders


_AUDIT_READERS = only(
    {
        Role.NATIONAL_ADMIN: 200,
        Role.ARML_REFERENT: 200,
        Role.ARML_STAFF: 200,
        Role.ML_DIRECTOR: 200,
        Role.ML_QUALITY: 200,
        Role.ML_STAFF: 200,
        Role.AUDITOR: 200,
    },
    404,
)
_PERIMETER_403 = dict.fromkeys(
    [
        Role.NATIONAL_ADMIN,
        Role.ARML_REFERENT,
        Role.ARML_STAFF,
        Role.ML_DIRECTOR,
        Role.ML_QUALITY,
        Role.ML_STAFF,
    ],
    403,
)


def _pair_only(status: int) -> dict:
    return only({**_PERIMETER_403, Role.AUDITOR: status}, 404)


def _audit_case(expected, builder=_audit_kwargs, method: str = "get", **options) -> Case:
    return Case(expected, method=method, kwargs=builder, outsiders=_audits_outsiders(builder, **options))


_ASSIGNERS_200 = only({Role.NATIONAL_ADMIN: 200, Role.AUDITOR: 200}, 403)

CASES.update(
    {
        "label:audit_list": Case(only({Role.COMMISSION_MEMBER: 403, "NO_ROLE": 403}, 200)),
        "label:audit_queue": Case(_ASSIGNERS_200, kwargs=_assigners),
        "label:audit_pool": Case(_ASSIGNERS_200, kwargs=_assigners),
        "label:audit_pool_add": Case(_ASSIGNERS_200, kwargs=_assigners),
        # The national pool belongs to no structure.
        "label:audit_pool_toggle": Case(
            only({Role.NATIONAL_ADMIN: 302, Role.AUDITOR: 302}, 403),
            method="post",
            kwargs=_pool_kwargs,
            no_perimeter=True,
        ),
        "label:audit_assign": Case(
            _ASSIGNERS_200,
            kwargs=_assign_kwargs,
            outsiders=[(Role.AUDITOR, _not_waiting_kwargs), (Role.NATIONAL_ADMIN, _not_waiting_kwargs)],
        ),
        # The lead auditor cancels any audit: no "other auditor" outsider here.
        "label:audit_cancel": _audit_case(
            only({**_PERIMETER_403, Role.NATIONAL_ADMIN: 200, Role.AUDITOR: 200}, 404), other_auditor=False
        ),
        "label:audit_detail": _audit_case(_AUDIT_READERS),
        "label:audit_plan": _audit_case(_pair_only(200)),
        # Without the version read with the page, nothing is sent: back to the audit with a message.
        "label:audit_plan_send": _audit_case(_pair_only(302), method="post"),
        "label:audit_plan_pdf": _audit_case(_AUDIT_READERS, _sent_kwargs),
        "label:audit_findings": _audit_case(_pair_only(200)),
        # An empty form names no commitment: back to the findings with a message.
        "label:audit_finding_add": _audit_case(_pair_only(302), method="post"),
        "label:audit_finding_edit": _audit_case(_pair_only(200), _finding_kwargs),
        "label:audit_finding_delete": _audit_case(_pair_only(302), _finding_kwargs, method="post"),
        "label:audit_opinion": _audit_case(_pair_only(200)),
        # Without an overall opinion the report is not delivered: back with a message.
        "label:audit_deliver": _audit_case(_pair_only(302), method="post"),
        "label:audit_report": _audit_case(_AUDIT_READERS, _delivered_kwargs),
        "label:audit_report_pdf": _audit_case(_AUDIT_READERS, _delivered_kwargs),
        "label:audit_respond": _audit_case(
            only({**_PERIMETER_403, Role.AUDITOR: 403, Role.ML_DIRECTOR: 200, Role.ML_QUALITY: 200}, 404),
            _delivered_kwargs,
        ),
        "label:audit_requests": _audit_case(_AUDIT_READERS),
        "label:audit_request_create": _audit_case(_pair_only(200)),
        "label:audit_request": _audit_case(_AUDIT_READERS, _request_kwargs),
        "label:audit_request_close": _audit_case(_pair_only(302), _request_kwargs, method="post"),
        "label:audit_attachment": _audit_case(_AUDIT_READERS, _attachment_kwargs),
    }
)


def _queue_page(world) -> dict:
    """A request to assign (ML-A2), a scheduled audit (ML-A1) to cancel."""
    audit_of(world)
    audit_file(world, "ml2")
    return {}


def _list_page(world) -> dict:
    audit_of(world, sent=True)
    evidence_request_of(world)
    return {}


PAGES += [
    (Role.AUDITOR, "label:audit_list", _list_page),
    (Role.ML_DIRECTOR, "label:audit_list", _list_page),
    (Role.NATIONAL_ADMIN, "label:audit_queue", _queue_page),
    (Role.AUDITOR, "label:audit_pool", _assigners),
    (Role.NATIONAL_ADMIN, "label:audit_pool_add", _assigners),
    (Role.AUDITOR, "label:audit_assign", _assign_kwargs),
    (Role.NATIONAL_ADMIN, "label:audit_cancel", _audit_kwargs),
    (Role.AUDITOR, "label:audit_detail", lambda w: {"pk": _request_kwargs(w)["pk"]}),
    (Role.ML_QUALITY, "label:audit_detail", _sent_kwargs),
    (Role.AUDITOR, "label:audit_plan", _audit_kwargs),
    (Role.AUDITOR, "label:audit_findings", lambda w: {"pk": _finding_kwargs(w)["pk"]}),
    (Role.AUDITOR, "label:audit_finding_edit", _finding_kwargs),
    (Role.AUDITOR, "label:audit_opinion", _audit_kwargs),
    (Role.AUDITOR, "label:audit_report", _audit_kwargs),
    (Role.ML_DIRECTOR, "label:audit_report", _delivered_kwargs),
    (Role.ML_QUALITY, "label:audit_respond", _delivered_kwargs),
    (Role.AUDITOR, "label:audit_requests", lambda w: {"pk": _request_kwargs(w)["pk"]}),
    (Role.ML_STAFF, "label:audit_requests", lambda w: {"pk": _request_kwargs(w)["pk"]}),
    (Role.AUDITOR, "label:audit_request_create", _audit_kwargs),
    (Role.AUDITOR, "label:audit_request", _request_kwargs),
    (Role.ML_STAFF, "label:audit_request", _request_kwargs),
]
# --- END AUDITS ---

# --- COMMISSION ---
# The commission: the national admin organises the sessions (all of them); a commission member opens
# only the sessions they sit on and the agenda items of those sessions (any other: 404). Roles that
# never see sessions get 403 on the session pages. An agenda item belongs to a structure: the
# structure's perimeter gets 403 there (the commission's file is not theirs), anyone else 404. Decision
# letters and certificates: the structure's perimeter and the session's members, 404 for anyone else.


def _commission(world) -> dict:
    """What the commission cases build, once per world (see audit_label_world)."""
    return world.__dict__.setdefault("_commission", {})


def _admin(world):
    return world.user(Role.NATIONAL_ADMIN).active_membership()


def _audited(world, structure_attr: str):
    """The label file of a structure of the world at "audited" (through the services for ML-A1)."""
    from mlplatform.label import services
    from mlplatform.label.models import LabelFile

    from ..label.factories import advance
    from .assessments import _assessment

    structure = getattr(world, structure_attr)
    file = LabelFile.objects.filter(structure=structure).first()
    if file is None and structure_attr == "ml":
        return advance(audit_label_world(world), "AUDITED")
    if file is None:
        _assessment(world, structure_attr)  # the ML framework the file refers to
        file = services.enrol(structure, _admin(world))
    # A file left at another stage by the builders of other blocks (run on the same world): only the
    # kwargs matter there, so the file is put at the stage directly.
    LabelFile.objects.filter(pk=file.pk).update(stage="AUDITED")
    file.refresh_from_db()
    return file


def commission_item(world, *, other: bool = False):
    """ML-A1 on the agenda of a planned session of the world's COMMISSION_MEMBER; with ``other``,
    ML-A2 on the agenda of a planned session the world's COMMISSION_MEMBER does not sit on."""

    from django.utils import timezone

    from mlplatform.commission import services as commission_services
    from mlplatform.commission.models import AgendaItem, CommissionSession

    key = "other_item" if other else "item"
    state = _commission(world)
    if key not in state:
        lw = audit_label_world(world)
        file = _audited(world, "ml2" if other else "ml")
        session = CommissionSession.objects.create(
            title="Séance d'une autre formation" if other else "Commission nationale de labellisation",
            # Held today: decisions are recorded from the session's date on.
            date=timezone.localdate(),
            created_by=world.user(Role.NATIONAL_ADMIN),
        )
        session.members.add(lw.other_member if other else lw.member)
        state[key] = commission_services.put_on_agenda(file, session, _admin(world))
    return AgendaItem.objects.select_related("session").get(pk=state[key].pk)


def commission_decision(world, *, other: bool = False):
    """A final labelling decision: on ML-A1 at a closed session of the world's COMMISSION_MEMBER (with
    ``other``, on ML-A2 at a closed session they did not sit on)."""
    from mlplatform.commission import services as commission_services
    from mlplatform.commission.models import Decision

    key = "other_decision" if other else "decision"
    state = _commission(world)
    if key not in state:
        lw = audit_label_world(world)
        item = commission_item(world, other=other)
        decider = lw.other_member if other else lw.member
        commission_services.record_decision(
            item, decider.active_membership(), outcome="LABELLED", reasons="Exigences satisfaites."
        )
        commission_services.close_session(item.session, _admin(world))
        state[key] = Decision.objects.get(agenda_item=item)
    return state[key]


def _session_kwargs(world) -> dict:
    return {"pk": commission_item(world).session_id}


def _other_session_kwargs(world) -> dict:
    return {"pk": commission_item(world, other=True).session_id}


def _item_kwargs(world) -> dict:
    item = commission_item(world)
    return {"pk": item.session_id, "item_pk": item.pk}


def _other_item_kwargs(world) -> dict:
    item = commission_item(world, other=True)
    return {"pk": item.session_id, "item_pk": item.pk}


def _withdraw_kwargs(world) -> dict:
    """A labelling decision in force, and a session to come where the member may decide a withdrawal."""
    import datetime

    from django.utils import timezone

    from mlplatform.commission.models import CommissionSession

    decision = commission_decision(world)
    state = _commission(world)
    if "coming" not in state:
        state["coming"] = CommissionSession.objects.create(
            title="Commission nationale de labellisation — séance suivante",
            date=timezone.localdate() + datetime.timedelta(days=60),
            created_by=world.user(Role.NATIONAL_ADMIN),
        )
        state["coming"].members.add(world.user(Role.COMMISSION_MEMBER))
    return {"pk": decision.session_id, "item_pk": decision.agenda_item_id}


def _other_withdraw_kwargs(world) -> dict:
    decision = commission_decision(world, other=True)
    return {"pk": decision.session_id, "item_pk": decision.agenda_item_id}


def _decision_kwargs(world) -> dict:
    return {"pk": commission_decision(world).pk}


def _other_decision_kwargs(world) -> dict:
    return {"pk": commission_decision(world, other=True).pk}


def _sessions_page(world) -> dict:
    """A session to come (ML-A1 on its agenda) and a closed one (ML-A2 labelled)."""
    commission_item(world)
    commission_decision(world, other=True)
    from mlplatform.commission.models import CommissionSession

    CommissionSession.objects.get(pk=_other_session_kwargs(world)["pk"]).members.add(
        world.user(Role.COMMISSION_MEMBER)
    )
    return {}


def _session_page(world) -> dict:
    """ML-A1 on the agenda with a draft decision; ML-A2 audited, waiting for a session."""
    from mlplatform.commission import services as commission_services

    item = commission_item(world)
    commission_services.record_decision(
        item,
        world.user(Role.COMMISSION_MEMBER).active_membership(),
        outcome="DEFERRED",
        reasons="Preuves insuffisantes.",
        conditions="Formaliser le plan d'actions.",
    )
    _audited(world, "ml2")
    return {"pk": item.session_id}


def _remove_page(world) -> dict:
    """The removal of ML-A1 from the agenda, with its draft decision that will be dropped."""
    _session_page(world)
    return _item_kwargs(world)


_SESSION_ROLES = {Role.NATIONAL_ADMIN: 200, Role.COMMISSION_MEMBER: 200}
_STRUCTURE_403 = dict.fromkeys(
    [Role.ARML_REFERENT, Role.ARML_STAFF, Role.ML_DIRECTOR, Role.ML_QUALITY, Role.ML_STAFF], 403
)
_SESSION_OUTSIDERS = [(Role.COMMISSION_MEMBER, _other_session_kwargs)]
_ITEM_OUTSIDERS = [
    ("OTHER_ARML_REFERENT", _item_kwargs),
    ("OTHER_ML_DIRECTOR", _item_kwargs),
    (Role.ML_DIRECTOR, _other_item_kwargs),
    (Role.COMMISSION_MEMBER, _other_item_kwargs),
]
_LETTER_READERS = only({**STRUCTURE_READERS, Role.COMMISSION_MEMBER: 200}, 404)
_LETTER_OUTSIDERS = [
    ("OTHER_ARML_REFERENT", _decision_kwargs),
    ("OTHER_ML_DIRECTOR", _decision_kwargs),
    (Role.ML_DIRECTOR, _other_decision_kwargs),
    (Role.COMMISSION_MEMBER, _other_decision_kwargs),
]


def _admin_session_case(status: int, method: str = "get") -> Case:
    return Case(
        only({Role.NATIONAL_ADMIN: status}, 403),
        method=method,
        kwargs=_session_kwargs,
        outsiders=_SESSION_OUTSIDERS,
    )


def _item_case(expected: dict, method: str = "get", kwargs=_item_kwargs, outsiders=None) -> Case:
    return Case(
        only({**_STRUCTURE_403, **expected}, 404),
        method=method,
        kwargs=kwargs,
        outsiders=outsiders or _ITEM_OUTSIDERS,
    )


CASES.update(
    {
        "label:sessions": Case(only(_SESSION_ROLES, 403)),
        "label:session_create": Case(only({Role.NATIONAL_ADMIN: 200}, 403)),
        "label:session": Case(
            only(_SESSION_ROLES, 403), kwargs=_session_kwargs, outsiders=_SESSION_OUTSIDERS
        ),
        "label:session_edit": _admin_session_case(200),
        # An empty selection: the page is shown again with its message.
        "label:agenda_add": _admin_session_case(200, "post"),
        # ML-A1 has no decision yet: the closure is refused, the page says why.
        "label:session_close": _admin_session_case(200, "post"),
        "label:agenda_item": _item_case({Role.NATIONAL_ADMIN: 200, Role.COMMISSION_MEMBER: 200}),
        "label:agenda_remove": _item_case({Role.NATIONAL_ADMIN: 302, Role.COMMISSION_MEMBER: 403}, "post"),
        # An empty form: shown again with its errors to the members of the session.
        "label:decision_record": _item_case({Role.NATIONAL_ADMIN: 403, Role.COMMISSION_MEMBER: 200}, "post"),
        "label:label_withdraw": _item_case(
            {Role.NATIONAL_ADMIN: 403, Role.COMMISSION_MEMBER: 200},
            kwargs=_withdraw_kwargs,
            outsiders=[
                ("OTHER_ARML_REFERENT", _withdraw_kwargs),
                ("OTHER_ML_DIRECTOR", _withdraw_kwargs),
                (Role.ML_DIRECTOR, _other_withdraw_kwargs),
                (Role.COMMISSION_MEMBER, _other_withdraw_kwargs),
            ],
        ),
        "label:decision_letter": Case(_LETTER_READERS, kwargs=_decision_kwargs, outsiders=_LETTER_OUTSIDERS),
        "label:certificate": Case(_LETTER_READERS, kwargs=_decision_kwargs, outsiders=_LETTER_OUTSIDERS),
    }
)
PAGES += [
    (Role.NATIONAL_ADMIN, "label:sessions", _sessions_page),
    (Role.COMMISSION_MEMBER, "label:sessions", _sessions_page),
    (Role.NATIONAL_ADMIN, "label:session_create", {}),
    (Role.NATIONAL_ADMIN, "label:session_edit", _session_kwargs),
    (Role.NATIONAL_ADMIN, "label:session", _session_page),
    (Role.COMMISSION_MEMBER, "label:session", _session_page),
    (Role.NATIONAL_ADMIN, "label:session_close", _session_page),
    (Role.NATIONAL_ADMIN, "label:agenda_remove", _remove_page),
    (Role.COMMISSION_MEMBER, "label:agenda_item", _item_kwargs),
    (Role.NATIONAL_ADMIN, "label:agenda_item", _item_kwargs),
    (Role.COMMISSION_MEMBER, "label:agenda_item", _withdraw_kwargs),
    (Role.COMMISSION_MEMBER, "label:label_withdraw", _withdraw_kwargs),
]
# --- END COMMISSION ---
