-- GET api:observatory_indicators (ARML_REFERENT, jeton API)
-- 6 requêtes
-- Instantané relu en revue ; pour le régénérer : SNAPSHOT_UPDATE=1 make test PYTEST_ARGS=tests/test_sql_snapshots.py

SELECT "api_apitoken"."id",
       "api_apitoken"."user_id",
       "api_apitoken"."membership_id",
       "api_apitoken"."name",
       "api_apitoken"."prefix",
       "api_apitoken"."token_hash",
       "api_apitoken"."created_at",
       "api_apitoken"."last_used_at",
       "api_apitoken"."expires_at",
       "api_apitoken"."revoked_at",
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
       "accounts_membership"."id",
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
FROM "api_apitoken"
INNER JOIN "accounts_user" ON ("api_apitoken"."user_id" = "accounts_user"."id")
INNER JOIN "accounts_membership" ON ("api_apitoken"."membership_id" = "accounts_membership"."id")
INNER JOIN "network_structure" ON ("accounts_membership"."structure_id" = "network_structure"."id")
WHERE "api_apitoken"."token_hash" = %s
ORDER BY "api_apitoken"."created_at" DESC,
         "api_apitoken"."id" DESC
LIMIT 1;

UPDATE "api_apitoken"
SET "last_used_at" = %s::timestamptz
WHERE "api_apitoken"."id" = %s;

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
