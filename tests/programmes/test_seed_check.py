"""The PNAE data file is a verbatim transcription of seed 003 (the frameworks' normalisation)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from mlplatform.programmes.loader import bundled_files
from mlplatform.programmes.seedcheck import missing_texts, table_problems, transcribed_texts

SEEDS_DIR = Path(settings.BASE_DIR).parent / "shared" / "seeds"


def _seed(data: dict) -> str:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed directory {SEEDS_DIR} is absent: cannot compare the programmes with their seeds")
    match = re.search(r"[\w.-]+\.txt", data.get("source") or "")
    assert match, f"no seed file name in source: {data.get('source')!r}"
    return (SEEDS_DIR / match.group(0)).read_text(encoding="utf-8")


@pytest.mark.parametrize("path", bundled_files(), ids=lambda p: p.stem)
def test_every_title_and_sentence_is_found_in_the_seed(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert missing_texts(data, _seed(data)) == []


def test_the_pnae_has_its_13_sheets_with_every_field_the_seed_gives():
    data = yaml.safe_load(bundled_files()[0].read_text(encoding="utf-8"))
    actions = data["actions"]
    assert [a["number"] for a in actions] == list(range(1, 14))
    for action in actions:
        for key in ("title", "context", "stakes", "lead", "concerned_armls", "actors"):
            assert action[key], (action["number"], key)
    assert len(list(transcribed_texts(data))) > 400


def test_the_check_finds_an_invented_sentence():
    data = yaml.safe_load(bundled_files()[0].read_text(encoding="utf-8"))
    data["actions"][3]["stakes"].append("Une phrase que le programme ne contient pas.")
    missing = missing_texts(data, _seed(data))
    assert missing == [("actions[4].stakes[1]", "Une phrase que le programme ne contient pas.")]


def _pnae() -> dict:
    return yaml.safe_load(bundled_files()[0].read_text(encoding="utf-8"))


def test_the_operational_themes_table_is_transcribed_verbatim_and_in_order():
    data = _pnae()
    seed = _seed(data)
    assert table_problems(data, seed) == []
    rows = {theme["number"]: theme for theme in data["themes"]}
    assert [column["heading"] for column in rows[1]["table"]] == ["OBJECTIFS", "PROPOSITIONS"]
    for number in (2, 3, 4):
        assert [column["heading"] for column in rows[number]["table"]] == [
            "Mise en œuvre des politiques publiques",
            "Développement du partenariat",
            "Échanges de pratiques Capitalisation Innovation",
        ]
    cells = sum(len(column["items"]) for theme in data["themes"] for column in theme["table"])
    assert cells == 71
    texts = [text for where, text in transcribed_texts(data) if where.startswith("themes")]
    assert "Cellule de « requêtes nationales » où tout le monde peut puiser (centre de ressources)." in texts


def test_the_table_check_finds_a_paragraph_moved_or_invented():
    data = _pnae()
    seed = _seed(data)
    moved = _pnae()
    # A proposal of theme 1 put back among its objectives: found in the seed, but out of place.
    moved["themes"][0]["table"][0]["items"].append("Le national apporte un appui en termes de méthodologie.")
    assert any("Le national apporte un appui" in p for p in table_problems(moved, seed))
    swapped = _pnae()
    partners = swapped["themes"][2]["table"][1]["items"]
    partners[0], partners[1] = partners[1], partners[0]
    assert table_problems(swapped, seed)
    elsewhere = _pnae()
    # A cell of theme 4 given to theme 2: text of the seed, but not in theme 2's row.
    elsewhere["themes"][1]["table"][0]["items"].append("Développer le parrainage des jeunes")
    assert table_problems(elsewhere, seed)
    invented = _pnae()
    invented["themes"][3]["table"][2]["items"].append("Une proposition que le tableau ne contient pas.")
    assert missing_texts(invented, seed) == [
        ("themes[4].table.items[6]", "Une proposition que le tableau ne contient pas.")
    ]
    assert table_problems(data, seed) == []
