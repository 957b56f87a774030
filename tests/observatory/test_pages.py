"""Observatory pages: key figures, comparison, completeness, scoping and query counts."""

from __future__ import annotations

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mlplatform.accounts.enums import Role
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure
from mlplatform.reports.charts import NBSP

from ..factories import login, make_structure
from .factories import acte, dispositif, import_rows, import_sample, jeune, objectif

YEAR = 2023


def pct(text: str) -> str:
    return f"{text}{NBSP}%"


@pytest.fixture
def sample(world):
    import_sample(YEAR - 1)
    import_sample(YEAR)
    return world


def test_ml_key_figures_page(sample, client):
    login(client, sample.user(Role.ML_DIRECTOR))
    response = client.get(f"/observatoire/ML-A1/{YEAR}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Chiffres clés 2023" in content and "Mission Locale Alpha Un" in content
    # 3 young people accompanied (1 woman, 2 men), 2 first receptions; the same as the year before.
    assert '<span class="kpi-value">3</span> <span class="kpi-label">Jeunes accompagnés</span>' in content
    assert f"{pct('0,0')} par rapport à 2022" in content
    assert f'{pct("33,3")}</span> <span class="kpi-label">Femmes' in content
    assert f'{pct("66,7")}</span> <span class="kpi-label">Hommes' in content
    # QPV 1 of 3, ZRR 1 of 3.
    assert f'{pct("33,3")}</span> <span class="kpi-label">Quartiers prioritaires' in content
    # Objective of ML-A1: 2 CEJ entries for 2: whole percent. The ARML's objective is not the ML's.
    assert f'<td class="num">2</td><td class="num">2</td><td class="num">{pct("100")}</td>' in content
    assert "CEJ+GJ" not in content
    # Charts with their tables.
    assert content.count('role="img"') >= 6
    assert "Niveaux de qualification des jeunes accompagnés (données)" in content
    # Links to the exports of this structure and year; no comparison for an ML.
    for url in ("rapport.pdf", "indicateurs.xlsx", "donnees-ouvertes.csv"):
        assert f"/observatoire/ML-A1/{YEAR}/{url}" in content
    assert "/comparaison/" not in content


def test_arml_sees_its_region_total_and_objectives(sample, client):
    login(client, sample.user(Role.ARML_STAFF))
    content = client.get(f"/observatoire/ARML-A/{YEAR}/").content.decode()
    assert '<span class="kpi-value">5</span> <span class="kpi-label">Jeunes accompagnés</span>' in content
    assert "Données de 2 Missions Locales sur 2" in content
    # ARML-A's objective CEJ+GJ: 4, achieved 2 (CEJ entries of its MLs) = 50 %.
    assert (
        f'<td>CEJ+GJ</td><td class="num">4</td><td class="num">2</td><td class="num">{pct("50")}</td>'
        in content
    )
    assert f"/observatoire/ARML-A/{YEAR}/comparaison/" in content


def test_nation_for_national_admins_only(sample, client):
    login(client, sample.user(Role.NATIONAL_ADMIN))
    content = client.get(f"/observatoire/UNML/{YEAR}/").content.decode()
    assert "Réseau national des Missions Locales" in content
    assert '<span class="kpi-value">6</span> <span class="kpi-label">Jeunes accompagnés</span>' in content
    login(client, sample.user(Role.ARML_REFERENT))
    assert client.get(f"/observatoire/UNML/{YEAR}/").status_code == 404
    assert client.get(f"/observatoire/ML-B1/{YEAR}/").status_code == 404


def test_a_year_without_data_says_so(world, client):
    login(client, world.user(Role.ML_STAFF))
    content = client.get("/observatoire/ML-A1/2019/").content.decode()
    assert "Aucune donnée n'a été importée pour 2019" in content


def test_home_redirects_to_the_chosen_structure_and_year(sample, client):
    login(client, sample.user(Role.ARML_REFERENT))
    content = client.get("/observatoire/").content.decode()
    assert 'value="ARML-A"' in content and 'value="ML-A2"' in content and "ML-B1" not in content
    response = client.get("/observatoire/", {"structure": "ML-A2", "annee": YEAR})
    assert response.status_code == 302 and response.url == f"/observatoire/ML-A2/{YEAR}/"
    # A structure outside the perimeter is not a choice.
    response = client.get("/observatoire/", {"structure": "ML-B1", "annee": YEAR})
    assert response.status_code == 200 and "errorlist" in response.content.decode()


def _region_with(count: int, year: int = YEAR) -> None:
    """ARML-C with ``count`` MLs that each imported ``year`` (12 young people each)."""
    arml = Structure.objects.filter(code="ARML-C").first() or make_structure(
        "ARML-C", StructureType.ARML, Structure.objects.get(code="UNML"), name="ARML Gamma", region="Gamma"
    )
    existing = arml.children.count()
    jeunes, actes, spells = [], [], []
    for index in range(existing, existing + count):
        code = f"ML-C{index + 1}"
        make_structure(code, StructureType.ML, arml, name=f"Mission Locale Gamma {index + 1}")
        for n in range(12):
            ident = f"{code.lower()}-jeune-{n:02d}"
            jeunes.append(jeune(code, ident, premier_accueil=f"{year}-01-02"))
            actes.append(acte(code, ident, f"{year}-03-01"))
            spells.append(dispositif(code, ident, "CEJ", f"{year}-03-02"))
    import_rows(
        year,
        jeunes=jeunes,
        evenements=actes,
        dispositifs=spells,
        objectifs=[objectif("ARML-C", year, "CEJ", 10)],
    )


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        f"/observatoire/ARML-C/{YEAR}/comparaison/",
        "/observatoire/completude/",
        f"/observatoire/ARML-C/{YEAR}/",
    ],
)
def test_query_count_does_not_grow_with_the_number_of_mls(world, client, url):
    _region_with(2)
    login(client, world.user(Role.NATIONAL_ADMIN))
    small = _count_queries(client, url)
    _region_with(5)
    large = _count_queries(client, url)
    assert small == large


def test_comparison_sorts_on_the_server(sample, client):
    login(client, sample.user(Role.ARML_REFERENT))
    url = f"/observatoire/ARML-A/{YEAR}/comparaison/"
    content = client.get(url, {"tri": "jeunes_accompagnes", "ordre": "desc"}).content.decode()
    assert content.index("Mission Locale Alpha Un") < content.index("Mission Locale Alpha Deux")
    assert 'aria-sort="descending"' in content
    content = client.get(url, {"tri": "jeunes_accompagnes"}).content.decode()
    assert content.index("Mission Locale Alpha Deux") < content.index("Mission Locale Alpha Un")
    assert 'aria-sort="ascending"' in content
    # The total row is the region's, and an unknown column falls back to the name.
    assert "Total : ARML Alpha" in content
    assert client.get(url, {"tri": "inconnu"}).status_code == 200


def test_national_comparison_lists_the_regions(sample, client):
    login(client, sample.user(Role.NATIONAL_ADMIN))
    content = client.get(f"/observatoire/UNML/{YEAR}/comparaison/").content.decode()
    assert "ARML Alpha" in content and "ARML Bêta" in content and "Total : Union nationale" in content


def test_completeness_shows_who_imported_which_year(sample, client):
    login(client, sample.user(Role.ARML_STAFF))
    content = client.get("/observatoire/completude/").content.decode()
    assert "Mission Locale Alpha Un" in content and "Mission Locale Alpha Deux" in content
    assert "Bêta" not in content
    assert content.count("Importé</span>") == 4  # two MLs, two years
    assert "2 / 2" in content
    login(client, sample.user(Role.NATIONAL_ADMIN))
    content = client.get("/observatoire/completude/").content.decode()
    assert "Mission Locale Bêta Un" in content and content.count("Importé</span>") == 6


def test_completeness_says_what_its_count_of_young_people_is(sample, client, settings):
    """The file's rows (young people known), not the key figures' young people accompanied."""
    from mlplatform.observatory.models import DatasetStructure

    DatasetStructure.objects.filter(structure__code="ML-A1").update(rows={"jeunes": 3074})
    login(client, sample.user(Role.ARML_STAFF))
    content = html.unescape(client.get("/observatoire/completude/").content.decode())
    assert "3\u00a0074 jeunes dans le fichier" in content
    assert "il n'est pas le nombre de jeunes accompagnés" in content
