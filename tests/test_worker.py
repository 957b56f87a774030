"""A task enqueued by a page runs in a real worker process (Django's task framework, database backend).

PostgreSQL only: the worker is another process and must see what the test wrote (committed rows,
so the test runs outside a transaction). Elsewhere the suite runs tasks where they are enqueued
(config/settings/test.py), which this test does not do.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.observatory.models import ImportJob

from .factories import login
from .observatory.test_pages_upload import _files

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="le worker a besoin de PostgreSQL"),
]
ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def database_queue(settings, tmp_path):
    """The database queue and a folder storage that the worker process shares with the test."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    return tmp_path


def _run_worker(media: Path) -> subprocess.CompletedProcess:
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "TASK_BACKEND": "database",
        "DATABASE_URL": url,
        "TEST_MEDIA_ROOT": str(media),
        "TEST_OBSERVATORY_DIR": str(settings.OBSERVATORY_DIR),
    }
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"]
    return subprocess.run(  # noqa: S603 - our own manage.py, with our own arguments
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False
    )


def test_an_upload_is_imported_by_the_worker_process(world, client, tmp_path, database_queue):
    login(client, world.user(Role.ML_DIRECTOR))
    response = client.post(
        reverse("observatory:upload"), {"annee": 2023, "fichiers": _files(tmp_path / "in")}
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == ImportJob.Status.QUEUED  # nothing ran here
    page = client.get(response.url).content.decode()
    assert "hx-trigger" in page  # the page polls while the job waits
    worker = _run_worker(database_queue)
    assert worker.returncode == 0, worker.stderr[-2000:]
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, (job.error, job.problems)
    assert job.worker and job.worker.split(":")[1] != str(os.getpid())  # another process ran it
    assert "Import terminé" in client.get(response.url).content.decode()
