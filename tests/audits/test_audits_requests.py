"""Evidence requests: threads with messages and files both ways, checked uploads stored under random
names, status OPEN → ANSWERED → CLOSED, the scoped download, and the lists' query counts."""

from __future__ import annotations

import datetime
import hashlib
import html

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.audits import requests
from mlplatform.audits.enums import RequestStatus
from mlplatform.audits.models import EvidenceRequest, RequestAttachment, RequestMessage

from ..access_cases.label import audit_label_world, audit_of
from ..evidence.samples import EXE, HTML, pdf, upload
from ..factories import login
from ..label.factories import membership


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def lw(world):
    return audit_label_world(world)


@pytest.fixture
def audit(lw):
    audit = audit_of(lw.world)
    mail.outbox.clear()
    return audit


def test_a_request_thread_goes_both_ways_with_files(lw, audit, client):
    world = lw.world
    requirement = requests.requirement_choices(audit).first()
    due_on = timezone.localdate() + datetime.timedelta(days=10)
    grid = pdf("Grille d'entretien")
    login(client, lw.lead)
    form = text(client.get(reverse("label:audit_request_create", kwargs={"pk": audit.pk})))
    assert 'type="file"' in form and "multiple" in form and requirement.ref in form
    response = client.post(
        reverse("label:audit_request_create", kwargs={"pk": audit.pk}),
        {
            "subject": "Comptes rendus du CA",
            "requirement": requirement.pk,
            "due_on": due_on.isoformat(),
            "text": "Les trois derniers, s'il vous plaît.",
            "files": [upload("grille.pdf", grid)],
        },
    )
    evidence_request = EvidenceRequest.objects.get()
    thread_url = reverse("label:audit_request", kwargs={"pk": audit.pk, "request_pk": evidence_request.pk})
    assert response.status_code == 302 and response.url == thread_url
    assert (evidence_request.status, evidence_request.requirement, evidence_request.due_on) == (
        RequestStatus.OPEN,
        requirement,
        due_on,
    )
    attachment = RequestAttachment.objects.get()
    # Stored under a random name, with the checked description beside it.
    assert "grille" not in attachment.file.name and attachment.file.name.startswith(f"audits/{audit.pk}/")
    assert len(attachment.file.name.rsplit("/", 1)[1]) == 32
    assert attachment.sha256 == hashlib.sha256(grid).hexdigest()
    assert (attachment.original_name, attachment.size, attachment.content_type) == (
        "grille.pdf",
        len(grid),
        "application/pdf",
    )
    [message] = mail.outbox
    assert set(message.to) == {world.user(Role.ML_DIRECTOR).email, world.user(Role.ML_QUALITY).email}
    assert thread_url in message.body
    # The structure's page lists the request; its staff answer with a file.
    login(client, world.user(Role.ML_STAFF))
    listing = text(client.get(reverse("label:audit_requests", kwargs={"pk": audit.pk})))
    assert "Comptes rendus du CA" in listing and "En attente de la structure" in listing
    minutes = pdf("CA du 12 mars")
    response = client.post(thread_url, {"text": "Les voici.", "files": [upload("CA mars.pdf", minutes)]})
    assert response.status_code == 302
    evidence_request.refresh_from_db()
    assert evidence_request.status == RequestStatus.ANSWERED
    reply = RequestMessage.objects.last()
    assert (reply.author, reply.author_structure) == (world.user(Role.ML_STAFF), world.ml)
    assert set(mail.outbox[-1].to) == {lw.lead.email, lw.network.email}
    answer_file = reply.attachments.get()
    # Both sides download both files; the ARML reads; nobody else does.
    for user in (lw.network, world.user(Role.ML_STAFF), world.user(Role.ARML_REFERENT)):
        login(client, user)
        for item, content in ((attachment, grid), (answer_file, minutes)):
            download = reverse(
                "label:audit_attachment",
                kwargs={"pk": audit.pk, "request_pk": evidence_request.pk, "attachment_pk": item.pk},
            )
            response = client.get(download)
            assert b"".join(response.streaming_content) == content
            assert (
                response["Content-Type"] == "application/pdf"
                and response["X-Content-Type-Options"] == "nosniff"
            )
            assert response["Content-Disposition"].startswith("attachment; filename=")
    login(client, world.user(Role.ARML_REFERENT))
    page = text(client.get(thread_url))
    assert "Les voici." in page and 'name="text"' not in page
    assert client.post(thread_url, {"text": "Je m'en mêle"}).status_code == 403
    # The auditors ask again (back to OPEN), then close it.
    login(client, lw.lead)
    client.post(thread_url, {"text": "Il manque celui de juin."})
    evidence_request.refresh_from_db()
    assert evidence_request.status == RequestStatus.OPEN
    close = reverse("label:audit_request_close", kwargs={"pk": audit.pk, "request_pk": evidence_request.pk})
    client.post(close)
    evidence_request.refresh_from_db()
    assert evidence_request.status == RequestStatus.CLOSED and evidence_request.closed_at
    login(client, world.user(Role.ML_QUALITY))
    response = client.post(thread_url, {"text": "Et celui de juin ?"})
    assert response.status_code == 422 and "Cette demande est close" in text(response)
    assert evidence_request.messages.count() == 3
    assert client.post(close).status_code == 403  # only the pair closes


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ([("rapport.pdf", EXE)], "programme exécutable"),
        ([("page.pdf", HTML)], "page web"),
        ([("vide.pdf", b"")], "est vide"),
        ([(f"f{index}.pdf", pdf(str(index))) for index in range(6)], "5 au plus par message"),
    ],
)
def test_uploaded_files_are_checked_and_nothing_is_kept_on_refusal(lw, audit, client, files, expected):
    login(client, lw.lead)
    response = client.post(
        reverse("label:audit_request_create", kwargs={"pk": audit.pk}),
        {
            "subject": "Preuves",
            "text": "Voici la grille.",
            "files": [upload(name, data) for name, data in files],
        },
    )
    page = text(response)
    assert response.status_code == 200 and expected in page
    assert 'value="Preuves"' in page and "Voici la grille.</textarea>" in page  # what was typed is kept
    assert not EvidenceRequest.objects.exists() and not RequestAttachment.objects.exists()
    assert not mail.outbox


def test_a_structure_reply_with_a_bad_file_changes_nothing(lw, audit, client):
    evidence_request = requests.open_request(
        audit, membership(lw.lead), subject="Statuts", text="Les statuts."
    )
    login(client, lw.world.user(Role.ML_DIRECTOR))
    url = reverse("label:audit_request", kwargs={"pk": audit.pk, "request_pk": evidence_request.pk})
    response = client.post(url, {"text": "Ci-joint.", "files": [upload("statuts.pdf", EXE)]})
    assert response.status_code == 422 and "programme exécutable" in text(response)
    assert "Ci-joint.</textarea>" in text(response)
    evidence_request.refresh_from_db()
    assert evidence_request.status == RequestStatus.OPEN and evidence_request.messages.count() == 1


def test_request_rules(lw, audit):
    auditor = membership(lw.lead)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(requests.RequestRefused) as refusal:
        requests.open_request(audit, auditor, subject=" ", text="", due_on=yesterday)
    assert refusal.value.messages == [
        "Donnez un objet à la demande.",
        "Décrivez ce que vous demandez à la structure.",
        "La date de réponse attendue est passée : choisissez une date à venir.",
    ]
    with pytest.raises(requests.RequestRefused, match="binôme"):
        requests.open_request(audit, membership(lw.world.user(Role.NATIONAL_ADMIN)), subject="x", text="x")
    with pytest.raises(requests.RequestRefused, match="binôme"):
        requests.open_request(audit, membership(lw.external), subject="x", text="x")  # not in this pair
    assert not EvidenceRequest.objects.exists()


def test_a_file_is_only_reached_through_its_own_request(lw, audit, client):
    auditor = membership(lw.lead)
    first = requests.open_request(audit, auditor, subject="Un", text="Un", files=[upload("a.pdf", pdf("a"))])
    second = requests.open_request(audit, auditor, subject="Deux", text="Deux")
    attachment = RequestAttachment.objects.get()
    login(client, lw.lead)
    ok = {"pk": audit.pk, "request_pk": first.pk, "attachment_pk": attachment.pk}
    assert client.get(reverse("label:audit_attachment", kwargs=ok)).status_code == 200
    wrong = {**ok, "request_pk": second.pk}
    assert client.get(reverse("label:audit_attachment", kwargs=wrong)).status_code == 404
    other = audit_of(lw.world, "ml2", lead_in_pair=True)
    elsewhere = {**ok, "pk": other.pk}
    assert client.get(reverse("label:audit_attachment", kwargs=elsewhere)).status_code == 404


def test_requests_list_and_thread_query_counts_do_not_grow(lw, audit, client):
    auditor = membership(lw.lead)
    staff = membership(lw.world.user(Role.ML_STAFF))
    first = requests.open_request(audit, auditor, subject="Un", text="Un", files=[upload("a.pdf", pdf("a"))])
    login(client, lw.world.user(Role.ML_STAFF))
    pages = [
        reverse("label:audit_requests", kwargs={"pk": audit.pk}),
        reverse("label:audit_request", kwargs={"pk": audit.pk, "request_pk": first.pk}),
        reverse("label:audit_list"),
    ]

    def counts() -> list[int]:
        result = []
        for page in pages:
            with CaptureQueriesContext(connection) as context:
                assert client.get(page).status_code == 200
            result.append(len(context))
        return result

    small = counts()
    for index in range(3):
        requests.open_request(
            audit, auditor, subject=f"Demande {index}", text="x", files=[upload("b.pdf", pdf("b"))]
        )
        requests.post_message(first, staff, text=f"Réponse {index}", files=[upload("c.pdf", pdf(str(index)))])
    assert counts() == small
