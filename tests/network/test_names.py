"""Structure names in French: the article before them on the pages, and French directory order."""

from __future__ import annotations

import html

from mlplatform.accounts.enums import Role
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure
from mlplatform.network.registry import import_registry

from ..factories import login, make_structure
from .test_edit import _form_data
from .test_registry_import import structure_row, world_structures, write_csv

NAMES = ["Île-de-France", "l'Aube", "de la Manche", "Ardennes", "Éure"]
ORDER = ["Ardennes", "l'Aube", "Éure", "Île-de-France", "de la Manche"]


def _page(client, url: str, **params) -> str:
    return html.unescape(client.get(url, params).content.decode())


def test_the_tree_says_de_la_de_l_before_the_names(world, client):
    login(client, world.user(Role.NATIONAL_ADMIN))
    content = _page(client, "/reseau/")
    assert "Fiche de l'ARML Alpha" in content and "Fiche de l'ARML Bêta" in content
    assert "Fiche de ARML" not in content
    content = _page(client, world.unml.get_absolute_url())
    assert "Structures rattachées à l'Union nationale des Missions Locales" in content
    content = _page(client, world.ml.get_absolute_url() + "modifier/")
    assert "<h1>Modifier la fiche de la Mission Locale Alpha Un</h1>" in content


def test_sort_name_follows_the_name_on_every_path(world, client, tmp_path):
    assert world.ml.sort_name == "mission locale alpha un"
    # Edited on the platform.
    login(client, world.user(Role.NATIONAL_ADMIN))
    client.post(
        world.ml.get_absolute_url() + "modifier/",
        _form_data(world.ml, name="L’Île Mission Locale", legal_status="GIP"),
    )
    world.ml.refresh_from_db()
    assert (world.ml.name, world.ml.sort_name) == ("L’Île Mission Locale", "ile mission locale")
    # Imported from the registry, created and updated in bulk.
    rows = world_structures()
    rows[3].update(nom="de la Manche")
    rows.append(structure_row("ML-A9", "ML", "Éure", "ARML-A", "Région Alpha", "27"))
    assert import_registry(write_csv(tmp_path / "structures.csv", rows)).accepted
    assert Structure.objects.get(code="ML-A2").sort_name == "manche"
    assert Structure.objects.get(code="ML-A9").sort_name == "eure"


def test_lists_of_structures_in_french_directory_order(world, client):
    for index, name in enumerate(NAMES):
        make_structure(f"ML-O{index}", StructureType.ML, world.other_arml, name=name)
    assert list(Structure.objects.filter(code__startswith="ML-O").values_list("name", flat=True)) == ORDER
    login(client, world.user(Role.NATIONAL_ADMIN))
    for content in (_page(client, "/reseau/"), _page(client, world.other_arml.get_absolute_url())):
        positions = [content.index(f">{name}</a>") for name in ORDER]
        assert positions == sorted(positions)
