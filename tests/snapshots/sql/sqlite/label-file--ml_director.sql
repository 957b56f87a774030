-- GET label:file (ML_DIRECTOR)
-- 14 requêtes
-- Instantané relu en revue ; pour le régénérer : SNAPSHOT_UPDATE=1 make test PYTEST_ARGS=tests/test_sql_snapshots.py

SELECT "django_session"."session_key",
       "django_session"."session_data",
       "django_session"."expire_date"
FROM "django_session"
WHERE ("django_session"."expire_date" > %s
       AND "django_session"."session_key" = %s)
LIMIT 21;

SELECT "accounts_user"."id",
       "accounts_user"."password",
       "accounts_user"."last_login",
       "accounts_user"."is_superuser",
       "accounts_user"."email",
       "accounts_user"."first_name",
       "accounts_user"."last_name",
       "accounts_user"."job_title",
       "accounts_user"."phone",
       "accounts_user"."is_active",
       "accounts_user"."is_staff",
       "accounts_user"."date_joined",
       "accounts_user"."current_membership_id"
FROM "accounts_user"
WHERE "accounts_user"."id" = %s
LIMIT 21;

SELECT "accounts_membership"."id",
       "accounts_membership"."user_id",
       "accounts_membership"."structure_id",
       "accounts_membership"."role",
       "accounts_membership"."is_active",
       "accounts_membership"."created_at"
FROM "accounts_membership"
WHERE "accounts_membership"."id" = %s
LIMIT 21;

SELECT %s AS "a"
FROM "accounts_membership"
WHERE ("accounts_membership"."user_id" = %s
       AND "accounts_membership"."is_active" = %s
       AND "accounts_membership"."role" IN (...))
LIMIT 1;

SELECT %s AS "a"
FROM "otp_totp_totpdevice"
WHERE ("otp_totp_totpdevice"."user_id" = %s
       AND "otp_totp_totpdevice"."confirmed" = %s)
LIMIT 1;

SELECT "network_structure"."id",
       "network_structure"."code",
       "network_structure"."type",
       "network_structure"."name",
       "network_structure"."sort_name",
       "network_structure"."parent_id",
       "network_structure"."region",
       "network_structure"."department",
       "network_structure"."legal_status",
       "network_structure"."address",
       "network_structure"."phone",
       "network_structure"."email",
       "network_structure"."website",
       "network_structure"."president_name",
       "network_structure"."president_mandate",
       "network_structure"."director_name",
       "network_structure"."governance_notes",
       "network_structure"."is_demo",
       "network_structure"."closed_on",
       "network_structure"."created_at",
       "network_structure"."updated_at",
       "network_structure"."version",
       "T2"."id",
       "T2"."code",
       "T2"."type",
       "T2"."name",
       "T2"."sort_name",
       "T2"."parent_id",
       "T2"."region",
       "T2"."department",
       "T2"."legal_status",
       "T2"."address",
       "T2"."phone",
       "T2"."email",
       "T2"."website",
       "T2"."president_name",
       "T2"."president_mandate",
       "T2"."director_name",
       "T2"."governance_notes",
       "T2"."is_demo",
       "T2"."closed_on",
       "T2"."created_at",
       "T2"."updated_at",
       "T2"."version"
FROM "network_structure"
LEFT OUTER JOIN "network_structure" "T2" ON ("network_structure"."parent_id" = "T2"."id")
WHERE ("network_structure"."id" = %s
       AND "network_structure"."code" = %s)
LIMIT 21;

SELECT "label_labelfile"."id",
       "label_labelfile"."structure_id",
       "label_labelfile"."framework_id",
       "label_labelfile"."stage",
       "label_labelfile"."enrolled_on",
       "label_labelfile"."assessment_id",
       "label_labelfile"."self_assessed_on",
       "label_labelfile"."audit_requested_on",
       "label_labelfile"."readiness_statement",
       "label_labelfile"."arml_opinion",
       "label_labelfile"."arml_opinion_text",
       "label_labelfile"."arml_opinion_on",
       "label_labelfile"."arml_opinion_by_id",
       "label_labelfile"."valid_from",
       "label_labelfile"."valid_until",
       "label_labelfile"."follow_up_due_on",
       "label_labelfile"."updated_at",
       "label_labelfile"."version",
       "frameworks_framework"."id",
       "frameworks_framework"."code",
       "assessments_assessment"."id",
       "assessments_assessment"."campaign_id",
       "assessments_assessment"."structure_id",
       "assessments_assessment"."framework_version_id",
       "assessments_assessment"."status",
       "assessments_assessment"."submitted_at",
       "assessments_assessment"."submitted_by_id",
       "assessments_assessment"."updated_at",
       "assessments_campaign"."id",
       "assessments_campaign"."name",
       "assessments_campaign"."year",
       "assessments_campaign"."ml_version_id",
       "assessments_campaign"."network_version_id",
       "assessments_campaign"."opens_on",
       "assessments_campaign"."closes_on",
       "assessments_campaign"."created_by_id",
       "assessments_campaign"."created_at",
       "accounts_user"."id",
       "accounts_user"."password",
       "accounts_user"."last_login",
       "accounts_user"."is_superuser",
       "accounts_user"."email",
       "accounts_user"."first_name",
       "accounts_user"."last_name",
       "accounts_user"."job_title",
       "accounts_user"."phone",
       "accounts_user"."is_active",
       "accounts_user"."is_staff",
       "accounts_user"."date_joined",
       "accounts_user"."current_membership_id"
FROM "label_labelfile"
INNER JOIN "network_structure" ON ("label_labelfile"."structure_id" = "network_structure"."id")
INNER JOIN "frameworks_framework" ON ("label_labelfile"."framework_id" = "frameworks_framework"."id")
LEFT OUTER JOIN "assessments_assessment" ON ("label_labelfile"."assessment_id" = "assessments_assessment"."id")
LEFT OUTER JOIN "assessments_campaign" ON ("assessments_assessment"."campaign_id" = "assessments_campaign"."id")
LEFT OUTER JOIN "accounts_user" ON ("label_labelfile"."arml_opinion_by_id" = "accounts_user"."id")
WHERE "label_labelfile"."structure_id" = %s
ORDER BY "network_structure"."sort_name" ASC
LIMIT 1;

SELECT "label_agendaitem"."id",
       "label_agendaitem"."session_id",
       "label_agendaitem"."file_id",
       "label_agendaitem"."audit_id",
       "label_agendaitem"."position",
       "label_agendaitem"."added_at",
       "label_commissionsession"."id",
       "label_commissionsession"."title",
       "label_commissionsession"."date",
       "label_commissionsession"."status",
       "label_commissionsession"."created_by_id",
       "label_commissionsession"."created_at",
       "label_commissionsession"."closed_at",
       "label_commissionsession"."closed_by_id"
FROM "label_agendaitem"
INNER JOIN "label_commissionsession" ON ("label_agendaitem"."session_id" = "label_commissionsession"."id")
WHERE ("label_agendaitem"."file_id" = %s
       AND "label_commissionsession"."status" = %s)
ORDER BY "label_commissionsession"."date" ASC
LIMIT 1;

SELECT "label_audit"."id",
       "label_audit"."file_id",
       "label_audit"."kind",
       "label_audit"."status",
       "label_audit"."external_auditor_id",
       "label_audit"."network_auditor_id",
       "label_audit"."assigned_by_id",
       "label_audit"."assigned_at",
       "label_audit"."starts_on",
       "label_audit"."ends_on",
       "label_audit"."mode",
       "label_audit"."location",
       "label_audit"."people_met",
       "label_audit"."agenda",
       "label_audit"."plan_sent_at",
       "label_audit"."overall_opinion",
       "label_audit"."delivered_at",
       "label_audit"."delivered_by_id",
       "label_audit"."structure_response",
       "label_audit"."structure_response_at",
       "label_audit"."version",
       "accounts_user"."id",
       "accounts_user"."password",
       "accounts_user"."last_login",
       "accounts_user"."is_superuser",
       "accounts_user"."email",
       "accounts_user"."first_name",
       "accounts_user"."last_name",
       "accounts_user"."job_title",
       "accounts_user"."phone",
       "accounts_user"."is_active",
       "accounts_user"."is_staff",
       "accounts_user"."date_joined",
       "accounts_user"."current_membership_id",
       "T4"."id",
       "T4"."password",
       "T4"."last_login",
       "T4"."is_superuser",
       "T4"."email",
       "T4"."first_name",
       "T4"."last_name",
       "T4"."job_title",
       "T4"."phone",
       "T4"."is_active",
       "T4"."is_staff",
       "T4"."date_joined",
       "T4"."current_membership_id"
FROM "label_audit"
INNER JOIN "accounts_user" ON ("label_audit"."external_auditor_id" = "accounts_user"."id")
INNER JOIN "accounts_user" "T4" ON ("label_audit"."network_auditor_id" = "T4"."id")
WHERE "label_audit"."file_id" = %s
ORDER BY "label_audit"."starts_on" DESC,
         "label_audit"."id" DESC;

SELECT "network_structure"."id",
       "network_structure"."code",
       "network_structure"."type",
       "network_structure"."name",
       "network_structure"."sort_name",
       "network_structure"."parent_id",
       "network_structure"."region",
       "network_structure"."department",
       "network_structure"."legal_status",
       "network_structure"."address",
       "network_structure"."phone",
       "network_structure"."email",
       "network_structure"."website",
       "network_structure"."president_name",
       "network_structure"."president_mandate",
       "network_structure"."director_name",
       "network_structure"."governance_notes",
       "network_structure"."is_demo",
       "network_structure"."closed_on",
       "network_structure"."created_at",
       "network_structure"."updated_at",
       "network_structure"."version"
FROM "network_structure"
WHERE "network_structure"."id" = %s
LIMIT 21;

SELECT "label_labeltransition"."id",
       "label_labeltransition"."file_id",
       "label_labeltransition"."from_stage",
       "label_labeltransition"."to_stage",
       "label_labeltransition"."actor_id",
       "label_labeltransition"."actor_structure_id",
       "label_labeltransition"."at",
       "label_labeltransition"."comment",
       "accounts_user"."id",
       "accounts_user"."password",
       "accounts_user"."last_login",
       "accounts_user"."is_superuser",
       "accounts_user"."email",
       "accounts_user"."first_name",
       "accounts_user"."last_name",
       "accounts_user"."job_title",
       "accounts_user"."phone",
       "accounts_user"."is_active",
       "accounts_user"."is_staff",
       "accounts_user"."date_joined",
       "accounts_user"."current_membership_id",
       "network_structure"."id",
       "network_structure"."code",
       "network_structure"."type",
       "network_structure"."name",
       "network_structure"."sort_name",
       "network_structure"."parent_id",
       "network_structure"."region",
       "network_structure"."department",
       "network_structure"."legal_status",
       "network_structure"."address",
       "network_structure"."phone",
       "network_structure"."email",
       "network_structure"."website",
       "network_structure"."president_name",
       "network_structure"."president_mandate",
       "network_structure"."director_name",
       "network_structure"."governance_notes",
       "network_structure"."is_demo",
       "network_structure"."closed_on",
       "network_structure"."created_at",
       "network_structure"."updated_at",
       "network_structure"."version"
FROM "label_labeltransition"
LEFT OUTER JOIN "accounts_user" ON ("label_labeltransition"."actor_id" = "accounts_user"."id")
LEFT OUTER JOIN "network_structure" ON ("label_labeltransition"."actor_structure_id" = "network_structure"."id")
WHERE "label_labeltransition"."file_id" = %s
ORDER BY "label_labeltransition"."at" DESC,
         "label_labeltransition"."id" DESC;

SELECT "label_decision"."id",
       "label_decision"."file_id",
       "label_decision"."session_id",
       "label_decision"."agenda_item_id",
       "label_decision"."outcome",
       "label_decision"."reasons",
       "label_decision"."conditions",
       "label_decision"."valid_from",
       "label_decision"."valid_until",
       "label_decision"."framework_version_id",
       "label_decision"."recorded_by_id",
       "label_decision"."recorded_at",
       "label_decision"."is_final",
       "label_decision"."supersedes_id",
       "label_decision"."version",
       "label_commissionsession"."id",
       "label_commissionsession"."title",
       "label_commissionsession"."date",
       "label_commissionsession"."status",
       "label_commissionsession"."created_by_id",
       "label_commissionsession"."created_at",
       "label_commissionsession"."closed_at",
       "label_commissionsession"."closed_by_id",
       "frameworks_frameworkversion"."id",
       "frameworks_frameworkversion"."framework_id",
       "frameworks_frameworkversion"."version",
       "frameworks_frameworkversion"."title",
       "frameworks_frameworkversion"."adopted_on",
       "frameworks_frameworkversion"."source",
       "frameworks_frameworkversion"."previous_id",
       "frameworks_frameworkversion"."content_hash",
       "frameworks_frameworkversion"."rating_scale",
       "frameworks_frameworkversion"."loaded_at"
FROM "label_decision"
INNER JOIN "label_commissionsession" ON ("label_decision"."session_id" = "label_commissionsession"."id")
LEFT OUTER JOIN "frameworks_frameworkversion" ON ("label_decision"."framework_version_id" = "frameworks_frameworkversion"."id")
WHERE ("label_decision"."file_id" = %s
       AND "label_decision"."is_final" = %s)
ORDER BY "label_decision"."recorded_at" DESC,
         "label_decision"."id" DESC;

SELECT "accounts_membership"."id",
       "accounts_membership"."user_id",
       "accounts_membership"."structure_id",
       "accounts_membership"."role",
       "accounts_membership"."is_active",
       "accounts_membership"."created_at",
       "network_structure"."id",
       "network_structure"."code",
       "network_structure"."type",
       "network_structure"."name",
       "network_structure"."sort_name",
       "network_structure"."parent_id",
       "network_structure"."region",
       "network_structure"."department",
       "network_structure"."legal_status",
       "network_structure"."address",
       "network_structure"."phone",
       "network_structure"."email",
       "network_structure"."website",
       "network_structure"."president_name",
       "network_structure"."president_mandate",
       "network_structure"."director_name",
       "network_structure"."governance_notes",
       "network_structure"."is_demo",
       "network_structure"."closed_on",
       "network_structure"."created_at",
       "network_structure"."updated_at",
       "network_structure"."version"
FROM "accounts_membership"
INNER JOIN "network_structure" ON ("accounts_membership"."structure_id" = "network_structure"."id")
WHERE ("accounts_membership"."user_id" = %s
       AND "accounts_membership"."is_active" = %s)
ORDER BY "network_structure"."sort_name" ASC,
         "accounts_membership"."role" ASC;

SELECT "network_structure"."id",
       "network_structure"."code",
       "network_structure"."type",
       "network_structure"."name",
       "network_structure"."sort_name",
       "network_structure"."parent_id",
       "network_structure"."region",
       "network_structure"."department",
       "network_structure"."legal_status",
       "network_structure"."address",
       "network_structure"."phone",
       "network_structure"."email",
       "network_structure"."website",
       "network_structure"."president_name",
       "network_structure"."president_mandate",
       "network_structure"."director_name",
       "network_structure"."governance_notes",
       "network_structure"."is_demo",
       "network_structure"."closed_on",
       "network_structure"."created_at",
       "network_structure"."updated_at",
       "network_structure"."version"
FROM "network_structure"
WHERE "network_structure"."id" = %s
LIMIT 21;
