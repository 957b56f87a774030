-- GET evidence:library (ML_QUALITY)
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
WHERE ("network_structure"."id" = %s
       AND "network_structure"."code" = %s)
LIMIT 21;

SELECT COUNT("evidence_evidence"."id") FILTER (
                                               WHERE ("evidence_evidence"."archived" = %s
                                                      AND "evidence_evidence"."kind" = %s)) AS "files",
       COUNT("evidence_evidence"."id") FILTER (
                                               WHERE ("evidence_evidence"."archived" = %s
                                                      AND "evidence_evidence"."kind" = %s)) AS "links",
       COUNT("evidence_evidence"."id") FILTER (
                                               WHERE "evidence_evidence"."archived" = %s) AS "archived"
FROM "evidence_evidence"
WHERE ("evidence_evidence"."structure_id" = %s
       AND "evidence_evidence"."structure_id" = %s);

SELECT COUNT(*) AS "__count"
FROM "evidence_evidence"
WHERE ("evidence_evidence"."structure_id" = %s
       AND "evidence_evidence"."structure_id" = %s
       AND "evidence_evidence"."archived" = %s);

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

SELECT "evidence_evidence"."id",
       "evidence_evidence"."structure_id",
       "evidence_evidence"."kind",
       "evidence_evidence"."title",
       "evidence_evidence"."description",
       "evidence_evidence"."url",
       "evidence_evidence"."current_file_id",
       "evidence_evidence"."created_by_id",
       "evidence_evidence"."created_at",
       "evidence_evidence"."updated_at",
       "evidence_evidence"."archived",
       "evidence_evidence"."archived_at",
       "evidence_evidence"."version",
       "evidence_evidencefile"."id",
       "evidence_evidencefile"."evidence_id",
       "evidence_evidencefile"."number",
       "evidence_evidencefile"."file",
       "evidence_evidencefile"."original_name",
       "evidence_evidencefile"."size",
       "evidence_evidencefile"."content_type",
       "evidence_evidencefile"."sha256",
       "evidence_evidencefile"."uploaded_by_id",
       "evidence_evidencefile"."uploaded_at",
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
FROM "evidence_evidence"
LEFT OUTER JOIN "evidence_evidencefile" ON ("evidence_evidence"."current_file_id" = "evidence_evidencefile"."id")
LEFT OUTER JOIN "accounts_user" ON ("evidence_evidence"."created_by_id" = "accounts_user"."id")
WHERE ("evidence_evidence"."structure_id" = %s
       AND "evidence_evidence"."structure_id" = %s
       AND "evidence_evidence"."archived" = %s)
ORDER BY "evidence_evidence"."updated_at" DESC,
         "evidence_evidence"."id" DESC
LIMIT 2;
