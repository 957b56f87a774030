"""``manage.py network import structures.csv [sites.csv] [--dry-run]``."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from mlplatform.network.management.commands.network import Command
from mlplatform.network.models import Site, Structure

from .test_registry_import import (
    new_region_rows,
    site_row,
    snapshot,
    world_sites,
    world_structures,
    write_csv,
)


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("network", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_prints_the_report(world, tmp_path):
    structures = write_csv(tmp_path / "structures.csv", [*world_structures()[:5], *new_region_rows()])
    sites = write_csv(tmp_path / "sites.csv", [*world_sites()[:2], site_row("ML-C1", "Siège Ajaccio")])
    out, _ = run("import", str(structures), str(sites))
    assert "Import terminé." in out
    assert "Structures : 3 créées, 0 modifiée, 5 inchangées" in out
    assert "Lieux d'accueil : 1 créé, 0 modifié, 2 inchangés" in out
    assert (
        "Structures de la plateforme absentes du fichier (conservées, à fermer à la main si besoin) : 1"
        in out
    )
    assert "  - ML-B1 (Mission Locale) : Mission Locale Bêta Un" in out
    assert "  - ML-B1 : Siège ML-B1 (Siège)" in out
    assert Structure.objects.filter(code__in=["ARML-C", "ML-C1", "ML-C2", "ML-B1"]).count() == 4
    assert Site.objects.count() == 4


def test_sites_file_is_optional(world, tmp_path):
    out, _ = run("import", str(write_csv(tmp_path / "structures.csv", world_structures())))
    assert "Structures : 0 créée, 0 modifiée, 6 inchangées" in out
    assert "Lieux d'accueil" not in out


def test_dry_run_changes_nothing(world, tmp_path):
    before = snapshot()
    path = write_csv(tmp_path / "structures.csv", [*world_structures(), *new_region_rows()])
    out, _ = run("import", str(path), "--dry-run")
    assert out.startswith("Simulation : les fichiers sont valides. Rien n'a été modifié")
    assert "Structures : 3 créées, 0 modifiée, 6 inchangées" in out
    assert snapshot() == before


def test_refusal_raises_and_prints_every_problem(world, tmp_path):
    before = snapshot()
    rows = world_structures()
    rows[2]["type"] = "MILO"
    rows[3]["departement"] = "99"
    # 12 bad e-mails: more than the 10 the upload page shows, all listed by the command.
    rows += [dict(rows[4], code=f"ARML-X{i}", email=f"faux{i}") for i in range(12)]
    err = StringIO()
    path = write_csv(tmp_path / "s.csv", rows)
    with pytest.raises(CommandError, match="Import refusé : 14 problème"):
        call_command("network", "import", str(path), stdout=StringIO(), stderr=err)
    report = err.getvalue()
    assert "Import refusé : 14 problèmes. Rien n'a été modifié." in report
    assert "Type de structure inconnu (UNML, ARML ou ML) : 1" in report
    assert "  - s.csv, ligne 4, colonne « type » : « MILO »" in report
    assert "  - s.csv, ligne 5, colonne « departement » : « 99 »" in report
    assert "Adresse électronique mal formée : 12" in report
    for i in range(12):
        assert f"  - s.csv, ligne {i + 8}, colonne « email » : « faux{i} »" in report
    assert snapshot() == before


def test_exit_status_from_the_command_line(world, tmp_path, capsys, monkeypatch):
    # run_from_argv closes the database connections when it ends: keep the test's one open.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    good = write_csv(tmp_path / "structures.csv", world_structures())
    Command().run_from_argv(["manage.py", "network", "import", str(good)])
    assert "Import terminé." in capsys.readouterr().out

    bad = tmp_path / "vide.csv"
    bad.write_bytes(b"")
    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(["manage.py", "network", "import", str(bad)])
    assert exit_info.value.code == 1
    assert "Le fichier vide.csv est vide." in capsys.readouterr().err


def test_missing_file_is_reported(world, tmp_path):
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("network", "import", str(tmp_path / "nulle-part.csv"), stdout=StringIO(), stderr=err)
    assert "Le fichier nulle-part.csv est introuvable." in err.getvalue()


def test_an_operation_is_required(db):
    with pytest.raises(CommandError):
        call_command("network")
