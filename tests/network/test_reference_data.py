"""The real reference registry: UNML, ARML Normandie and its 24 Missions Locales (seed 004)."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from mlplatform.network.demo import reference_files
from mlplatform.network.models import STRUCTURE_CODE_RE, Site, Structure

STRUCTURES_CSV, SITES_CSV = reference_files()

# Every phone number and e-mail address printed on the last pages of seed 004.
SEED_PHONES = (
    "02 31 66 32 32",
    "02 31 92 60 55",
    "02 31 46 21 46",
    "02 31 69 02 78",
    "02 31 90 23 92",
    "02 31 89 55 24",
    "02 31 62 32 38",
    "02 32 43 36 80",
    "02 32 39 77 04",
    "02 32 59 76 90",
    "02 32 51 50 65",
    "02 33 57 17 17",
    "02 33 71 94 14",
    "02 33 01 64 65",
    "02 33 19 07 27",
    "02 33 79 42 00",
    "02 33 50 96 10",
    "02 33 32 05 94",
    "02 33 36 18 52",
    "02 33 64 43 33",
    "02 33 84 98 80",
    "02 33 83 09 42",
    "02 35 84 96 56",
    "02 32 96 44 30",
    "02 35 43 53 95",
    "02 35 85 99 85",
    "02 35 38 19 89",
    "02 32 81 63 70",
    "02 35 95 01 43",
    "02 31 95 06 06",
)
SEED_EMAILS = (
    "contactvirois@mlbessinvirois.fr",
    "contactbessin@mlbessinvirois.fr",
    "mlmc@mlbn.fr",
    "mlbs.honfleur@wanadoo.fr",
    "accueil@ml-lisieux.fr",
    "mlouesteure@miloe.fr",
    "contact@ml-evreux.fr",
    "mission.locale@mlv2al.fr",
    "missionlocale@mlvsv.fr",
    "mle-saint-lo@ml-centremanche.fr",
    "mle-carentan@centremanche.fr",
    "ml@mef-cotentin.com",
    "accueil@missionlocalecoutances.fr",
    "missionlocale.avranches@orange.fr",
    "mission-locale-granville@orange.fr",
    "accueil@missionlocale-alencon.fr",
    "ml.argentan@wanadoo.fr",
    "info@missionlocale-flers.com",
    "accueil@ml61300.fr",
    "accueil@ml61400.fr",
    "mldca@mldieppe.org",
    "infos@ml-elbeuf.org",
    "contact@ml-lehavre.fr",
    "secretariat@mlr.talou.org",
    "mission.locale@ml-lillebonnecauxseine.fr",
    "mission.locale@ml-rouen.asso.fr",
    "contact@mission-locale-csa.fr",
    "contact@missionslocalesnormandie.fr",
)
SEED_ML_NAMES = (
    "Mission Locale du Bocage au Bessin",
    "Mission Locale Caen la Mer Calvados Centre",
    "Mission Locale Baie de Seine",
    "Mission Locale Lisieux Normandie",
    "Mission Locale Ouest Eure",
    "Mission Locale Pays Évreux-Eure Sud",
    "Mission Locale Louviers Val de Reuil Andelle",
    "Mission Locale Vernon Seine Vexin",
    "Mission Locale St Lô Carentan",
    "Mission Locale du Cotentin",
    "Mission Locale Pays de Coutances",
    "Mission Locale Sud Manche",
    "Mission Locale Bassin d’Emploi Granvillais",
    "Mission Locale Pays d’Alençon",
    "Mission Locale Pays d’Argentan et de Vimoutiers",
    "Mission Locale des Jeunes du Bocage",
    "Mission Locale l’Aigle Mortagne-au-Perche",
    "Mission Locale Dieppe Côte d’Albâtre",
    "Mission Locale de l’Agglomération d’Elbeuf",
    "Mission Locale Le Havre Estuaire Littoral",
    "Mission Locale Rurale du Talou",
    "Mission Locale Pays de Caux Vallée de Seine",
    "Mission Locale de l’Agglomération Rouennaise",
    "Mission Locale de Caux Seine Austreberthe",
)


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_files_follow_the_registry_spec_columns():
    assert read_rows(STRUCTURES_CSV)[0].keys() == {
        "code",
        "type",
        "nom",
        "parent",
        "region",
        "departement",
        "statut",
        "adresse",
        "telephone",
        "email",
        "site_web",
    }
    assert read_rows(SITES_CSV)[0].keys() == {"structure", "nom", "type", "commune", "telephone", "email"}
    for row in read_rows(STRUCTURES_CSV):
        assert re.fullmatch(STRUCTURE_CODE_RE, row["code"]), row["code"]
        assert row["statut"] == "ASSOCIATION"
        assert "'" not in row["nom"], "apostrophe typographique attendue, comme dans le seed"


def test_one_unml_one_arml_and_the_24_missions_locales_of_normandie():
    rows = read_rows(STRUCTURES_CSV)
    by_type = Counter(row["type"] for row in rows)
    assert by_type == {"UNML": 1, "ARML": 1, "ML": 24}
    unml = next(row for row in rows if row["type"] == "UNML")
    assert unml["nom"] == "Union nationale des Missions Locales"
    assert unml["parent"] == "" and unml["telephone"] == "" and unml["email"] == ""
    arml = next(row for row in rows if row["type"] == "ARML")
    assert arml["nom"] == "Association régionale des Missions Locales de Normandie"
    assert (arml["parent"], arml["region"]) == ("UNML", "Normandie")
    assert (arml["telephone"], arml["email"], arml["site_web"]) == (
        "02 31 95 06 06",
        "contact@missionslocalesnormandie.fr",
        "missionslocalesnormandie.fr",
    )
    mls = [row for row in rows if row["type"] == "ML"]
    assert sorted(row["nom"] for row in mls) == sorted(SEED_ML_NAMES)
    assert {row["parent"] for row in mls} == {arml["code"]}
    assert {row["region"] for row in mls} == {"Normandie"}
    assert Counter(row["departement"] for row in mls) == {"14": 4, "27": 4, "50": 5, "61": 4, "76": 7}


def test_every_ml_has_sites_and_its_contacts_are_those_of_its_first_site():
    structures = {row["code"]: row for row in read_rows(STRUCTURES_CSV)}
    sites = read_rows(SITES_CSV)
    by_ml: dict[str, list[dict[str, str]]] = {}
    for site in sites:
        assert structures[site["structure"]]["type"] == "ML"
        by_ml.setdefault(site["structure"], []).append(site)
    ml_codes = [code for code, row in structures.items() if row["type"] == "ML"]
    assert sorted(by_ml) == sorted(ml_codes)
    for code, ml_sites in by_ml.items():
        assert [site["type"] for site in ml_sites] == ["SIEGE"] + ["ANTENNE"] * (len(ml_sites) - 1)
        assert structures[code]["telephone"] == ml_sites[0]["telephone"]
        assert structures[code]["email"] == ml_sites[0]["email"]
    towns = {site["structure"]: [s["commune"] for s in by_ml[site["structure"]]] for site in sites}
    assert towns["ML-14-CAEN"] == ["Hérouville-Saint-Clair", "Condé-sur-Noireau", "Falaise"]
    assert towns["ML-14-BOCAGE-BESSIN"] == ["Vire", "Bayeux"]
    assert towns["ML-50-SAINT-LO"] == ["Saint-Lô", "Carentan"]
    assert towns["ML-61-L-AIGLE"] == ["L’Aigle", "Saint-Langis-lès-Mortagne"]
    assert len(sites) == 29


def test_every_phone_and_email_of_the_seed_is_there():
    text = STRUCTURES_CSV.read_text(encoding="utf-8") + SITES_CSV.read_text(encoding="utf-8")
    for value in (*SEED_PHONES, *SEED_EMAILS):
        assert value in text, value
    for row in read_rows(STRUCTURES_CSV) + read_rows(SITES_CSV):
        if row["telephone"]:
            assert re.fullmatch(r"0\d( \d\d){4}", row["telephone"]), row["telephone"]


@pytest.mark.django_db
def test_imports_cleanly_and_idempotently_through_the_registry_import():
    from mlplatform.network.registry import import_registry

    result = import_registry(STRUCTURES_CSV, SITES_CSV)
    assert not result.problems, result.problems
    assert Structure.objects.count() == 26
    assert Structure.objects.ml().count() == 24
    assert not Structure.objects.filter(is_demo=True).exists()
    caen = Structure.objects.get(code="ML-14-CAEN")
    assert caen.name == "Mission Locale Caen la Mer Calvados Centre"
    assert caen.parent.code == "ARML-NOR" and caen.parent.parent.code == "UNML"
    assert caen.department == "14" and caen.phone == "02 31 46 21 46"
    assert Site.objects.count() == 29

    again = import_registry(STRUCTURES_CSV, SITES_CSV)
    assert not again.problems, again.problems
    assert (Structure.objects.count(), Site.objects.count()) == (26, 29)
