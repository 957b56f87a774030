"""The split of the label app (issue 11) moves no row and drops no constraint.

A PostgreSQL database is taken back to the last migration before the split (label 0002: the audits'
and the commission's models still in label), loaded with the demo data (``setup_demo``) and with rows
written through the models of that time (Django's historical models: a file's audit with a finding,
an evidence request with a message and a file, a session with its members, an agenda item and its
decision), then migrated forward. Every row of every moved table, every constraint of those tables
and every content type must be as before, and the new models must read the old rows through their
relations.

PostgreSQL only (the database of production): ``DATABASE_URL=postgres://... pytest
tests/test_label_split_migration.py``. The test migrates the throw-away test database back and
forth; it leaves it fully migrated.
"""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from mlplatform.audits.models import Audit, AuditFinding, AuditorProfile, EvidenceRequest, RequestAttachment
from mlplatform.commission.models import AgendaItem, CommissionSession, Decision
from mlplatform.label.models import LabelFile, LabelTransition

from .assessments.factories import load_ml_framework
from .frameworks.test_loader import load_small_framework

pytestmark = pytest.mark.skipif(
    "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
    reason="migration of the label split, checked on PostgreSQL (DATABASE_URL=postgres://...)",
)

PRE_SPLIT = [("label", "0002_ordering_by_sort_name")]
MOVED = {
    "audits": (
        "auditorprofile",
        "audit",
        "auditfinding",
        "evidencerequest",
        "requestmessage",
        "requestattachment",
    ),
    "commission": ("commissionsession", "agendaitem", "decision"),
}
TABLES = (
    "label_labelfile",
    "label_labeltransition",
    *(f"label_{model}" for models in MOVED.values() for model in models),
    "label_commissionsession_members",
)


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)


def _rows() -> dict[str, list[tuple]]:
    with connection.cursor() as cursor:
        rows = {}
        for table in TABLES:
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')  # noqa: S608 (names above)
            rows[table] = cursor.fetchall()
        return rows


def _constraints() -> list[tuple]:
    """Foreign keys, checks, unique constraints and indexes of the label tables (PostgreSQL catalog)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid::regclass::text LIKE 'label\\_%%' ORDER BY 1, 2"
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename LIKE 'label\\_%%' "
            "ORDER BY 1, 2"
        )
        return constraints + cursor.fetchall()


def _content_types() -> dict[tuple[str, str], int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT app_label, model, id FROM django_content_type "
            "WHERE app_label IN ('label', 'audits', 'commission')"
        )
        return {(app, model): pk for app, model, pk in cursor.fetchall()}


def _old_rows(apps) -> dict[str, int]:
    """Rows written through the models of the time (label 0002), on the demo's people and files."""

    def model(name: str):
        return apps.get_model("label", name)

    user = apps.get_model("accounts", "User").objects
    external, network = (
        user.get(email="auditeur.externe@demo.test"),
        user.get(email="auditeur.reseau@demo.test"),
    )
    admin, member = user.get(email="admin@demo.test"), user.get(email="commission@demo.test")
    file = (
        model("LabelFile").objects.filter(structure__code="ML-14-CAEN").first()
        or model("LabelFile").objects.order_by("pk").first()
    )
    day = datetime.date(2026, 5, 4)
    audit = model("Audit").objects.create(
        file=file,
        external_auditor=external,
        network_auditor=network,
        assigned_by=admin,
        starts_on=day,
        ends_on=day,
        overall_opinion="Avis écrit avant la séparation.",
    )
    commitment = apps.get_model("frameworks", "Commitment").objects.order_by("pk").first()
    finding = model("AuditFinding").objects.create(
        audit=audit, commitment=commitment, kind="STRENGTH", text="Constat d'avant.", author=external
    )
    request = model("EvidenceRequest").objects.create(
        audit=audit, subject="Pièces d'avant", created_by=external
    )
    message = model("RequestMessage").objects.create(request=request, author=external, text="Merci.")
    attachment = model("RequestAttachment").objects.create(
        message=message,
        file=f"audits/{audit.pk}/avant",
        original_name="avant.pdf",
        size=3,
        sha256="0" * 64,
        content_type="application/pdf",
    )
    session = model("CommissionSession").objects.create(title="Séance d'avant", date=day, created_by=admin)
    session.members.set([member])
    item = model("AgendaItem").objects.create(session=session, file=file, audit=audit, position=1)
    decision = model("Decision").objects.create(
        file=file,
        session=session,
        agenda_item=item,
        outcome="DEFERRED",
        reasons="Motifs d'avant.",
        conditions="Conditions d'avant.",
        recorded_by=member,
    )
    return {
        "audit": audit.pk,
        "finding": finding.pk,
        "request": request.pk,
        "attachment": attachment.pk,
        "session": session.pk,
        "item": item.pk,
        "decision": decision.pk,
        "file": file.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_the_split_keeps_every_row_constraint_and_content_type(settings):
    settings.DEBUG = True
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        executor = _migrate(PRE_SPLIT)
        old_apps = executor.loader.project_state(PRE_SPLIT).apps
        assert old_apps.get_model("label", "Audit")._meta.db_table == "label_audit"
        load_ml_framework("2030", parts=1, commitments=3, requirements=1)
        load_small_framework()
        call_command("setup_demo", stdout=StringIO())
        ids = _old_rows(old_apps)
        rows, constraints, content_types = _rows(), _constraints(), _content_types()
        assert all(rows[table] for table in TABLES), "every moved table holds rows"
        assert {(app, model) for app, model in content_types} >= {
            ("label", m) for ms in MOVED.values() for m in ms
        }
    finally:
        _migrate(leaves)

    assert _rows() == rows
    assert _constraints() == constraints
    moved = _content_types()
    for app, models in MOVED.items():
        for model in models:
            assert moved[(app, model)] == content_types[("label", model)], model
            assert ("label", model) not in moved

    # The new models read the old rows through every relation.
    decision = Decision.objects.select_related("agenda_item__session", "agenda_item__audit", "file").get(
        pk=ids["decision"]
    )
    assert decision.reasons == "Motifs d'avant." and decision.file.pk == ids["file"]
    assert decision.agenda_item.pk == ids["item"] and decision.agenda_item.audit.pk == ids["audit"]
    assert list(decision.session.members.values_list("email", flat=True)) == ["commission@demo.test"]
    attachment = RequestAttachment.objects.select_related("message__request__audit__file").get(
        pk=ids["attachment"]
    )
    assert attachment.message.request.pk == ids["request"]
    assert attachment.message.request.audit.file.pk == ids["file"]
    assert (
        AuditFinding.objects.get(pk=ids["finding"]).audit.overall_opinion == "Avis écrit avant la séparation."
    )
    assert LabelFile.objects.get(pk=ids["file"]).audits.filter(pk=ids["audit"]).exists()
    assert LabelFile.objects.get(pk=ids["file"]).agenda_items.filter(pk=ids["item"]).exists()
    assert CommissionSession.objects.get(pk=ids["session"]).agenda.get().pk == ids["item"]
    counts = {
        "label_labelfile": LabelFile.objects.count(),
        "label_labeltransition": LabelTransition.objects.count(),
        "label_auditorprofile": AuditorProfile.objects.count(),
        "label_audit": Audit.objects.count(),
        "label_evidencerequest": EvidenceRequest.objects.count(),
        "label_agendaitem": AgendaItem.objects.count(),
        "label_decision": Decision.objects.count(),
    }
    assert counts == {table: len(rows[table]) for table in counts}
