"""Satisfaction barometer under load: 200 people answering the young people's questionnaire at once.

What runs: a throw-away PostgreSQL database (the reference network, an open youth barometer),
gunicorn with the production settings over plain HTTP (as ``load``), and 200 threads of this
process, each a young person on a phone behind their own address (``X-Real-IP`` from a trusted
proxy, as nginx sends it): open the public link, then send the questionnaire,
``BENCH_SURVEY_ROUNDS`` times (3), spending ``BENCH_SURVEY_THINK`` seconds on it (5 on average;
0 sends everything at once: a stress test), arriving over ``BENCH_SURVEY_RAMP`` seconds (10). The
load generator runs on the same cores: the figures include its cost. Reported: throughput, p50/p95
of the sending (POST) and of the page (GET), errors, and the responses found in the database (every
accepted questionnaire must be there, whole).

Tunables: BENCH_SURVEY_USERS (200), BENCH_SURVEY_ROUNDS (3), BENCH_SURVEY_THINK (5),
BENCH_SURVEY_RAMP (10), BENCH_PG, BENCH_LOAD_WORKERS (5).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

from bench.measure import Measure
from bench.scenarios.load import WORK, _environment, _free_port, _psql, _sh, _start, _stop, _wait_for

SCENARIO = "surveys_load"
USERS = int(os.environ.get("BENCH_SURVEY_USERS", "200"))
ROUNDS = int(os.environ.get("BENCH_SURVEY_ROUNDS", "3"))
# Seconds a person spends on the questionnaire between opening it and sending it (on average; 0:
# everyone sends at once, a stress test rather than people), and the spread of their arrivals.
THINK = float(os.environ.get("BENCH_SURVEY_THINK", "5"))
RAMP = float(os.environ.get("BENCH_SURVEY_RAMP", "10"))
ANSWERS = {
    "ANCIENNETE": "3-12-mois",
    "CONNU_PAR": ["entourage", "france-travail"],
    "ACCUEIL": "4",
    "DELAI": "3",
    "ECOUTE": "4",
    "REPONSES": "3",
    "BESOINS": ["emploi", "mobilite"],
    "LOCAUX": "3",
    "PROBLEME": "non",
    "GLOBAL": "4",
    "RECOMMANDATION": "9",
    "SUGGESTION": "Plus de rendez-vous le samedi.",
}
SETUP = (
    "import django, json, datetime; django.setup();"
    "from django.utils import timezone;"
    "from mlplatform.network.demo import load_reference_network; load_reference_network();"
    "from mlplatform.network.models import Structure;"
    "from mlplatform.surveys.campaigns import open_campaign;"
    "from mlplatform.surveys.loader import DATA_DIR, load_file;"
    "today = timezone.localdate();"
    "c = open_campaign(code='charge-jeunes', title='Baromètre jeunes (charge)',"
    " questionnaire=load_file(DATA_DIR / 'jeunes.yaml').version, owner=Structure.objects.get(type='UNML'),"
    " opens_on=today - datetime.timedelta(days=1), closes_on=today + datetime.timedelta(days=30));"
    "print(json.dumps(list(c.links.values_list('token', flat=True))))"
)
COUNT = (
    "import django, json; django.setup();"
    "from mlplatform.surveys.models import Answer, Response;"
    "print(json.dumps({'responses': Response.objects.count(), 'answers': Answer.objects.count()}))"
)


def _respondent(port: int, tokens: list[str], index: int, out: dict, lock: threading.Lock) -> None:
    address = f"10.{index // 250}.{index % 250}.{(index * 7) % 250 + 1}"
    rng = random.Random(index)
    time.sleep(rng.uniform(0, RAMP))
    for round_ in range(ROUNDS):
        token = tokens[(index + round_) % len(tokens)]
        path = f"/q/{token}/"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            started = time.perf_counter()
            connection.request("GET", path, headers={"X-Real-IP": address})
            page = connection.getresponse()
            body = page.read().decode()
            get_ms = (time.perf_counter() - started) * 1000
            cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie") or "")
            field = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
            if page.status != 200 or not cookie or not field:
                raise RuntimeError(f"GET {page.status}")
            time.sleep(rng.uniform(THINK / 2, THINK * 1.5))  # reading and answering
            data = [("csrfmiddlewaretoken", field.group(1))]
            for code, value in ANSWERS.items():
                data += [(code, item) for item in (value if isinstance(value, list) else [value])]
            headers = {
                "X-Real-IP": address,
                "Cookie": f"csrftoken={cookie.group(1)}",
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{port}{path}",
            }
            started = time.perf_counter()
            connection.request("POST", path, body=urllib.parse.urlencode(data), headers=headers)
            answer = connection.getresponse()
            text = answer.read().decode()
            post_ms = (time.perf_counter() - started) * 1000
            ok = answer.status == 200 and "Merci pour vos réponses" in text
            with lock:
                out["get"].append(get_ms)
                out["post"].append(post_ms)
                out["accepted" if ok else "errors"] += 1
                if not ok:
                    out["statuses"].append(answer.status)
        except Exception as error:
            with lock:
                out["errors"] += 1
                out["statuses"].append(str(error)[:60])
        finally:
            connection.close()


def _p(values: list[float], q: int) -> float:
    if not values:
        return 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def run() -> list[Measure]:
    WORK.mkdir(parents=True, exist_ok=True)
    database = f"bench_surveys_{int(time.time())}"
    _psql(f'CREATE DATABASE "{database}"')
    env = {**_environment(database), "TRUSTED_PROXY_IPS": "127.0.0.1"}
    processes: list[subprocess.Popen] = []
    try:
        manage = [sys.executable, "manage.py"]
        _sh([*manage, "migrate", "--noinput", "-v", "0"], env=env)
        _sh([*manage, "collectstatic", "--noinput", "-v", "0"], env=env)
        output = _sh([sys.executable, "-c", SETUP], env=env, capture_output=True, text=True).stdout
        tokens = json.loads(output.strip().splitlines()[-1])
        port = _free_port()
        workers = os.environ.get("BENCH_LOAD_WORKERS", "5")
        gunicorn = [str(os.path.join(os.path.dirname(sys.executable), "gunicorn")), "config.wsgi"]
        gunicorn += ["--bind", f"127.0.0.1:{port}", "--workers", workers, "--timeout", "60"]
        gunicorn += ["--forwarded-allow-ips", "127.0.0.1", "--backlog", "512"]
        processes.append(_start(gunicorn, env, WORK / "gunicorn-surveys.log"))
        _wait_for(f"http://127.0.0.1:{port}/healthz")
        out: dict = {"get": [], "post": [], "accepted": 0, "errors": 0, "statuses": []}
        lock = threading.Lock()
        threads = [
            threading.Thread(target=_respondent, args=(port, tokens, n, out, lock)) for n in range(USERS)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        stored = json.loads(
            _sh([sys.executable, "-c", COUNT], env=env, capture_output=True, text=True).stdout
        )
    finally:
        for process in processes:
            _stop(process)
        _psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    total = out["accepted"] + out["errors"]
    note = f"{USERS} personnes × {ROUNDS}, {total} questionnaires en {elapsed:.0f} s"
    note += f", {THINK:g} s par questionnaire"
    statuses = ", ".join(sorted({str(s) for s in out["statuses"]}))[:80]
    return [
        Measure(SCENARIO, "questionnaires envoyés par seconde", out["accepted"] / elapsed, "/s", note),
        Measure(SCENARIO, "envoi (POST) : p50", _p(out["post"], 50), "ms", "objectif p95 < 500 ms"),
        Measure(SCENARIO, "envoi (POST) : p95", _p(out["post"], 95), "ms"),
        Measure(SCENARIO, "page du questionnaire (GET) : p50", _p(out["get"], 50), "ms"),
        Measure(SCENARIO, "page du questionnaire (GET) : p95", _p(out["get"], 95), "ms"),
        Measure(SCENARIO, "erreurs", out["errors"], "", f"objectif 0 {statuses}".strip()),
        Measure(
            SCENARIO,
            "réponses en base",
            stored["responses"],
            "",
            f"{out['accepted']} acceptées, {stored['answers']} lignes de réponses",
        ),
    ]
