"""The audit plan (optimistic locking, sending, PDF), findings per commitment, the overall opinion,
delivery that locks the report, the structure's response, and the report PDF."""

from __future__ import annotations

import html

import pytest
from django.core import mail
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.audits import requests
from mlplatform.audits import work as audit_work
from mlplatform.audits.enums import AuditStatus, FindingKind, RequestStatus
from mlplatform.audits.models import Audit, AuditFinding, EvidenceRequest
from mlplatform.audits.pdf import plan_context, report_context
from mlplatform.commission import services as commission_services
from mlplatform.label.enums import Stage
from mlplatform.label.models import LabelTransition
from mlplatform.label.transitions import TransitionRefused

from ..access_cases.label import audit_label_world, audit_of, evidence_request_of
from ..factories import login
from ..label.factories import membership, session_for


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def lw(world):
    return audit_label_world(world)


@pytest.fixture
def audit(lw):
    """An audit of ML-A1 whose pair is the lead (external) and the network auditor (no mail sent yet)."""
    audit = audit_of(lw.world)
    mail.outbox.clear()
    return audit


def url(name: str, audit: Audit, **kwargs) -> str:
    return reverse(name, kwargs={"pk": audit.pk, **kwargs})


PLAN = {
    "starts_on": "2030-03-04",
    "ends_on": "2030-03-05",
    "mode": "ON_SITE",
    "location": "12 rue des Lilas, Caen",
    "people_met": "La directrice\nLe président",
    "agenda": "9 h : ouverture\n17 h : restitution",
}


# The plan


def test_the_plan_is_saved_and_a_stale_form_keeps_what_was_typed(lw, audit, client):
    login(client, lw.lead)
    page = client.get(url("label:audit_plan", audit))
    assert page.status_code == 200
    version = audit.version
    response = client.post(url("label:audit_plan", audit), {**PLAN, "version": version})
    assert response.status_code == 302
    audit.refresh_from_db()
    assert (audit.location, audit.version, str(audit.starts_on)) == (
        PLAN["location"],
        version + 1,
        "2030-03-04",
    )
    # The other auditor saved in between: the first one's stale form is refused, input kept.
    login(client, lw.network)
    client.post(
        url("label:audit_plan", audit), {**PLAN, "agenda": "Version de l'autre", "version": version + 1}
    )
    login(client, lw.lead)
    response = client.post(
        url("label:audit_plan", audit), {**PLAN, "agenda": "Ma version", "version": version}
    )
    content = text(response)
    assert response.status_code == 200 and "Version enregistrée entre-temps" in content
    assert "Ma version</textarea>" in content and "Version de l'autre" in content
    audit.refresh_from_db()
    assert audit.agenda == "Version de l'autre"
    # Bad dates: a clear message, nothing saved.
    response = client.post(
        url("label:audit_plan", audit), {**PLAN, "ends_on": "2030-03-01", "version": audit.version}
    )
    assert "Le dernier jour ne peut pas précéder le premier." in text(response)
    assert Audit.objects.get(pk=audit.pk).ends_on == audit.ends_on


def test_sending_the_plan_tells_the_structure_and_opens_it_to_them(lw, audit, client):
    world = lw.world
    login(client, world.user(Role.ML_STAFF))
    assert "prépare le plan d'audit" in text(client.get(url("label:audit_detail", audit)))
    assert client.get(url("label:audit_plan_pdf", audit)).status_code == 404
    login(client, lw.lead)
    response = client.post(url("label:audit_plan_send", audit), {"version": audit.version}, follow=True)
    assert "Complétez le plan avant de le transmettre" in text(response)
    assert Audit.objects.get(pk=audit.pk).plan_sent_at is None and not mail.outbox
    client.post(url("label:audit_plan", audit), {**PLAN, "version": audit.version})
    audit.refresh_from_db()
    response = client.post(url("label:audit_plan_send", audit), {"version": audit.version}, follow=True)
    assert "Le plan d'audit est transmis" in text(response)
    audit.refresh_from_db()
    assert audit.plan_sent_at is not None
    [message] = mail.outbox
    assert set(message.to) == {world.user(Role.ML_DIRECTOR).email, world.user(Role.ML_QUALITY).email}
    assert "12 rue des Lilas" in message.body and url("label:audit_detail", audit) in message.body
    assert "Plan d'audit transmis" in LabelTransition.objects.filter(file=audit.file).last().comment
    login(client, world.user(Role.ML_STAFF))
    assert "La directrice" in text(client.get(url("label:audit_detail", audit)))
    pdf = client.get(url("label:audit_plan_pdf", audit))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "plan-audit-ml-a1-2030-03-04" in pdf["Content-Disposition"]
    # Changed after it was sent: it must be sent again.
    login(client, lw.network)
    response = client.post(
        url("label:audit_plan", audit),
        {**PLAN, "location": "Antenne de Vire", "version": audit.version},
        follow=True,
    )
    assert "transmettez-le à nouveau" in text(response)
    assert Audit.objects.get(pk=audit.pk).plan_sent_at is None


def test_the_plan_pdf_document(lw, audit):
    audit_work.save_plan(
        audit, membership(lw.lead), expected_version=audit.version, people_met="Le trésorier"
    )
    document = render_to_string("audits/plan_pdf.html", plan_context(audit))
    for expected in (
        "<h1>Plan d'audit</h1>",
        "Mission Locale Alpha Un",
        "Le trésorier",
        str(lw.lead),
        str(lw.network),
        "Auditeur·rice certifié·e externe",
        "AFNOR",
        "Mission Locale Bêta Un",
        "pas encore transmis (projet)",
    ):
        assert html.unescape(document).count(expected), expected


# Findings and opinion


def test_both_auditors_add_edit_and_delete_findings(lw, audit, client):
    commitments = list(audit_work.audit_commitments(audit))
    first = commitments[0]
    login(client, lw.lead)
    page = text(client.get(url("label:audit_findings", audit)))
    assert all(commitment.ref in page for commitment in commitments)
    # HTMX: the commitment's block comes back with the new finding.
    response = client.post(
        url("label:audit_finding_add", audit),
        {"commitment": first.pk, "kind": FindingKind.STRENGTH, "text": "Diagnostic territorial à jour."},
        headers={"HX-Request": "true"},
    )
    fragment = text(response)
    assert response.status_code == 200 and f'id="engagement-{first.pk}"' in fragment
    assert "Diagnostic territorial à jour." in fragment and "Constat ajouté" in fragment
    # Refused: empty text (the kind chosen is kept).
    response = client.post(
        url("label:audit_finding_add", audit),
        {"commitment": first.pk, "kind": FindingKind.ALERT, "text": "  "},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422 and "Le constat est vide" in text(response)
    assert f'<option value="{FindingKind.ALERT}" selected>' in text(response)
    # Without HTMX, the other auditor; a refusal shows the page again with the typed text.
    login(client, lw.network)
    response = client.post(
        url("label:audit_finding_add", audit),
        {"commitment": commitments[1].pk, "kind": "WRONG", "text": "Mon texte"},
    )
    assert response.status_code == 422 and "Choisissez la nature du constat" in text(response)
    assert "Mon texte</textarea>" in text(response)
    response = client.post(
        url("label:audit_finding_add", audit),
        {"commitment": commitments[1].pk, "kind": FindingKind.IMPROVEMENT, "text": "Formaliser le plan."},
    )
    assert response.status_code == 302 and response.url.endswith(f"#engagement-{commitments[1].pk}")
    finding = AuditFinding.objects.get(text="Diagnostic territorial à jour.")
    edit = url("label:audit_finding_edit", audit, finding_pk=finding.pk)
    stamp = audit_work.finding_stamp(finding)
    response = client.post(
        edit, {"kind": FindingKind.STRENGTH, "text": "Diagnostic partagé.", "stamp": stamp}
    )
    assert response.status_code == 302
    # The lead's form read before that change is refused, their text kept.
    login(client, lw.lead)
    response = client.post(edit, {"kind": FindingKind.ALERT, "text": "Ma version", "stamp": stamp})
    assert "Version enregistrée entre-temps" in text(response) and "Ma version</textarea>" in text(response)
    assert AuditFinding.objects.get(pk=finding.pk).text == "Diagnostic partagé."
    response = client.post(
        url("label:audit_finding_delete", audit, finding_pk=finding.pk), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and "Constat supprimé" in text(response)
    assert list(AuditFinding.objects.values_list("text", flat=True)) == ["Formaliser le plan."]
    assert AuditFinding.objects.get().author == lw.network
    # A commitment of another framework is refused.
    from mlplatform.frameworks.models import Commitment

    from ..frameworks.test_loader import load_small_framework

    load_small_framework()
    other = Commitment.objects.exclude(pk__in=[c.pk for c in commitments]).first()
    with pytest.raises(TransitionRefused, match="pas dans le référentiel"):
        audit_work.add_finding(audit, membership(lw.lead), commitment=other, kind=FindingKind.ALERT, text="x")


def test_delivery_needs_the_opinion_then_locks_everything(lw, audit, client):
    world = lw.world
    evidence_request = evidence_request_of(world)
    commitment = audit_work.audit_commitments(audit).first()
    finding = audit_work.add_finding(
        audit, membership(lw.lead), commitment=commitment, kind=FindingKind.STRENGTH, text="Bien."
    )
    login(client, lw.lead)
    response = client.post(url("label:audit_deliver", audit), follow=True)
    assert "Rédigez l'avis global avant de remettre le rapport." in text(response)
    assert Audit.objects.get(pk=audit.pk).status == AuditStatus.SCHEDULED
    response = client.post(
        url("label:audit_opinion", audit), {"overall_opinion": "Démarche solide.", "version": audit.version}
    )
    assert response.status_code == 302
    response = client.post(url("label:audit_deliver", audit))
    assert response.status_code == 302 and response.url == url("label:audit_report", audit)
    audit.refresh_from_db()
    assert audit.status == AuditStatus.DELIVERED and audit.delivered_by == lw.lead
    assert audit.file.stage == Stage.AUDITED
    evidence_request.refresh_from_db()
    assert evidence_request.status == RequestStatus.CLOSED
    assert any(world.user(Role.ML_DIRECTOR).email in message.to for message in mail.outbox)
    version = audit.version
    # Nothing is editable any more, through the pages...
    attempts = [
        (
            "label:audit_finding_add",
            {"commitment": commitment.pk, "kind": FindingKind.ALERT, "text": "Tard"},
            {},
        ),
        (
            "label:audit_finding_edit",
            {"kind": FindingKind.ALERT, "text": "Tard", "stamp": "x"},
            {"finding_pk": finding.pk},
        ),
        ("label:audit_finding_delete", {}, {"finding_pk": finding.pk}),
        ("label:audit_opinion", {"overall_opinion": "Autre", "version": version}, {}),
        ("label:audit_plan", {**PLAN, "version": version}, {}),
        ("label:audit_plan_send", {"version": version}, {}),
        ("label:audit_deliver", {}, {}),
        ("label:audit_request_create", {"subject": "Tard", "text": "Tard"}, {}),
        ("label:audit_request_close", {}, {"request_pk": evidence_request.pk}),
    ]
    for name, data, extra in attempts:
        response = client.post(url(name, audit, **extra), data, follow=True)
        assert response.status_code in (200, 422), name
        assert "verrouillé" in text(response) or "n'est plus en cours" in text(response), name
    login(client, world.user(Role.ML_STAFF))
    response = client.post(
        url("label:audit_request", audit, request_pk=evidence_request.pk), {"text": "Encore un document"}
    )
    assert response.status_code == 422 and "verrouillé" in text(response)
    # ... nor through the domain functions.
    auditor = membership(lw.lead)
    for attempt in (
        lambda: audit_work.add_finding(
            audit, auditor, commitment=commitment, kind=FindingKind.ALERT, text="x"
        ),
        lambda: audit_work.update_finding(
            finding, auditor, kind=FindingKind.ALERT, text="x", expected_stamp=""
        ),
        lambda: audit_work.delete_finding(finding, auditor),
        lambda: audit_work.save_opinion(audit, auditor, text="x", expected_version=audit.version),
        lambda: audit_work.save_plan(audit, auditor, expected_version=audit.version, agenda="x"),
        lambda: audit_work.deliver(audit, auditor),
        lambda: requests.open_request(audit, auditor, subject="x", text="x"),
    ):
        with pytest.raises(TransitionRefused):
            attempt()
    audit.refresh_from_db()
    assert (audit.overall_opinion, audit.version, audit.agenda) == ("Démarche solide.", version, "")
    assert list(AuditFinding.objects.values_list("text", flat=True)) == ["Bien."]
    assert EvidenceRequest.objects.count() == 1 and evidence_request.messages.count() == 2


def test_a_stale_opinion_is_refused(lw, audit, client):
    login(client, lw.network)
    client.post(
        url("label:audit_opinion", audit), {"overall_opinion": "Celui du réseau", "version": audit.version}
    )
    login(client, lw.lead)
    response = client.post(
        url("label:audit_opinion", audit), {"overall_opinion": "Le mien", "version": audit.version}
    )
    assert "Version enregistrée entre-temps" in text(response) and "Le mien</textarea>" in text(response)
    assert Audit.objects.get(pk=audit.pk).overall_opinion == "Celui du réseau"


# The structure's response and the report


def test_the_structure_answers_the_report_once(lw, client):
    world = lw.world
    audit = audit_of(world, delivered=True)
    mail.outbox.clear()
    respond = url("label:audit_respond", audit)
    login(client, world.user(Role.ML_STAFF))
    assert client.get(respond).status_code == 403
    login(client, world.user(Role.ML_QUALITY))
    report = text(client.get(url("label:audit_report", audit)))
    assert "Répondre par écrit au rapport" in report and "Solide." in report
    response = client.post(respond, {"text": ""})
    assert "La réponse est vide." in text(response)
    response = client.post(respond, {"text": "Nous engageons le plan d'actions."})
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.structure_response == "Nous engageons le plan d'actions." and audit.structure_response_at
    [message] = mail.outbox
    assert set(message.to) == {lw.lead.email, lw.network.email}
    assert LabelTransition.objects.filter(file=audit.file, comment="Réponse écrite au rapport").exists()
    response = client.get(respond, follow=True)
    assert "La réponse de la structure est déjà enregistrée." in text(response)
    assert "Nous engageons le plan d'actions." in text(response)


def test_the_report_page_and_pdf(lw, client):
    world = lw.world
    audit = audit_of(world)
    auditor = membership(lw.lead)
    commitments = list(audit_work.audit_commitments(audit))
    for commitment, kind, words in (
        (commitments[1], FindingKind.ALERT, "Gouvernance à clarifier"),
        (commitments[0], FindingKind.IMPROVEMENT, "Partager le diagnostic"),
        (commitments[0], FindingKind.STRENGTH, "Accueil remarquable"),
    ):
        audit_work.add_finding(audit, auditor, commitment=commitment, kind=kind, text=words)
    # Before delivery: the structure sees neither the report nor its PDF; the pair sees a draft.
    login(client, world.user(Role.ML_DIRECTOR))
    assert "pas encore remis son rapport" in text(client.get(url("label:audit_report", audit)))
    assert client.get(url("label:audit_report_pdf", audit)).status_code == 404
    login(client, lw.network)
    draft = client.get(url("label:audit_report_pdf", audit))
    assert draft.content.startswith(b"%PDF") and "projet-rapport-audit-ml-a1" in draft["Content-Disposition"]
    audit_work.save_opinion(audit, auditor, text="Avis très favorable.", expected_version=audit.version)
    audit_work.deliver(audit, auditor)
    audit_work.respond(audit, membership(world.user(Role.ML_DIRECTOR)), text="Merci au binôme.")
    audit.refresh_from_db()
    document = html.unescape(render_to_string("audits/report_pdf.html", report_context(audit)))
    # Grouped by commitment in the framework's order, strengths before tracks and alerts.
    order = [
        document.index(commitments[0].ref),
        document.index("Accueil remarquable"),
        document.index("Partager le diagnostic"),
        document.index(commitments[1].ref),
        document.index("Gouvernance à clarifier"),
    ]
    assert order == sorted(order)
    for expected in (
        "<h1>Rapport d'audit</h1>",
        "Mission Locale Alpha Un",
        "Avis très favorable.",
        "Merci au binôme.",
        str(lw.lead),
        str(lw.network),
        '<th scope="row">Point d\'alerte</th><td class="num">1</td>',
    ):
        assert expected in document, expected
    login(client, world.user(Role.ARML_REFERENT))
    response = client.get(url("label:audit_report_pdf", audit))
    assert response.content.startswith(b"%PDF") and len(response.content) > 5000
    assert "rapport-audit-ml-a1" in response["Content-Disposition"]
    # A commission member reads it once the file is on the agenda of their session.
    login(client, lw.member)
    assert client.get(url("label:audit_report", audit)).status_code == 404
    session = session_for(lw)
    commission_services.put_on_agenda(audit.file, session, membership(world.user(Role.NATIONAL_ADMIN)))
    assert client.get(url("label:audit_report", audit)).status_code == 200
    assert client.get(url("label:audit_findings", audit)).status_code == 403


def test_findings_and_report_query_counts_do_not_grow(lw, audit, client):
    auditor = membership(lw.lead)
    commitments = list(audit_work.audit_commitments(audit))
    audit_work.add_finding(audit, auditor, commitment=commitments[0], kind=FindingKind.ALERT, text="Un")
    login(client, lw.lead)
    pages = [
        url("label:audit_findings", audit),
        url("label:audit_report", audit),
        url("label:audit_detail", audit),
    ]

    def counts() -> list[int]:
        result = []
        for page in pages:
            with CaptureQueriesContext(connection) as context:
                assert client.get(page).status_code == 200
            result.append(len(context))
        return result

    small = counts()
    for commitment in commitments:
        for kind in FindingKind.values:
            audit_work.add_finding(
                audit, auditor, commitment=commitment, kind=kind, text=f"{kind} {commitment.ref}"
            )
    evidence_request_of(lw.world)
    assert counts() == small
