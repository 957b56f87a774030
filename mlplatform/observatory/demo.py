"""Synthetic observatory data for the demo (``setup_demo``, hence ``make run``).

Two pairs of consecutive years, DEMO_YEARS = 2021, 2022, 2024 and 2025. 2024 and 2025 are the
last two complete years when the demo is shown (2026), both under the CEJ regime (the Garantie
jeunes took its last entries in February 2022), so that every year-over-year change and every
objective of the pages is defined and reads like a current report. 2021 and 2022 are the years of
seed 004 (the 2022 report of ARML Normandie, and its changes against 2021): the demo activity
report of 2022 reads its figures, the programme entrants' profiles (GJ, then CEJ from March 2022),
the contract types and the young people under justice included. The generator
(:mod:`.synthetic`) is calibrated on the 2022 report of ARML Normandie (seed 004) and decreases
by about 5 % a year: Normandie shows about 50,700 young people accompanied in 2022, about 45,500
then 43,300 in 2024 and 2025 (-5 %), 12,000 CEJ entries against an objective met at about 108 %.

What is loaded, through the real import (:func:`.importer.import_dataset`), one dataset per
year and group:

- the 24 Missions Locales of Normandie at real size (``NORMANDIE_FACTOR``);
- the 412 fictitious Missions Locales of the 14 demo regions at ``DEMO_REGIONS_FACTOR`` (20 %)
  of their size: about 165,000 young people a year, so that the nation shows about 210,000
  instead of 1 million. Real size would take minutes (the import of a national year takes
  about a minute and a half on two cores, see the benchmark): too slow for ``make run``. On a
  two-core machine the eight imports take about 30 s the first time; later runs only check
  that the data is there (well under a second).

``settings.OBSERVATORY_DEMO_FACTOR`` (default 1) multiplies both, so that tests stay fast.
Idempotent: a group and year whose MLs all have current data is skipped.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.core.management.base import CommandError

from mlplatform.core.french import counted
from mlplatform.network.models import Structure

from .importer import import_dataset
from .models import DatasetStructure
from .synthetic import (
    DEFAULT_SEED,
    MissionLocale,
    demo_regions_missions_locales,
    generate_dataset,
    normandie_missions_locales,
)

DEMO_YEARS = (2021, 2022, 2024, 2025)
NORMANDIE_FACTOR = 1.0
DEMO_REGIONS_FACTOR = 0.2


@dataclass(frozen=True)
class DemoGroup:
    label: str
    missions_locales: list[MissionLocale]


def demo_groups(factor: float | None = None) -> list[DemoGroup]:
    """The groups of MLs the demo loads, restricted to those present in the registry."""
    factor = getattr(settings, "OBSERVATORY_DEMO_FACTOR", 1.0) if factor is None else factor
    groups = [
        DemoGroup("Normandie", normandie_missions_locales(NORMANDIE_FACTOR * factor)),
        DemoGroup("régions de démonstration", demo_regions_missions_locales(DEMO_REGIONS_FACTOR * factor)),
    ]
    known = set(Structure.objects.ml().values_list("code", flat=True))
    result = []
    for group in groups:
        present = [ml for ml in group.missions_locales if ml.code in known]
        if present:
            result.append(DemoGroup(group.label, present))
    return result


def is_loaded(year: int, codes: Sequence[str]) -> bool:
    """True when every ML of ``codes`` has current data for ``year``."""
    loaded = (
        DatasetStructure.objects.current()
        .filter(year=year, kind=DatasetStructure.Kind.DATA, structure__code__in=codes)
        .count()
    )
    return loaded == len(codes)


def load_demo(
    stdout: TextIO | None = None, *, years: Sequence[int] = DEMO_YEARS, seed: int = DEFAULT_SEED
) -> str:
    """Generate and import the demo years that are not loaded yet; return one French summary line.

    Progress lines go to ``stdout`` (only when something is imported). A refused import raises
    ``CommandError`` with the problems (it would be a bug of the generator).
    """
    started = time.monotonic()
    imported, skipped, young = [], 0, 0
    for group in demo_groups():
        codes = [ml.code for ml in group.missions_locales]
        for year in years:
            if is_loaded(year, codes):
                skipped += 1
                continue
            if stdout is not None:
                stdout.write(f"Observatoire : génération et import des données {year} ({group.label})…\n")
            with tempfile.TemporaryDirectory(prefix="mlplatform-observatory-demo-") as directory:
                dataset = generate_dataset(year, Path(directory), group.missions_locales, seed=seed)
                result = import_dataset(year, {path.name: path for path in dataset.files.values()})
            if not result.accepted:
                raise CommandError(
                    f"Import des données de démonstration {year} ({group.label}) refusé :\n{result.report()}"
                )
            imported.append(f"{year} ({group.label})")
            young += dataset.rows["jeunes"]
    elapsed = time.monotonic() - started
    if not imported:
        return f"Observatoire : données de démonstration {', '.join(map(str, years))} déjà chargées."
    young_text = f"{young:,}".replace(",", "\u202f")
    already = f" ({counted(skipped, 'lot déjà chargé', 'lots déjà chargés')})" if skipped else ""
    return (
        f"Observatoire : données synthétiques importées pour {', '.join(imported)} "
        f"({young_text} jeunes) en {elapsed:.0f} s{already}."
    )
