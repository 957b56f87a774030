"""The upload page: files checked, an import job submitted, its page polled with HTMX."""

from __future__ import annotations

import html
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.observatory.indicators import indicators
from mlplatform.observatory.models import ImportJob

from ..access_cases.observatory import make_job
from ..factories import login
from .factories import acte, jeune, write_dataset

YEAR = 2023


def _files(tmp_path: Path, structure: str = "ML-A1", fmt: str = "csv", **extra) -> list[SimpleUploadedFile]:
    rows = {
        "jeunes": [jeune(structure, f"{structure.lower()}-jeune-{n:02d}", **extra) for n in range(3)],
        "evenements": [
            acte(structure, f"{structure.lower()}-jeune-{n:02d}", f"{YEAR}-05-02") for n in range(3)
        ],
    }
    paths = write_dataset(tmp_path, fmt=fmt, **rows)
    return [SimpleUploadedFile(name, path.read_bytes()) for name, path in paths.items()]


def _post(client, files, year: int = YEAR):
    return client.post("/observatoire/import/", {"annee": year, "fichiers": files})


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_ml_director_imports_own_ml(world, client, tmp_path, fmt):
    login(client, world.user(Role.ML_DIRECTOR))
    response = _post(client, _files(tmp_path, fmt=fmt))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == f"/observatoire/import/{job.pk}/"
    assert job.status == ImportJob.Status.SUCCEEDED, job.problems or job.error
    assert indicators(YEAR, world.ml)["indicators"]["jeunes_accompagnes"] == 3
    content = client.get(response.url).content.decode()
    assert "Import terminé" in content and "hx-trigger" not in content
    assert f".{fmt}" in content  # the files' names are listed
    # The list of recent imports shows it.
    assert f"/observatoire/import/{job.pk}/" in client.get("/observatoire/import/").content.decode()


def test_refused_import_lists_the_problems(world, client, tmp_path):
    login(client, world.user(Role.ML_DIRECTOR))
    response = _post(client, _files(tmp_path, nom="Dupont"))
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.REFUSED
    content = html.unescape(client.get(response.url).content.decode())
    assert "Import refusé" in content and "Rien n'a été modifié" in content
    assert "pseudonymis" in content and "<td>jeunes.csv</td>" in content and "<td>nom</td>" in content
    assert indicators(YEAR, world.ml)["coverage"]["mls"] == []


def test_a_refusal_shows_no_identifier_to_anyone(world, client, tmp_path):
    """A duplicated young person: the ML, the ARML and the UNML see file, line, column and rule,
    never the identifier, and the job does not store it."""
    login(client, world.user(Role.ML_DIRECTOR))
    files = _files(tmp_path)
    jeunes = next(f for f in files if f.name == "jeunes.csv")
    content = jeunes.read().decode()
    jeunes.seek(0)
    duplicate = content.splitlines()[1]  # the first young person, given twice
    files[files.index(jeunes)] = SimpleUploadedFile("jeunes.csv", (content + duplicate + "\n").encode())
    response = _post(client, files)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.REFUSED
    raw = "ml-a1-jeune-00"
    assert raw not in repr(job.problems)
    for role in (Role.ML_DIRECTOR, Role.ARML_STAFF, Role.NATIONAL_ADMIN):
        login(client, world.user(role))
        page = html.unescape(client.get(response.url).content.decode())
        assert "identifiant non affiché" in page and "<td>jeune</td>" in page
        assert raw not in page


def test_a_job_recorded_with_an_identifier_does_not_show_it(world, client):
    problems = [
        {
            "rule": "jeune_duplicate",
            "message": "Jeune présent deux fois",
            "count": 1,
            "examples": [{"file": "jeunes.csv", "line": 4, "column": "jeune", "value": "identifiant-brut"}],
        }
    ]
    job = make_job(world, status=ImportJob.Status.REFUSED, problems=problems, summary="")
    login(client, world.user(Role.ARML_REFERENT))
    page = client.get(f"/observatoire/import/{job.pk}/").content.decode()
    assert "identifiant-brut" not in page and "identifiant non affiché" in page


def test_ml_director_cannot_import_another_ml(world, client, tmp_path):
    login(client, world.user(Role.ML_DIRECTOR))
    _post(client, _files(tmp_path, structure="ML-A2"))
    assert ImportJob.objects.get().status == ImportJob.Status.REFUSED
    assert indicators(YEAR, world.ml2)["coverage"]["mls"] == []


def test_arml_staff_imports_its_region(world, client, tmp_path):
    login(client, world.user(Role.ARML_STAFF))
    _post(client, _files(tmp_path, structure="ML-A2"))
    assert ImportJob.objects.get().status == ImportJob.Status.SUCCEEDED


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("autre.csv", b"a;b\n1;2\n", "n'est pas un fichier prévu"),
        ("jeunes.txt", b"a;b\n1;2\n", "n'est pas un fichier prévu"),
        ("jeunes.parquet", b"structure;jeune\n", "n'est pas un fichier Parquet"),
        ("jeunes.csv", b"PAR1\x00\x00binaire", "n'est pas un fichier CSV"),
        ("jeunes.csv", "é".encode("latin-1") * 10, "n'est pas un fichier CSV"),
    ],
)
def test_wrong_files_are_refused_before_any_job(world, client, name, content, message):
    login(client, world.user(Role.NATIONAL_ADMIN))
    response = _post(client, [SimpleUploadedFile(name, content)])
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert not ImportJob.objects.exists()


def test_a_table_given_twice_and_a_size_limit(world, client, settings):
    login(client, world.user(Role.NATIONAL_ADMIN))
    files = [
        SimpleUploadedFile("jeunes.csv", b"structure\n"),
        SimpleUploadedFile("jeunes.parquet", b"PAR1xxPAR1"),
    ]
    assert "déposée deux fois" in html.unescape(_post(client, files).content.decode())
    settings.OBSERVATORY_UPLOAD_MAX_BYTES = 5
    content = _post(client, [SimpleUploadedFile("jeunes.csv", b"structure;jeune\n")]).content.decode()
    assert "trop volumineux" in content
    assert not ImportJob.objects.exists()


def test_job_page_polls_until_the_job_is_finished(world, client):
    running = make_job(world, status=ImportJob.Status.RUNNING, progress=40, step="Contrôle des fichiers")
    login(client, world.user(Role.ML_DIRECTOR))
    page = client.get(f"/observatoire/import/{running.pk}/").content.decode()
    assert f'hx-get="/observatoire/import/{running.pk}/etat/"' in page and 'hx-trigger="every 2s"' in page
    assert 'aria-live="polite"' in page
    fragment = client.get(f"/observatoire/import/{running.pk}/etat/", headers={"HX-Request": "true"})
    content = fragment.content.decode()
    assert "<html" not in content and '<progress id="avancement-' in content and 'value="40"' in content
    assert "40 % — Contrôle des fichiers" in content and 'hx-trigger="every 2s"' in content
    ImportJob.objects.filter(pk=running.pk).update(status=ImportJob.Status.FAILED, error="Disque plein.")
    content = client.get(f"/observatoire/import/{running.pk}/etat/").content.decode()
    assert "hx-trigger" not in content and "L'import a échoué : Disque plein." in html.unescape(content)


def test_recent_jobs_are_those_of_the_perimeter(world, client):
    mine = make_job(world, "ml")
    other = make_job(world, "ml2")
    login(client, world.user(Role.ML_DIRECTOR))
    content = client.get("/observatoire/import/").content.decode()
    assert (
        f"/observatoire/import/{mine.pk}/" in content and f"/observatoire/import/{other.pk}/" not in content
    )
    login(client, world.user(Role.ARML_REFERENT))
    content = client.get("/observatoire/import/").content.decode()
    assert f"/observatoire/import/{mine.pk}/" in content and f"/observatoire/import/{other.pk}/" in content


def test_a_job_whose_worker_died_is_reported_failed(world, client):
    long_ago = timezone.now() - timedelta(hours=1)
    dead = make_job(
        world, status=ImportJob.Status.RUNNING, progress=10, heartbeat_at=long_ago, started_at=long_ago
    )
    login(client, world.user(Role.ML_DIRECTOR))
    content = html.unescape(client.get(f"/observatoire/import/{dead.pk}/etat/").content.decode())
    assert "L'import a échoué : Le traitement a été interrompu" in content and "hx-trigger" not in content
    dead.refresh_from_db()
    assert dead.status == ImportJob.Status.FAILED
