"""Complete the PNAE versions already loaded: the operational themes' table (transcribed since) and
the « Capitalisation » / « Essaimage » boxes, which no source nor page ever set: « non précisé »
(None) instead of « non ». The version's recorded file hash follows the completed data file, so that
``programmes load`` sees it unchanged."""

import hashlib
from pathlib import Path

import yaml
from django.db import migrations

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "PNAE-2018-2020.yaml"


def complete(apps, schema_editor):
    Action = apps.get_model("programmes", "Action")
    Theme = apps.get_model("programmes", "Theme")
    ProgrammeVersion = apps.get_model("programmes", "ProgrammeVersion")
    Action.objects.filter(capitalisation=False).update(capitalisation=None)
    Action.objects.filter(essaimage=False).update(essaimage=None)
    raw = DATA_FILE.read_bytes()
    data = yaml.safe_load(raw.decode("utf-8"))
    version = ProgrammeVersion.objects.filter(programme__code=data["code"], year=data["version"]).first()
    if version is None:
        return
    for theme in data.get("themes") or []:
        Theme.objects.filter(programme_version=version, number=theme["number"]).update(
            table_label=theme.get("table_label") or "", table=theme.get("table") or []
        )
    version.source_sha256 = hashlib.sha256(raw).hexdigest()
    version.save(update_fields=["source_sha256"])


class Migration(migrations.Migration):
    dependencies = [("programmes", "0002_theme_table_theme_table_label_and_more")]

    operations = [migrations.RunPython(complete, migrations.RunPython.noop)]
