"""The library pages: listing, search, forms that keep what was typed, replace, download, query counts."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.evidence import services, usage
from mlplatform.evidence.models import Evidence
from mlplatform.evidence.views import attachment_header

from ..factories import login
from . import samples
from .samples import add_pdf, upload

LIBRARY = "/preuves/ML-A1/"


@pytest.fixture
def staff(world):
    return world.user(Role.ML_STAFF)


@pytest.fixture
def staff_client(world, client, staff):
    return login(client, staff)


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_url_names():
    assert reverse("evidence:library", kwargs={"code": "ML-A1"}) == LIBRARY
    assert reverse("evidence:download_version", kwargs={"code": "ML-A1", "pk": 3, "number": 2}) == (
        "/preuves/ML-A1/3/versions/2/telecharger/"
    )


def test_library_lists_counts_and_hides_archived_by_default(world, staff_client, staff):
    add_pdf(world.ml, staff, title="Charte d'accueil")
    services.add_link(world.ml, url="https://example.org/projet", title="Projet associatif", user=staff)
    archived = add_pdf(world.ml, staff, title="Ancien organigramme", text="organigramme")
    services.archive(archived, staff, 1)
    add_pdf(world.ml2, None, title="Preuve de la voisine")
    content = page(staff_client.get(LIBRARY))
    assert "<h1>Bibliothèque de preuves de la Mission Locale Alpha Un</h1>" in content
    assert "<strong>1</strong> fichier</li>" in content and "<strong>1</strong> lien</li>" in content
    assert "<strong>1</strong> archivée</li>" in content
    assert "Charte d&#x27;accueil" in content and "Projet associatif" in content
    assert "Ancien organigramme" not in content and "voisine" not in content
    assert "Ajouter un fichier" in content
    archived_only = page(staff_client.get(LIBRARY, {"etat": "archivees"}))
    assert "Ancien organigramme" in archived_only and "Charte" not in archived_only
    assert "/media/" not in content  # files are never linked from a public media address


def test_search_by_title_description_and_file_name(world, staff_client, staff):
    add_pdf(world.ml, staff, title="Charte d'accueil")
    services.add_file(
        world.ml, upload("organigramme-2025.pdf", samples.pdf("o")), title="Organisation", user=staff
    )
    services.add_link(
        world.ml, url="https://example.org", title="Site", description="Rapport annuel en ligne", user=staff
    )
    by_file = page(staff_client.get(LIBRARY, {"q": "ORGANIGRAMME"}))
    assert "Organisation" in by_file and "Charte" not in by_file
    assert "correspond à votre recherche" in by_file
    by_description = page(staff_client.get(LIBRARY, {"q": "rapport annuel"}))
    assert ">Site</a>" in by_description and "Organisation" not in by_description
    nothing = page(staff_client.get(LIBRARY, {"q": "introuvable"}))
    assert "Aucune preuve ne correspond à votre recherche." in nothing


def test_filter_by_type_sort_and_htmx_fragment(world, staff_client, staff):
    add_pdf(world.ml, staff, title="B fichier")
    services.add_link(world.ml, url="https://example.org", title="A lien", user=staff)
    links = page(staff_client.get(LIBRARY, {"type": "LINK"}))
    assert "A lien" in links and "B fichier" not in links
    by_title = page(staff_client.get(LIBRARY, {"tri": "titre"}))
    assert by_title.index("A lien") < by_title.index("B fichier")
    recent_first = page(staff_client.get(LIBRARY))
    assert recent_first.index("A lien") < recent_first.index("B fichier")
    oldest_first = page(staff_client.get(LIBRARY, {"tri": "anciennes"}))
    assert oldest_first.index("B fichier") < oldest_first.index("A lien")
    fragment = page(staff_client.get(LIBRARY, {"q": "lien"}, headers={"HX-Request": "true"}))
    assert (
        "<html" not in fragment
        and "A lien" in fragment
        and 'data-result-count="1 preuve trouvée"' in fragment
    )
    # Unknown filter values fall back to the defaults instead of failing.
    assert "B fichier" in page(
        staff_client.get(LIBRARY, {"type": "X", "etat": "?", "tri": "hasard", "page": "z"})
    )


def test_pagination(world, staff_client):
    for index in range(30):
        services.add_link(world.ml, url=f"https://example.org/{index}", title=f"Lien {index:02d}", user=None)
    first = page(staff_client.get(LIBRARY, {"tri": "titre"}))
    assert "Lien 00" in first and "Lien 24" in first and "Lien 25" not in first
    assert "page 1 sur 2" in first and 'href="?tri=titre&amp;page=2"' in first
    second = page(staff_client.get(LIBRARY, {"tri": "titre", "page": 2}))
    assert "Lien 25" in second and "Lien 24" not in second and 'aria-current="page">2<' in second


def test_readers_see_no_add_buttons(world, client, staff):
    add_pdf(world.ml, staff)
    login(client, world.user(Role.ARML_REFERENT))
    content = page(client.get(LIBRARY))
    assert (
        "Ajouter un fichier" not in content
        and "seules les personnes de la Mission Locale Alpha Un" in content
    )
    detail = page(client.get(Evidence.objects.get().get_absolute_url()))
    assert "Remplacer par une nouvelle version" not in detail and "Archiver" not in detail
    assert "Télécharger la version actuelle" in detail


def test_ml_staff_adds_a_file_through_the_page(world, staff_client):
    response = staff_client.post(
        "/preuves/ML-A1/ajouter-fichier/",
        {
            "title": "Procédure",
            "description": "Accueil",
            "file": upload("Procédure été.docx", samples.ooxml("docx")),
        },
    )
    evidence = Evidence.objects.get()
    assert response.status_code == 302 and response.url == evidence.get_absolute_url()
    assert evidence.current_file.original_name == "Procédure été.docx"
    assert evidence.created_by == world.user(Role.ML_STAFF)
    content = page(staff_client.get(response.url))
    assert "La preuve « Procédure » est ajoutée à la bibliothèque." in content


def test_a_disguised_file_is_refused_on_the_page_and_the_typing_is_kept(world, staff_client):
    response = staff_client.post(
        "/preuves/ML-A1/ajouter-fichier/",
        {"title": "Mon rapport", "description": "Texte saisi", "file": upload("rapport.pdf", samples.EXE)},
    )
    content = page(response)
    assert "n&#x27;est pas un document PDF : son contenu est celui d&#x27;un programme exécutable" in content
    assert 'value="Mon rapport"' in content and "Texte saisi</textarea>" in content
    assert "le navigateur ne garde pas le fichier choisi : sélectionnez-le à nouveau" in content
    assert "20 Mo au plus par fichier" in content  # the rules are reminded
    assert not Evidence.objects.exists()


def test_oversize_file_is_refused_on_the_page(world, staff_client, settings):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 1024 * 1024
    big = samples.pdf() + b"0" * (2 * 1024 * 1024)
    content = page(
        staff_client.post("/preuves/ML-A1/ajouter-fichier/", {"title": "Gros", "file": upload("g.pdf", big)})
    )
    assert "pèse 2 Mo : la limite est de 1 Mo." in content
    assert "1 Mo au plus par fichier" in content
    assert not Evidence.objects.exists()


def test_duplicate_upload_points_to_the_existing_evidence(world, staff_client, staff):
    existing = add_pdf(world.ml, staff, title="Rapport d'activité", text="rapport")
    content = page(
        staff_client.post(
            "/preuves/ML-A1/ajouter-fichier/",
            {"title": "Copie", "file": upload("x.pdf", samples.pdf("rapport"))},
        )
    )
    assert f'href="{existing.get_absolute_url()}"' in content
    assert "Ce fichier est déjà dans la bibliothèque" in content
    assert Evidence.objects.count() == 1


def test_add_link_page(world, staff_client):
    refused = page(
        staff_client.post("/preuves/ML-A1/ajouter-lien/", {"title": "Site", "url": "javascript:alert(1)"})
    )
    assert "commençant par https:// ou http://" in refused and 'value="Site"' in refused
    response = staff_client.post(
        "/preuves/ML-A1/ajouter-lien/", {"title": "Site", "url": "https://example.org/é", "description": ""}
    )
    assert response.status_code == 302
    link = Evidence.objects.get()
    assert link.url == "https://example.org/é"
    detail = page(staff_client.get(link.get_absolute_url()))
    assert 'rel="noopener noreferrer nofollow"' in detail and "Versions du fichier" not in detail


def test_replace_through_the_page_keeps_the_old_version(world, staff_client, staff):
    evidence = add_pdf(world.ml, staff, text="v1")
    response = staff_client.post(
        f"/preuves/ML-A1/{evidence.pk}/remplacer/",
        {"version": 1, "file": upload("v2.pdf", samples.pdf("v2"))},
    )
    assert response.status_code == 302
    content = page(staff_client.get(response.url))
    assert "La version 2 est enregistrée" in content
    assert f"/preuves/ML-A1/{evidence.pk}/versions/1/telecharger/" in content
    assert f"/preuves/ML-A1/{evidence.pk}/versions/2/telecharger/" in content
    assert evidence.files.get(number=2).short_sha256 in content


def test_stale_replace_shows_a_clear_message_and_stores_nothing(world, client, staff):
    """Two people open the page at version 1; the first one replaces the file, the second is refused."""
    evidence = add_pdf(world.ml, staff, text="v1")
    quality = login(client, world.user(Role.ML_QUALITY))
    assert 'name="version" value="1"' in page(quality.get(evidence.get_absolute_url()))
    services.replace_file(evidence, upload("autre.pdf", samples.pdf("autre")), user=staff, expected_version=1)
    files_before = default_storage.listdir(f"evidence/{world.ml.pk}")[1]
    response = quality.post(
        f"/preuves/ML-A1/{evidence.pk}/remplacer/",
        {"version": 1, "file": upload("mien.pdf", samples.pdf("mien"))},
    )
    content = page(response)
    assert "Quelqu&#x27;un a modifié cette preuve pendant que vous la consultiez" in content
    assert "rien n&#x27;a été enregistré" in content
    assert 'name="version" value="2"' in content  # the form is ready for a new attempt
    assert "autre.pdf" in content and "mien.pdf" not in content
    assert evidence.files.count() == 2
    assert default_storage.listdir(f"evidence/{world.ml.pk}")[1] == files_before


def test_replace_with_a_bad_file_shows_the_reason_on_the_detail_page(world, staff_client, staff):
    evidence = add_pdf(world.ml, staff)
    content = page(
        staff_client.post(
            f"/preuves/ML-A1/{evidence.pk}/remplacer/", {"version": 1, "file": upload("a.pdf", samples.HTML)}
        )
    )
    assert "page web (HTML)" in content and "La nouvelle version n'a pas été enregistrée" in content
    assert "sélectionnez-le à nouveau" in content
    assert evidence.files.count() == 1


def test_edit_with_a_concurrent_change_keeps_the_typing(world, staff_client, staff):
    evidence = add_pdf(world.ml, staff, title="Titre d'origine")
    services.update_details(evidence, user=staff, expected_version=1, title="Titre de l'autre")
    content = page(
        staff_client.post(
            f"/preuves/ML-A1/{evidence.pk}/modifier/",
            {"version": 1, "title": "Mon titre", "description": "x"},
        )
    )
    assert "Version enregistrée entre-temps" in content and "Titre de l&#x27;autre" in content
    assert 'value="Mon titre"' in content and 'name="version" value="2"' in content
    response = staff_client.post(
        f"/preuves/ML-A1/{evidence.pk}/modifier/", {"version": 2, "title": "Mon titre", "description": "x"}
    )
    assert response.status_code == 302
    evidence.refresh_from_db()
    assert (evidence.title, evidence.version) == ("Mon titre", 3)


def test_archive_and_restore_through_the_pages(world, staff_client, staff):
    evidence = add_pdf(world.ml, staff)
    response = staff_client.post(f"/preuves/ML-A1/{evidence.pk}/archiver/", {"version": 1})
    assert response.status_code == 302
    evidence.refresh_from_db()
    assert evidence.archived
    detail = page(staff_client.get(evidence.get_absolute_url()))
    assert "Cette preuve est archivée" in detail and "Restaurer la preuve" in detail
    assert "Remplacer par une nouvelle version" not in detail
    stale = staff_client.post(f"/preuves/ML-A1/{evidence.pk}/restaurer/", {"version": 1}, follow=True)
    assert "Quelqu&#x27;un a modifié cette preuve" in page(stale)
    staff_client.post(f"/preuves/ML-A1/{evidence.pk}/restaurer/", {"version": 2})
    evidence.refresh_from_db()
    assert not evidence.archived


def test_download_streams_the_file_as_an_attachment(world, staff_client, staff):
    content = samples.pdf("Compte rendu")
    evidence = services.add_file(world.ml, upload("Compte rendu été.pdf", content), title="CR", user=staff)
    response = staff_client.get(f"/preuves/ML-A1/{evidence.pk}/telecharger/")
    assert response.status_code == 200 and response.streaming
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(content))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Compte rendu ete.pdf\"; filename*=UTF-8''" + quote("Compte rendu été.pdf")
    )


def test_download_of_an_old_version_and_of_missing_ones(world, staff_client, staff):
    evidence = add_pdf(world.ml, staff, text="v1")
    services.replace_file(evidence, upload("v2.pdf", samples.pdf("v2")), user=staff, expected_version=1)
    old = staff_client.get(f"/preuves/ML-A1/{evidence.pk}/versions/1/telecharger/")
    assert b"".join(old.streaming_content) == samples.pdf("v1")
    assert old["Content-Disposition"] == 'attachment; filename="compte-rendu.pdf"'
    assert staff_client.get(f"/preuves/ML-A1/{evidence.pk}/versions/3/telecharger/").status_code == 404
    link = services.add_link(world.ml, url="https://example.org", title="L", user=staff)
    assert staff_client.get(f"/preuves/ML-A1/{link.pk}/telecharger/").status_code == 404


def test_download_is_scoped(world, client, staff):
    evidence = add_pdf(world.ml, staff)
    url = f"/preuves/ML-A1/{evidence.pk}/telecharger/"
    assert client.get(url).status_code == 302  # anonymous: sign in first
    login(client, world.user("OTHER_ML_DIRECTOR"))
    assert client.get(url).status_code == 404
    login(client, world.user(Role.ARML_REFERENT))
    assert client.get(url).status_code == 200
    # The right evidence number under another structure's code is not found either.
    assert client.get(f"/preuves/ML-A2/{evidence.pk}/telecharger/").status_code == 404
    assert client.get(f"/preuves/ML-A2/{evidence.pk}/").status_code == 404


def test_attachment_header():
    assert attachment_header("rapport.pdf") == 'attachment; filename="rapport.pdf"'
    assert (
        attachment_header('a"b;c.pdf') == "attachment; filename=\"a_b_c.pdf\"; filename*=UTF-8''a%22b%3Bc.pdf"
    )
    assert (
        attachment_header("日本.pdf")
        == "attachment; filename=\".pdf\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.pdf"
    )


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_library_query_count_does_not_grow_with_the_library(world, staff_client, staff):
    def fill(start: int, count: int) -> None:
        for index in range(start, start + count):
            evidence = services.add_file(
                world.ml,
                upload(f"f{index}.pdf", samples.pdf(str(index))),
                title=f"Preuve {index}",
                user=staff,
            )
            if index % 2:
                services.replace_file(
                    evidence, upload("v2.pdf", samples.pdf(f"{index} v2")), user=staff, expected_version=1
                )
            services.add_link(world.ml, url=f"https://example.org/{index}", title=f"Lien {index}", user=staff)

    fill(0, 2)
    small = [_count(staff_client, LIBRARY), _count(staff_client, LIBRARY + "?q=preuve&etat=toutes")]
    fill(100, 20)
    large = [_count(staff_client, LIBRARY), _count(staff_client, LIBRARY + "?q=preuve&etat=toutes")]
    assert small == large
    # Session, person, role, two-factor checks, roles menu: 7; structure, counts, total, rows: 4.
    assert max(large) <= 12, large


def test_detail_query_count_does_not_grow_with_the_versions(world, staff_client, staff):
    evidence = add_pdf(world.ml, staff, text="v1")
    small = _count(staff_client, evidence.get_absolute_url())
    for number in range(2, 8):
        services.replace_file(
            evidence,
            upload(f"v{number}.pdf", samples.pdf(f"v{number}")),
            user=staff,
            expected_version=number - 1,
        )
    assert _count(staff_client, evidence.get_absolute_url()) == small <= 12


def test_other_applications_list_where_the_evidence_is_used(world, staff_client, staff, monkeypatch):
    monkeypatch.setattr(usage, "_providers", [])
    evidence = add_pdf(world.ml, staff)
    assert "Utilisée pour" not in page(staff_client.get(evidence.get_absolute_url()))

    @usage.register_usage_provider
    def requirements(request, item):
        return f"<section><h2>Utilisée pour</h2><p>{item.pk} · {request.user.pk}</p></section>"

    usage.register_usage_provider(requirements)  # registering twice shows it once
    content = page(staff_client.get(evidence.get_absolute_url()))
    assert content.count("<h2>Utilisée pour</h2>") == 1
    assert f"<p>{evidence.pk} · {staff.pk}</p>" in content
