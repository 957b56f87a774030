"""Every published activity report of a year as PDF, in the background (issue 18).

Data: the reference and fictitious network (452 structures: the UNML, 15 ARML, 436 Missions
Locales) with the demo observatory data; one report per structure, written from its type's
template, submitted and published (which freezes its figures: measured too).

Measured: ``manage.py reports build --year Y`` run as people run it, with two workers
(``manage.py db_worker``, one per core of this machine) taking the tasks: wall time (goal: under
10 minutes), PDFs per second, and the peak resident memory of each worker and of the command
(goal: under 1 GB).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from bench.measure import Measure

SCENARIO = "reports"
GOAL_SECONDS = 600
GOAL_MEMORY_MB = 1024
WORKERS = 2


def _setup() -> tuple[int, float, int]:
    from mlplatform.accounts.enums import Role
    from mlplatform.accounts.models import Membership, User
    from mlplatform.activity_reports import services
    from mlplatform.network.demo import load_demo_network, load_reference_network
    from mlplatform.network.models import Structure
    from mlplatform.observatory.demo import DEMO_YEARS
    from mlplatform.observatory.demo import load_demo as load_observatory

    load_reference_network()
    load_demo_network()
    load_observatory()
    year = max(DEMO_YEARS)
    unml = Structure.objects.get(type="UNML")
    writer = User.objects.create_user("bench.redaction@bench.test", "bench")
    reader = User.objects.create_user("bench.relecture@bench.test", "bench")
    for user in (writer, reader):
        Membership.objects.create(user=user, structure=unml, role=Role.NATIONAL_ADMIN)
    structures = list(Structure.objects.filter(closed_on__isnull=True).order_by("type", "code"))
    started = time.monotonic()
    for structure in structures:
        report = services.create_report(structure, year, user=writer)
        report = services.submit(report, expected_version=report.version, user=writer)
        report = services.proofread(report, expected_version=report.version, user=reader)
        services.publish(report, expected_version=report.version, user=reader)
    per_report = (time.monotonic() - started) / len(structures)
    return year, per_report, len(structures)


def _vm_hwm(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run() -> list[Measure]:
    from mlplatform.activity_reports.models import ActivityReport

    year, per_report, count = _setup()
    # The PDFs enqueued at publication are built by the workers below, with the command's.
    ActivityReport.objects.update(pdf="", pdf_built_at=None)
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.bench", "TASK_BACKEND": "database"}
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.2",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(WORKERS)
    ]
    started = time.monotonic()
    try:
        command = subprocess.run(  # noqa: S603 - our own command
            [
                sys.executable,
                "-c",
                "import django, os;"
                "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.bench');"
                "django.setup();"
                "from django.core.management import call_command;"
                f"call_command('reports', 'build', '--year', '{year}');"
                # VmHWM, not ru_maxrss: the latter keeps the forking parent's peak across exec.
                "print('PEAK', [int(line.split()[1]) / 1024"
                " for line in open('/proc/self/status') if line.startswith('VmHWM')][0])",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        elapsed = time.monotonic() - started
        worker_peaks = [_vm_hwm(worker.pid) for worker in workers]
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
    if command.returncode != 0:
        raise RuntimeError(f"reports build a échoué :\n{command.stdout[-2000:]}\n{command.stderr[-2000:]}")
    written = [line for line in command.stdout.splitlines() if line.startswith("[")]
    command_peak = float(command.stdout.rsplit("PEAK", 1)[1].strip())
    sizes = [Path(report.pdf.path).stat().st_size for report in ActivityReport.objects.exclude(pdf="")]
    measures = [
        Measure(
            SCENARIO,
            "Publication d'un rapport (figement des chiffres)",
            per_report * 1000,
            "ms",
            f"{count} rapports",
        ),
        Measure(
            SCENARIO,
            "reports build : tous les PDF de l'année",
            elapsed,
            "s",
            f"{len(written)} PDF, {WORKERS} workers ; objectif < {GOAL_SECONDS} s",
        ),
        Measure(SCENARIO, "PDF par seconde", len(written) / elapsed, "/s"),
        Measure(
            SCENARIO,
            "Mémoire maximale d'un worker",
            max(worker_peaks),
            "Mo",
            f"objectif < {GOAL_MEMORY_MB} Mo ; workers : {', '.join(f'{p:.0f}' for p in worker_peaks)}",
        ),
        Measure(SCENARIO, "Mémoire maximale de la commande", command_peak, "Mo"),
        Measure(SCENARIO, "Taille moyenne d'un PDF", sum(sizes) / max(len(sizes), 1) / 1024, "Ko"),
    ]
    _cleanup()
    return measures


def _cleanup() -> None:
    from mlplatform.accounts.models import User
    from mlplatform.activity_reports.models import ActivityReport

    for report in ActivityReport.objects.exclude(pdf=""):
        report.pdf.delete(save=False)
    ActivityReport.objects.all().delete()
    User.objects.filter(email__endswith="@bench.test", email__startswith="bench.r").delete()
