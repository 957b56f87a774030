"""Run the benchmark scenarios on a fresh database of their own and print what they measured.

Each module of ``bench/scenarios`` exposes ``run() -> list[Measure]``. The database is
SQLite under ``var/bench/`` (or ``DATABASE_URL``), dropped and migrated at every run.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import sys
import time
from pathlib import Path


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from bench import scenarios
    from bench.measure import as_rows

    available = sorted(module.name for module in pkgutil.iter_modules(scenarios.__path__))
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__)
    parser.add_argument("scenarios", nargs="*", help=f"parmi : {', '.join(available)} (tous par défaut)")
    arguments = parser.parse_args()
    unknown = sorted(set(arguments.scenarios) - set(available))
    if unknown:
        parser.error(f"scénario inconnu : {', '.join(unknown)} (connus : {', '.join(available)})")

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        Path(database["NAME"]).unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    call_command("frameworks", "load", "--all", verbosity=0)

    measures = []
    for name in arguments.scenarios or available:
        started = time.monotonic()
        print(f"== {name}", flush=True)
        module = importlib.import_module(f"bench.scenarios.{name}")
        scenario_measures = module.run()
        for measure in scenario_measures:
            line = f"   {measure.name:<60} {measure.value:>12.2f} {measure.unit:<6} {measure.note}"
            print(line, flush=True)
        print(f"   ({time.monotonic() - started:.0f} s)", flush=True)
        measures.extend(scenario_measures)
    output = settings.BENCH_DIR / "results.json"
    output.write_text(json.dumps(as_rows(measures), indent=2, ensure_ascii=False))
    print(f"Résultats : {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
