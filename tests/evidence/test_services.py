"""services.py: adding, replacing, editing, archiving; refusals store nothing; versions are kept."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction

from mlplatform.accounts.enums import Role
from mlplatform.evidence import services
from mlplatform.evidence.models import Evidence, EvidenceFile, EvidenceKind

from . import samples
from .samples import add_pdf, upload


def stored_files(structure) -> list[str]:
    folder = f"evidence/{structure.pk}"
    return default_storage.listdir(folder)[1] if default_storage.exists(folder) else []


@pytest.fixture
def staff(world):
    return world.user(Role.ML_STAFF)


def test_add_file_stores_the_content_under_a_random_name_in_the_structure_folder(world, staff):
    content = samples.pdf("Charte d'accueil")
    evidence = services.add_file(
        world.ml,
        upload("Charte d'accueil signée.pdf", content),
        title="Charte",
        user=staff,
        description="  v1 ",
    )
    evidence.refresh_from_db()
    version = evidence.current_file
    assert (evidence.kind, evidence.title, evidence.description, evidence.version) == (
        EvidenceKind.FILE,
        "Charte",
        "v1",
        1,
    )
    assert evidence.created_by == staff and evidence.url == ""
    assert version.number == 1 and version.uploaded_by == staff
    assert version.original_name == "Charte d'accueil signée.pdf"
    assert version.size == len(content)
    assert version.content_type == "application/pdf"
    assert version.sha256 == hashlib.sha256(content).hexdigest()
    folder, _, stored = version.file.name.rpartition("/")
    assert folder == f"evidence/{world.ml.pk}"
    assert len(stored) == 32 and int(stored, 16) >= 0  # uuid4 hex, nothing from the uploaded name
    assert "Charte" not in version.file.name and "pdf" not in version.file.name
    with default_storage.open(version.file.name, "rb") as handle:
        assert handle.read() == content


def test_two_uploads_of_the_same_name_get_different_storage_names(world, staff):
    first = services.add_file(world.ml, upload("a.pdf", samples.pdf("un")), title="Un", user=staff)
    second = services.add_file(world.ml, upload("a.pdf", samples.pdf("deux")), title="Deux", user=staff)
    assert first.current_file.file.name != second.current_file.file.name


def test_a_refused_file_stores_nothing(world, staff):
    before = stored_files(world.ml)
    with pytest.raises(services.EvidenceRefused) as caught:
        services.add_file(world.ml, upload("rapport.pdf", samples.EXE), title="  ", user=staff)
    assert caught.value.messages[0] == "Donnez un titre à la preuve."
    assert "programme exécutable" in caught.value.messages[1]
    assert not Evidence.objects.exists() and not EvidenceFile.objects.exists()
    assert stored_files(world.ml) == before


def test_identical_content_is_offered_instead_of_duplicated(world, staff):
    existing = add_pdf(world.ml, staff, title="Rapport d'activité", text="même contenu")
    before = stored_files(world.ml)
    with pytest.raises(services.DuplicateEvidence) as caught:
        services.add_file(
            world.ml, upload("autre nom.pdf", samples.pdf("même contenu")), title="Copie", user=staff
        )
    assert caught.value.existing == existing
    assert "« Rapport d'activité »" in caught.value.messages[0]
    assert isinstance(caught.value, services.EvidenceRefused)
    assert Evidence.objects.count() == 1 and stored_files(world.ml) == before
    # Another structure may hold the same document, and an archived copy does not block a new one.
    services.add_file(world.ml2, upload("a.pdf", samples.pdf("même contenu")), title="Autre ML", user=None)
    services.archive(existing, staff, existing.version)
    again = services.add_file(
        world.ml, upload("a.pdf", samples.pdf("même contenu")), title="Nouveau", user=staff
    )
    assert again.pk != existing.pk


def test_add_link_accepts_http_and_https_only(world, staff):
    link = services.add_link(world.ml, url=" https://example.org/rapport ", title="Rapport", user=staff)
    assert (link.kind, link.url, link.current_file) == (
        EvidenceKind.LINK,
        "https://example.org/rapport",
        None,
    )
    assert services.add_link(world.ml, url="http://intranet.example/a", title="Intranet", user=staff).pk
    for url in ("javascript:alert(1)", "ftp://example.org/a", "/relatif", "example.org", "https://", ""):
        with pytest.raises(services.EvidenceRefused):
            services.add_link(world.ml, url=url, title="Mauvais", user=staff)
    with pytest.raises(services.EvidenceRefused) as caught:
        services.add_link(world.ml, url="javascript:alert(1)", title="", user=staff)
    assert len(caught.value.messages) == 2
    assert Evidence.objects.count() == 2


def test_replace_adds_a_version_and_keeps_the_old_one(world, staff):
    evidence = add_pdf(world.ml, staff, text="version 1")
    first = evidence.current_file
    director = world.user(Role.ML_DIRECTOR)
    second = services.replace_file(
        evidence, upload("v2.pdf", samples.pdf("version 2")), user=director, expected_version=1
    )
    evidence.refresh_from_db()
    assert (second.number, evidence.current_file, evidence.version) == (2, second, 2)
    assert second.uploaded_by == director and second.original_name == "v2.pdf"
    assert list(evidence.files.order_by("number").values_list("number", flat=True)) == [1, 2]
    with default_storage.open(first.file.name, "rb") as handle:
        assert handle.read() == samples.pdf("version 1")
    assert first.file.name != second.file.name
    third = services.replace_file(
        evidence, upload("v3.pdf", samples.pdf("version 1")), user=staff, expected_version=2
    )
    assert third.number == 3  # bringing back the content of version 1 is a new version


def test_stale_replace_is_refused_and_stores_nothing(world, staff):
    evidence = add_pdf(world.ml, staff)
    seen_by_both = Evidence.objects.get(pk=evidence.pk)
    services.replace_file(evidence, upload("a.pdf", samples.pdf("A")), user=staff, expected_version=1)
    before = stored_files(world.ml)
    with pytest.raises(services.StaleEvidence) as caught:
        services.replace_file(
            seen_by_both, upload("b.pdf", samples.pdf("B")), user=staff, expected_version=seen_by_both.version
        )
    assert caught.value.current.version == 2
    assert caught.value.current.current_file.original_name == "a.pdf"
    assert evidence.files.count() == 2
    assert stored_files(world.ml) == before


def test_replace_refusals(world, staff):
    evidence = add_pdf(world.ml, staff, text="actuel")
    other = add_pdf(world.ml, staff, title="Autre", text="autre")
    link = services.add_link(world.ml, url="https://example.org", title="Lien", user=staff)
    with pytest.raises(services.EvidenceRefused, match="identique à la version actuelle"):
        services.replace_file(
            evidence, upload("a.pdf", samples.pdf("actuel")), user=staff, expected_version=1
        )
    with pytest.raises(services.DuplicateEvidence) as caught:
        services.replace_file(evidence, upload("a.pdf", samples.pdf("autre")), user=staff, expected_version=1)
    assert caught.value.existing == other
    with pytest.raises(services.EvidenceRefused, match="Un lien ne se remplace pas"):
        services.replace_file(link, upload("a.pdf", samples.pdf("x")), user=staff, expected_version=1)
    with pytest.raises(services.EvidenceRefused, match="n'est pas un document PDF"):
        services.replace_file(evidence, upload("a.pdf", samples.HTML), user=staff, expected_version=1)
    services.archive(evidence, staff, 1)
    evidence.refresh_from_db()
    with pytest.raises(services.EvidenceRefused, match="archivée"):
        services.replace_file(evidence, upload("a.pdf", samples.pdf("y")), user=staff, expected_version=2)
    assert evidence.files.count() == 1


def test_archive_and_restore_follow_the_version(world, staff):
    evidence = add_pdf(world.ml, staff)
    services.archive(evidence, staff, 1)
    assert evidence.archived and evidence.archived_at is not None and evidence.version == 2
    assert not Evidence.objects.active().filter(pk=evidence.pk).exists()
    with pytest.raises(services.StaleEvidence):
        services.restore(evidence, staff, 1)
    with pytest.raises(services.EvidenceRefused, match="déjà archivée"):
        services.archive(evidence, staff, 2)
    services.restore(evidence, staff, 2)
    assert not evidence.archived and evidence.archived_at is None and evidence.version == 3


def test_update_details(world, staff):
    link = services.add_link(world.ml, url="https://example.org/a", title="A", user=staff)
    services.update_details(
        link,
        user=staff,
        expected_version=1,
        title=" Nouveau  titre ",
        description="d",
        url="https://example.org/b",
    )
    assert (link.title, link.description, link.url, link.version) == (
        "Nouveau titre",
        "d",
        "https://example.org/b",
        2,
    )
    with pytest.raises(services.StaleEvidence):
        services.update_details(
            link, user=staff, expected_version=1, title="Trop tard", url="https://example.org/c"
        )
    with pytest.raises(services.EvidenceRefused):
        services.update_details(link, user=staff, expected_version=2, title="", url="javascript:x")
    link.refresh_from_db()
    assert link.title == "Nouveau titre" and link.version == 2
    evidence = add_pdf(world.ml, staff)
    services.update_details(
        evidence, user=staff, expected_version=1, title="Titre", url="https://ignored.example"
    )
    assert evidence.url == ""  # a file has no address


def test_a_failed_transaction_removes_the_file_it_wrote(world, staff):
    before = stored_files(world.ml)
    with pytest.raises(RuntimeError), services._cleanup_on_failure() as written, transaction.atomic():
        evidence = Evidence.objects.create(structure=world.ml, kind=EvidenceKind.FILE, title="T")
        checked = services.check_upload(upload("a.pdf", samples.pdf("perdu")))
        services._write(evidence, upload("a.pdf", samples.pdf("perdu")), checked, staff, 1, written)
        assert len(stored_files(world.ml)) == len(before) + 1
        raise RuntimeError("la base refuse")
    assert stored_files(world.ml) == before
    assert not Evidence.objects.filter(title="T").exists()


def test_database_constraints(world, staff):
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(structure=world.ml, kind=EvidenceKind.LINK, title="Lien sans adresse")
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(
            structure=world.ml, kind=EvidenceKind.FILE, title="F", url="https://example.org"
        )
    evidence = add_pdf(world.ml, staff)
    version = evidence.current_file
    with pytest.raises(IntegrityError), transaction.atomic():
        EvidenceFile.objects.create(
            evidence=evidence, number=1, file=version.file.name, original_name="x.pdf", size=1,
            content_type="application/pdf", sha256="0" * 64,
        )  # fmt: skip


def test_for_user_follows_the_perimeter(world, staff):
    mine = add_pdf(world.ml, staff, title="ML-A1")
    neighbour = add_pdf(world.ml2, None, title="ML-A2")
    elsewhere = add_pdf(world.other_ml, None, title="ML-B1")
    assert list(Evidence.objects.for_user(staff)) == [mine]
    assert set(Evidence.objects.for_user(world.user(Role.ARML_REFERENT))) == {mine, neighbour}
    assert set(Evidence.objects.for_user(world.user(Role.NATIONAL_ADMIN))) == {mine, neighbour, elsewhere}
    assert not Evidence.objects.for_user(world.user(Role.AUDITOR)).exists()
    assert list(EvidenceFile.objects.for_user(staff)) == [mine.current_file]
