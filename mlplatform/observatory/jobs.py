"""Background execution of the observatory imports submitted from the upload page.

A national extract takes tens of seconds to import, longer than a web request should last. The
upload page calls :func:`submit_import`, which stores the files under random names through
Django's storage API (shared by every server: local folder, or S3-compatible storage), records
an :class:`~.models.ImportJob` (QUEUED) and enqueues the task :func:`run_import` on Django's task
framework; a worker process runs it (``python manage.py db_worker``; the tests run tasks at once).

A job is claimed with a conditional UPDATE (QUEUED -> RUNNING), so two workers never run the
same one. While it runs, the import reports its progress (0-100 and a French step) into the
job, and a heartbeat is written every :data:`HEARTBEAT_SECONDS`; a RUNNING job without a
heartbeat for ``ImportJob.STALE_AFTER`` belongs to a process that died: :func:`fail_stale_jobs`
marks it FAILED (the page says why and asks to submit again). An unexpected error is tried again
a bounded number of times (``core.retries``), then kept with its reason. The uploaded files are
removed when the job ends, whatever its outcome.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import socket
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import connection
from django.tasks import task
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone

from mlplatform.core.retries import retry_later
from mlplatform.network.perimeter import Level, Perimeter

from .importer import import_dataset
from .models import ImportJob
from .spec import file_kind

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 20
__all__ = ["ImportJob", "fail_stale_jobs", "job_perimeter", "run_import", "run_job", "submit_import"]


UPLOADS = "observatoire-depots"  # folder of the uploaded files in the default storage


def _store(folder: str, upload: UploadedFile | Path) -> dict[str, str]:
    """Save one uploaded file under a random name; keep its original name for the report."""
    name = Path(str(getattr(upload, "name", upload))).name
    suffix = ".parquet" if name.lower().endswith(".parquet") else ".csv"
    target = f"{folder}/{secrets.token_hex(12)}{suffix}"
    if isinstance(upload, Path):
        with upload.open("rb") as source:
            stored = default_storage.save(target, File(source))
    else:
        stored = default_storage.save(target, upload)
    return {"kind": file_kind(name) or "", "name": name, "path": stored}


def submit_import(
    year: int,
    uploaded_files: Iterable[UploadedFile | Path] | dict[str, UploadedFile | Path],
    user: Any,
    membership: Any,
) -> ImportJob:
    """Record an import job for the files and enqueue it (the task runs it in a worker).

    ``membership`` is the importer's current membership: its structure and perimeter bound the
    structures the dataset may cover.
    """
    files = list(uploaded_files.values()) if isinstance(uploaded_files, dict) else list(uploaded_files)
    folder = f"{UPLOADS}/{secrets.token_hex(12)}"
    stored = [_store(folder, upload) for upload in files]
    job = ImportJob.objects.create(
        year=year,
        files=stored,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        structure=membership.structure,
        perimeter_level=str(membership.perimeter().level),
        step="En attente de traitement",
    )
    run_import.enqueue(job.pk)
    job.refresh_from_db()
    return job


@task()
def run_import(job_id: int, attempt: int = 1) -> str:
    """The background task of one import job."""
    job = run_job(job_id, attempt=attempt)
    return "déjà traité" if job is None else job.status


def job_perimeter(job: ImportJob) -> Perimeter:
    return Perimeter(Level(job.perimeter_level), job.structure_id)


def _claim(job_id: int) -> bool:
    now = timezone.now()
    return bool(
        ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
            status=ImportJob.Status.RUNNING,
            started_at=now,
            heartbeat_at=now,
            progress=0,
            step="Démarrage",
            worker=f"{socket.gethostname()}:{os.getpid()}",
        )
    )


def run_job(job_id: int, attempt: int = 1) -> ImportJob | None:
    """Run one queued job to its end (None if another worker claimed it first)."""
    if not _claim(job_id):
        return None
    job = ImportJob.objects.get(pk=job_id)
    stop = threading.Event()
    if not isinstance(run_import.get_backend(), ImmediateBackend):  # a worker: a sign of life meanwhile
        threading.Thread(target=_heartbeat, args=(job_id, stop), daemon=True).start()

    def progress(percent: int, step: str) -> None:
        ImportJob.objects.filter(pk=job_id).update(
            progress=percent, step=step[:200], heartbeat_at=timezone.now()
        )

    retried = False
    try:
        with tempfile.TemporaryDirectory(prefix="observatoire-import-") as local:
            files = {entry["name"]: _local_copy(entry["path"], Path(local)) for entry in job.files}
            result = import_dataset(
                job.year, files, allowed=job_perimeter(job), user=job.created_by, progress=progress
            )
    except Exception as error:  # the job records why
        logger.exception("Observatoire : échec de l'import n° %s (tentative %s)", job_id, attempt)
        stop.set()
        if _requeue(job_id, attempt):
            retried = True
            return ImportJob.objects.get(pk=job_id)
        _finish(
            job_id,
            status=ImportJob.Status.FAILED,
            step="Échec",
            error=f"Erreur inattendue pendant l'import : {type(error).__name__}. Rien n'a été modifié ; "
            "réessayez, et si l'erreur persiste, transmettez ce message à l'équipe nationale.",
        )
    else:
        _finish(
            job_id,
            status=ImportJob.Status.SUCCEEDED if result.accepted else ImportJob.Status.REFUSED,
            step="Terminé" if result.accepted else "Refusé",
            progress=100,
            problems=result.problems_json(),
            summary=result.summary,
            dataset=result.dataset,
        )
    finally:
        stop.set()
        if not retried:
            _remove_uploads(job)
    return ImportJob.objects.get(pk=job_id)


def _local_copy(stored: str, folder: Path) -> Path:
    """DuckDB reads local files: the stored upload is copied into the task's own folder."""
    target = folder / Path(stored).name
    with default_storage.open(stored, "rb") as source, target.open("wb") as handle:
        shutil.copyfileobj(source, handle, 1 << 20)
    return target


def _requeue(job_id: int, attempt: int) -> bool:
    """Put the job back in the queue for another attempt, if attempts remain."""
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportJob.Status.QUEUED, step=f"Nouvel essai prévu (tentative {attempt + 1})"
    )
    if retry_later(run_import, attempt, job_id):
        return True
    ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.RUNNING)
    return False


def _finish(job_id: int, **fields: Any) -> None:
    fields.setdefault("finished_at", timezone.now())
    ImportJob.objects.filter(pk=job_id).update(**fields)


def _remove_uploads(job: ImportJob) -> None:
    for entry in job.files:
        if str(entry.get("path", "")).startswith(f"{UPLOADS}/"):
            default_storage.delete(entry["path"])


def _heartbeat(job_id: int, stop: threading.Event) -> None:
    try:
        while not stop.wait(HEARTBEAT_SECONDS):
            ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.RUNNING).update(
                heartbeat_at=timezone.now()
            )
    finally:
        connection.close()


def fail_stale_jobs() -> int:
    """Mark FAILED the running jobs whose worker stopped giving signs of life; returns how many."""
    limit = timezone.now() - ImportJob.STALE_AFTER
    stale = ImportJob.objects.filter(status=ImportJob.Status.RUNNING, heartbeat_at__lt=limit)
    jobs = list(stale.values_list("pk", "files"))
    count = stale.update(
        status=ImportJob.Status.FAILED,
        finished_at=timezone.now(),
        step="Interrompu",
        error="Le traitement a été interrompu (le serveur a sans doute redémarré). Rien n'a été modifié : "
        "déposez à nouveau les fichiers.",
    )
    for pk, files in jobs:
        _remove_uploads(ImportJob(pk=pk, files=files))
    return count
