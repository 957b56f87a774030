-- GET observatory:figures (ARML_REFERENT)
-- 20 requêtes
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
WHERE (("network_structure"."id" = %s
        OR "network_structure"."parent_id" = %s)
       AND "network_structure"."code" = %s)
LIMIT 21;

SELECT MAX("observatory_datasetstructure"."id") AS "last",
       COUNT("observatory_datasetstructure"."id") AS "count",
       MAX("observatory_datasetstructure"."computed_at") AS "computed"
FROM "observatory_datasetstructure";

SELECT MAX("network_structure"."updated_at") AS "last",
       COUNT("network_structure"."id") AS "count"
FROM "network_structure";

SELECT "observatory_datasetstructure"."year" AS "year"
FROM "observatory_datasetstructure"
INNER JOIN "network_structure" ON ("observatory_datasetstructure"."structure_id" = "network_structure"."id")
WHERE ("observatory_datasetstructure"."superseded_by_id" IS NULL
       AND "observatory_datasetstructure"."kind" = %s
       AND "network_structure"."parent_id" = %s)
ORDER BY 1 ASC,
         "network_structure"."code" ASC,
         "observatory_datasetstructure"."id" DESC;

SELECT "network_structure"."id" AS "pk",
       "network_structure"."code" AS "code",
       "network_structure"."parent_id" AS "parent_id",
       "network_structure"."closed_on" AS "closed_on"
FROM "network_structure"
WHERE ("network_structure"."type" = %s
       AND "network_structure"."parent_id" IN (...))
ORDER BY "network_structure"."type" ASC,
         "network_structure"."region" ASC,
         "network_structure"."sort_name" ASC;

SELECT "observatory_datasetstructure"."year" AS "year",
       "observatory_datasetstructure"."structure_id" AS "structure_id",
       "observatory_datasetstructure"."values" AS "values"
FROM "observatory_datasetstructure"
INNER JOIN "network_structure" ON ("observatory_datasetstructure"."structure_id" = "network_structure"."id")
WHERE ("observatory_datasetstructure"."superseded_by_id" IS NULL
       AND "observatory_datasetstructure"."kind" = %s
       AND "network_structure"."parent_id" IN (...)
       AND "observatory_datasetstructure"."year" IN (...))
ORDER BY 1 ASC,
         "network_structure"."code" ASC,
         "observatory_datasetstructure"."id" DESC;

SELECT "observatory_objective"."structure_id" AS "structure_id",
       "network_structure"."code" AS "structure__code",
       "network_structure"."type" AS "structure__type",
       "network_structure"."parent_id" AS "structure__parent_id",
       "observatory_objective"."programmes" AS "programmes",
       "observatory_objective"."value" AS "value"
FROM "observatory_objective"
INNER JOIN "network_structure" ON ("observatory_objective"."structure_id" = "network_structure"."id")
INNER JOIN "observatory_datasetstructure" ON ("observatory_objective"."coverage_id" = "observatory_datasetstructure"."id")
WHERE (("observatory_objective"."structure_id" IN (...)
        OR "network_structure"."parent_id" IN (...))
       AND "observatory_datasetstructure"."superseded_by_id" IS NULL
       AND "observatory_objective"."year" = %s)
ORDER BY 2 ASC,
         5 ASC,
         "observatory_objective"."id" ASC;

SELECT "network_structure"."id" AS "pk",
       "network_structure"."code" AS "code",
       "network_structure"."parent_id" AS "parent_id",
       "network_structure"."closed_on" AS "closed_on"
FROM "network_structure"
WHERE ("network_structure"."type" = %s
       AND "network_structure"."parent_id" IN (...))
ORDER BY "network_structure"."type" ASC,
         "network_structure"."region" ASC,
         "network_structure"."sort_name" ASC;

SELECT "observatory_datasetstructure"."year" AS "year",
       "observatory_datasetstructure"."structure_id" AS "structure_id",
       "observatory_datasetstructure"."values" AS "values"
FROM "observatory_datasetstructure"
INNER JOIN "network_structure" ON ("observatory_datasetstructure"."structure_id" = "network_structure"."id")
WHERE ("observatory_datasetstructure"."superseded_by_id" IS NULL
       AND "observatory_datasetstructure"."kind" = %s
       AND "network_structure"."parent_id" IN (...)
       AND "observatory_datasetstructure"."year" IN (...))
ORDER BY 1 ASC,
         "network_structure"."code" ASC,
         "observatory_datasetstructure"."id" DESC;

SELECT "observatory_objective"."structure_id" AS "structure_id",
       "network_structure"."code" AS "structure__code",
       "network_structure"."type" AS "structure__type",
       "network_structure"."parent_id" AS "structure__parent_id",
       "observatory_objective"."programmes" AS "programmes",
       "observatory_objective"."value" AS "value"
FROM "observatory_objective"
INNER JOIN "network_structure" ON ("observatory_objective"."structure_id" = "network_structure"."id")
INNER JOIN "observatory_datasetstructure" ON ("observatory_objective"."coverage_id" = "observatory_datasetstructure"."id")
WHERE (("observatory_objective"."structure_id" IN (...)
        OR "network_structure"."parent_id" IN (...))
       AND "observatory_datasetstructure"."superseded_by_id" IS NULL
       AND "observatory_objective"."year" = %s)
ORDER BY 2 ASC,
         5 ASC,
         "observatory_objective"."id" ASC;

SELECT "network_structure"."id" AS "pk",
       "network_structure"."code" AS "code",
       "network_structure"."parent_id" AS "parent_id",
       "network_structure"."closed_on" AS "closed_on"
FROM "network_structure"
WHERE ("network_structure"."type" = %s
       AND "network_structure"."parent_id" IN (...))
ORDER BY "network_structure"."type" ASC,
         "network_structure"."region" ASC,
         "network_structure"."sort_name" ASC;

SELECT "observatory_datasetstructure"."year" AS "year",
       "observatory_datasetstructure"."structure_id" AS "structure_id",
       "observatory_datasetstructure"."values" AS "values"
FROM "observatory_datasetstructure"
INNER JOIN "network_structure" ON ("observatory_datasetstructure"."structure_id" = "network_structure"."id")
WHERE ("observatory_datasetstructure"."superseded_by_id" IS NULL
       AND "observatory_datasetstructure"."kind" = %s
       AND "network_structure"."parent_id" IN (...)
       AND "observatory_datasetstructure"."year" IN (...))
ORDER BY 1 ASC,
         "network_structure"."code" ASC,
         "observatory_datasetstructure"."id" DESC;

SELECT "observatory_objective"."structure_id" AS "structure_id",
       "network_structure"."code" AS "structure__code",
       "network_structure"."type" AS "structure__type",
       "network_structure"."parent_id" AS "structure__parent_id",
       "observatory_objective"."programmes" AS "programmes",
       "observatory_objective"."value" AS "value"
FROM "observatory_objective"
INNER JOIN "network_structure" ON ("observatory_objective"."structure_id" = "network_structure"."id")
INNER JOIN "observatory_datasetstructure" ON ("observatory_objective"."coverage_id" = "observatory_datasetstructure"."id")
WHERE (("observatory_objective"."structure_id" IN (...)
        OR "network_structure"."parent_id" IN (...))
       AND "observatory_datasetstructure"."superseded_by_id" IS NULL
       AND "observatory_objective"."year" = %s)
ORDER BY 2 ASC,
         5 ASC,
         "observatory_objective"."id" ASC;

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
