"""Audits: who opens which audit, the lead auditor's queue, assignment with conflicts of interest
refused, cancellation, the auditors' pool, and the lists' query counts."""

from __future__ import annotations

import datetime
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.audits import requests
from mlplatform.audits import services as audit_services
from mlplatform.audits import work as audit_work
from mlplatform.audits.enums import AuditKind, AuditMode, AuditorKind, AuditStatus, RequestStatus
from mlplatform.audits.models import Audit, AuditorProfile
from mlplatform.audits.work import home_conflict
from mlplatform.label.enums import Stage
from mlplatform.label.models import LabelFile, LabelTransition
from mlplatform.label.transitions import TransitionRefused
from mlplatform.network.enums import StructureType

from ..access_cases.label import audit_file, audit_label_world, audit_of, evidence_request_of
from ..evidence.samples import pdf, upload
from ..factories import login, make_structure, make_user
from ..label.factories import advance, membership


def text(response) -> str:
    """The page as a reader sees it (entities decoded)."""
    return html.unescape(response.content.decode())


@pytest.fixture
def lw(world):
    return audit_label_world(world)


def _schedule(lw, structure_attr: str, *, network=None) -> Audit:
    today = timezone.localdate()
    return audit_services.schedule_audit(
        audit_file(lw.world, structure_attr),
        membership(lw.lead),
        external=lw.external,
        network=network or lw.network,
        starts_on=today + datetime.timedelta(days=3),
        ends_on=today + datetime.timedelta(days=4),
        mode=AuditMode.REMOTE,
    )


AUDIT_PAGES = [
    "label:audit_detail",
    "label:audit_plan",
    "label:audit_findings",
    "label:audit_opinion",
    "label:audit_report",
    "label:audit_report_pdf",
    "label:audit_requests",
    "label:audit_request_create",
    "label:audit_cancel",
]


def test_an_auditor_cannot_open_an_audit_not_assigned_to_them(lw, client):
    """ML-A1 is labelled after an audit by (external, network); its follow-up audit goes to (lead,
    network). The external auditor still sees ML-A1 through their own audit, but the follow-up is
    not theirs: 404 on every page of it, and it is not in their list."""
    file = advance(lw, Stage.LABELLED)
    first = Audit.objects.get(file=file)
    follow_up = audit_services.schedule_audit(
        file,
        membership(lw.lead),
        external=lw.lead,
        network=lw.network,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        mode=AuditMode.REMOTE,
        kind=AuditKind.FOLLOW_UP,
    )
    request = requests.open_request(
        follow_up,
        membership(lw.lead),
        subject="Rapport d'activité",
        text="Le dernier, s'il vous plaît.",
        files=[upload("grille.pdf", pdf("Grille"))],
    )
    attachment = request.messages.first().attachments.first()
    login(client, lw.external)
    assert client.get(reverse("label:audit_detail", kwargs={"pk": first.pk})).status_code == 200
    for name in AUDIT_PAGES:
        response = client.get(reverse(name, kwargs={"pk": follow_up.pk}))
        assert response.status_code == 404, name
    thread = {"pk": follow_up.pk, "request_pk": request.pk}
    assert client.get(reverse("label:audit_request", kwargs=thread)).status_code == 404
    download = {**thread, "attachment_pk": attachment.pk}
    assert client.get(reverse("label:audit_attachment", kwargs=download)).status_code == 404
    listing = client.get(reverse("label:audit_list")).content.decode()
    assert reverse("label:audit_detail", kwargs={"pk": first.pk}) in listing
    assert reverse("label:audit_detail", kwargs={"pk": follow_up.pk}) not in listing
    # An auditor of the pool with no audit at all sees nothing either.
    login(client, lw.network_same_region)
    assert client.get(reverse("label:audit_detail", kwargs={"pk": first.pk})).status_code == 404
    # The pair of the follow-up opens it.
    login(client, lw.lead)
    assert client.get(reverse("label:audit_detail", kwargs={"pk": follow_up.pk})).status_code == 200


def test_the_pair_reads_the_structures_framework_assessment_evidence_and_plan(lw, client):
    audit = audit_of(lw.world)
    file = audit.file
    version = audit_work.framework_version_of(audit)
    pages = [
        reverse("assessments:assessment", kwargs={"pk": file.assessment_id}),
        reverse("assessments:results", kwargs={"pk": file.assessment_id}),
        reverse("evidence:library", kwargs={"code": file.structure.code}),
        reverse("improvement:plan", kwargs={"code": file.structure.code}),
    ]
    login(client, lw.lead)
    detail = client.get(reverse("label:audit_detail", kwargs={"pk": audit.pk})).content.decode()
    framework_url = reverse("frameworks:version", kwargs={"code": "ML", "version": version.version})
    for url in [*pages, framework_url]:
        assert f'href="{url}"' in detail, url
        assert client.get(url).status_code == 200, url
    # Read-only: the pair does not answer the structure's self-assessment.
    assert "Enregistrer<span" not in client.get(pages[0]).content.decode()
    # An auditor who is not in the pair reaches none of them.
    login(client, lw.network_same_region)
    for url in pages:
        assert client.get(url).status_code == 404, url


# Assignment


def test_the_lead_auditor_assigns_a_pair(lw, client):
    file = audit_file(lw.world)
    login(client, lw.lead)
    queue = client.get(reverse("label:audit_queue")).content.decode()
    assert file.structure.name in queue and "Favorable" in queue and "Prête." in queue
    url = reverse("label:audit_assign", kwargs={"file_pk": file.pk})
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "external": lw.external.pk,
            "network": lw.network.pk,
            "starts_on": today + datetime.timedelta(days=20),
            "ends_on": today + datetime.timedelta(days=21),
            "mode": AuditMode.ON_SITE,
            "kind": AuditKind.INITIAL,
        },
    )
    assert response.status_code == 302 and response.url == reverse("label:audit_queue")
    audit = Audit.objects.get(file=file)
    assert (audit.external_auditor, audit.network_auditor, audit.assigned_by) == (
        lw.external,
        lw.network,
        lw.lead,
    )
    file.refresh_from_db()
    assert file.stage == Stage.AUDIT_SCHEDULED
    assert file.transitions.last().to_stage == Stage.AUDIT_SCHEDULED


def _assign_post(lw, file, network, **extra) -> dict:
    today = timezone.localdate()
    return {
        "external": lw.external.pk,
        "network": network.pk,
        "starts_on": today,
        "ends_on": today,
        "mode": AuditMode.ON_SITE,
        "kind": AuditKind.INITIAL,
        **extra,
    }


def test_conflicts_of_interest_are_refused_with_their_reason(lw, client):
    file = audit_file(lw.world)
    own = make_user("maison@test.example", Role.AUDITOR, lw.world.unml)
    AuditorProfile.objects.create(user=own, kind=AuditorKind.NETWORK, home_structure=lw.world.ml)
    url = reverse("label:audit_assign", kwargs={"file_pk": file.pk})
    login(client, lw.world.user(Role.NATIONAL_ADMIN))
    page = client.get(url).content.decode()
    # Not offered, and the page says why.
    assert f'<option value="{lw.network_same_region.pk}"' not in page
    assert f'<option value="{own.pk}"' not in page
    assert f'<option value="{lw.network.pk}"' in page
    assert "travaille dans la même région que la structure auditée" in page
    assert "travaille dans la structure auditée" in page
    for auditor, reason in (
        (
            lw.network_same_region,
            "travaille dans la même région que la structure auditée : conflit d'intérêts",
        ),
        (own, "travaille dans la structure auditée : conflit d'intérêts"),
    ):
        response = client.post(url, _assign_post(lw, file, auditor))
        assert response.status_code == 200
        assert reason in text(response)
    # The same person twice, or someone outside the pool, is refused too.
    response = client.post(url, _assign_post(lw, file, lw.network, external=lw.network.pk))
    assert "Choisissez une personne du vivier." in text(response)
    assert not Audit.objects.exists()
    file.refresh_from_db()
    assert file.stage == Stage.AUDIT_REQUESTED
    # The service refuses on its own as well.
    with pytest.raises(TransitionRefused, match="même région"):
        audit_services.schedule_audit(
            file,
            membership(lw.lead),
            external=lw.external,
            network=lw.network_same_region,
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate(),
            mode=AuditMode.ON_SITE,
        )


def test_the_choice_lists_follow_the_services_rule(lw):
    world = lw.world
    homes = [world.ml, world.ml2, world.arml, world.other_ml, world.other_arml, world.unml]
    auditors = []
    for index, home in enumerate(homes):
        user = make_user(f"reseau{index}@test.example", Role.AUDITOR, world.unml)
        AuditorProfile.objects.create(user=user, kind=AuditorKind.NETWORK, home_structure=home)
        auditors.append((user, home))
    for structure in homes:
        file = LabelFile(structure=structure)
        for user, home in auditors:
            refused = bool(audit_services.conflicts_of_interest(file, lw.external, user))
            assert refused == bool(home_conflict(structure, home)), (structure.code, home.code)


def test_a_follow_up_audit_is_queued_and_assigned_without_moving_the_file(lw, client):
    file = advance(lw, Stage.LABELLED)
    LabelFile.objects.filter(pk=file.pk).update(
        follow_up_due_on=file.valid_from + datetime.timedelta(days=30)
    )
    login(client, lw.lead)
    assert file.structure.name in client.get(reverse("label:audit_queue")).content.decode()
    url = reverse("label:audit_assign", kwargs={"file_pk": file.pk})
    page = client.get(url).content.decode()
    assert f'<option value="{AuditKind.FOLLOW_UP}" selected>' in page and AuditKind.INITIAL not in page
    post = _assign_post(lw, file, lw.network, kind=AuditKind.FOLLOW_UP, mode=AuditMode.REMOTE)
    assert client.post(url, post).status_code == 302
    follow_up = Audit.objects.get(file=file, kind=AuditKind.FOLLOW_UP)
    file.refresh_from_db()
    assert file.stage == Stage.LABELLED and follow_up.status == AuditStatus.SCHEDULED
    assert "Audit de suivi" in file.transitions.last().comment
    # Scheduled: no longer waiting in the queue.
    queue = client.get(reverse("label:audit_queue")).content.decode()
    assert reverse("label:audit_assign", kwargs={"file_pk": file.pk}) not in queue


def test_a_file_waiting_for_no_audit_cannot_be_assigned(lw, client):
    file = advance(lw, Stage.SELF_ASSESSED)
    login(client, lw.lead)
    assert client.get(reverse("label:audit_assign", kwargs={"file_pk": file.pk})).status_code == 404
    login(client, lw.external)  # in the pool, not the lead
    assert client.get(reverse("label:audit_queue")).status_code == 403


# Cancellation


def test_cancelling_an_audit_puts_the_request_back(lw, client):
    audit = audit_of(lw.world)
    evidence_request_of(lw.world)
    url = reverse("label:audit_cancel", kwargs={"pk": audit.pk})
    login(client, lw.world.user(Role.NATIONAL_ADMIN))
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and "Indiquez le motif de l'annulation." in text(response)
    response = client.post(url, {"reason": "Auditeur indisponible"})
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == AuditStatus.CANCELLED
    file = audit.file
    file.refresh_from_db()
    assert file.stage == Stage.AUDIT_REQUESTED
    step = LabelTransition.objects.filter(file=file).last()
    assert (step.from_stage, step.to_stage) == (Stage.AUDIT_SCHEDULED, Stage.AUDIT_REQUESTED)
    assert "Auditeur indisponible" in step.comment and step.actor == lw.world.user(Role.NATIONAL_ADMIN)
    assert not audit.evidence_requests.exclude(status=RequestStatus.CLOSED).exists()
    # Back in the queue; the pair no longer reaches the structure through it.
    assert file.structure.name in client.get(reverse("label:audit_queue")).content.decode()
    login(client, lw.lead)
    assert client.get(reverse("label:audit_detail", kwargs={"pk": audit.pk})).status_code == 404


def test_a_delivered_audit_cannot_be_cancelled(lw, client):
    audit = audit_of(lw.world, delivered=True)
    with pytest.raises(TransitionRefused, match="remis"):
        audit_work.cancel_audit(audit, membership(lw.lead), reason="Trop tard")
    login(client, lw.lead)
    response = client.post(reverse("label:audit_cancel", kwargs={"pk": audit.pk}), {"reason": "Trop tard"})
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == AuditStatus.DELIVERED and audit.file.stage == Stage.AUDITED


# The pool


def test_the_pool_lists_auditors_and_takes_new_ones(lw, client):
    newcomer = make_user("nouveau@test.example", Role.AUDITOR, lw.world.arml, first_name="Nina")
    login(client, lw.lead)
    page = client.get(reverse("label:audit_pool")).content.decode()
    for expected in ("AFNOR", "Mission Locale Bêta Un", "Auditeur·rice du réseau", "référent·e"):
        assert expected in page, expected
    url = reverse("label:audit_pool_add")
    form = client.get(url).content.decode()
    # Only the UNML names lead auditors.
    assert f'<option value="{newcomer.pk}"' in form and 'name="is_lead"' not in form
    assert f'<option value="{lw.external.pk}"' not in form  # already in the pool
    response = client.post(url, {"user": newcomer.pk, "kind": AuditorKind.NETWORK})
    assert "Indiquez la structure où travaille l'auditeur·rice du réseau." in text(response)
    assert not AuditorProfile.objects.filter(user=newcomer).exists()
    response = client.post(
        url, {"user": newcomer.pk, "kind": AuditorKind.NETWORK, "home_structure": lw.world.arml.pk}
    )
    assert response.status_code == 302
    profile = AuditorProfile.objects.get(user=newcomer)
    assert (profile.kind, profile.home_structure, profile.is_lead) == (
        AuditorKind.NETWORK,
        lw.world.arml,
        False,
    )
    with pytest.raises(TransitionRefused, match="Seule l'UNML"):
        audit_work_pool_add_lead(lw)


def audit_work_pool_add_lead(lw):
    from mlplatform.audits.pool import add_to_pool

    someone = make_user("chef@test.example", Role.AUDITOR, lw.world.unml)
    add_to_pool(
        membership(lw.lead), user=someone, kind=AuditorKind.EXTERNAL, home_structure=None, is_lead=True
    )


def test_a_deactivated_auditor_is_no_longer_offered(lw, client):
    file = audit_file(lw.world)
    profile = AuditorProfile.objects.get(user=lw.network)
    login(client, lw.lead)
    toggle = reverse("label:audit_pool_toggle", kwargs={"pk": profile.pk})
    assert client.post(toggle, {"active": "0"}).status_code == 302
    profile.refresh_from_db()
    assert not profile.is_active
    page = client.get(reverse("label:audit_assign", kwargs={"file_pk": file.pk})).content.decode()
    assert f'<option value="{lw.network.pk}"' not in page
    response = client.post(
        reverse("label:audit_assign", kwargs={"file_pk": file.pk}), _assign_post(lw, file, lw.network)
    )
    assert "Choisissez une personne du vivier." in text(response) and not Audit.objects.exists()
    client.post(toggle, {"active": "1"})
    profile.refresh_from_db()
    assert profile.is_active
    # Nobody takes themselves out of the pool.
    own = reverse("label:audit_pool_toggle", kwargs={"pk": AuditorProfile.objects.get(user=lw.lead).pk})
    response = client.post(own, {"active": "0"}, follow=True)
    assert "Vous ne pouvez pas vous retirer vous-même du vivier" in text(response)
    assert AuditorProfile.objects.get(user=lw.lead).is_active


# Query counts of the lists


def _more_structures(world, count: int) -> list[str]:
    """Extra MLs of region A (made before the first campaign opens, so that they get an assessment)."""
    names = []
    for index in range(count):
        attr = f"ml_extra_{index}"
        setattr(world, attr, make_structure(f"ML-A{index + 3}", StructureType.ML, world.arml))
        names.append(attr)
    return names


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize(
    ("user_key", "url_name"),
    [
        ("external", "label:audit_list"),
        ("national", "label:audit_list"),
        ("lead", "label:audit_queue"),
        ("lead", "label:audit_pool"),
    ],
)
def test_list_pages_query_counts_do_not_grow_with_the_data(world, client, user_key, url_name):
    extra = _more_structures(world, 3)
    lw = audit_label_world(world)
    users = {"external": lw.external, "national": world.user(Role.NATIONAL_ADMIN), "lead": lw.lead}
    _schedule(lw, "ml")
    audit_file(world, extra[0])  # one request waiting
    login(client, users[user_key])
    url = reverse(url_name)
    small = _count(client, url)
    _schedule(lw, "ml2")
    for attr in extra[1:]:
        audit_file(world, attr)
    for index in range(3):
        user = make_user(f"pool{index}@test.example", Role.AUDITOR, world.unml)
        AuditorProfile.objects.create(user=user, kind=AuditorKind.EXTERNAL)
    large = _count(client, url)
    assert large == small, (small, large)
    if url_name == "label:audit_list":
        assert client.get(url).content.decode().count('href="/labellisation/audits/') >= 2


def test_the_lead_auditor_finds_the_audits_she_assigned(lw, client):
    """An audit given to another pair is listed for the lead (pair, dates, state), without its
    content; her own pair's audits stay one filter away."""
    other = audit_of(lw.world, "ml2", lead_in_pair=False)
    own = audit_of(lw.world, "ml")
    login(client, lw.lead)
    page = text(client.get(reverse("label:audit_list")))
    assert "Audits du réseau" in page and "Mission Locale Alpha Deux" in page
    assert "audit d'un autre binôme" in page
    assert reverse("label:audit_detail", kwargs={"pk": other.pk}) not in page
    assert reverse("label:audit_detail", kwargs={"pk": own.pk}) in page
    mine = text(client.get(reverse("label:audit_list") + "?binome=moi"))
    assert "Mission Locale Alpha Deux" not in mine and "Mission Locale Alpha Un" in mine
    assert client.get(reverse("label:audit_detail", kwargs={"pk": other.pk})).status_code == 404
    # Another auditor still sees only the audits of their pair.
    login(client, lw.network_same_region)
    assert "Mission Locale Alpha Deux" not in text(client.get(reverse("label:audit_list")))
