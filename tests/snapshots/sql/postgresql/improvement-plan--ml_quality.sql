-- GET improvement:plan (ML_QUALITY)
-- 13 requêtes
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

SELECT DISTINCT "accounts_user"."id",
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
INNER JOIN "improvement_improvementaction" ON ("accounts_user"."id" = "improvement_improvementaction"."owner_id")
WHERE "improvement_improvementaction"."structure_id" = %s
ORDER BY "accounts_user"."last_name" ASC,
         "accounts_user"."first_name" ASC,
         "accounts_user"."email" ASC;

SELECT DISTINCT "frameworks_commitment"."id",
                "frameworks_commitment"."version_id",
                "frameworks_commitment"."part_id",
                "frameworks_commitment"."section_id",
                "frameworks_commitment"."position",
                "frameworks_commitment"."ref",
                "frameworks_commitment"."title",
                "frameworks_commitment"."reference_texts",
                "frameworks_frameworkversion"."id",
                "frameworks_frameworkversion"."framework_id",
                "frameworks_frameworkversion"."version",
                "frameworks_frameworkversion"."title",
                "frameworks_frameworkversion"."adopted_on",
                "frameworks_frameworkversion"."source",
                "frameworks_frameworkversion"."previous_id",
                "frameworks_frameworkversion"."content_hash",
                "frameworks_frameworkversion"."rating_scale",
                "frameworks_frameworkversion"."loaded_at",
                "frameworks_part"."id",
                "frameworks_part"."version_id",
                "frameworks_part"."position",
                "frameworks_part"."number",
                "frameworks_part"."title",
                "frameworks_part"."intro"
FROM "frameworks_commitment"
INNER JOIN "frameworks_requirement" ON ("frameworks_commitment"."id" = "frameworks_requirement"."commitment_id")
INNER JOIN "improvement_improvementaction_requirements" ON ("frameworks_requirement"."id" = "improvement_improvementaction_requirements"."requirement_id")
INNER JOIN "improvement_improvementaction" ON ("improvement_improvementaction_requirements"."improvementaction_id" = "improvement_improvementaction"."id")
INNER JOIN "frameworks_frameworkversion" ON ("frameworks_commitment"."version_id" = "frameworks_frameworkversion"."id")
INNER JOIN "frameworks_part" ON ("frameworks_commitment"."part_id" = "frameworks_part"."id")
WHERE "improvement_improvementaction"."structure_id" = %s
ORDER BY "frameworks_frameworkversion"."version" ASC,
         "frameworks_commitment"."position" ASC;

SELECT "improvement_improvementaction"."id",
       "improvement_improvementaction"."structure_id",
       "improvement_improvementaction"."title",
       "improvement_improvementaction"."description",
       "improvement_improvementaction"."owner_id",
       "improvement_improvementaction"."due_on",
       "improvement_improvementaction"."priority",
       "improvement_improvementaction"."status",
       "improvement_improvementaction"."progress",
       "improvement_improvementaction"."completed_on",
       "improvement_improvementaction"."source",
       "improvement_improvementaction"."created_by_id",
       "improvement_improvementaction"."created_at",
       "improvement_improvementaction"."updated_by_id",
       "improvement_improvementaction"."updated_at",
       "improvement_improvementaction"."version",
       "improvement_improvementaction"."to_decide",
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
FROM "improvement_improvementaction"
LEFT OUTER JOIN "accounts_user" ON ("improvement_improvementaction"."owner_id" = "accounts_user"."id")
WHERE ("improvement_improvementaction"."structure_id" = %s
       AND "improvement_improvementaction"."structure_id" = %s)
ORDER BY "improvement_improvementaction"."due_on" ASC,
         "improvement_improvementaction"."id" ASC;

SELECT ("improvement_improvementaction_requirements"."improvementaction_id") AS "_prefetch_related_val_improvementaction_id",
       "frameworks_requirement"."id",
       "frameworks_requirement"."version_id",
       "frameworks_requirement"."commitment_id",
       "frameworks_requirement"."parent_id",
       "frameworks_requirement"."position",
       "frameworks_requirement"."ref",
       "frameworks_requirement"."text",
       "frameworks_requirement"."addressee",
       "frameworks_requirement"."examples",
       "frameworks_requirement"."search_text",
       "frameworks_commitment"."id",
       "frameworks_commitment"."version_id",
       "frameworks_commitment"."part_id",
       "frameworks_commitment"."section_id",
       "frameworks_commitment"."position",
       "frameworks_commitment"."ref",
       "frameworks_commitment"."title",
       "frameworks_commitment"."reference_texts"
FROM "frameworks_requirement"
INNER JOIN "improvement_improvementaction_requirements" ON ("frameworks_requirement"."id" = "improvement_improvementaction_requirements"."requirement_id")
INNER JOIN "frameworks_commitment" ON ("frameworks_requirement"."commitment_id" = "frameworks_commitment"."id")
WHERE "improvement_improvementaction_requirements"."improvementaction_id" IN (...)
ORDER BY "frameworks_requirement"."position" ASC;

SELECT COUNT("improvement_improvementaction"."id") AS "total",
       COUNT("improvement_improvementaction"."id") FILTER (
                                                           WHERE "improvement_improvementaction"."status" = %s) AS "planned",
       COUNT("improvement_improvementaction"."id") FILTER (
                                                           WHERE "improvement_improvementaction"."status" = %s) AS "in_progress",
       COUNT("improvement_improvementaction"."id") FILTER (
                                                           WHERE "improvement_improvementaction"."status" = %s) AS "done",
       COUNT("improvement_improvementaction"."id") FILTER (
                                                           WHERE "improvement_improvementaction"."status" = %s) AS "abandoned",
       COUNT("improvement_improvementaction"."id") FILTER (
                                                           WHERE ("improvement_improvementaction"."status" IN (...)
                                                                  AND "improvement_improvementaction"."due_on" < %s::date)) AS "overdue"
FROM "improvement_improvementaction"
WHERE ("improvement_improvementaction"."structure_id" = %s
       AND "improvement_improvementaction"."structure_id" = %s);

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
