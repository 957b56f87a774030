-- GET core:home (AUDITOR)
-- 14 requêtes
-- Instantané relu en revue ; pour le régénérer : SNAPSHOT_UPDATE=1 make test PYTEST_ARGS=tests/test_sql_snapshots.py

SELECT "django_session"."session_key",
       "django_session"."session_data",
       "django_session"."expire_date"
FROM "django_session"
WHERE ("django_session"."expire_date" > %s::timestamptz
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
       AND "accounts_membership"."is_active"
       AND "accounts_membership"."role" IN (...))
LIMIT 1;

SELECT %s AS "a"
FROM "otp_totp_totpdevice"
WHERE ("otp_totp_totpdevice"."user_id" = %s
       AND "otp_totp_totpdevice"."confirmed")
LIMIT 1;

SELECT COUNT(*) AS "__count"
FROM "label_audit"
WHERE (("label_audit"."external_auditor_id" = %s
        OR "label_audit"."network_auditor_id" = %s)
       AND "label_audit"."status" = %s);

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
       "label_labelfile"."id",
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
FROM "label_audit"
INNER JOIN "label_labelfile" ON ("label_audit"."file_id" = "label_labelfile"."id")
INNER JOIN "network_structure" ON ("label_labelfile"."structure_id" = "network_structure"."id")
WHERE (("label_audit"."external_auditor_id" = %s
        OR "label_audit"."network_auditor_id" = %s)
       AND "label_audit"."status" = %s
       AND "label_audit"."starts_on" >= %s::date)
ORDER BY "label_audit"."starts_on" ASC
LIMIT 1;

SELECT "label_auditorprofile"."id",
       "label_auditorprofile"."user_id",
       "label_auditorprofile"."kind",
       "label_auditorprofile"."home_structure_id",
       "label_auditorprofile"."certification",
       "label_auditorprofile"."is_lead",
       "label_auditorprofile"."is_active"
FROM "label_auditorprofile"
WHERE ("label_auditorprofile"."is_active"
       AND "label_auditorprofile"."user_id" = %s)
ORDER BY "label_auditorprofile"."id" ASC
LIMIT 1;

SELECT COUNT(*) AS "__count"
FROM "label_labelfile"
WHERE "label_labelfile"."stage" = %s;

SELECT "assessments_campaign"."id",
       "assessments_campaign"."name",
       "assessments_campaign"."year",
       "assessments_campaign"."ml_version_id",
       "assessments_campaign"."network_version_id",
       "assessments_campaign"."opens_on",
       "assessments_campaign"."closes_on",
       "assessments_campaign"."created_by_id",
       "assessments_campaign"."created_at"
FROM "assessments_campaign"
WHERE ("assessments_campaign"."closes_on" >= %s::date
       AND "assessments_campaign"."opens_on" <= %s::date)
ORDER BY "assessments_campaign"."closes_on" ASC;

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

SELECT "label_labelfile"."structure_id" AS "file__structure_id"
FROM "label_audit"
INNER JOIN "label_labelfile" ON ("label_audit"."file_id" = "label_labelfile"."id")
WHERE (("label_audit"."external_auditor_id" = %s
        OR "label_audit"."network_auditor_id" = %s)
       AND NOT ("label_audit"."status" = %s))
ORDER BY "label_audit"."starts_on" DESC,
         "label_audit"."id" DESC;

SELECT "label_labelfile"."structure_id" AS "file__structure_id"
FROM "label_audit"
INNER JOIN "label_labelfile" ON ("label_audit"."file_id" = "label_labelfile"."id")
WHERE (("label_audit"."external_auditor_id" = %s
        OR "label_audit"."network_auditor_id" = %s)
       AND NOT ("label_audit"."status" = %s))
ORDER BY "label_audit"."starts_on" DESC,
         "label_audit"."id" DESC;

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
       AND "accounts_membership"."is_active")
ORDER BY "network_structure"."sort_name" ASC,
         "accounts_membership"."role" ASC;
