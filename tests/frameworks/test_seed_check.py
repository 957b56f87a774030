"""The framework data files are verbatim transcriptions of their seed documents."""

import copy
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from mlplatform.frameworks.seedcheck import missing_texts, normalise

DATA_DIR = Path(settings.BASE_DIR) / "mlplatform" / "frameworks" / "data"
SEEDS_DIR = Path(settings.BASE_DIR).parent / "shared" / "seeds"
DATA_FILES = sorted(DATA_DIR.glob("*.yaml"))

ADDRESSEES = {"ML", "UNML", "ARML", "UNML+ARML"}
EXPECTED = {
    # file stem: (commitments, addressees allowed)
    "ML-2022": (24, {"ML"}),
    "ARML-UNML-2022": (18, {"UNML", "ARML", "UNML+ARML"}),
}


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def seed_text(data: dict) -> str:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed directory {SEEDS_DIR} is absent: cannot compare the frameworks with their seeds")
    match = re.search(r"[\w.-]+\.txt", data.get("source") or "")
    assert match, f"no seed file name in source: {data.get('source')!r}"
    path = SEEDS_DIR / match.group(0)
    assert path.is_file(), f"seed {path} not found"
    return path.read_text(encoding="utf-8")


def containers(data: dict):
    """(number, container) of every part or section holding commitments directly."""
    for part in data["parts"]:
        for section in part.get("sections") or []:
            yield section["number"], section
        yield part["number"], part


def commitments(data: dict) -> list[dict]:
    return [c for _number, container in containers(data) for c in container.get("commitments") or []]


def requirements(requirement_list: list[dict]):
    for requirement in requirement_list:
        yield requirement
        yield from requirements(requirement.get("children") or [])


def all_requirements(data: dict) -> list[dict]:
    return [r for c in commitments(data) for r in requirements(c.get("requirements") or [])]


@pytest.fixture(params=DATA_FILES, ids=[p.stem for p in DATA_FILES])
def framework(request):
    return request.param.stem, load(request.param)


def test_data_files_exist():
    assert (DATA_DIR / "ML-2022.yaml") in DATA_FILES


def test_texts_are_verbatim_from_seed(framework):
    _stem, data = framework
    missing = missing_texts(data, seed_text(data))
    report = "\n".join(f"{ref}: {text}" for ref, text in missing)
    assert missing == [], f"texts not found in the seed:\n{report}"


def test_file_name_matches_code_and_version(framework):
    stem, data = framework
    assert stem == f"{data['code']}-{data['version']}"


def test_counts_and_addressees(framework):
    stem, data = framework
    if stem not in EXPECTED:
        pytest.skip(f"no expected counts for {stem}")
    expected_commitments, addressees = EXPECTED[stem]
    assert len(commitments(data)) == expected_commitments
    found = {r["addressee"] for r in all_requirements(data)}
    assert found <= addressees, f"unexpected addressees: {found - addressees}"
    assert found <= ADDRESSEES


def test_ml_2022_structure():
    data = load(DATA_DIR / "ML-2022.yaml")
    assert data["code"] == "ML" and data["version"] == "2022"
    assert str(data["adopted_on"]) == "2022-12-07"
    assert [p["number"] for p in data["parts"]] == ["1", "2", "3", "4", "5"]
    part4 = data["parts"][3]
    assert [s["number"] for s in part4["sections"]] == ["4.1", "4.2", "4.3", "4.4"]
    assert not part4.get("commitments")
    assert all(not p.get("sections") for p in data["parts"] if p["number"] != "4")
    per_container = {number: len(c["commitments"]) for number, c in containers(data) if c.get("commitments")}
    assert per_container == {"1": 2, "2": 4, "3": 4, "4.1": 2, "4.2": 3, "4.3": 3, "4.4": 2, "5": 4}
    titles = [p["title"] for p in data["preamble"]]
    assert titles[-1] == "Chiffres clés du Réseau des Missions Locales en 2022"


def test_refs_are_unique_and_follow_the_scheme(framework):
    _stem, data = framework
    prefix = f"{data['code']}-{data['version']}"
    refs = []
    for number, container in containers(data):
        for rank, commitment in enumerate(container.get("commitments") or [], 1):
            assert commitment["ref"] == f"{prefix}-{number}.{rank}"
            refs.append(commitment["ref"])
            stack = [(commitment["ref"], commitment.get("requirements") or [])]
            while stack:
                parent, children = stack.pop()
                for child_rank, requirement in enumerate(children, 1):
                    assert requirement["ref"] == f"{parent}.{child_rank}"
                    assert requirement["text"].strip()
                    refs.append(requirement["ref"])
                    stack.append((requirement["ref"], requirement.get("children") or []))
    assert len(refs) == len(set(refs))


def test_a_typo_is_caught():
    data = load(DATA_DIR / "ML-2022.yaml")
    seed = seed_text(data)
    assert missing_texts(data, seed) == []
    broken = copy.deepcopy(data)
    requirement = broken["parts"][1]["commitments"][0]["requirements"][1]
    requirement["text"] = requirement["text"].replace("sans exclusion", "sans exlcusion")
    example = broken["parts"][0]["commitments"][0]["requirements"][1]["children"][1]["examples"]
    example[0] = example[0].replace("FSE", "FSF")
    broken["parts"][2]["commitments"][0]["reference_texts"][0] += " Ajout."
    assert [ref for ref, _text in missing_texts(broken, seed)] == [
        "ML-2022-1.1.2.2",
        "ML-2022-2.1.2",
        "ML-2022-3.1",
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("l\u2019Etat", "l'Etat"),
        ("\u00ab hors les murs \u00bb", '" hors les murs "'),
        ("compé\u00adtence", "compétence"),
        ("- ▶ **La Proximité**", "La Proximité"),
        ("\tq \ufffdElles favorisent", "Elles favorisent"),
        ("\tU L\u2019ARML négocie", "L'ARML négocie"),
        ("la mise en œuvre\n  du   projet", "la mise en œuvre du projet"),
        ("les compé-\ntences", "les compétences"),
        ("*A titre d'exemples : FSE*", "A titre d'exemples : FSE"),
    ],
)
def test_normalise(raw, expected):
    assert normalise(raw) == expected
