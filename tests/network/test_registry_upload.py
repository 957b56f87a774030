"""The upload page of the network registry (/reseau/import/), for national administrators only."""

from __future__ import annotations

import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.network.models import Site, Structure

from ..factories import login
from .test_registry_import import (
    SITE_HEADER,
    csv_bytes,
    new_region_rows,
    site_row,
    snapshot,
    world_sites,
    world_structures,
)

URL = "/reseau/import/"


def upload(content: bytes, name: str = "structures.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.fixture
def admin_client(world, client):
    return login(client, world.user(Role.NATIONAL_ADMIN))


def test_url_name():
    assert reverse("network:registry_import") == URL


def test_national_admin_sees_the_form_and_the_expected_columns(admin_client):
    response = admin_client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Importer le répertoire du réseau</h1>" in page
    assert 'enctype="multipart/form-data"' in page
    assert '<label for="id_structures">' in page and '<label for="id_sites">' in page
    assert 'aria-describedby="id_structures_helptext"' in page
    assert 'id="id_structures_helptext"' in page
    assert 'type="checkbox" name="dry_run"' in page
    assert "<caption>Colonnes de structures.csv" in page and "<caption>Colonnes de sites.csv" in page
    for column in ("code", "type", "nom", "parent", "region", "departement", "statut", "site_web", "commune"):
        assert f'<th scope="row"><code>{column}</code></th>' in page
    assert "style=" not in page and "<script>" not in page  # strict CSP


@pytest.mark.parametrize(
    "role",
    [
        Role.ARML_REFERENT,
        Role.ARML_STAFF,
        Role.ML_DIRECTOR,
        Role.ML_QUALITY,
        Role.ML_STAFF,
        Role.AUDITOR,
        Role.COMMISSION_MEMBER,
        "NO_ROLE",
    ],
)
def test_other_roles_are_refused(world, client, role):
    login(client, world.user(role))
    assert client.get(URL).status_code == 403
    before = snapshot()
    rows = [*world_structures(), *new_region_rows()]
    response = client.post(URL, {"structures": upload(csv_bytes(rows))})
    assert response.status_code == 403
    assert snapshot() == before


def test_anonymous_is_sent_to_the_login_page(db, client):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith("/connexion/")


def test_successful_import_shows_counts_and_absent_structures(admin_client, world):
    structures = csv_bytes([*world_structures()[:5], *new_region_rows()])
    sites = csv_bytes([*world_sites(), site_row("ML-C1", "Siège Ajaccio", commune="Ajaccio")], SITE_HEADER)
    response = admin_client.post(URL, {"structures": upload(structures), "sites": upload(sites, "sites.csv")})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Import terminé" in page
    assert re.search(r"Structures \(structures\.csv\)</th><td>3</td><td>0</td><td>5</td>", page)
    assert re.search(r"Lieux d'accueil \(sites\.csv\)</th><td>1</td><td>0</td><td>3</td>", page)
    assert "Structures de la plateforme absentes du fichier : 1" in page
    assert "<td>ML-B1</td><td>Mission Locale</td><td>Mission Locale Bêta Un</td>" in page
    assert Structure.objects.filter(code="ML-C1", parent__code="ARML-C").exists()
    assert Structure.objects.filter(code="ML-B1").exists()  # absent, not deleted
    assert Site.objects.filter(structure__code="ML-C1", town="Ajaccio").exists()
    assert default_storage.listdir("") == ([], [])  # the uploaded files are not kept


def test_sites_file_is_optional(admin_client, world):
    response = admin_client.post(URL, {"structures": upload(csv_bytes(world_structures()))})
    page = response.content.decode()
    assert "Import terminé" in page and "Lieux d'accueil (" not in page
    assert "Toutes les structures ouvertes de la plateforme figurent dans le fichier." in page


def test_dry_run_checkbox(admin_client, world):
    before = snapshot()
    rows = [*world_structures(), *new_region_rows()]
    response = admin_client.post(URL, {"structures": upload(csv_bytes(rows)), "dry_run": "on"})
    page = response.content.decode()
    assert "Simulation : les fichiers sont valides" in page
    assert re.search(r"Structures \(structures\.csv\)</th><td>3</td><td>0</td><td>6</td>", page)
    assert snapshot() == before


def test_refused_import_shows_every_problem_grouped_per_rule(admin_client, world):
    before = snapshot()
    rows = world_structures()
    rows[2]["type"] = "MILO"
    rows[3]["departement"] = "99"
    rows += [dict(rows[4], code=f"ARML-X{i}", email=f"faux{i}") for i in range(12)]
    sites = csv_bytes([site_row("ML-Z9", "Siège")], SITE_HEADER)
    files = {"structures": upload(csv_bytes(rows)), "sites": upload(sites, "sites.csv")}
    response = admin_client.post(URL, files)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Import refusé : 15 problèmes" in page
    assert "Rien n'a été modifié." in page
    assert "<caption>Type de structure inconnu (UNML, ARML ou ML) : 1 ligne</caption>" in page
    assert "<caption>Adresse électronique mal formée : 12 lignes</caption>" in page
    assert "<caption>Lieu d&#x27;accueil rattaché à une structure inconnue : 1 ligne</caption>" in page
    assert page.count('<th scope="col">Ligne</th>') == 4
    cells = r"<td>{}</td>\s*<td>{}</td>\s*<td>{}</td>\s*<td><code>{}</code></td>"
    assert re.search(cells.format(r"structures\.csv", 4, "type", "MILO"), page)
    assert re.search(cells.format(r"sites\.csv", 2, "structure", "ML-Z9"), page)
    assert "<code>faux9</code>" in page and "<code>faux10</code>" not in page  # the first 10 rows of a rule
    assert "… et 2 autres lignes pour cette règle." in page
    assert snapshot() == before


def test_unreadable_file_is_refused_with_a_message(admin_client, world):
    before = snapshot()
    response = admin_client.post(URL, {"structures": upload(b"%PDF-1.7\n%\xe2\xe3", "structures.csv")})
    page = response.content.decode()
    assert "Le fichier structures.csv est un document PDF" in page
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("structures.xlsx", "Seuls les fichiers .csv et .parquet sont acceptés."),
        ("structures.pdf", "Seuls les fichiers .csv et .parquet sont acceptés."),
        ("structures", "Seuls les fichiers .csv et .parquet sont acceptés."),
        ("<img src=x>.csv", "Ce nom de fichier n&#x27;est pas accepté"),
        ("structures;rm.csv", "Ce nom de fichier n&#x27;est pas accepté"),
        (".csv", "Ce nom de fichier n&#x27;est pas accepté"),
        ("a..csv", "Ce nom de fichier n&#x27;est pas accepté"),
        ("x" * 120 + ".csv", "Ce nom de fichier n&#x27;est pas accepté"),
    ],
)
def test_bad_file_names_are_refused(admin_client, world, name, message):
    before = snapshot()
    rows = [*world_structures(), *new_region_rows()]
    response = admin_client.post(URL, {"structures": upload(csv_bytes(rows), name)})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'id="id_structures_error"' in page
    assert snapshot() == before


def test_accepted_file_name_and_a_parquet_name_on_a_csv_content(admin_client, world):
    content = csv_bytes(world_structures())
    name = "Répertoire d'Occitanie (2025)_v2.CSV"
    page = admin_client.post(URL, {"structures": upload(content, name)}).content.decode()
    assert "Import terminé" in page
    page = admin_client.post(URL, {"structures": upload(content, "structures.parquet")}).content.decode()
    assert "n&#x27;est pas un fichier Parquet valide" in page and "Import terminé" not in page


def test_oversized_file_is_refused(admin_client, world, settings):
    settings.REGISTRY_UPLOAD_MAX_BYTES = 200
    before = snapshot()
    rows = [*world_structures(), *new_region_rows()]
    sites = csv_bytes(world_sites(), SITE_HEADER)
    files = {"structures": upload(csv_bytes(rows)), "sites": upload(sites, "sites.csv")}
    page = admin_client.post(URL, files).content.decode()
    assert "Ce fichier est trop volumineux" in page and "200\xa0octets au plus" in page
    assert snapshot() == before


def test_structures_file_is_required_and_empty_files_refused(admin_client, world):
    page = admin_client.post(URL, {}).content.decode()
    assert 'id="id_structures_error"' in page
    page = admin_client.post(URL, {"structures": upload(b"")}).content.decode()
    assert 'id="id_structures_error"' in page
    assert "Import terminé" not in page
