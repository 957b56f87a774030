"""The engine against an independent computation: plain Python over the CSV files, from the spec.

Synthetic extracts of Normandie for two years go through the real import, then part of the
second year is replaced by a later import (so that the first dataset is read filtered on the MLs
it is still current for). Every figure of every ML, of the ARML and of the nation must be the one
counted here row by row, with no SQL and nothing shared with the engine.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from mlplatform.network.demo import load_reference_network
from mlplatform.network.models import Structure
from mlplatform.observatory import engine
from mlplatform.observatory.importer import import_dataset
from mlplatform.observatory.indicators import indicators, indicators_many
from mlplatform.observatory.models import DatasetStructure
from mlplatform.observatory.synthetic import generate_dataset, normandie_missions_locales

pytestmark = pytest.mark.django_db

YEAR = 2025
SCALE = 0.01  # about 500 young people accompanied in the region
REPLACED = 3  # MLs whose YEAR data a second import replaces
ACT_CODES = {"ENTRETIEN": "entretiens", "ATELIER": "ateliers", "INFO_COLLECTIVE": "infos_collectives"}
SITUATION_PEOPLE = {
    "EMPLOI": "jeunes_entres_emploi",
    "ALTERNANCE": "jeunes_entres_alternance",
    "FORMATION": "jeunes_entres_formation",
    "SERVICE_CIVIQUE": "jeunes_service_civique",
    "IMMERSION": "jeunes_immersion",
}
SITUATION_ROWS = {"EMPLOI": "contrats_emploi", "FORMATION": "actions_formation"}
PROGRAMMES = ("CEJ", "GJ", "PACEA")
COUNTS = (
    "jeunes_accompagnes", "premiers_accueils", "jdi", *ACT_CODES.values(), *SITUATION_PEOPLE.values(),
    *SITUATION_ROWS.values(), *(f"entrees_{p}" for p in PROGRAMMES), *(f"sorties_{p}" for p in PROGRAMMES),
)  # fmt: skip


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def age_band(first_act: str, naissance: str) -> str:
    months = (int(first_act[:4]) - int(naissance[:4])) * 12 + int(first_act[5:7]) - int(naissance[5:7])
    years = months // 12  # floor, as in the spec
    for band, below in (("<16", 16), ("16-17", 18), ("18-20", 21), ("21-23", 24)):
        if years < below:
            return band
    return "24+"


def count(folder: dict[str, Path], year: int, mls: set[str]) -> dict[str, Counter]:
    """Every count of section 5 of the spec, per ML code, over the CSV files of one dataset."""
    start, end, august = f"{year}-01-01", f"{year}-12-31", f"{year}-08-01"
    counts: dict[str, Counter] = defaultdict(Counter)
    people = {(r["structure"], r["jeune"]): r for r in read(folder["jeunes"]) if r["structure"] in mls}
    for (ml, _), person in people.items():
        counts[ml]["premiers_accueils"] += start <= person["premier_accueil"] <= end
    seen: dict[tuple[str, str], list[str]] = {}
    for act in read(folder["evenements"]):
        key = (act["structure"], act["jeune"])
        if key[0] in mls and start <= act["date"] <= end:
            counts[key[0]][ACT_CODES[act["type"]]] += 1
            counts[key[0]]["minutes"] += int(act["duree_minutes"] or 60)
            seen.setdefault(key, []).append(act["date"])
    for (ml, jeune), dates in seen.items():
        person = people[(ml, jeune)]
        counts[ml]["jeunes_accompagnes"] += 1
        counts[ml]["jdi"] += max(dates) >= august
        counts[ml][("age", age_band(min(dates), person["naissance"]))] += 1
        for name in ("sexe", "qpv", "zrr", "rqth", "justice"):
            counts[ml][(name, person[name])] += 1
        for name in ("niveau", "logement"):
            counts[ml][(name, person[name] or "INCONNU")] += 1
    entered: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for situation in read(folder["situations"]):
        if situation["structure"] in mls and start <= situation["date"] <= end:
            entered[situation["type"]].add((situation["structure"], situation["jeune"]))
            if situation["type"] in SITUATION_ROWS:
                counts[situation["structure"]][SITUATION_ROWS[situation["type"]]] += 1
    for kind, young in entered.items():
        for ml, _ in young:
            counts[ml][SITUATION_PEOPLE[kind]] += 1
    for spell in read(folder["dispositifs"]):
        ml, programme = spell["structure"], spell["dispositif"]
        if ml in mls and start <= spell["entree"] <= end:
            counts[ml][f"entrees_{programme}"] += 1
        if ml in mls and spell["sortie"] and start <= spell["sortie"] <= end:
            counts[ml][f"sorties_{programme}"] += 1
            counts[ml][(programme, spell["motif_sortie"])] += 1
    return counts


def assert_same_figures(found: dict, counts: Counter, previous: Counter) -> None:
    shown = found["indicators"]
    for code in COUNTS:
        assert shown[code] == counts[code], code
        if previous[code]:
            assert found["evolution"][code] == round((counts[code] - previous[code]) / previous[code], 4), (
                code
            )
        else:
            assert code not in found["evolution"], code
    assert shown["heures_face_a_face"] == round(counts["minutes"] / 60, 2)
    exact = (counts["minutes"] - previous["minutes"]) / previous["minutes"]
    assert found["evolution"]["heures_face_a_face"] == round(exact, 4)
    for name, values in found["breakdowns"].items():
        assert values == {value: counts[(name, value)] for value in values}, name
    for programme, reasons in found["exits_by_reason"].items():
        assert reasons == {reason: counts[(programme, reason)] for reason in reasons}, programme
        positive = counts[(programme, "EMPLOI_DURABLE")] + counts[(programme, "ALTERNANCE")]
        exits = counts[f"sorties_{programme}"]
        expected_rate = round(positive / exits, 4) if exits else None
        assert shown[f"taux_sorties_positives_{programme}"] == expected_rate


def test_engine_gives_the_figures_of_an_independent_count(tmp_path):
    load_reference_network()
    mls = normandie_missions_locales(SCALE)
    codes = {ml.code for ml in mls}
    datasets = {}
    for year in (YEAR - 1, YEAR):
        datasets[year] = generate_dataset(year, tmp_path / str(year), mls).files
        result = import_dataset(year, {path.name: path for path in datasets[year].values()})
        assert result.accepted, result.report()
    # A later import replaces YEAR for a few MLs, with other rows: the first dataset stays
    # current for the others only.
    replaced = mls[:REPLACED]
    later = generate_dataset(YEAR, tmp_path / "later", replaced, seed=7, regional_objectives=False).files
    assert import_dataset(YEAR, {path.name: path for path in later.values()}).accepted
    replaced_codes = {ml.code for ml in replaced}
    sources = engine.current_sources(YEAR)
    assert sorted(mls is None for mls in sources.values()) == [False, True]  # one read filtered

    current = count(datasets[YEAR], YEAR, codes - replaced_codes) | count(later, YEAR, replaced_codes)
    previous = count(datasets[YEAR - 1], YEAR - 1, codes)
    stored = dict(
        DatasetStructure.objects.current()
        .filter(year=YEAR, kind="DATA")
        .values_list("structure_id", "values")
    )
    assert engine.compute_year(YEAR) == stored  # recomputed from the files as on import

    structures = list(Structure.objects.filter(code__in=codes))
    figures = indicators_many(YEAR, [*structures, Structure.objects.get(code="ARML-NOR")])
    for structure in structures:
        assert_same_figures(figures[structure.code], current[structure.code], previous[structure.code])
    now, before = sum(current.values(), Counter()), sum(previous.values(), Counter())
    assert_same_figures(figures["ARML-NOR"], now, before)  # the region: all of Normandie
    assert_same_figures(indicators(YEAR, None), now, before)
    for objective in figures["ARML-NOR"]["objectives"]:
        perimeter = codes if objective["structure"] == "ARML-NOR" else {objective["structure"]}
        programmes = objective["dispositifs"].split("+")
        realised = sum(current[ml][f"entrees_{p}"] for ml in perimeter for p in programmes)
        assert objective["realise"] == realised, objective
