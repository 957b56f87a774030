"""Background execution of the observatory imports submitted from the upload page.

A national extract takes tens of seconds to import, longer than a web request should last. The
upload page calls :func:`submit_import`, which stores the files under random names and records
an :class:`~.models.ImportJob` (QUEUED); the import then runs outside the request:

- by a worker thread started in the web process once the submitting transaction commits
  (:func:`ensure_worker`): it runs every queued job, one at a time, then stops;
- or by ``python manage.py observatory work`` (the same loop, in its own process: useful
  after a restart, or to run imports on another machine);
- or synchronously, inside :func:`submit_import`, when ``settings.OBSERVATORY_RUN_JOBS_INLINE``
  (the tests).

A job is claimed with a conditional UPDATE (QUEUED -> RUNNING), so two workers never run the
same one. While it runs, the import reports its progress (0-100 and a French step) into the
job, and a heartbeat is written every :data:`HEARTBEAT_SECONDS`; a RUNNING job without a
heartbeat for ``ImportJob.STALE_AFTER`` belongs to a process that died: :func:`fail_stale_jobs`
marks it FAILED (the page says why and asks to submit again). The uploaded files are removed
when the job ends, whatever its outcome.

Why not ``django.tasks``: Django 6.1 ships only the immediate and dummy backends; a database
backend exists on PyPI (``django-tasks-db``) but needs its own worker process, tables and
dependency, and the job model is needed anyway for progress and problems. The small worker
below is enough for imports that are rare and run one at a time.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import socket
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from mlplatform.network.perimeter import Level, Perimeter

from .importer import import_dataset
from .models import ImportJob
from .spec import file_kind

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 20
__all__ = [
    "ImportJob",
    "ensure_worker",
    "fail_stale_jobs",
    "job_perimeter",
    "run_job",
    "run_pending",
    "submit_import",
]


def uploads_root() -> Path:
    return Path(settings.OBSERVATORY_DIR) / "uploads"


def _store(folder: Path, upload: UploadedFile | Path) -> dict[str, str]:
    """Copy one uploaded file under a random name; keep its original name for the report."""
    name = Path(str(getattr(upload, "name", upload))).name
    suffix = ".parquet" if name.lower().endswith(".parquet") else ".csv"
    target = folder / f"{secrets.token_hex(12)}{suffix}"
    with target.open("wb") as handle:
        if isinstance(upload, Path):
            with upload.open("rb") as source:
                shutil.copyfileobj(source, handle, 1 << 20)
        else:
            for chunk in upload.chunks():
                handle.write(chunk)
    return {"kind": file_kind(name) or "", "name": name, "path": str(target)}


def submit_import(
    year: int,
    uploaded_files: Iterable[UploadedFile | Path] | dict[str, UploadedFile | Path],
    user: Any,
    membership: Any,
) -> ImportJob:
    """Record an import job for the files and start it (inline in tests, else in the background).

    ``membership`` is the importer's current membership: its structure and perimeter bound the
    structures the dataset may cover.
    """
    files = list(uploaded_files.values()) if isinstance(uploaded_files, dict) else list(uploaded_files)
    folder = uploads_root() / secrets.token_hex(12)
    folder.mkdir(parents=True, exist_ok=True)
    stored = [_store(folder, upload) for upload in files]
    job = ImportJob.objects.create(
        year=year,
        files=stored,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        structure=membership.structure,
        perimeter_level=str(membership.perimeter().level),
        step="En attente de traitement",
    )
    if settings.OBSERVATORY_RUN_JOBS_INLINE:
        run_job(job.pk)
        job.refresh_from_db()
    else:
        transaction.on_commit(ensure_worker)
    return job


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


def run_job(job_id: int) -> ImportJob | None:
    """Run one queued job to its end (None if another worker claimed it first)."""
    if not _claim(job_id):
        return None
    job = ImportJob.objects.get(pk=job_id)
    stop = threading.Event()
    inline = settings.OBSERVATORY_RUN_JOBS_INLINE
    beat = None if inline else threading.Thread(target=_heartbeat, args=(job_id, stop), daemon=True)
    if beat is not None:
        beat.start()

    def progress(percent: int, step: str) -> None:
        ImportJob.objects.filter(pk=job_id).update(
            progress=percent, step=step[:200], heartbeat_at=timezone.now()
        )

    try:
        files = {entry["name"]: Path(entry["path"]) for entry in job.files}
        result = import_dataset(
            job.year, files, allowed=job_perimeter(job), user=job.created_by, progress=progress
        )
    except Exception as error:  # the job records why; the worker goes on with the next one
        logger.exception("Observatoire : échec de l'import n° %s", job_id)
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
        _remove_uploads(job)
    return ImportJob.objects.get(pk=job_id)


def _finish(job_id: int, **fields: Any) -> None:
    fields.setdefault("finished_at", timezone.now())
    ImportJob.objects.filter(pk=job_id).update(**fields)


def _remove_uploads(job: ImportJob) -> None:
    folders = {Path(entry["path"]).parent for entry in job.files}
    for folder in folders:
        if folder.parent == uploads_root():
            shutil.rmtree(folder, ignore_errors=True)


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


def run_pending(limit: int | None = None) -> int:
    """Run queued jobs, oldest first, until none is left (or ``limit`` ran); returns how many ran."""
    fail_stale_jobs()
    ran = 0
    while limit is None or ran < limit:
        job_id = (
            ImportJob.objects.filter(status=ImportJob.Status.QUEUED)
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        if job_id is None:
            break
        if run_job(job_id) is not None:
            ran += 1
    return ran


_worker_lock = threading.Lock()
_worker: threading.Thread | None = None


def ensure_worker() -> None:
    """Start the in-process worker thread unless it is already running."""
    global _worker
    with _worker_lock:
        if _worker is not None and _worker.is_alive():
            return
        _worker = threading.Thread(target=_work, name="observatory-import", daemon=True)
        _worker.start()


def _work() -> None:
    global _worker
    close_old_connections()
    try:
        while True:
            run_pending()
            with _worker_lock:  # a job submitted meanwhile is run before the thread stops
                if not ImportJob.objects.filter(status=ImportJob.Status.QUEUED).exists():
                    _worker = None
                    return
    except Exception:
        logger.exception("Observatoire : le traitement des imports s'est arrêté")
        with _worker_lock:
            _worker = None
    finally:
        connection.close()
