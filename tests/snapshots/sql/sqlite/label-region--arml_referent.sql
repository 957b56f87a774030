-- GET label:region (ARML_REFERENT)
-- 11 requêtes
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
       "network_structure"."version"
FROM "network_structure"
WHERE (("network_structure"."id" = %s
        OR "network_structure"."parent_id" = %s)
       AND "network_structure"."type" = %s
       AND "network_structure"."code" = %s)
LIMIT 21;

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
FROM "network_structure"
LEFT OUTER JOIN "label_labelfile" ON ("network_structure"."id" = "label_labelfile"."structure_id")
LEFT OUTER JOIN "accounts_user" ON ("label_labelfile"."arml_opinion_by_id" = "accounts_user"."id")
WHERE ("network_structure"."closed_on" IS NULL
       AND ("network_structure"."id" = %s
            OR ("network_structure"."parent_id" = %s
                AND "network_structure"."type" = %s)))
ORDER BY "network_structure"."type" ASC,
         "network_structure"."sort_name" ASC;

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
       "label_audit"."version"
FROM "label_audit"
WHERE ("label_audit"."status" = %s
       AND "label_audit"."file_id" IN (...))
ORDER BY "label_audit"."starts_on" ASC,
         "label_audit"."id" ASC;

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
WHERE ("label_commissionsession"."status" = %s
       AND "label_agendaitem"."file_id" IN (...))
ORDER BY "label_commissionsession"."date" ASC;

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
