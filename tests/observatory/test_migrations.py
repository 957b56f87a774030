"""Data migrations of the observatory."""

from importlib import import_module

from django.apps import apps

from mlplatform.observatory.models import ImportJob

from ..access_cases.observatory import make_job


def test_refusals_recorded_before_lose_their_identifiers(world):
    scrub = import_module("mlplatform.observatory.migrations.0002_scrub_identifiers_in_refusals").scrub
    examples = [
        {"file": "jeunes.csv", "line": 4, "column": "jeune", "value": "identifiant-brut"},
        {"file": "jeunes.csv", "line": 5, "column": "sexe", "value": "X"},
    ]
    problems = [{"rule": "r", "message": "m", "count": 2, "examples": examples}]
    job = make_job(world, status=ImportJob.Status.REFUSED, problems=problems, summary="")
    scrub(apps, None)
    job.refresh_from_db()
    values = [(e["column"], e["value"]) for e in job.problems[0]["examples"]]
    assert values == [("jeune", ""), ("sexe", "X")]
