from django.db import connection
from django.test.utils import CaptureQueriesContext

from mlplatform.accounts.enums import Role
from mlplatform.network.enums import SiteType, StructureType
from mlplatform.network.models import Site, Structure

from ..factories import login, make_structure, make_user


def test_tree_shows_only_the_perimeter(world, client):
    login(client, world.user(Role.ARML_REFERENT))
    content = client.get("/reseau/").content.decode()
    assert "Mission Locale Alpha Un" in content and "Mission Locale Alpha Deux" in content
    assert "Bêta" not in content
    assert "Union nationale" not in content

    login(client, world.user(Role.ML_DIRECTOR))
    content = client.get("/reseau/").content.decode()
    assert "Mission Locale Alpha Un" in content
    assert "Alpha Deux" not in content and "ARML Alpha" not in content

    login(client, world.user(Role.NATIONAL_ADMIN))
    content = client.get("/reseau/").content.decode()
    for name in ("Union nationale", "ARML Alpha", "ARML Bêta", "Mission Locale Bêta Un"):
        assert name in content


def test_auditor_sees_no_structure_yet(world, client):
    login(client, world.user(Role.AUDITOR))
    content = client.get("/reseau/").content.decode()
    assert "Aucune structure" in content


def test_tree_search_and_htmx_fragment(world, client):
    login(client, world.user(Role.NATIONAL_ADMIN))
    response = client.get("/reseau/", {"q": "bêta"})
    content = response.content.decode()
    assert "Mission Locale Bêta Un" in content and "Alpha Un" not in content
    fragment = client.get("/reseau/", {"q": "27"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and "Mission Locale Bêta Un" in fragment


def test_incomplete_filter(world, client):
    Structure.objects.filter(pk=world.ml.pk).update(email="ml@test.example", phone="01 99 00 00 01")
    login(client, world.user(Role.NATIONAL_ADMIN))
    content = client.get("/reseau/", {"incomplet": "1"}).content.decode()
    assert "Alpha Deux" in content and "Alpha Un" not in content


def test_structure_page_shows_identity_governance_sites_people(world, client):
    Structure.objects.filter(pk=world.ml.pk).update(
        president_name="Mme la Maire", director_name="M. Directeur"
    )
    login(client, world.user(Role.ML_STAFF))
    content = client.get(world.ml.get_absolute_url()).content.decode()
    for text in (
        "ML-A1",
        "Association (loi 1901 ou 1908)",
        "Mme la Maire",
        "M. Directeur",
        "Siège ML-A1",
        "Caen",
        "ml_director@test.example",
        "Référent·e qualité",
    ):
        assert text in content, text
    # The ARML is named but not linked: it is outside an ML's perimeter.
    assert 'href="/reseau/structures/ARML-A/"' not in content
    assert "Modifier la fiche" not in content


def test_people_of_other_structures_are_not_listed(world, client):
    login(client, world.user(Role.ARML_REFERENT))
    content = client.get(world.arml.get_absolute_url()).content.decode()
    assert "arml_staff@test.example" in content
    assert "ml_director@test.example" not in content  # listed on the ML's own page
    assert "Mission Locale Alpha Deux" in content  # the MLs of the region


def _add_mls(arml: Structure, count: int, start: int) -> None:
    for index in range(start, start + count):
        ml = make_structure(f"ML-X{index}", StructureType.ML, arml, name=f"Mission Locale X{index}")
        Site.objects.create(structure=ml, name="Siège", type=SiteType.SIEGE, town="Lisieux")
        Site.objects.create(structure=ml, name="Antenne", type=SiteType.ANTENNE, town="Honfleur")
        make_user(f"staff{index}@test.example", Role.ML_STAFF, ml)


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_query_counts_do_not_grow_with_the_network(world, client):
    login(client, world.user(Role.NATIONAL_ADMIN))
    urls = [
        "/reseau/",
        world.arml.get_absolute_url(),
        world.ml.get_absolute_url(),
        world.unml.get_absolute_url(),
    ]
    _add_mls(world.arml, 5, 0)
    small = [_count_queries(client, url) for url in urls]
    _add_mls(world.arml, 40, 100)
    large = [_count_queries(client, url) for url in urls]
    assert small == large
    assert max(large) <= 12, large
    login(client, world.user(Role.ARML_REFERENT))
    assert _count_queries(client, "/reseau/") <= 12
