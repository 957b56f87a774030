"""What the upload page reports: a file of personal data once, the birth month, the recent imports."""

from __future__ import annotations

import html
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from mlplatform.accounts.enums import Role
from mlplatform.observatory.importer import RULES, import_dataset
from mlplatform.observatory.models import Dataset, DatasetStructure, ImportJob

from ..access_cases.observatory import make_job
from ..factories import login, make_user
from .factories import acte, jeune, write_dataset

YEAR = 2023
JEUNES_HEADER = "structure;jeune;sexe;naissance;premier_accueil;niveau;qpv;zrr;rqth;logement;justice"
JEUNES_ROW = "ML-A1;jeune-000001;F;2004-05;2020-01-15;;0;0;0;;0"


def _dataset(tmp_path: Path, jeunes_csv: str) -> dict[str, Path]:
    """A dataset of ML-A1 whose jeunes.csv is given as text (the other files are valid)."""
    files = write_dataset(
        tmp_path,
        jeunes=[jeune("ML-A1", "jeune-000001")],
        evenements=[acte("ML-A1", "jeune-000001", f"{YEAR}-05-02")],
    )
    (tmp_path / "jeunes.csv").write_text(jeunes_csv, encoding="utf-8")
    return files


def _rules(result) -> dict[str, list[str]]:
    return {group.rule: [p.file for p in group.examples] for group in result.problems}


def test_a_file_with_personal_columns_is_refused_once_with_the_pseudonymisation_message(
    world, client, tmp_path
):
    # "nom" and "Nom": the database reading the rows would not even tell them apart.
    files = _dataset(tmp_path, f"{JEUNES_HEADER};nom;Nom\n{JEUNES_ROW};Martin;MARTIN\n")
    login(client, world.user(Role.ML_DIRECTOR))
    uploads = [SimpleUploadedFile(name, path.read_bytes()) for name, path in files.items()]
    response = client.post("/observatoire/import/", {"annee": YEAR, "fichiers": uploads})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.REFUSED
    assert [group["rule"] for group in job.problems] == ["personal_data"]
    content = html.unescape(client.get(response.url).content.decode())
    assert "Fichier illisible" not in content and "ne peut pas être lu" not in content
    assert content.count("les extraits doivent être pseudonymisés") == 1
    assert "<td>nom</td>" in content and "<td>Nom</td>" in content


def test_the_rows_of_a_file_with_personal_columns_are_not_read(world, tmp_path):
    # A line with one field too many: it would also be "malformed", the file "empty", the acts
    # "without their young person".
    files = _dataset(tmp_path, f"{JEUNES_HEADER};nom\n{JEUNES_ROW};Martin;en trop\n")
    result = import_dataset(YEAR, files)
    assert _rules(result) == {"personal_data": ["jeunes.csv"]}


def test_an_unreadable_jeunes_file_does_not_make_the_other_files_unreadable(world, tmp_path):
    files = _dataset(tmp_path, f"{JEUNES_HEADER};Structure\n{JEUNES_ROW};ML-A1\n")
    result = import_dataset(YEAR, files)
    rules = _rules(result)
    assert rules["file_unreadable"] == ["jeunes.csv"]
    assert set(rules) == {"file_unreadable", "column_unknown"}


def test_the_message_asks_for_a_birth_month_not_a_birth_date():
    message = RULES["personal_data"]
    assert "ni date de naissance)" not in message
    assert "seul le mois de naissance est attendu, dans la colonne naissance, au format AAAA-MM" in message


def _dataset_covering(*structures) -> Dataset:
    dataset = Dataset.objects.create(year=YEAR, fingerprint="f" * 64, storage=f"test-{len(structures)}")
    for structure in structures:
        DatasetStructure.objects.create(dataset=dataset, structure=structure, year=YEAR)
    return dataset


def test_recent_imports_list_those_of_colleagues_and_those_made_for_the_ml(world, client):
    colleague = make_user("collegue@test.example", Role.ML_DIRECTOR, world.ml)
    by_colleague = make_job(world, "ml", created_by=colleague)
    by_arml = make_job(
        world, "arml", created_by=world.user(Role.ARML_STAFF), dataset=_dataset_covering(world.ml, world.ml2)
    )
    refused_by_arml = make_job(
        world, "arml", created_by=world.user(Role.ARML_STAFF), status=ImportJob.Status.REFUSED
    )
    for_another_ml = make_job(
        world, "unml", created_by=world.user(Role.NATIONAL_ADMIN), dataset=_dataset_covering(world.other_ml)
    )
    login(client, world.user(Role.ML_DIRECTOR))
    content = html.unescape(client.get("/observatoire/import/").content.decode())
    assert "Aucun import" not in content
    assert "Les 2 derniers imports concernant votre périmètre" in content
    assert f'<a href="/observatoire/import/{by_colleague.pk}/">n° {by_colleague.pk}</a>' in content
    assert "Prénom collegue (Mission Locale Alpha Un)" in content
    # The ARML's import of the ML's data is listed; its page (the whole region's) stays the ARML's.
    assert f'<th scope="row">n° {by_arml.pk}</th>' in content and "(ARML Alpha)" in content
    assert client.get(f"/observatoire/import/{by_arml.pk}/").status_code == 404
    for job in (refused_by_arml, for_another_ml):
        assert f"n° {job.pk}<" not in content

    login(client, world.user(Role.ARML_STAFF))
    content = html.unescape(client.get("/observatoire/import/").content.decode())
    for job in (by_colleague, by_arml, refused_by_arml):
        assert f'<a href="/observatoire/import/{job.pk}/">n° {job.pk}</a>' in content
    assert f"n° {for_another_ml.pk}<" not in content


def test_data_loaded_without_the_page_is_mentioned(world, client):
    _dataset_covering(world.ml)
    login(client, world.user(Role.ML_DIRECTOR))
    content = html.unescape(client.get("/observatoire/import/").content.decode())
    assert "Aucun import déposé sur cette page ne concerne votre périmètre." in content
    assert "Des données y sont pourtant chargées (1 jeu de données)" in content
    login(client, world.user("OTHER_ML_DIRECTOR"))
    content = html.unescape(client.get("/observatoire/import/").content.decode())
    assert "Aucun import déposé" in content and "pourtant chargées" not in content
