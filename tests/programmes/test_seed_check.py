"""The PNAE data file is a verbatim transcription of seed 003 (the frameworks' normalisation)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from mlplatform.programmes.loader import bundled_files
from mlplatform.programmes.seedcheck import missing_texts, transcribed_texts

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
