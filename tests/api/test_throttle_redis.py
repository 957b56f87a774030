"""The API throttle holds across processes when they share Django's Redis cache (several servers).

Two processes count requests of one token against the same limit: together they get exactly the
limit. Needs the Redis server at 127.0.0.1:6379 (CI has it; elsewhere the test is skipped).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
ROOT = Path(settings.BASE_DIR)
COUNTER = """
import os, sys, django
django.setup()
from mlplatform.api.auth import _count
key, tries, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
print(sum(1 for _ in range(tries) if _count(key, 60) <= limit))
"""


def _redis_is_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(
    not _redis_is_up() and not os.environ.get("CI"), reason="pas de serveur Redis sur 127.0.0.1:6379"
)
def test_two_processes_share_one_limit():
    key = f"api:rate:essai:{uuid.uuid4().hex}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "REDIS_URL": REDIS_URL}
    command = [sys.executable, "-c", COUNTER, key, "80", "100"]
    workers = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)  # noqa: S603
        for _ in range(2)
    ]
    allowed = [int(worker.communicate(timeout=60)[0].strip()) for worker in workers]
    assert all(worker.returncode == 0 for worker in workers)
    assert sum(allowed) == 100  # 160 requests, one shared limit of 100
