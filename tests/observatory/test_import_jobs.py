"""Import jobs: submission with uploaded files, the background task, progress, refusal, failure with
bounded retries, stale jobs. Tasks run where they are enqueued here (config/settings/test.py);
tests/test_worker.py runs them in a real worker process."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.observatory.jobs import UPLOADS, ImportJob, fail_stale_jobs, submit_import
from mlplatform.observatory.models import Dataset
from tests.observatory.factories import jeune, sample_rows, write_dataset

pytestmark = pytest.mark.django_db


def uploads(tmp_path: Path, **rows) -> list[SimpleUploadedFile]:
    files = write_dataset(tmp_path, **rows)
    return [SimpleUploadedFile(name, path.read_bytes()) for name, path in files.items()]


def membership(world, role: str):
    user = world.user(role)
    return user, user.active_membership()


def _uploads_left() -> list[str]:
    folders, files = default_storage.listdir(UPLOADS) if default_storage.exists(UPLOADS) else ([], [])
    return [name for folder in folders for name in default_storage.listdir(f"{UPLOADS}/{folder}")[1]] + files


def test_the_task_imports_and_removes_the_uploads(world, tmp_path):
    user, member = membership(world, Role.NATIONAL_ADMIN)
    job = submit_import(2023, uploads(tmp_path, **sample_rows(2023)), user, member)
    assert job.status == ImportJob.Status.SUCCEEDED, job.problems
    assert (job.progress, job.step) == (100, "Terminé")
    assert job.dataset == Dataset.objects.get()
    assert job.dataset.created_by == user
    assert "importé" in job.summary
    assert job.started_at and job.finished_at and job.finished_at >= job.started_at
    assert {entry["name"] for entry in job.files} == {
        "jeunes.csv",
        "evenements.csv",
        "situations.csv",
        "dispositifs.csv",
        "objectifs.csv",
    }
    stored_names = {Path(entry["path"]).name for entry in job.files}
    assert not stored_names & {entry["name"] for entry in job.files}  # stored under random names
    assert all(entry["path"].startswith(f"{UPLOADS}/") for entry in job.files)  # the storage API
    assert not any(default_storage.exists(entry["path"]) for entry in job.files)
    assert _uploads_left() == []


def test_refused_job_keeps_the_problems(world, tmp_path):
    user, member = membership(world, Role.ML_DIRECTOR)  # ML-A1
    job = submit_import(2023, uploads(tmp_path, jeunes=[jeune("ML-A2", "jeune-00001")]), user, member)
    assert job.status == ImportJob.Status.REFUSED
    assert job.step == "Refusé" and job.problem_count == 1
    problem = job.problems[0]
    assert problem["rule"] == "structure_outside"
    assert problem["message"] == "Structure hors de votre périmètre"
    assert problem["examples"][0] == {
        "file": "jeunes.csv",
        "line": 2,
        "column": "structure",
        "value": "ML-A2",
        "detail": "",
    }
    assert "refusé" in job.summary and not Dataset.objects.exists()


def test_regional_staff_import_their_region(world, tmp_path):
    user, member = membership(world, Role.ARML_STAFF)
    job = submit_import(2023, uploads(tmp_path, jeunes=[jeune("ML-A2", "jeune-00001")]), user, member)
    assert job.status == ImportJob.Status.SUCCEEDED
    assert job.structure == world.arml and job.perimeter_level == "regional"
    assert list(ImportJob.objects.for_user(world.user(Role.ML_DIRECTOR))) == []
    assert list(ImportJob.objects.for_user(world.user(Role.ARML_REFERENT))) == [job]
    assert list(ImportJob.objects.for_user(world.user("OTHER_ARML_REFERENT"))) == []


def test_an_unexpected_error_is_retried_then_kept_with_its_reason(world, tmp_path, settings, caplog):
    settings.OBSERVATORY_DUCKDB_MEMORY_LIMIT = "not-a-size"
    settings.TASK_MAX_ATTEMPTS = 3
    user, member = membership(world, Role.NATIONAL_ADMIN)
    job = submit_import(2023, uploads(tmp_path, jeunes=[jeune("ML-A1", "jeune-00001")]), user, member)
    assert job.status == ImportJob.Status.FAILED
    assert "Erreur inattendue" in job.error and "Rien n'a été modifié" in job.error
    assert job.finished_at is not None
    assert not Dataset.objects.exists()
    assert _uploads_left() == []
    attempts = [r for r in caplog.records if "échec de l'import" in r.getMessage()]
    assert len(attempts) == 3  # tried three times in all, then given up


def test_stale_running_jobs_are_detected_and_failed(world):
    long_ago = timezone.now() - timedelta(minutes=30)
    stale = ImportJob.objects.create(
        year=2023,
        structure=world.unml,
        perimeter_level="national",
        status=ImportJob.Status.RUNNING,
        started_at=long_ago,
        heartbeat_at=long_ago,
    )
    alive = ImportJob.objects.create(
        year=2023,
        structure=world.unml,
        perimeter_level="national",
        status=ImportJob.Status.RUNNING,
        started_at=long_ago,
        heartbeat_at=timezone.now(),
    )
    assert stale.is_stale and not alive.is_stale
    assert fail_stale_jobs() == 1
    stale.refresh_from_db()
    alive.refresh_from_db()
    assert stale.status == ImportJob.Status.FAILED and "interrompu" in stale.error
    assert alive.status == ImportJob.Status.RUNNING
