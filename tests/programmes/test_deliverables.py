"""Deliverables: files checked like evidence, random storage names, downloads inside the perimeter."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.programmes.models import Deliverable

from ..evidence.samples import pdf
from ..factories import login
from .world import prae_action, prae_deliverable_kwargs

pytestmark = pytest.mark.django_db


def _post(client, action, upload, title="Compte rendu"):
    url = reverse(
        "programmes:follow_up", kwargs={"code": action.programme_version.programme.code, "number": 1}
    )
    return client.post(
        url, {"formulaire": "livrable", "livrable-version": action.version, "livrable-title": title,
              "livrable-file": upload},
    )  # fmt: skip


def test_a_pdf_is_stored_under_a_random_name_and_downloaded(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    action = prae_action(world)
    login(client, world.user(Role.ARML_REFERENT))
    response = _post(
        client, action, SimpleUploadedFile("Compte rendu été.pdf", pdf(), content_type="application/pdf")
    )
    assert response.status_code == 302
    deliverable = Deliverable.objects.get()
    assert deliverable.original_name == "Compte rendu été.pdf" and "été" not in deliverable.file.name
    assert deliverable.content_type == "application/pdf"
    login(client, world.user(Role.ML_STAFF))
    url = reverse("programmes:deliverable", kwargs={"code": "PRAE-ARML-A", "number": 1, "pk": deliverable.pk})
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    login(client, world.user("OTHER_ML_DIRECTOR"))
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rapport.pdf", b"<html><script>alert(1)</script></html>", "rapport.pdf"),
        ("outil.exe", b"MZ\x90\x00" + b"\x00" * 60, "outil.exe"),
        ("vide.pdf", b"", "Le fichier est vide"),
    ],
)
def test_a_refused_file_changes_nothing(world, client, settings, tmp_path, name, content, message):
    settings.MEDIA_ROOT = tmp_path
    action = prae_action(world)
    login(client, world.user(Role.ARML_STAFF))
    response = _post(client, action, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Deliverable.objects.exists() and not any(tmp_path.rglob("*.*"))
    action.refresh_from_db()
    assert action.version == prae_action(world).version


def test_the_access_case_builder_is_idempotent(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert prae_deliverable_kwargs(world) == prae_deliverable_kwargs(world)
