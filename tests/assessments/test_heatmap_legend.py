"""The heat map's legend says which colour stands for which scores; its rows are in French order."""

from __future__ import annotations

import html
import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.assessments import services
from mlplatform.assessments.heatmap import HEAT_LEGEND, heat_class
from mlplatform.network.enums import StructureType

from ..factories import login, make_structure
from .factories import answer_all, assessment_of, open_campaign


def _css_colour(css_class: str) -> str:
    css = (Path(settings.BASE_DIR) / "static" / "css" / "app.css").read_text()
    return re.search(rf"\.{css_class} {{ background: (#[0-9a-f]{{6}}); }}", css).group(1)


def test_the_legend_names_every_shade_from_orange_to_blue():
    classes = [css_class for css_class, _, _ in HEAT_LEGEND]
    assert classes == [heat_class(score) for score in (0.1, 0.3, 0.5, 0.7, 0.9, None)]
    # Low scores are orange (red dominates), high ones blue (blue dominates): the legend says so.
    for css_class, _, colour in HEAT_LEGEND[:5]:
        red, blue = int(_css_colour(css_class)[1:3], 16), int(_css_colour(css_class)[5:7], 16)
        assert ("orange" in colour) == (red > blue) and ("bleu" in colour) == (blue > red)


def test_the_region_heat_map_shows_the_legend_as_swatches(world, client):
    campaign = open_campaign(world)
    answer_all(assessment_of(campaign, world.ml), world.user(Role.ML_QUALITY), level=3)
    login(client, world.user(Role.ARML_REFERENT))
    url = reverse("assessments:region", args=[campaign.pk, world.arml.code])
    content = html.unescape(client.get(url).content.decode())
    assert "du plus clair au plus foncé" not in content
    assert "de l'orange (scores faibles) au bleu (scores élevés)" in content
    assert '<ul class="heat-legend-list">' in content
    assert '<span class="heat-swatch heat-0" aria-hidden="true"></span> moins de 20 %' in content
    assert '<span class="heat-swatch heat-4" aria-hidden="true"></span> 80 % et plus' in content
    # The heading of the page says "de l'ARML", not "de ARML".
    assert "Missions Locales de l'ARML Alpha" in content


def test_heat_map_rows_in_french_directory_order(world, client):
    names = ["Île-de-France", "l'Aube", "de la Manche", "Ardennes", "Éure"]
    for index, name in enumerate(names):
        make_structure(f"ML-S{index}", StructureType.ML, world.arml, name=name)
    campaign = open_campaign(world)
    services.ensure_assessments(campaign)
    login(client, world.user(Role.ARML_REFERENT))
    content = html.unescape(
        client.get(reverse("assessments:region", args=[campaign.pk, world.arml.code])).content.decode()
    )
    rows = [content.index(f">{name}</a></th>") for name in ("Ardennes", "l'Aube", "Éure", "Île-de-France")]
    assert rows == sorted(rows) and rows[-1] < content.index(">de la Manche</a></th>")
