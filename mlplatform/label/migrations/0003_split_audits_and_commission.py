# The label app split in three (issue 11): the audits and the commission's models move to the apps
# ``audits`` and ``commission``. Only Django's state changes here: the tables keep their names (the new
# models set ``db_table`` to them), so no row is copied and no foreign key is rebuilt. The new apps'
# ``0001_initial`` take the models over in the state (and rename their content types).

from django.db import migrations

# Referencing models first: the state never holds a relation to a model already gone.
MOVED = (
    "decision",
    "agendaitem",
    "commissionsession",
    "requestattachment",
    "requestmessage",
    "evidencerequest",
    "auditfinding",
    "audit",
    "auditorprofile",
)


class Migration(migrations.Migration):

    dependencies = [
        ('label', '0002_ordering_by_sort_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name=name) for name in MOVED],
            database_operations=[],
        ),
    ]
