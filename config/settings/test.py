"""Tests: SQLite in memory by default, PostgreSQL when DATABASE_URL is set (CI)."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import TEMPLATES

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


class _UndefinedVariable(str):
    """Makes any undefined template variable fail the test that rendered it."""

    def __mod__(self, other):  # called by Django with the variable name
        raise NameError(f"Variable de gabarit non définie : {other}")


TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = _UndefinedVariable("%s")

# Observatory: a private folder per test run, a fixed key.
OBSERVATORY_DIR = Path(tempfile.mkdtemp(prefix="mlplatform-observatory-test-"))
OBSERVATORY_HMAC_KEY = "test-only-observatory-key"
OBSERVATORY_DEMO_FACTOR = 0.01  # setup_demo loads the observatory demo at 1 % in tests

# WhiteNoise serves files straight from the app folders outside production.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Background tasks run where they are enqueued (Django's own ImmediateBackend): a test sees at once
# what a page queued. tests/test_worker.py runs the database backend with a real worker process
# (TASK_BACKEND=database, which also lets that worker read the files of the test through a folder).
if os.environ.get("TASK_BACKEND", "immediate") == "immediate":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
else:
    STORAGES = {
        **STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": os.environ["TEST_MEDIA_ROOT"]},
        },
    }
    OBSERVATORY_DIR = Path(os.environ["TEST_OBSERVATORY_DIR"])
