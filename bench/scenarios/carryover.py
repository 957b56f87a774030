"""Carry-over of a whole national campaign to a new version of the ML framework (issue 20).

Data: the reference and fictitious network (436 Missions Locales), each having submitted a self-
assessment on ML 2022 (every one of its 169 requirements answered: about 74,000 answers), with two
evidence links and two improvement actions per ML on requirements that change or disappear. The
new version is the demo one (data/demo/ML-2026-demo.yaml: 3 requirements changed, 2 added,
2 removed, 2 renumbered).

Measured:
(a) the migration report of the network (the national admin's page, computed before opening);
(b) the background carry-over job of the campaign opened on the new version, run in a child
    process as a worker runs it (its own memory): time, peak resident memory, and the peak after
    its first batch of structures against after its last one (memory flat: it does not grow with
    the number of structures);
(c) the answering page of a carried-over assessment (its largest part) and its queries.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bench.measure import Measure, timed

SCENARIO = "carryover"
GOAL_SECONDS = 60


def _setup():
    from mlplatform.accounts.enums import Role
    from mlplatform.accounts.models import Membership, User
    from mlplatform.assessments import services
    from mlplatform.assessments.demo import _level
    from mlplatform.assessments.enums import AssessmentStatus
    from mlplatform.assessments.models import Answer, AnswerEvidence, Assessment
    from mlplatform.evidence.models import Evidence, EvidenceKind
    from mlplatform.frameworks.loader import DATA_DIR, load_file
    from mlplatform.frameworks.models import FrameworkVersion, Requirement
    from mlplatform.improvement.models import ImprovementAction
    from mlplatform.network.demo import load_demo_network, load_reference_network
    from mlplatform.network.models import Structure

    load_reference_network()
    load_demo_network()
    admin = User.objects.create_user("bench.reprise@bench.test", "bench")
    Membership.objects.create(
        user=admin, structure=Structure.objects.get(type="UNML"), role=Role.NATIONAL_ADMIN
    )
    old = FrameworkVersion.objects.get(framework__code="ML", version="2022")
    today = timezone.localdate()
    campaign = services.create_campaign(
        name="Bench reprise 2022",
        year=today.year - 1,
        ml_version=old,
        network_version=None,
        opens_on=today - datetime.timedelta(days=400),
        closes_on=today - datetime.timedelta(days=300),
        user=admin,
    )
    requirements = list(Requirement.objects.filter(version=old).order_by("position").only("pk", "ref"))
    by_ref = {r.ref.removeprefix("ML-2022-"): r for r in requirements}
    now = timezone.now()
    assessments = list(campaign.assessments.select_related("structure"))
    answers = 0
    for start in range(0, len(assessments), 50):
        rows = [
            Answer(
                assessment=assessment,
                requirement=requirement,
                level=_level(assessment.structure.code, requirement.ref, today.year - 1, 3),
                comment=f"Réponse de {assessment.structure.code}",
                updated_by=admin,
                updated_at=now,
            )
            for assessment in assessments[start : start + 50]
            for requirement in requirements
        ]
        Answer.objects.bulk_create(rows, batch_size=2000)
        answers += len(rows)
    Assessment.objects.filter(campaign=campaign).update(
        status=AssessmentStatus.SUBMITTED, submitted_at=now, submitted_by=admin
    )
    evidence = Evidence.objects.bulk_create(
        Evidence(
            structure=a.structure, kind=EvidenceKind.LINK, title=f"Preuve {n}", url="https://exemple.org/"
        )
        for a in assessments
        for n in (1, 2)
    )
    AnswerEvidence.objects.bulk_create(
        [
            AnswerEvidence(
                assessment=a, requirement=by_ref[local], evidence=item, added_by=admin, added_at=now
            )
            for a, (first, second) in zip(
                assessments, zip(evidence[::2], evidence[1::2], strict=True), strict=True
            )
            for local, item in (("1.2.2", first), ("1.2.3", second))
        ],
        batch_size=2000,
    )
    actions = ImprovementAction.objects.bulk_create(
        ImprovementAction(structure=a.structure, title=title, due_on=today + datetime.timedelta(days=90))
        for a in assessments
        for title in ("Action sur une exigence modifiée", "Action sur une exigence supprimée")
    )
    Through = ImprovementAction.requirements.through
    Through.objects.bulk_create(
        [
            Through(improvementaction=action, requirement=by_ref["1.2.2" if n % 2 == 0 else "2.3.4"])
            for n, action in enumerate(actions)
        ],
        batch_size=2000,
    )
    new = load_file(DATA_DIR / "demo" / "ML-2026-demo.yaml").version
    return admin, old, new, answers


def _cleanup(old_version, new_version) -> None:
    """Leave the bench database as this scenario found it: the scenarios after it (``national`` loads
    the demo with setup_demo) must not find the demo version nor these campaigns."""
    from django.apps import apps
    from django.db import transaction

    from mlplatform.accounts.models import User
    from mlplatform.assessments.models import (
        Answer,
        AnswerEvidence,
        Assessment,
        Campaign,
        CarriedAnswer,
        Carryover,
    )
    from mlplatform.evidence.models import Evidence
    from mlplatform.improvement.models import ImprovementAction

    campaigns = Campaign.objects.filter(name__startswith="Bench reprise")
    structures = Assessment.objects.filter(campaign__in=campaigns).values("structure_id")
    with transaction.atomic():
        CarriedAnswer.objects.filter(assessment__campaign__in=campaigns).delete()
        Carryover.objects.filter(assessment__campaign__in=campaigns).delete()
        AnswerEvidence.objects.filter(assessment__campaign__in=campaigns).delete()
        Answer.objects.filter(assessment__campaign__in=campaigns).delete()
        ImprovementAction.objects.filter(
            structure_id__in=structures, title__startswith="Action sur une"
        ).delete()
        Evidence.objects.filter(structure_id__in=structures, title__startswith="Preuve ").delete()
        Assessment.objects.filter(campaign__in=campaigns).delete()
        campaigns.delete()
        new_version.delete()
        User.objects.filter(email__startswith="bench.reprise").delete()
        results = apps.get_model("django_tasks_database", "DBTaskResult").objects
        results.filter(task_path__endswith="run_carryover").delete()


def _memory(field: str) -> float:
    """VmRSS (now) or VmHWM (peak since the last reset) of this process, in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"{field} absent de /proc/self/status")


def child(job_id: int) -> None:
    """In a worker's place: run the queued job, and report time and memory as JSON on stdout.

    The kernel's peak of resident memory is reset first (``/proc/self/clear_refs``), so that the
    peak measured is the carry-over's, not Django's start-up; it is read after each batch."""
    from mlplatform.assessments import carryover
    from mlplatform.assessments.jobs import run_job

    peaks: list[float] = []
    batch = carryover._carry_batch

    def measured(*args, **kwargs):
        result = batch(*args, **kwargs)
        peaks.append(_memory("VmHWM"))
        return result

    carryover._carry_batch = measured
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current resident size
    before = _memory("VmRSS")
    started = time.perf_counter()
    run_job(job_id)
    elapsed = time.perf_counter() - started
    print(json.dumps({"seconds": elapsed, "before": before, "peak": _memory("VmHWM"), "batches": peaks}))


def _run_in_child(job_id: int) -> dict:
    code = f"import django; django.setup(); from bench.scenarios.carryover import child; child({job_id})"
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.bench"),
    }
    output = subprocess.run(  # noqa: S603 (our own module)
        [sys.executable, "-c", code], cwd=root, env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def run() -> list[Measure]:
    from mlplatform.assessments import services
    from mlplatform.assessments.carryover import migration_report
    from mlplatform.assessments.models import CarriedAnswer, CarryoverJob
    from mlplatform.improvement.models import ImprovementAction

    admin, old, new, answers = _setup()
    measures = [
        Measure(SCENARIO, "réponses soumises sur la version 2022", answers, "lignes", "≈ 436 ML × 169")
    ]

    # (a) The migration report, as the national admin's page computes it.
    report = None

    def compute() -> None:
        nonlocal report
        report = migration_report(old, new)

    measures.append(
        Measure(SCENARIO, "rapport de reprise du réseau", timed(compute, repeat=3), "ms", "médiane de 3")
    )
    with CaptureQueriesContext(connection) as queries:
        compute()
    measures.append(Measure(SCENARIO, "rapport de reprise : requêtes", len(queries), "req."))
    print(f"   rapport : {json.dumps(report.as_json(), ensure_ascii=False)}", flush=True)

    # (b) Opening the campaign queues the job (no worker here); a child process runs it as a worker.
    today = timezone.localdate()
    campaign = services.create_campaign(
        name="Bench reprise démo",
        year=today.year,
        ml_version=new,
        network_version=None,
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=60),
        user=admin,
    )
    job = CarryoverJob.objects.get(campaign=campaign)
    # Queued, not run: with TASK_BACKEND=immediate the job would have run here, and the child would
    # time nothing.
    assert job.status == CarryoverJob.Status.QUEUED, "TASK_BACKEND=immediate : la tâche a déjà tourné"
    result = _run_in_child(job.pk)
    job.refresh_from_db()
    assert job.status == CarryoverJob.Status.SUCCEEDED, (job.status, job.error)
    rows = CarriedAnswer.objects.filter(assessment__campaign=campaign).count()
    flagged = ImprovementAction.objects.exclude(to_decide="").count()
    batches = result["batches"]
    measures += [
        Measure(
            SCENARIO,
            "reprise de la campagne nationale (tâche)",
            result["seconds"],
            "s",
            f"objectif < {GOAL_SECONDS} s",
        ),
        Measure(SCENARIO, "reprise : lignes proposées", rows, "lignes", json.dumps(job.summary["answers"])),
        Measure(SCENARIO, "reprise : actions à décider", flagged, "actions"),
        Measure(SCENARIO, "reprise : mémoire résidente au départ", result["before"], "Mo", "Django chargé"),
        Measure(SCENARIO, "reprise : mémoire maximale après le 1er lot", batches[0], "Mo", "lots de 100 ML"),
        Measure(
            SCENARIO, "reprise : mémoire maximale à la fin", result["peak"], "Mo", f"{len(batches)} lots"
        ),
    ]

    # (c) The answering page of a carried-over assessment: its largest part.
    from django.test import Client

    assessment = campaign.assessments.select_related("structure").get(structure__code="ML-14-CAEN")
    from mlplatform.accounts.enums import Role
    from mlplatform.accounts.models import Membership, User

    quality = User.objects.create_user("bench.reprise.qualite@bench.test", "bench")
    Membership.objects.create(user=quality, structure=assessment.structure, role=Role.ML_QUALITY)
    client = Client()
    client.force_login(quality)
    url = reverse("assessments:assessment", args=[assessment.pk]) + "?partie=4"

    def page() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    measures.append(
        Measure(SCENARIO, "page d'une auto-évaluation reprise (partie 4)", timed(page), "ms", "médiane de 5")
    )
    with CaptureQueriesContext(connection) as queries:
        page()
    measures.append(Measure(SCENARIO, "page d'une auto-évaluation reprise : requêtes", len(queries), "req."))
    started = time.perf_counter()
    _cleanup(old, new)
    print(f"   (données du scénario effacées en {time.perf_counter() - started:.0f} s)", flush=True)
    return measures
