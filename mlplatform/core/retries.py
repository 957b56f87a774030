"""Bounded retries of background tasks (Django's task framework has none of its own).

A task that may fail for a passing reason (an SMTP server away, a database restarting) takes an
``attempt`` argument; on failure it calls :func:`retry_later`, which enqueues it again later
(``settings.TASK_RETRY_DELAYS_SECONDS``) until ``settings.TASK_MAX_ATTEMPTS`` attempts, then
says it was the last: the task then records why and raises, so the failure is kept with its
reason (the task result, and the task's own record when it has one).
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.tasks import Task
from django.utils import timezone

logger = logging.getLogger(__name__)


def retry_later(task: Task, attempt: int, *args: Any, **kwargs: Any) -> bool:
    """Enqueue ``task(*args, attempt=attempt + 1, **kwargs)`` later if attempts remain."""
    if attempt >= settings.TASK_MAX_ATTEMPTS:
        return False
    delays = settings.TASK_RETRY_DELAYS_SECONDS
    delay = delays[min(attempt, len(delays)) - 1]
    run_after = timezone.now() + datetime.timedelta(seconds=delay)
    if task.get_backend().supports_defer:
        task = task.using(run_after=run_after)
    logger.warning("Tâche %s : tentative %s échouée, nouvel essai prévu", task.name, attempt)
    task.enqueue(*args, attempt=attempt + 1, **kwargs)
    return True
