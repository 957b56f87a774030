"""A fictitious rest of the network, for demonstrations.

The real reference data (UNML, ARML Normandie and its 24 Missions Locales) lives in
``data/reference``. This module invents the 14 other ARMLs and about 410 Missions Locales, in
rough proportion to the real network, with names that say they are fictitious, e-mails on the
reserved ``exemple.test`` domain and phone numbers in the ranges ARCEP reserves for fiction.

Generation is reproducible: one ``random.Random(seed)``, and only tuples and lists are iterated.
Everything is loaded through ``import_registry`` (the one import path of the registry).
"""

from __future__ import annotations

import csv
import random
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import registry
from .enums import LegalStatus, SiteType, StructureType
from .models import Structure
from .registry import RegistryImportResult, import_registry

DEMO_SEED = 2026
UNML_CODE = "UNML"
REFERENCE_DIR = Path(__file__).resolve().parent / "data" / "reference"
EMAIL_DOMAIN = "exemple.test"

# Column names of the registry exchange format, from the importer (the single source).
STRUCTURE_COLUMNS = tuple(column.name for column in registry.STRUCTURE_COLUMNS)
SITE_COLUMNS = tuple(column.name for column in registry.SITE_COLUMNS)

# Number roots ARCEP reserves for audiovisual fiction (plan national de numérotation), by zone.
FICTION_PHONE_ROOTS = {
    "01": "01 99 00",
    "02": "02 61 91",
    "03": "03 53 01",
    "04": "04 65 71",
    "05": "05 36 49",
}


@dataclass(frozen=True)
class RegionSpec:
    abbreviation: str
    name: str
    ml_count: int
    phone_zone: str
    # (department code, rough population in tens of thousands), to spread the MLs.
    departments: tuple[tuple[str, int], ...]


# The 14 regions other than Normandie (whose real data is in data/reference). About 412
# Missions Locales here + 24 in Normandie ~ the 436 of the real network.
DEMO_REGIONS: tuple[RegionSpec, ...] = (
    RegionSpec(
        "ARA",
        "Auvergne-Rhône-Alpes",
        46,
        "04",
        (
            ("01", 66),
            ("03", 33),
            ("07", 33),
            ("15", 14),
            ("26", 52),
            ("38", 127),
            ("42", 77),
            ("43", 23),
            ("63", 66),
            ("69", 188),
            ("73", 44),
            ("74", 83),
        ),
    ),
    RegionSpec(
        "BFC",
        "Bourgogne-Franche-Comté",
        22,
        "03",
        (
            ("21", 54),
            ("25", 54),
            ("39", 26),
            ("58", 20),
            ("70", 23),
            ("71", 55),
            ("89", 33),
            ("90", 14),
        ),
    ),
    RegionSpec("BRE", "Bretagne", 18, "02", (("22", 60), ("29", 92), ("35", 110), ("56", 76))),
    RegionSpec(
        "CVL",
        "Centre-Val de Loire",
        20,
        "02",
        (
            ("18", 30),
            ("28", 43),
            ("36", 22),
            ("37", 61),
            ("41", 33),
            ("45", 68),
        ),
    ),
    RegionSpec("COR", "Corse", 2, "04", (("2A", 16), ("2B", 18))),
    RegionSpec(
        "GES",
        "Grand Est",
        47,
        "03",
        (
            ("08", 27),
            ("10", 31),
            ("51", 57),
            ("52", 17),
            ("54", 73),
            ("55", 18),
            ("57", 105),
            ("67", 115),
            ("68", 77),
            ("88", 36),
        ),
    ),
    RegionSpec(
        "HDF",
        "Hauts-de-France",
        44,
        "03",
        (
            ("02", 53),
            ("59", 261),
            ("60", 83),
            ("62", 147),
            ("80", 57),
        ),
    ),
    RegionSpec(
        "IDF",
        "Île-de-France",
        70,
        "01",
        (
            ("75", 213),
            ("77", 143),
            ("78", 145),
            ("91", 131),
            ("92", 163),
            ("93", 166),
            ("94", 142),
            ("95", 126),
        ),
    ),
    RegionSpec(
        "NAQ",
        "Nouvelle-Aquitaine",
        45,
        "05",
        (
            ("16", 35),
            ("17", 66),
            ("19", 24),
            ("23", 12),
            ("24", 41),
            ("33", 163),
            ("40", 42),
            ("47", 33),
            ("64", 68),
            ("79", 37),
            ("86", 44),
            ("87", 37),
        ),
    ),
    RegionSpec(
        "OCC",
        "Occitanie",
        42,
        "05",
        (
            ("09", 15),
            ("11", 37),
            ("12", 28),
            ("30", 75),
            ("31", 142),
            ("32", 19),
            ("34", 120),
            ("46", 17),
            ("48", 8),
            ("65", 23),
            ("66", 48),
            ("81", 39),
            ("82", 26),
        ),
    ),
    RegionSpec(
        "PDL",
        "Pays de la Loire",
        18,
        "02",
        (
            ("44", 147),
            ("49", 82),
            ("53", 31),
            ("72", 57),
            ("85", 69),
        ),
    ),
    RegionSpec(
        "PAC",
        "Provence-Alpes-Côte d’Azur",
        32,
        "04",
        (
            ("04", 17),
            ("05", 14),
            ("06", 110),
            ("13", 207),
            ("83", 110),
            ("84", 56),
        ),
    ),
    RegionSpec("REU", "La Réunion", 4, "02", (("974", 87),)),
    RegionSpec("GUA", "Guadeloupe", 2, "05", (("971", 38),)),
)

# Invented place names: "<area> <feature>", e.g. "du Val des Ormes". Both parts carry their
# article so that the French reads right ("Mission Locale fictive du Val des Ormes (démo)").
PLACE_AREAS = (
    "du Val",
    "de la Plaine",
    "des Coteaux",
    "du Pays",
    "de la Vallée",
    "des Monts",
    "des Rives",
    "du Plateau",
    "de la Côte",
    "du Bassin",
    "des Hauts",
    "de la Forêt",
    "des Marches",
    "de la Lande",
    "des Terres",
    "du Bocage",
)
PLACE_FEATURES = (
    "des Ormes",
    "de la Brume",
    "d’Argile",
    "des Trois Sources",
    "du Grand Chêne",
    "des Saules",
    "de l’Aubépine",
    "des Lavandières",
    "du Moulin Clair",
    "des Hirondelles",
    "de la Pierre Bleue",
    "des Genêts",
    "du Vieux Pont",
    "des Charmes",
    "de l’Étang Vert",
    "des Bruyères",
    "du Roc Fendu",
    "des Peupliers",
    "de la Source Claire",
    "des Tilleuls",
    "du Bois Joli",
    "des Cerisiers",
    "de l’Orée",
    "des Quatre Vents",
    "du Ruisseau d’Or",
    "des Noisetiers",
    "de la Combe Douce",
    "des Fougères",
    "du Gué Blanc",
    "des Sept Collines",
    "de la Roche Grise",
    "des Mésanges",
)
# Invented town names are built from these: a consonant-initial start (no elision needed in
# "Antenne de ..."), an optional middle syllable and an ending.
TOWN_STARTS = (
    "Bru",
    "Tar",
    "Mor",
    "Cal",
    "Ven",
    "Sal",
    "Dor",
    "Fal",
    "Gor",
    "Lun",
    "Per",
    "Quin",
    "Ror",
    "Vil",
)
TOWN_MIDDLES = ("", "a", "e", "i", "o", "an", "en", "on")
TOWN_ENDINGS = ("ville", "val", "mont", "bourg", "court", "lac", "champ", "fontaine", "brac", "mesnil")
SITE_COUNT_WEIGHTS = (35, 30, 20, 10, 5)  # 1 to 5 sites per ML
GIP_SHARE = 0.1


@dataclass
class DemoNetwork:
    """Rows of the two registry files, as dicts keyed by the spec's column names."""

    structures: list[dict[str, str]] = field(default_factory=list)
    sites: list[dict[str, str]] = field(default_factory=list)

    @property
    def arml_codes(self) -> list[str]:
        return [row["code"] for row in self.structures if row["type"] == StructureType.ARML]


def allocate(total: int, weights: tuple[int, ...]) -> list[int]:
    """Split ``total`` into one share per weight, each at least 1 (largest remainder method)."""
    if total < len(weights):
        raise ValueError("Il faut au moins une Mission Locale par département.")
    spare = total - len(weights)
    weight_sum = sum(weights)
    exact = [spare * weight / weight_sum for weight in weights]
    shares = [int(value) for value in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - shares[i]), i))
    for index in by_remainder[: spare - sum(shares)]:
        shares[index] += 1
    return [share + 1 for share in shares]


def _phone(rng: random.Random, zone: str) -> str:
    return f"{FICTION_PHONE_ROOTS[zone]} {rng.randrange(100):02d} {rng.randrange(100):02d}"


def _town(rng: random.Random) -> str:
    return rng.choice(TOWN_STARTS) + rng.choice(TOWN_MIDDLES) + rng.choice(TOWN_ENDINGS)


def _structure_row(**values: str) -> dict[str, str]:
    row = dict.fromkeys(STRUCTURE_COLUMNS, "")
    row.update(values)
    return row


def generate_demo_network(seed: int = DEMO_SEED) -> DemoNetwork:
    """The fictitious ARMLs, MLs and sites; the same seed always gives the same rows."""
    rng = random.Random(seed)
    network = DemoNetwork()
    places = [f"{area} {feature}" for area in PLACE_AREAS for feature in PLACE_FEATURES]
    ml_total = sum(region.ml_count for region in DEMO_REGIONS)
    place_iter = iter(rng.sample(places, ml_total))
    for region in DEMO_REGIONS:
        arml_code = demo_arml_code(region)
        network.structures.append(
            _structure_row(
                code=arml_code,
                type=StructureType.ARML,
                nom=f"ARML {region.name} (fictive)",
                parent=UNML_CODE,
                region=region.name,
                statut=LegalStatus.ASSOCIATION,
                telephone=_phone(rng, region.phone_zone),
                email=f"{arml_code.lower()}@{EMAIL_DOMAIN}",
            )
        )
        shares = allocate(region.ml_count, tuple(weight for _, weight in region.departments))
        for (department, _), share in zip(region.departments, shares, strict=True):
            for number in range(1, share + 1):
                code = f"ML-{department}-DEMO-{number:02d}"
                _add_ml(network, rng, region, arml_code, department, code, next(place_iter))
    return network


def _add_ml(
    network: DemoNetwork,
    rng: random.Random,
    region: RegionSpec,
    arml_code: str,
    department: str,
    code: str,
    place: str,
) -> None:
    email = f"{code.lower()}@{EMAIL_DOMAIN}"
    phone = _phone(rng, region.phone_zone)
    statut = LegalStatus.GIP if rng.random() < GIP_SHARE else LegalStatus.ASSOCIATION
    network.structures.append(
        _structure_row(
            code=code,
            type=StructureType.ML,
            nom=f"Mission Locale fictive {place} (démo)",
            parent=arml_code,
            region=region.name,
            departement=department,
            statut=statut,
            telephone=phone,
            email=email,
        )
    )
    site_count = rng.choices(range(1, len(SITE_COUNT_WEIGHTS) + 1), weights=SITE_COUNT_WEIGHTS)[0]
    towns: list[str] = []
    while len(towns) < site_count:
        town = _town(rng)
        if town not in towns:
            towns.append(town)
    for index, town in enumerate(towns):
        if index == 0:
            site_type, label, site_phone, site_email = SiteType.SIEGE, "Siège", phone, email
        else:
            site_type = SiteType.ANTENNE if rng.random() < 0.7 else SiteType.PERMANENCE
            label = "Antenne" if site_type == SiteType.ANTENNE else "Permanence"
            site_phone = _phone(rng, region.phone_zone) if site_type == SiteType.ANTENNE else ""
            site_email = f"{code.lower()}.site{index + 1}@{EMAIL_DOMAIN}"
        network.sites.append(
            {
                "structure": code,
                "nom": f"{label} de {town}",
                "type": site_type,
                "commune": town,
                "telephone": site_phone,
                "email": site_email,
            }
        )


def write_registry_csv(network: DemoNetwork, directory: Path) -> tuple[Path, Path]:
    """Write ``structures.csv`` and ``sites.csv`` (spec format: UTF-8, ``;``) into ``directory``."""
    structures_path = directory / "structures.csv"
    sites_path = directory / "sites.csv"
    for path, columns, rows in (
        (structures_path, STRUCTURE_COLUMNS, network.structures),
        (sites_path, SITE_COLUMNS, network.sites),
    ):
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, delimiter=";", lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return structures_path, sites_path


def reference_files() -> tuple[Path, Path]:
    """The real reference registry (UNML, ARML Normandie and its Missions Locales)."""
    return REFERENCE_DIR / "structures.csv", REFERENCE_DIR / "sites.csv"


def load_reference_network() -> RegistryImportResult:

    structures, sites = reference_files()
    return import_registry(structures, sites)


def demo_arml_code(region: RegionSpec) -> str:
    return f"ARML-{region.abbreviation}-DEMO"


def demo_network_loaded() -> bool:
    """True when every demo ARML is already there (the whole demo network is loaded at once)."""
    codes = [demo_arml_code(region) for region in DEMO_REGIONS]
    return Structure.objects.filter(code__in=codes, is_demo=True).count() == len(codes)


def load_demo_network(seed: int = DEMO_SEED) -> RegistryImportResult | None:
    """Import the fictitious network (flagged ``is_demo``); does nothing if it is already there.

    Returns the import result, or None when nothing had to be done. The UNML must exist (load
    the reference data first).
    """

    if demo_network_loaded():
        return None
    network = generate_demo_network(seed)
    with tempfile.TemporaryDirectory(prefix="mlplatform-demo-") as directory:
        structures, sites = write_registry_csv(network, Path(directory))
        return import_registry(structures, sites, is_demo=True)
