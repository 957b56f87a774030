"""The public list of labelled structures: open to all, only valid labels, searchable, no personal data."""

from __future__ import annotations

import datetime
import html

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.frameworks.models import Framework
from mlplatform.label.enums import Stage
from mlplatform.label.models import LabelFile
from mlplatform.network.enums import StructureType

from ..factories import make_structure

TODAY = timezone.localdate()
URL = reverse("label:public")


def day(offset: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=offset)


def label(
    structure, stage: str = Stage.LABELLED, valid_from: int = -100, valid_until: int = 900
) -> LabelFile:
    framework, _ = Framework.objects.get_or_create(code="ML" if structure.is_ml else "ARML-UNML")
    return LabelFile.objects.create(
        structure=structure,
        framework=framework,
        stage=stage,
        enrolled_on=day(-500),
        valid_from=day(valid_from),
        valid_until=day(valid_until),
    )


def page(client, **params) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_anyone_reads_the_labelled_structures_with_their_dates(world, client):
    label(world.ml)
    label(world.other_arml, stage=Stage.AUDIT_REQUESTED)  # renewal in progress: still labelled
    label(world.ml2, stage=Stage.EXPIRED, valid_from=-1200, valid_until=-100)
    label(world.other_ml, stage=Stage.WITHDRAWN)
    content = page(client)
    assert "Mission Locale Alpha Un" in content and "ARML Bêta" in content
    assert f"{day(-100):%d/%m/%Y}" in content and f"{day(900):%d/%m/%Y}" in content
    assert "Mission Locale Alpha Deux" not in content  # expired
    assert "Mission Locale Bêta Un" not in content  # withdrawn
    assert content.index('<h2 id="region-1">Région Alpha') < content.index('<h2 id="region-2">Région Bêta')
    assert "<strong>2</strong> structures labellisées" in content


def test_a_label_granted_for_later_or_a_closed_structure_is_not_listed(world, client):
    label(world.ml, valid_from=5, valid_until=1000)
    closed = make_structure(
        "ML-A7", StructureType.ML, world.arml, name="Mission Locale fermée", closed_on=day(-1)
    )
    label(closed)
    content = page(client)
    assert "Aucune structure n'est labellisée pour l'instant." in content
    assert "Mission Locale fermée" not in content


def test_search_ignores_accents_and_case(world, client):
    label(world.ml)
    label(world.other_ml)
    content = page(client, q="BETA")
    assert "Mission Locale Bêta Un" in content and "Mission Locale Alpha Un" not in content
    assert "<strong>1</strong> structure labellisée sur 2 correspond à « BETA »" in content
    assert "Aucune structure labellisée ne correspond" in page(client, q="introuvable")
    assert "Mission Locale Alpha Un" in page(client, q="région alpha")


def test_htmx_gets_the_results_only(world, client):
    label(world.ml)
    response = client.get(URL, {"q": "alpha"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert "Mission Locale Alpha Un" in content and "<html" not in content
    assert "data-result-count" in content and "HX-Request" in response.headers["Vary"]


def test_no_personal_data_and_no_sign_in_needed(world, client):
    label(world.ml)
    content = page(client)
    assert "Se déconnecter" not in content and "Connectez-vous" in content
    for key in (Role.ML_DIRECTOR, Role.ML_QUALITY, Role.ARML_REFERENT):
        user = world.user(key)
        assert user.email not in content and user.last_name not in content
    assert "@" not in content.split("<main", 1)[1]


def test_the_query_count_does_not_grow_with_the_list(world, client):
    label(world.ml)

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            page(client)
        return len(context.captured_queries)

    before = count()
    for index in range(10):
        label(
            make_structure(
                f"ML-P{index}", StructureType.ML, world.other_arml, name=f"Mission Locale P{index}"
            )
        )
    assert count() == before


def test_the_sign_in_page_links_to_the_public_list(client):
    content = client.get(reverse("accounts:login")).content.decode()
    assert f'<a href="{URL}">la liste des structures labellisées</a>' in content


def test_a_region_filter_lists_the_regions_of_the_registry(world, client):
    label(world.ml)
    label(world.other_ml)
    content = page(client)
    assert '<label for="region">Région</label>' in content and '<select id="region" name="region">' in content
    for region in ("Région Alpha", "Région Bêta", "Tête de réseau"):
        assert f'<option value="{region}">{region}</option>' in content
    content = page(client, region="Région Bêta")
    assert "Mission Locale Bêta Un" in content and "Mission Locale Alpha Un" not in content
    assert '<option value="Région Bêta" selected>' in content
    assert "<strong>1</strong> structure labellisée sur 2 (région : Région Bêta)." in content
    assert "Mission Locale Alpha Un" not in page(client, region="Région Bêta", q="alpha")
    # A region the registry does not know is ignored.
    assert "Mission Locale Alpha Un" in page(client, region="Atlantide")


def test_regions_and_names_in_french_directory_order(world, client):
    names = ["Île-de-France", "l'Aube", "de la Manche", "Ardennes", "Éure"]
    for index, name in enumerate(names):
        arml = make_structure(
            f"ARML-O{index}", StructureType.ARML, world.unml, name=f"ARML {name}", region=name
        )
        label(make_structure(f"ML-O{index}", StructureType.ML, arml, name=name))
    content = page(client)
    headings = [content.index(f">{name} <span") for name in ("Ardennes", "l'Aube", "Éure", "Île-de-France")]
    assert headings == sorted(headings) and headings[-1] < content.index(">de la Manche <span")
    options = [content.index(f'<option value="{name}">') for name in ("Ardennes", "l'Aube", "Éure")]
    assert options == sorted(options)


def test_the_list_is_paginated_with_an_accessible_navigation(world, client):
    for index in range(120):
        ml = make_structure(
            f"ML-P{index:03d}", StructureType.ML, world.arml, name=f"Mission Locale P{index:03d}"
        )
        label(ml)
    content = page(client)
    assert content.count('<tr><th scope="row">Mission Locale P') == 50
    assert "<strong>120</strong> structures labellisées — page 1 sur 3." in content
    assert '<nav class="pagination" aria-label="Pages de la liste des structures labellisées">' in content
    assert '<span aria-current="page">1</span>' in content
    assert '<a href="?page=2" rel="next">Page suivante ›</a>' in content
    last = page(client, page=3, q="mission")
    assert last.count('<tr><th scope="row">Mission Locale P') == 20
    assert "Mission Locale P119" in last and "Mission Locale P000" not in last
    assert '<a href="?page=2&q=mission" rel="prev">‹ Page précédente</a>' in last
    assert '<span aria-current="page">3</span>' in last


def test_the_number_of_queries_does_not_depend_on_the_number_of_structures(
    world, client, django_assert_num_queries
):
    label(world.ml)
    with django_assert_num_queries(2):
        page(client)
    for index in range(60):
        label(
            make_structure(
                f"ML-Q{index:02d}", StructureType.ML, world.arml, name=f"Mission Locale Q{index:02d}"
            )
        )
    with django_assert_num_queries(2):
        page(client, page=2, region="Région Alpha")
