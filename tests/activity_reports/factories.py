"""Builders of activity reports for the tests."""

from __future__ import annotations

from mlplatform.accounts.enums import Role
from mlplatform.activity_reports import services
from mlplatform.activity_reports.models import ActivityReport, NarrativeBlock


def draft(world, structure_attr: str = "arml", year: int = 2023) -> ActivityReport:
    structure = getattr(world, structure_attr)
    writer = world.user(Role.ARML_STAFF if structure.type == "ARML" else Role.ML_QUALITY)
    return services.create_report(structure, year, user=writer)


def block(report: ActivityReport, key: str = "editorial") -> NarrativeBlock:
    return NarrativeBlock.objects.filter(section__report=report, section__key=key).order_by("pk").first()


def write(report: ActivityReport, user, text: str, key: str = "editorial") -> NarrativeBlock:
    target = block(report, key)
    return services.save_block(target, text=text, expected_version=target.version, user=user)


def published(world, year: int = 2023) -> ActivityReport:
    """ARML Alpha's report, written by its staff and published by its referent."""
    report = draft(world, "arml", year)
    write(report, world.user(Role.ARML_STAFF), "Une année **dense** pour le réseau.")
    report.refresh_from_db()
    report = services.submit(report, expected_version=report.version, user=world.user(Role.ARML_STAFF))
    report = services.proofread(report, expected_version=report.version, user=world.user(Role.ARML_REFERENT))
    return services.publish(report, expected_version=report.version, user=world.user(Role.ARML_REFERENT))
