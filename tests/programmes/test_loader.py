"""Loading a programme data file: every problem listed at once, nothing loaded from a bad file."""

from __future__ import annotations

import copy
import json

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from mlplatform.programmes.loader import ProgrammeFileRefused, load_data, load_file, validate
from mlplatform.programmes.models import Action, Programme, ProgrammeVersion

from .world import PNAE_FILE

pytestmark = pytest.mark.django_db


def pnae_data() -> dict:
    return yaml.safe_load(PNAE_FILE.read_text(encoding="utf-8"))


def test_the_bundled_pnae_is_valid():
    assert validate(pnae_data()) == []


def test_load_creates_the_pnae_with_its_13_sheets_and_is_idempotent(world):
    result = load_file(PNAE_FILE)
    assert result.created and result.actions == 13
    version = result.version
    assert version.programme.owner == world.unml
    assert (version.programme.start_year, version.programme.end_year, version.year) == (2018, 2020, 2018)
    assert str(version.adopted_on) == "2018-03-18"
    assert version.themes.count() == 4 and version.axes.count() == 3 and version.priorities.count() == 3
    # The link between an action and its theme or axis is stored as the sheet's content says, even where
    # the seed labels it otherwise (sheet 12 says « axe 2 », sheet 13 « axe 3 »).
    sheet_12 = version.actions.get(number=12)
    sheet_13 = version.actions.get(number=13)
    assert sheet_12.axis.number == 3 and sheet_12.seed_label.startswith("axe 2")
    assert sheet_13.axis.number == 2 and sheet_13.seed_label.startswith("axe 3")
    assert version.actions.get(number=6).description[1]["format"] == "groupe de travail interrégional."
    assert version.actions.get(number=1).calendar["2018"][0].startswith("• animation de réunions")
    again = load_file(PNAE_FILE)
    assert not again.created and ProgrammeVersion.objects.count() == 1 and Action.objects.count() == 13


def test_every_problem_is_listed_and_nothing_is_loaded(world):
    data = pnae_data()
    data["code"] = "pnae minuscule"
    data["period"] = [2020, 2018]
    data["actions"][0]["theme"] = 9
    data["actions"][1]["territorial_dimension"] = ["mondiale"]
    data["actions"][2]["capitalisation"] = "oui"
    data["themes"][1]["table"] = [{"heading": "Objectifs", "items": "pas une liste"}]
    data["actions"][3]["number"] = 1
    data["actions"][4]["couleur"] = "rouge"
    data["actions"][5]["description"][0]["text"] = ""
    data["priorities"][0]["actions"] = [99]
    del data["title"]
    with pytest.raises(ProgrammeFileRefused) as refused:
        load_data(data, "x")
    problems = "\n".join(refused.value.problems)
    for expected in (
        "clé obligatoire « title » absente",
        "code invalide « pnae minuscule »",
        "période invalide 2020-2018",
        "thème inconnu « 9 »",
        "dimension territoriale inconnue « mondiale »",
        "« capitalisation » vaut true, false ou null (non précisé par la source)",
        "numéro absent ou en double « 1 »",
        "clé inconnue « couleur »",
        "chaque colonne du tableau a un intitulé (« heading ») et des textes (« items »)",
        "chaque sous-action a un texte",
        "action inconnue « 99 »",
    ):
        assert expected in problems, expected
    assert Programme.objects.count() == 0


def test_a_loaded_version_is_never_changed_in_place(world):
    load_file(PNAE_FILE)
    data = pnae_data()
    data["actions"][0]["title"] = "Autre intitulé"
    with pytest.raises(ProgrammeFileRefused, match="déjà chargée"):
        load_data(data, "autre empreinte")
    assert Action.objects.get(number=1).title.startswith("Favoriser la mise en œuvre")


def test_a_national_programme_needs_the_unml(db):
    with pytest.raises(ProgrammeFileRefused, match="UNML"):
        load_file(PNAE_FILE)


def test_a_regional_programme_names_an_existing_arml(world):
    data = copy.deepcopy(pnae_data())
    data.update(code="PRAE-X", kind="regional", owner="ARML-INCONNUE")
    with pytest.raises(ProgrammeFileRefused, match="aucune ARML de code « ARML-INCONNUE »"):
        load_data(data, "x")
    data.pop("owner")
    assert any("owner" in p for p in validate(data))


def test_unreadable_file_is_refused_in_french(world, tmp_path):
    path = tmp_path / "casse.yaml"
    path.write_text("code: [ouvert", encoding="utf-8")
    with pytest.raises(ProgrammeFileRefused, match="fichier illisible"):
        load_file(path)


def test_command_load_and_export(world, capsys, tmp_path):
    call_command("programmes", "load", "--all")
    assert "PNAE 2018 chargé : 13 fiches action." in capsys.readouterr().out
    call_command("programmes", "export", "PNAE", "--version", "2018")
    data = json.loads(capsys.readouterr().out)
    assert data["code"] == "PNAE" and data["period"] == [2018, 2020]
    assert [t["number"] for t in data["themes"]] == [1, 2, 3, 4]
    first = data["actions"][0]
    assert first["number"] == 1 and first["title"].startswith("Favoriser la mise en œuvre")
    for key in (
        "context", "stakes", "description", "lead", "co_lead", "referent_armls", "concerned_armls",
        "actors", "territorial_dimension", "calendar", "capitalisation", "essaimage",
    ):  # fmt: skip
        assert key in first, key
    # Seed 003's boxes carry no mark: booleans as the format says, and « not stated » beside them.
    assert first["lead"] == ["DMMl"] and first["capitalisation"] is False and first["essaimage"] is False
    assert first["capitalisation_stated"] is False and first["essaimage_stated"] is False
    assert [column["heading"] for column in data["themes"][0]["table"]] == ["OBJECTIFS", "PROPOSITIONS"]
    assert len(data["themes"][3]["table"]) == 3
    assert first["description"][0]["number"] == 1
    bad = tmp_path / "mauvais.yaml"
    bad.write_text("code: X\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("programmes", "load", str(bad))
    assert "refusé" in capsys.readouterr().err
    with pytest.raises(CommandError, match="introuvable"):
        call_command("programmes", "export", "PNAE", "--version", "2030")


def test_the_completing_migration_fills_a_pnae_loaded_before_the_themes_table(world):
    """A PNAE loaded before the table was transcribed gets it, and « non précisé » boxes, and is then
    seen unchanged by ``programmes load`` (migration 0003)."""
    import importlib

    from django.apps import apps

    from mlplatform.programmes.models import Theme

    migration = importlib.import_module(
        "mlplatform.programmes.migrations.0003_theme_tables_and_unticked_boxes"
    )
    version = load_file(PNAE_FILE).version
    Theme.objects.filter(programme_version=version).update(table_label="", table=[])
    version.actions.update(capitalisation=False, essaimage=False)
    ProgrammeVersion.objects.filter(pk=version.pk).update(source_sha256="ancien")
    migration.complete(apps, None)
    assert (
        Theme.objects.get(programme_version=version, number=4).table_label
        == "Autonomie des jeunes/insertion sociale"
    )
    assert not version.actions.filter(capitalisation__isnull=False).exists()
    assert not load_file(PNAE_FILE).created
