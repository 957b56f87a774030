# The commission's models, moved from the label app (issue 11). Their tables keep their names (``db_table``):
# this migration only takes the models over in Django's state (label 0003 removed them from label's),
# so no row is copied and no foreign key is rebuilt. The content types follow (admin log entries and
# permissions keep pointing to the same models).

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MODELS = ('commissionsession', 'agendaitem', 'decision')


def content_types_to(new, old):
    def move(apps, schema_editor):
        content_types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
        for model in MODELS:
            if not content_types.filter(app_label=new, model=model).exists():
                content_types.filter(app_label=old, model=model).update(app_label=new)

    return move


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('audits', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('frameworks', '0002_rating_scale'),
        ('label', '0003_split_audits_and_commission'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CommissionSession',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='intitulé')),
                        ('date', models.DateField(verbose_name='date de la séance')),
                        ('status', models.CharField(choices=[('PLANNED', 'Programmée'), ('CLOSED', 'Close')], default='PLANNED', max_length=10, verbose_name='état')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='close le')),
                        ('closed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('members', models.ManyToManyField(related_name='commission_sessions', to=settings.AUTH_USER_MODEL, verbose_name='membres')),
                    ],
                    options={
                        'verbose_name': 'séance de la commission',
                        'verbose_name_plural': 'séances de la commission',
                        'db_table': 'label_commissionsession',
                        'ordering': ['-date', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='AgendaItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveIntegerField(default=0, verbose_name='ordre')),
                        ('added_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('audit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='audits.audit')),
                        ('file', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='agenda_items', to='label.labelfile')),
                        ('session', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='agenda', to='commission.commissionsession')),
                    ],
                    options={
                        'verbose_name': 'dossier inscrit',
                        'verbose_name_plural': 'ordre du jour',
                        'db_table': 'label_agendaitem',
                        'ordering': ['position', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Decision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('outcome', models.CharField(choices=[('LABELLED', 'Labellisation'), ('DEFERRED', 'Ajournement'), ('WITHDRAWN', 'Retrait du label')], max_length=10, verbose_name='décision')),
                        ('reasons', models.TextField(verbose_name='motifs')),
                        ('conditions', models.TextField(blank=True, verbose_name='à faire avant une nouvelle demande')),
                        ('valid_from', models.DateField(blank=True, null=True, verbose_name='label valable du')),
                        ('valid_until', models.DateField(blank=True, null=True, verbose_name='au')),
                        ('recorded_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('is_final', models.BooleanField(default=False, verbose_name='définitive')),
                        ('version', models.PositiveIntegerField(default=1)),
                        ('agenda_item', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='decision', to='commission.agendaitem')),
                        ('file', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='decisions', to='label.labelfile')),
                        ('framework_version', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='frameworks.frameworkversion')),
                        ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('session', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='decisions', to='commission.commissionsession')),
                        ('supersedes', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='superseded_by', to='commission.decision')),
                    ],
                    options={
                        'verbose_name': 'décision de la commission',
                        'verbose_name_plural': 'décisions de la commission',
                        'db_table': 'label_decision',
                        'ordering': ['-recorded_at', '-pk'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='commissionsession',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('closed_at__isnull', False), ('status', 'CLOSED')), models.Q(('closed_at__isnull', True), ('status', 'PLANNED')), _connector='OR'), name='session_closed_has_date'),
                ),
                migrations.AddConstraint(
                    model_name='agendaitem',
                    constraint=models.UniqueConstraint(fields=('session', 'file'), name='file_once_per_session'),
                ),
                migrations.AddConstraint(
                    model_name='decision',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('outcome', 'LABELLED'), _negated=True), models.Q(('valid_from__isnull', False), ('valid_until__gt', models.F('valid_from')), ('valid_until__isnull', False)), _connector='OR'), name='labelled_decision_has_validity'),
                ),
                migrations.AddConstraint(
                    model_name='decision',
                    constraint=models.CheckConstraint(condition=models.Q(('reasons', ''), _negated=True), name='decision_has_reasons'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to("commission", "label"), content_types_to("label", "commission")),
    ]
