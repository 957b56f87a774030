-- GET assessments:assessment (ML_QUALITY)
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

SELECT "assessments_assessment"."id",
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
       "network_structure"."version",
       "T4"."id",
       "T4"."code",
       "T4"."type",
       "T4"."name",
       "T4"."sort_name",
       "T4"."parent_id",
       "T4"."region",
       "T4"."department",
       "T4"."legal_status",
       "T4"."address",
       "T4"."phone",
       "T4"."email",
       "T4"."website",
       "T4"."president_name",
       "T4"."president_mandate",
       "T4"."director_name",
       "T4"."governance_notes",
       "T4"."is_demo",
       "T4"."closed_on",
       "T4"."created_at",
       "T4"."updated_at",
       "T4"."version",
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
       "frameworks_framework"."id",
       "frameworks_framework"."code",
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
FROM "assessments_assessment"
INNER JOIN "network_structure" ON ("assessments_assessment"."structure_id" = "network_structure"."id")
INNER JOIN "assessments_campaign" ON ("assessments_assessment"."campaign_id" = "assessments_campaign"."id")
LEFT OUTER JOIN "network_structure" "T4" ON ("network_structure"."parent_id" = "T4"."id")
INNER JOIN "frameworks_frameworkversion" ON ("assessments_assessment"."framework_version_id" = "frameworks_frameworkversion"."id")
INNER JOIN "frameworks_framework" ON ("frameworks_frameworkversion"."framework_id" = "frameworks_framework"."id")
LEFT OUTER JOIN "accounts_user" ON ("assessments_assessment"."submitted_by_id" = "accounts_user"."id")
WHERE ("assessments_assessment"."structure_id" = %s
       AND "assessments_assessment"."id" = %s)
LIMIT 21;

SELECT "frameworks_requirement"."id",
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
       "frameworks_commitment"."reference_texts",
       "frameworks_part"."id",
       "frameworks_part"."version_id",
       "frameworks_part"."position",
       "frameworks_part"."number",
       "frameworks_part"."title",
       "frameworks_part"."intro",
       "frameworks_section"."id",
       "frameworks_section"."part_id",
       "frameworks_section"."position",
       "frameworks_section"."number",
       "frameworks_section"."title"
FROM "frameworks_requirement"
INNER JOIN "frameworks_commitment" ON ("frameworks_requirement"."commitment_id" = "frameworks_commitment"."id")
INNER JOIN "frameworks_part" ON ("frameworks_commitment"."part_id" = "frameworks_part"."id")
LEFT OUTER JOIN "frameworks_section" ON ("frameworks_commitment"."section_id" = "frameworks_section"."id")
WHERE ("frameworks_requirement"."addressee" IN (...)
       AND "frameworks_requirement"."version_id" = %s)
ORDER BY "frameworks_requirement"."position" ASC;

SELECT "assessments_answer"."id",
       "assessments_answer"."assessment_id",
       "assessments_answer"."requirement_id",
       "assessments_answer"."level",
       "assessments_answer"."not_applicable",
       "assessments_answer"."justification",
       "assessments_answer"."comment",
       "assessments_answer"."version",
       "assessments_answer"."updated_by_id",
       "assessments_answer"."updated_at",
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
FROM "assessments_answer"
INNER JOIN "accounts_user" ON ("assessments_answer"."updated_by_id" = "accounts_user"."id")
INNER JOIN "frameworks_requirement" ON ("assessments_answer"."requirement_id" = "frameworks_requirement"."id")
WHERE "assessments_answer"."assessment_id" = %s
ORDER BY "frameworks_requirement"."position" ASC;

SELECT "assessments_requirementcomment"."requirement_id" AS "requirement_id",
       COUNT("assessments_requirementcomment"."id") AS "n"
FROM "assessments_requirementcomment"
WHERE "assessments_requirementcomment"."assessment_id" = %s
GROUP BY 1;

SELECT "assessments_answerevidence"."requirement_id" AS "requirement_id",
       COUNT("assessments_answerevidence"."id") AS "n"
FROM "assessments_answerevidence"
WHERE "assessments_answerevidence"."assessment_id" = %s
GROUP BY 1;

SELECT "improvement_improvementaction_requirements"."requirement_id" AS "requirement_id",
       COUNT("improvement_improvementaction_requirements"."id") AS "n"
FROM "improvement_improvementaction_requirements"
INNER JOIN "improvement_improvementaction" ON ("improvement_improvementaction_requirements"."improvementaction_id" = "improvement_improvementaction"."id")
INNER JOIN "frameworks_requirement" ON ("improvement_improvementaction_requirements"."requirement_id" = "frameworks_requirement"."id")
WHERE ("improvement_improvementaction"."structure_id" = %s
       AND "frameworks_requirement"."version_id" = %s)
GROUP BY 1;

SELECT "assessments_assessmentevent"."id",
       "assessments_assessmentevent"."assessment_id",
       "assessments_assessmentevent"."kind",
       "assessments_assessmentevent"."actor_id",
       "assessments_assessmentevent"."actor_structure_id",
       "assessments_assessmentevent"."at",
       "assessments_assessmentevent"."reason",
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
FROM "assessments_assessmentevent"
INNER JOIN "accounts_user" ON ("assessments_assessmentevent"."actor_id" = "accounts_user"."id")
INNER JOIN "network_structure" ON ("assessments_assessmentevent"."actor_structure_id" = "network_structure"."id")
WHERE "assessments_assessmentevent"."assessment_id" = %s
ORDER BY "assessments_assessmentevent"."at" DESC,
         "assessments_assessmentevent"."id" DESC
LIMIT 5;

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
