"""The rules of a file's actions hold whatever calls them: the services check them, not only the pages
(the version of the page, the renewal window, the version the ARML opinion moves on)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.label import services
from mlplatform.label.enums import ArmlOpinion, Stage
from mlplatform.label.models import LabelFile
from mlplatform.label.transitions import TransitionRefused

from .factories import advance, build_label_world, membership


@pytest.fixture
def lw(world):
    return build_label_world(world)


def test_a_page_gone_stale_is_refused_by_the_services(lw):
    world = lw.world
    file = advance(lw, Stage.SELF_ASSESSED)
    director = membership(world.user(Role.ML_DIRECTOR))
    with pytest.raises(TransitionRefused, match="Le dossier a changé"):
        services.request_audit(file, director, statement="Prêts.", expected_version=file.version - 1)
    # A page that showed no file: the file enrolled since then is not enrolled again.
    with pytest.raises(TransitionRefused, match="Le dossier a changé"):
        services.enrol(world.ml, membership(world.user(Role.NATIONAL_ADMIN)), expected_version=0)
    file.refresh_from_db()
    assert file.stage == Stage.SELF_ASSESSED
    file = services.request_audit(file, director, statement="Prêts.", expected_version=file.version)
    assert file.stage == Stage.AUDIT_REQUESTED


def test_the_arml_opinion_moves_the_version_on(lw):
    world = lw.world
    file = advance(lw, Stage.SELF_ASSESSED)
    file = services.request_audit(file, membership(world.user(Role.ML_DIRECTOR)), statement="Prêts.")
    read = file.version
    referent = membership(world.user(Role.ARML_REFERENT))
    file = services.give_arml_opinion(
        file, referent, opinion=ArmlOpinion.FAVOURABLE, text="Prête.", expected_version=read
    )
    assert file.version == read + 1 and file.stage == Stage.AUDIT_REQUESTED
    with pytest.raises(TransitionRefused, match="Le dossier a changé"):
        services.give_arml_opinion(
            file, referent, opinion=ArmlOpinion.RESERVED, text="Finalement.", expected_version=read
        )
    assert LabelFile.objects.get(pk=file.pk).arml_opinion == ArmlOpinion.FAVOURABLE


def test_a_renewal_is_asked_for_in_the_last_months_of_the_label_only(lw, settings):
    world = lw.world
    file = advance(lw, Stage.LABELLED)
    LabelFile.objects.filter(pk=file.pk).update(valid_from=timezone.localdate() - datetime.timedelta(days=30))
    file.refresh_from_db()
    quality = membership(world.user(Role.ML_QUALITY))
    opens = file.valid_until - datetime.timedelta(days=settings.LABEL_RENEWAL_NOTICE_DAYS)
    with pytest.raises(TransitionRefused, match=f"Le renouvellement se demande à partir du {opens:%d/%m/%Y}"):
        services.request_audit(file, quality, statement="Tôt.")
    settings.LABEL_RENEWAL_NOTICE_DAYS = (file.valid_until - timezone.localdate()).days
    file = services.request_audit(file, quality, statement="Renouvelons.")
    assert (
        file.stage == Stage.AUDIT_REQUESTED and file.transitions.last().comment == "Demande de renouvellement"
    )
