"""Headcounts by job family (optional, never more than the total) and the registry import's optional
``effectif`` / ``annee_effectif`` columns: bad values refuse the whole import, nothing changes."""

from __future__ import annotations

from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.network.registry import import_registry, structure_columns
from mlplatform.training import services
from mlplatform.training.models import Headcount

from ..factories import login
from ..network.test_registry_import import STRUCTURE_HEADER, csv_bytes, rules, snapshot, world_structures

HEADER = [*STRUCTURE_HEADER, "effectif", "annee_effectif"]


def test_families_are_optional_and_never_exceed_the_total(world, client):
    director = login(client, world.user(Role.ML_DIRECTOR))
    url = reverse("training:headcounts", args=["ML-A1"])
    response = director.post(url, {"year": "2022", "total": "10", "advisers": "8", "reception": "5"})
    page = response.content.decode()
    assert response.status_code == 200 and "dépasse l&#x27;effectif total" in page
    assert 'value="8"' in page and not Headcount.objects.exists()  # the input is kept, nothing saved
    assert director.post(url, {"year": "2022", "total": "10", "advisers": "6"}).status_code == 302
    saved = Headcount.objects.get()
    assert (saved.total, saved.advisers, saved.reception) == (10, 6, None)
    page = director.get(url).content.decode()
    assert "non indiqué" in page and "Conseiller·es" in page
    # Reached from the plan of training that the director reads (their ARML's).
    plan = director.get(reverse("training:plan", args=["ARML-A"])).content.decode()
    assert f'href="{url}"' in plan


def test_the_registry_import_sets_headcounts(world):
    rows = world_structures()
    rows[2].update(effectif="45", annee_effectif="2022")  # ML-A1
    rows[3].update(effectif="1 230")  # ML-A2, the import's year
    result = import_registry(csv_bytes(rows, HEADER))
    assert result.accepted and result.applied
    found = dict(Headcount.objects.values_list("structure__code", "total"))
    assert found == {"ML-A1": 45, "ML-A2": 1230}
    rows[2].update(effectif="50")
    import_registry(csv_bytes(rows, HEADER)).raise_if_refused()
    assert Headcount.objects.get(structure__code="ML-A1", year=2022).total == 50
    # Without the columns, headcounts stay as they are.
    import_registry(csv_bytes(world_structures())).raise_if_refused()
    assert Headcount.objects.count() == 2
    assert {"effectif", "annee_effectif"} <= {column.name for column in structure_columns()}


def test_bad_headcounts_refuse_the_whole_import(world):
    services.set_headcount(world.ml2, 2022, 30, {"advisers": 20, "management": 5})
    before = (snapshot(), list(Headcount.objects.values()))
    rows = world_structures()
    rows[1].update(effectif="12,5")  # ARML-A
    rows[2].update(effectif="-3", annee_effectif="22")  # ML-A1
    rows[3].update(effectif="20", annee_effectif="2022")  # ML-A2: below its 25 by family
    rows[5].update(annee_effectif="2022")  # ML-B1: a year without a headcount
    rows[0].update(nom="UNML renommée")
    result = import_registry(csv_bytes(rows, HEADER))
    assert not result.accepted
    found = rules(result)
    assert found["headcount_format"] == [
        ("structures.csv", 3, "effectif", "12,5"),
        ("structures.csv", 4, "effectif", "-3"),
    ]
    assert found["headcount_year"] == [("structures.csv", 4, "annee_effectif", "22")]
    assert found["headcount_families"] == [("structures.csv", 5, "effectif", "20")]
    assert found["headcount_year_alone"] == [("structures.csv", 7, "annee_effectif", "2022")]
    messages = {group.rule: group.message for group in result.problems}
    assert messages["headcount_format"].startswith("Effectif mal formé")
    assert (snapshot(), list(Headcount.objects.values())) == before


def test_the_review_sums_the_declared_families(world):
    from mlplatform.training.review import review

    services.set_headcount(world.ml, 2022, 10, {"advisers": 6, "reception": 2})
    services.set_headcount(world.ml2, 2022, 8, {"advisers": 5, "management": 1})
    services.set_headcount(world.arml, 2022, 4)  # families not known
    figures = review(world.arml, 2022)
    assert figures.headcount == 22 and figures.families_declared == 2
    assert figures.headcount_by_family == {
        "advisers": 11,
        "reception": 2,
        "management": 1,
        "administrative": 0,
        "other": 0,
    }
    assert figures.as_dict()["headcount_by_family"]["advisers"] == 11


def test_the_upload_page_documents_the_headcount_columns(world, client):
    admin = login(client, world.user(Role.NATIONAL_ADMIN))
    page = admin.get(reverse("network:registry_import")).content.decode()
    assert "<code>effectif</code>" in page and "<code>annee_effectif</code>" in page
