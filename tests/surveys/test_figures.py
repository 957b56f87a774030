"""A closed campaign's figures: computed in the background at closing, stored, read by the pages."""

import datetime
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.core import background
from mlplatform.surveys import figures
from mlplatform.surveys.models import CampaignFigures
from mlplatform.surveys.pages import campaign_counts
from mlplatform.surveys.results import counts

from ..factories import login
from .helpers import add_responses, youth_campaign

pytestmark = pytest.mark.django_db


def _national(client, campaign) -> str:
    return client.get(reverse("surveys:campaign", kwargs={"code": campaign.code})).content.decode()


def test_the_task_stores_the_same_figures_as_computed(world):
    campaign = youth_campaign(world, closed=True)
    add_responses(campaign, world.ml, 12, GLOBAL="2")
    add_responses(campaign, world.other_ml, 3, site=world.other_ml.sites.first(), SUGGESTION="Merci")
    assert figures.compute_figures.call(campaign.pk, campaign.closes_on.isoformat()) == "15 réponses"
    stored = CampaignFigures.objects.get(campaign=campaign)
    assert stored.responses == 15 and stored.closes_on == campaign.closes_on
    restored = figures.stored_counts(campaign)
    assert restored.cells == counts(campaign).cells
    assert (
        figures.compute_figures.call(campaign.pk, campaign.closes_on.isoformat()) == "chiffres déjà calculés"
    )


def test_the_first_page_after_closing_reads_the_stored_figures(world, client):
    campaign = youth_campaign(world, closed=True)
    add_responses(campaign, world.ml, 12)
    figures.store_figures(campaign)
    cache.clear()
    login(client, world.user(Role.NATIONAL_ADMIN))
    with CaptureQueriesContext(connection) as queries:
        page = _national(client, campaign)
    assert "12 réponses" in page
    sql = " ".join(q["sql"] for q in queries)
    assert "surveys_campaignfigures" in sql and "surveys_answer" not in sql


def test_figures_of_another_closing_day_are_not_used(world):
    campaign = youth_campaign(world, closed=True)
    add_responses(campaign, world.ml, 12)
    figures.store_figures(campaign)
    campaign.closes_on -= datetime.timedelta(days=1)
    campaign.save()
    assert figures.stored_counts(campaign) is None
    assert [c.code for c in figures.due_campaigns()] == [campaign.code]
    assert figures.compute_figures.call(campaign.pk, "2000-01-01").startswith("dates changées")


def test_a_response_stored_after_closing_drops_the_figures(world):
    campaign = youth_campaign(world, closed=True)
    add_responses(campaign, world.ml, 12)
    figures.store_figures(campaign)
    add_responses(campaign, world.ml, 1)
    assert not CampaignFigures.objects.exists()
    assert campaign_counts(campaign).group("").responses == 13


def test_an_open_campaign_is_not_computed_by_the_task_and_its_counts_are_live(world):
    campaign = youth_campaign(world)
    add_responses(campaign, world.ml, 2)
    assert (
        figures.compute_figures.call(campaign.pk, campaign.closes_on.isoformat())
        == "campagne pas encore close"
    )
    add_responses(campaign, world.ml, 1)
    assert campaign_counts(campaign).group("").responses == 3
    assert not CampaignFigures.objects.exists()


def test_opening_schedules_the_task_at_the_closing_moment(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    enqueued = []

    class Backend:
        supports_defer = True

    class Deferred:
        def __init__(self, run_after=None):
            self.run_after = run_after

        def get_backend(self):
            return Backend()

        def using(self, run_after=None):
            return Deferred(run_after)

        def enqueue(self, *args):
            enqueued.append((self.run_after, args))

    monkeypatch.setattr(figures, "compute_figures", Deferred())
    with django_capture_on_commit_callbacks(execute=True):
        campaign = youth_campaign(world)
    (run_after, args), *others = enqueued
    assert not others and args == (campaign.pk, campaign.closes_on.isoformat())
    assert run_after.date() == campaign.closes_on + datetime.timedelta(days=1)
    assert (run_after.hour, run_after.minute) == (0, 0)


def test_the_daily_command_enqueues_closed_campaigns_without_figures(world):
    closed = youth_campaign(world, closed=True)
    youth_campaign(world, code="ouverte")
    add_responses(closed, world.ml, 11)
    out = StringIO()
    call_command("surveys", "figures", stdout=out)  # the tests' backend runs the task at once
    assert "jeunes-test" in out.getvalue() and "ouverte" not in out.getvalue()
    assert CampaignFigures.objects.get().responses == 11
    out = StringIO()
    call_command("surveys", "figures", stdout=out)
    assert "Aucune campagne close" in out.getvalue()
    call_command("surveys", "figures", "--campaign", closed.code, stdout=StringIO())
    assert CampaignFigures.objects.get().responses == 11
    jobs = [job for job in background.recent_jobs() if job["name"].startswith("Chiffres")]
    assert jobs[0]["step"] == "11 réponses"
