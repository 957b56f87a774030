"""``manage.py observatory import`` and ``manage.py observatory indicators``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from mlplatform.observatory.indicators import BREAKDOWNS, EXIT_REASONS, PROGRAMMES
from mlplatform.observatory.models import Dataset
from tests.observatory.factories import acte, import_sample, jeune, sample_rows, write_dataset

pytestmark = pytest.mark.django_db

ISSUE_SHAPE_INDICATORS = [
    "jeunes_accompagnes",
    "premiers_accueils",
    "jdi",
    "entretiens",
    "ateliers",
    "infos_collectives",
    "heures_face_a_face",
    "jeunes_entres_emploi",
    "contrats_emploi",
    "jeunes_entres_alternance",
    "jeunes_entres_formation",
    "actions_formation",
    "jeunes_service_civique",
    "jeunes_immersion",
    "entrees_CEJ",
    "entrees_GJ",
    "entrees_PACEA",
    "sorties_CEJ",
    "taux_sorties_positives_CEJ",
]


def test_import_command_accepts_a_directory(world, tmp_path, capsys):
    write_dataset(tmp_path, **sample_rows(2023))
    call_command("observatory", "import", "--year", "2023", str(tmp_path))
    assert "Jeu de données 2023 importé" in capsys.readouterr().out
    assert Dataset.objects.count() == 1


def test_import_command_dry_run(world, tmp_path, capsys):
    write_dataset(tmp_path, **sample_rows(2023))
    call_command("observatory", "import", "--year", "2023", str(tmp_path), "--dry-run")
    assert "rien n'a été importé" in capsys.readouterr().out
    assert not Dataset.objects.exists()


def test_import_command_prints_the_problems_in_french_and_fails(world, tmp_path, capsys):
    write_dataset(
        tmp_path,
        jeunes=[jeune("ML-A1", "jeune-00001", sexe="Z")],
        evenements=[acte("ML-A1", "jeune-00001", "2024-03-01")],
    )
    with pytest.raises(CommandError, match="refusé"):
        call_command("observatory", "import", "--year", "2023", str(tmp_path))
    errors = capsys.readouterr().err
    assert "Code non prévu par le format : 1 occurrence" in errors
    assert "jeunes.csv, ligne 2, colonne « sexe » : « Z »" in errors
    assert "Date postérieure à la fin de l'année importée" in errors
    assert "evenements.csv, ligne 2, colonne « date » : « 2024-03-01 »" in errors
    assert not Dataset.objects.exists()


def test_import_command_exits_non_zero_when_refused(tmp_path):
    """Run as a real process: the exit status tells scripts the import was refused."""
    write_dataset(tmp_path, jeunes=[jeune("ML-INCONNUE", "jeune-00001")])
    # The process cannot see the test database: it gets a fresh SQLite file, whose empty registry
    # makes the structure unknown.
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=root, env=env, check=True)
    process = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "observatory", "import", "--year", "2023", str(tmp_path)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert process.returncode != 0
    assert "Structure inconnue du répertoire du réseau" in process.stderr


def test_indicators_command_prints_the_issue_json_shape(world, capsys):
    import_sample(2023)
    call_command("observatory", "indicators", "--year", "2023", "--structure", "ARML-A")
    data = json.loads(capsys.readouterr().out)
    assert data["structure"] == "ARML-A" and data["year"] == 2023
    assert list(data["indicators"])[: len(ISSUE_SHAPE_INDICATORS) - 2] == ISSUE_SHAPE_INDICATORS[:-2]
    assert set(ISSUE_SHAPE_INDICATORS) <= set(data["indicators"])
    assert data["indicators"]["jeunes_accompagnes"] == 5
    assert isinstance(data["indicators"]["heures_face_a_face"], float)
    assert data["breakdowns"] == {
        name: {value: data["breakdowns"][name][value] for value in values}
        for name, values in BREAKDOWNS.items()
    }
    assert set(data["breakdowns"]["age"]) == {"<16", "16-17", "18-20", "21-23", "24+"}
    assert {p: list(v) for p, v in data["exits_by_reason"].items()} == {
        p: list(EXIT_REASONS) for p in PROGRAMMES
    }
    assert data["objectives"][0] == {
        "structure": "ARML-A",
        "dispositifs": "CEJ+GJ",
        "valeur": 4,
        "realise": 2,
        "taux": 0.5,
    }
    assert data["evolution"] == {}


def test_indicators_command_without_structure_gives_the_nation(world, capsys):
    import_sample(2022)
    import_sample(2023)
    call_command("observatory", "indicators", "--year", "2023")
    data = json.loads(capsys.readouterr().out)
    assert data["structure"] is None
    assert data["indicators"]["jeunes_accompagnes"] == 6
    assert data["evolution"]["jeunes_accompagnes"] == 0.0


def test_indicators_command_unknown_structure(world):
    with pytest.raises(CommandError, match="Structure inconnue"):
        call_command("observatory", "indicators", "--year", "2023", "--structure", "NOPE")


def test_recompute_command(world, capsys):
    import_sample(2023)
    call_command("observatory", "recompute", "--year", "2023")
    assert "recalculés pour 3" in capsys.readouterr().out
