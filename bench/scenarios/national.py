"""National pages for one person, on the demo network (436 MLs, several years of activity data).

Measures the server time (Django test client, production-like settings of the bench) of the
national key figures of the observatory (the first request after an import computes and caches
them: "à froid"; the next ones read the cache: "en cache"), the national comparison of regions,
the national label dashboard, and an ML's key figures beside them. Goal (issue 13): the national
pages at most 300 ms at p50. The load scenario measures them under 100 people at once.
"""

from __future__ import annotations

import statistics
import time

from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from bench.measure import Measure, timed

SCENARIO = "national"


def _client(email: str) -> Client:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from mlplatform.accounts.models import User

    user = User.objects.get(email=email)
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _get(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)


def _cold(client: Client, url: str, repeat: int = 5) -> float:
    """The median time of a request that finds nothing cached (the cache emptied before each)."""
    durations = []
    for _ in range(repeat):
        cache.clear()
        started = time.perf_counter()
        _get(client, url)
        durations.append((time.perf_counter() - started) * 1000)
    return statistics.median(durations)


def run() -> list[Measure]:
    from mlplatform.network.models import Structure
    from mlplatform.observatory import indicators as ind

    call_command("setup_demo", "--force", verbosity=0)  # a throw-away database of its own
    national, director = _client("admin@demo.test"), _client("directeur.caen@demo.test")
    unml = Structure.objects.get(type="UNML")
    year = ind.years_available(None)[-1]
    figures = reverse("observatory:figures", args=[unml.code, year])
    measures = [
        Measure(SCENARIO, "MLs ayant des données", len(ind.indicators(year, None)["coverage"]["mls"]), "ML"),
        Measure(SCENARIO, "chiffres clés nationaux, à froid", _cold(national, figures), "ms", "médiane de 5"),
    ]
    for name, client, url in (
        ("chiffres clés nationaux, en cache", national, figures),
        ("comparaison des régions", national, reverse("observatory:comparison", args=[unml.code, year])),
        ("tableau de bord national du label", national, reverse("label:dashboard")),
        (
            "chiffres clés d'une ML (Caen)",
            director,
            reverse("observatory:figures", args=["ML-14-CAEN", year]),
        ),
    ):
        measures.append(
            Measure(SCENARIO, name, timed(lambda c=client, u=url: _get(c, u), 11), "ms", "médiane de 11")
        )
    return measures
