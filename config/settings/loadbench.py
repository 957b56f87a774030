"""The load benchmark (`make bench SCENARIOS=load`): production settings served over plain HTTP.

In production nginx terminates TLS in front of gunicorn; the benchmark talks to gunicorn directly,
so the cookies may not require HTTPS and nothing is redirected. Everything else is production.
"""

import os

from .prod import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0

# The demo's observatory at a fraction of the national volume (BENCH_LOAD_DEMO_FACTOR): the pages
# read stored aggregates, whose size does not depend on it.
OBSERVATORY_DEMO_FACTOR = float(os.environ.get("OBSERVATORY_DEMO_FACTOR", "1"))
# No mail server on a benchmark machine: the worker writes the messages to its log.
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
