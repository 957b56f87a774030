"""Refusals recorded before identifiers were left out of them lose those values (spec section 4b)."""

from django.db import migrations

IDENTIFIER_COLUMNS = {"jeune"}  # mlplatform.observatory.spec.IDENTIFIER_COLUMNS, frozen here


def scrub(apps, schema_editor):
    ImportJob = apps.get_model("observatory", "ImportJob")
    for job in ImportJob.objects.exclude(problems=[]).only("pk", "problems").iterator():
        changed = False
        for group in job.problems:
            for example in group.get("examples", []):
                if example.get("column") in IDENTIFIER_COLUMNS and example.get("value"):
                    example["value"] = ""
                    changed = True
        if changed:
            ImportJob.objects.filter(pk=job.pk).update(problems=job.problems)


class Migration(migrations.Migration):
    dependencies = [("observatory", "0001_initial")]

    operations = [migrations.RunPython(scrub, migrations.RunPython.noop)]
