# The audits' models, moved from the label app (issue 11). Their tables keep their names (``db_table``):
# this migration only takes the models over in Django's state (label 0003 removed them from label's),
# so no row is copied and no foreign key is rebuilt. The content types follow (admin log entries and
# permissions keep pointing to the same models).

import django.db.models.deletion
import django.utils.timezone
import mlplatform.audits.models
from django.conf import settings
from django.db import migrations, models

MODELS = ('auditorprofile', 'audit', 'auditfinding', 'evidencerequest', 'requestmessage', 'requestattachment')


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
        ('contenttypes', '0002_remove_content_type_name'),
        ('frameworks', '0002_rating_scale'),
        ('label', '0003_split_audits_and_commission'),
        ('network', '0002_structure_sort_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Audit',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('INITIAL', 'Audit de labellisation'), ('FOLLOW_UP', 'Audit de suivi'), ('RENEWAL', 'Audit de renouvellement')], default='INITIAL', max_length=10, verbose_name="type d'audit")),
                        ('status', models.CharField(choices=[('SCHEDULED', 'Planifié'), ('DELIVERED', 'Rapport remis'), ('CANCELLED', 'Annulé')], default='SCHEDULED', max_length=10, verbose_name='état')),
                        ('assigned_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='affecté le')),
                        ('starts_on', models.DateField(verbose_name='premier jour')),
                        ('ends_on', models.DateField(verbose_name='dernier jour')),
                        ('mode', models.CharField(choices=[('ON_SITE', 'Sur site'), ('REMOTE', 'À distance (revue documentaire et visioconférence)')], default='ON_SITE', max_length=10, verbose_name='modalité')),
                        ('location', models.CharField(blank=True, max_length=300, verbose_name='lieu')),
                        ('people_met', models.TextField(blank=True, verbose_name='personnes rencontrées')),
                        ('agenda', models.TextField(blank=True, verbose_name='déroulé')),
                        ('plan_sent_at', models.DateTimeField(blank=True, null=True, verbose_name='plan transmis le')),
                        ('overall_opinion', models.TextField(blank=True, verbose_name='avis global')),
                        ('delivered_at', models.DateTimeField(blank=True, null=True, verbose_name='rapport remis le')),
                        ('structure_response', models.TextField(blank=True, verbose_name='réponse écrite de la structure')),
                        ('structure_response_at', models.DateTimeField(blank=True, null=True, verbose_name='réponse reçue le')),
                        ('version', models.PositiveIntegerField(default=1)),
                        ('assigned_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='affecté par')),
                        ('delivered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('external_auditor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='external_audits', to=settings.AUTH_USER_MODEL, verbose_name='auditeur·rice certifié·e')),
                        ('file', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='audits', to='label.labelfile')),
                        ('network_auditor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='network_audits', to=settings.AUTH_USER_MODEL, verbose_name='auditeur·rice du réseau')),
                    ],
                    options={
                        'verbose_name': 'audit',
                        'verbose_name_plural': 'audits',
                        'db_table': 'label_audit',
                        'ordering': ['-starts_on', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='AuditFinding',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('STRENGTH', 'Point fort'), ('IMPROVEMENT', 'Piste de progrès'), ('ALERT', "Point d'alerte")], max_length=12, verbose_name='nature')),
                        ('text', models.TextField(verbose_name='constat')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('audit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='findings', to='audits.audit')),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('commitment', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='frameworks.commitment', verbose_name='engagement')),
                    ],
                    options={
                        'verbose_name': "constat d'audit",
                        'verbose_name_plural': "constats d'audit",
                        'db_table': 'label_auditfinding',
                        'ordering': ['commitment__position', 'kind', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='AuditorProfile',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('EXTERNAL', 'Auditeur·rice certifié·e externe'), ('NETWORK', 'Auditeur·rice du réseau')], max_length=10, verbose_name='type')),
                        ('certification', models.CharField(blank=True, max_length=200, verbose_name='certification')),
                        ('is_lead', models.BooleanField(default=False, verbose_name='auditeur·rice référent·e (affecte les audits)')),
                        ('is_active', models.BooleanField(default=True, verbose_name='actif·ve')),
                        ('home_structure', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='network.structure', verbose_name="structure d'origine")),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='auditor_profile', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'auditeur·rice',
                        'verbose_name_plural': 'vivier des auditeur·rices',
                        'db_table': 'label_auditorprofile',
                    },
                ),
                migrations.CreateModel(
                    name='EvidenceRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('subject', models.CharField(max_length=200, verbose_name='objet')),
                        ('status', models.CharField(choices=[('OPEN', 'En attente de la structure'), ('ANSWERED', 'Réponse reçue'), ('CLOSED', 'Close')], default='OPEN', max_length=10, verbose_name='état')),
                        ('due_on', models.DateField(blank=True, null=True, verbose_name='réponse attendue avant le')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('closed_at', models.DateTimeField(blank=True, null=True)),
                        ('audit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evidence_requests', to='audits.audit')),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('requirement', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='frameworks.requirement', verbose_name='exigence')),
                    ],
                    options={
                        'verbose_name': 'demande de preuves',
                        'verbose_name_plural': 'demandes de preuves',
                        'db_table': 'label_evidencerequest',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='RequestMessage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField(verbose_name='message')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('author_structure', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='network.structure')),
                        ('request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='messages', to='audits.evidencerequest')),
                    ],
                    options={
                        'verbose_name': "message d'une demande",
                        'verbose_name_plural': 'messages des demandes',
                        'db_table': 'label_requestmessage',
                        'ordering': ['created_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='RequestAttachment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file', models.FileField(max_length=200, upload_to=mlplatform.audits.models.attachment_path)),
                        ('original_name', models.CharField(max_length=200, verbose_name='nom du fichier')),
                        ('size', models.PositiveBigIntegerField(verbose_name='taille')),
                        ('sha256', models.CharField(max_length=64)),
                        ('content_type', models.CharField(max_length=100)),
                        ('message', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='audits.requestmessage')),
                    ],
                    options={
                        'verbose_name': 'pièce jointe',
                        'verbose_name_plural': 'pièces jointes',
                        'db_table': 'label_requestattachment',
                    },
                ),
                migrations.AddConstraint(
                    model_name='audit',
                    constraint=models.CheckConstraint(condition=models.Q(('ends_on__gte', models.F('starts_on'))), name='audit_dates_ordered'),
                ),
                migrations.AddConstraint(
                    model_name='audit',
                    constraint=models.CheckConstraint(condition=models.Q(('external_auditor', models.F('network_auditor')), _negated=True), name='audit_pair_is_two_people'),
                ),
                migrations.AddConstraint(
                    model_name='audit',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('delivered_at__isnull', False), ('status', 'DELIVERED')), models.Q(models.Q(('status', 'DELIVERED'), _negated=True), ('delivered_at__isnull', True)), _connector='OR'), name='audit_delivered_has_date'),
                ),
                migrations.AddConstraint(
                    model_name='auditorprofile',
                    constraint=models.CheckConstraint(condition=models.Q(('kind', 'EXTERNAL'), ('home_structure__isnull', False), _connector='OR'), name='network_auditor_has_a_home_structure'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to("audits", "label"), content_types_to("label", "audits")),
    ]
