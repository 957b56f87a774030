"""Local development and demo: SQLite under var/, mails printed on the console."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env_list

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
VAR_DIR.mkdir(parents=True, exist_ok=True)

# WhiteNoise serves files straight from the app folders outside production.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
