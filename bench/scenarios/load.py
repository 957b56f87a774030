"""Load: the platform as in production under 100 people of every role at once (3 minutes).

What runs: a throw-away PostgreSQL database with the demo data and 100 accounts of their own
(bench/load/accounts.py), gunicorn with the production settings (config/settings/loadbench.py:
production, but HTTP without TLS, which nginx terminates in production), one background worker
(``db_worker``), the shared Redis cache when the machine has one, and locust headless as the
load generator (in a virtual environment of its own, on the same cores: the figures include its
cost). Reported: requests, errors and p50/p95 per page, then the writes checked against the
database (every accepted answer save is in the answers' history, every upload imported).

Tunables: BENCH_LOAD_USERS (100), BENCH_LOAD_SECONDS (180), BENCH_PG (the PostgreSQL server,
postgres://postgres@127.0.0.1:5432), BENCH_LOAD_WORKERS (gunicorn processes, 5).
"""

from __future__ import annotations

import csv
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings

from bench.measure import Measure

SCENARIO = "load"
ROOT = Path(settings.BASE_DIR)
WORK = Path(settings.BENCH_DIR) / "load"
VENV = Path(settings.BENCH_DIR) / "load-venv"
REQUIREMENTS = ROOT / "bench" / "load" / "requirements.txt"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def _sh(command: list[str], env: dict | None = None, **options) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, env=env, check=True, **options)  # noqa: S603 - our commands


def _locust() -> Path:
    """The load generator's own environment, built once (pinned in bench/load/requirements.txt)."""
    marker = VENV / ".installed"
    if not marker.exists() or marker.read_text() != REQUIREMENTS.read_text():
        _sh([sys.executable, "-m", "venv", "--clear", str(VENV)])
        _sh([str(VENV / "bin" / "python"), "-m", "pip", "install", "-q", "-r", str(REQUIREMENTS)])
        marker.write_text(REQUIREMENTS.read_text())
    return VENV / "bin" / "locust"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _redis() -> str:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return "redis://127.0.0.1:6379/14"
    except OSError:
        return ""


def _psql(sql: str) -> None:
    _sh(["psql", f"{PG}/postgres", "-qtAc", sql], stdout=subprocess.DEVNULL)


def _environment(database: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.loadbench",
        "DATABASE_URL": f"{PG}/{database}",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "OBSERVATORY_HMAC_KEY": secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "VAR_DIR": str(WORK / "var"),
        "REDIS_URL": _redis(),
        "OBSERVATORY_DEMO_FACTOR": os.environ.get("BENCH_LOAD_DEMO_FACTOR", "0.2"),
    }


def _start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    handle = log.open("w")
    return subprocess.Popen(  # noqa: S603 - our own commands
        command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _wait_for(url: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310
            with urllib.request.urlopen(request, timeout=2):  # noqa: S310 - our own server on loopback
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"Le serveur ne répond pas : {url}")


def _writes(env: dict) -> dict:
    """Answer saves recorded and import jobs by outcome, read from the database after the load."""
    script = (
        "import django, json; django.setup();"
        "from mlplatform.assessments.models import AnswerChange;"
        "from mlplatform.observatory.models import ImportJob;"
        "from django.db.models import Count;"
        "saves = AnswerChange.objects.filter(user__email__startswith='charge.').count();"
        "jobs = dict(ImportJob.objects.filter(created_by__email__startswith='charge.')"
        ".values_list('status').annotate(n=Count('pk')).order_by());"
        "print(json.dumps({'saves': saves, 'jobs': jobs}))"
    )
    out = _sh([sys.executable, "-c", script], env=env, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _read_stats(prefix: Path) -> list[dict]:
    with (prefix.parent / f"{prefix.name}_stats.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def run() -> list[Measure]:
    users = int(os.environ.get("BENCH_LOAD_USERS", "100"))
    seconds = int(os.environ.get("BENCH_LOAD_SECONDS", "180"))
    WORK.mkdir(parents=True, exist_ok=True)
    locust = _locust()
    database = f"bench_load_{int(time.time())}"
    _psql(f'CREATE DATABASE "{database}"')
    env = _environment(database)
    processes: list[subprocess.Popen] = []
    try:
        manage = [sys.executable, "manage.py"]
        started = time.monotonic()
        _sh([*manage, "migrate", "--noinput", "-v", "0"], env=env)
        _sh([*manage, "frameworks", "load", "--all"], env=env, stdout=subprocess.DEVNULL)
        _sh([*manage, "setup_demo", "--force"], env=env, stdout=subprocess.DEVNULL)
        _sh([*manage, "collectstatic", "--noinput", "-v", "0"], env=env)
        accounts = WORK / "accounts.json"
        _sh([sys.executable, "-m", "bench.load.accounts", str(accounts)], env=env)
        setup_seconds = time.monotonic() - started
        port = _free_port()
        workers = os.environ.get("BENCH_LOAD_WORKERS", "5")
        gunicorn = [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
        ]
        gunicorn += ["--workers", workers, "--timeout", "60", "--forwarded-allow-ips", "127.0.0.1"]
        processes.append(_start(gunicorn, env, WORK / "gunicorn.log"))
        processes.append(_start([*manage, "db_worker", "--no-reload"], env, WORK / "worker.log"))
        _wait_for(f"http://127.0.0.1:{port}/healthz")
        prefix = WORK / "locust"
        command = [str(locust), "-f", str(ROOT / "bench" / "load" / "locustfile.py"), "--headless"]
        command += ["-u", str(users), "-r", "2", "-t", f"{seconds}s", "--host", f"http://127.0.0.1:{port}"]
        command += ["--csv", str(prefix), "--only-summary", "--stop-timeout", "10"]
        load_env = {"PATH": os.environ.get("PATH", ""), "LOAD_ACCOUNTS": str(accounts), "HOME": str(WORK)}
        subprocess.run(command, cwd=ROOT, env=load_env, check=False, capture_output=True)  # noqa: S603
        time.sleep(15)  # the worker finishes the imports submitted at the end
        writes = _writes(env)
        stats = _read_stats(prefix)
    finally:
        for process in processes:
            _stop(process)
        _psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    return _measures(stats, writes, users, seconds, setup_seconds)


def _measures(stats: list[dict], writes: dict, users: int, seconds: int, setup: float) -> list[Measure]:
    measures = [Measure(SCENARIO, "mise en place (base, démonstration, comptes)", setup, "s")]
    saves = 0
    for row in stats:
        name = row["Name"]
        label = "ensemble" if name == "Aggregated" else name
        requests, failures = int(row["Request Count"]), int(row["Failure Count"])
        if name == "answer save":
            saves = requests - failures
        note = f"{requests} requêtes, {failures} erreurs"
        measures.append(Measure(SCENARIO, f"{label} : p50", float(row["50%"] or 0), "ms", note))
        measures.append(Measure(SCENARIO, f"{label} : p95", float(row["95%"] or 0), "ms", note))
        if name == "Aggregated":
            measures.append(Measure(SCENARIO, "requêtes", requests, "", f"{users} personnes, {seconds} s"))
            measures.append(Measure(SCENARIO, "erreurs", failures, ""))
    # Every accepted save must be in the history; a few more may be there (saves still in flight
    # when the load stopped, whose answer locust did not wait for).
    lost = max(0, saves - writes["saves"])
    note = f"{saves} enregistrements acceptés, {writes['saves']} dans l'historique"
    measures.append(Measure(SCENARIO, "réponses acceptées puis perdues", lost, "", note))
    jobs = writes["jobs"]
    done = jobs.get("SUCCEEDED", 0)
    note = ", ".join(f"{status} : {count}" for status, count in sorted(jobs.items())) or "aucun"
    measures.append(Measure(SCENARIO, "imports déposés puis importés par le worker", done, "", note))
    return measures
