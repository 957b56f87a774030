"""« Modifiée le … » follows every change, also those saved with a conditional UPDATE (which Django's
``auto_now`` does not touch)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.label import services
from mlplatform.label.enums import ArmlOpinion, Stage
from mlplatform.label.models import LabelFile
from mlplatform.network.models import Structure
from mlplatform.network.services import save_structure_edit

from .label.factories import advance, build_label_world, membership

LONG_AGO = timezone.now() - datetime.timedelta(days=30)


def test_a_structure_edit_moves_its_modification_date(world):
    Structure.objects.filter(pk=world.ml.pk).update(updated_at=LONG_AGO)
    world.ml.refresh_from_db()
    edited = save_structure_edit(world.ml, world.ml.version, {"phone": "02 31 00 00 00"})
    assert edited.updated_at > LONG_AGO + datetime.timedelta(days=29)


def test_a_label_step_and_an_opinion_move_the_file_modification_date(world):
    lw = build_label_world(world)
    file = advance(lw, Stage.SELF_ASSESSED)
    LabelFile.objects.filter(pk=file.pk).update(updated_at=LONG_AGO)
    file = services.request_audit(file, membership(world.user(Role.ML_QUALITY)), statement="Prêts.")
    assert file.updated_at > LONG_AGO + datetime.timedelta(days=29)
    LabelFile.objects.filter(pk=file.pk).update(updated_at=LONG_AGO)
    referent = membership(world.user(Role.ARML_REFERENT))
    file = services.give_arml_opinion(file, referent, opinion=ArmlOpinion.FAVOURABLE, text="Oui.")
    assert file.updated_at > LONG_AGO + datetime.timedelta(days=29)
