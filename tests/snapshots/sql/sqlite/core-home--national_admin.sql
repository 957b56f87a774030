-- GET core:home (NATIONAL_ADMIN)
-- 24 requêtes
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

SELECT "otp_totp_totpdevice"."id",
       "otp_totp_totpdevice"."user_id",
       "otp_totp_totpdevice"."name",
       "otp_totp_totpdevice"."confirmed",
       "otp_totp_totpdevice"."throttling_failure_timestamp",
       "otp_totp_totpdevice"."throttling_failure_count",
       "otp_totp_totpdevice"."created_at",
       "otp_totp_totpdevice"."last_used_at",
       "otp_totp_totpdevice"."key",
       "otp_totp_totpdevice"."step",
       "otp_totp_totpdevice"."t0",
       "otp_totp_totpdevice"."digits",
       "otp_totp_totpdevice"."tolerance",
       "otp_totp_totpdevice"."drift",
       "otp_totp_totpdevice"."last_t"
FROM "otp_totp_totpdevice"
WHERE "otp_totp_totpdevice"."id" = %s
ORDER BY "otp_totp_totpdevice"."id" ASC
LIMIT 1;

SELECT "accounts_membership"."id",
       "accounts_membership"."user_id",
       "accounts_membership"."structure_id",
       "accounts_membership"."role",
       "accounts_membership"."is_active",
       "accounts_membership"."created_at"
FROM "accounts_membership"
WHERE "accounts_membership"."id" = %s
LIMIT 21;

SELECT COUNT(*) AS "__count"
FROM "core_outgoingmail"
WHERE "core_outgoingmail"."status" = %s;

SELECT COUNT("network_structure"."id") FILTER (
                                               WHERE "network_structure"."type" = %s) AS "arml",
       COUNT("network_structure"."id") FILTER (
                                               WHERE "network_structure"."type" = %s) AS "ml",
       COUNT("network_structure"."id") FILTER (
                                               WHERE ("network_structure"."type" = %s
                                                      AND ("network_structure"."email" = %s
                                                           OR "network_structure"."phone" = %s))) AS "ml_without_contact"
FROM "network_structure";

SELECT COUNT(*) AS "__count"
FROM "network_structure"
WHERE ("network_structure"."type" = %s
       AND NOT (EXISTS
                  (SELECT %s AS "a"
                   FROM "accounts_membership" "U1"
                   WHERE ("U1"."is_active" = %s
                          AND "U1"."structure_id" = ("network_structure"."id"))
                   LIMIT 1)
                AND EXISTS
                  (SELECT %s AS "a"
                   FROM "accounts_membership" "U1"
                   WHERE ("U1"."role" = %s
                          AND "U1"."structure_id" = ("network_structure"."id"))
                   LIMIT 1)));

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
       "label_labelfile"."version"
FROM "label_labelfile"
INNER JOIN "network_structure" ON ("label_labelfile"."structure_id" = "network_structure"."id")
WHERE "label_labelfile"."structure_id" = %s
ORDER BY "network_structure"."sort_name" ASC
LIMIT 1;

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
WHERE ("assessments_campaign"."closes_on" >= %s
       AND "assessments_campaign"."opens_on" <= %s)
ORDER BY "assessments_campaign"."closes_on" ASC;

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
FROM "assessments_assessment"
INNER JOIN "assessments_campaign" ON ("assessments_assessment"."campaign_id" = "assessments_campaign"."id")
INNER JOIN "network_structure" ON ("assessments_assessment"."structure_id" = "network_structure"."id")
INNER JOIN "frameworks_frameworkversion" ON ("assessments_assessment"."framework_version_id" = "frameworks_frameworkversion"."id")
WHERE ("assessments_assessment"."campaign_id" = %s
       AND "assessments_assessment"."structure_id" = %s)
ORDER BY "assessments_campaign"."year" DESC,
         "assessments_campaign"."opens_on" DESC,
         "assessments_campaign"."id" DESC,
         "network_structure"."code" ASC;

SELECT COUNT("assessments_assessment"."id") AS "total",
       COUNT("assessments_assessment"."id") FILTER (
                                                    WHERE "assessments_assessment"."status" = %s) AS "submitted"
FROM "assessments_assessment"
INNER JOIN "network_structure" ON ("assessments_assessment"."structure_id" = "network_structure"."id")
WHERE ("assessments_assessment"."campaign_id" = %s
       AND "network_structure"."type" = %s);

SELECT COUNT(*) AS "__count"
FROM "improvement_improvementaction"
WHERE ("improvement_improvementaction"."structure_id" = %s
       AND "improvement_improvementaction"."status" IN (...)
       AND "improvement_improvementaction"."due_on" < %s);

SELECT COUNT(*) AS "__count"
FROM "improvement_improvementaction"
WHERE ("improvement_improvementaction"."structure_id" = %s
       AND NOT ("improvement_improvementaction"."to_decide" = %s));

SELECT DISTINCT "programmes_milestone"."id",
                "programmes_milestone"."action_id",
                "programmes_milestone"."title",
                "programmes_milestone"."due_on",
                "programmes_action"."id",
                "programmes_action"."programme_version_id",
                "programmes_action"."number",
                "programmes_programmeversion"."id",
                "programmes_programmeversion"."programme_id",
                "programmes_programmeversion"."year",
                "programmes_programme"."id",
                "programmes_programme"."code"
FROM "programmes_milestone"
INNER JOIN "programmes_action" ON ("programmes_milestone"."action_id" = "programmes_action"."id")
INNER JOIN "programmes_programmeversion" ON ("programmes_action"."programme_version_id" = "programmes_programmeversion"."id")
INNER JOIN "programmes_programme" ON ("programmes_programmeversion"."programme_id" = "programmes_programme"."id")
WHERE ("programmes_programme"."kind" = %s
       AND "programmes_milestone"."due_on" < %s
       AND "programmes_milestone"."status" = %s)
ORDER BY "programmes_milestone"."due_on" ASC,
         "programmes_milestone"."id" ASC
LIMIT 3;

SELECT "animation_partnership"."id",
       "animation_partnership"."structure_id",
       "animation_partnership"."partner_name",
       "animation_partnership"."partner_type",
       "animation_partnership"."title",
       "animation_partnership"."level",
       "animation_partnership"."parent_id",
       "animation_partnership"."signed_on",
       "animation_partnership"."starts_on",
       "animation_partnership"."ends_on",
       "animation_partnership"."signatories",
       "animation_partnership"."objectives",
       "animation_partnership"."indicators",
       "animation_partnership"."version"
FROM "animation_partnership"
WHERE ("animation_partnership"."ends_on" >= %s
       AND "animation_partnership"."ends_on" <= %s
       AND "animation_partnership"."structure_id" = %s
       AND NOT (EXISTS
                  (SELECT %s AS "a"
                   FROM "animation_partnershipevaluation" "U0"
                   WHERE ("U0"."outcome" IN (...)
                          AND "U0"."year" >= %s
                          AND "U0"."partnership_id" = ("animation_partnership"."id"))
                   LIMIT 1)))
ORDER BY "animation_partnership"."ends_on" ASC,
         "animation_partnership"."partner_name" ASC,
         "animation_partnership"."id" ASC
LIMIT 5;

SELECT "surveys_collectionlink"."id",
       "surveys_collectionlink"."campaign_id",
       "surveys_collectionlink"."structure_id",
       "surveys_collectionlink"."site_id",
       "surveys_collectionlink"."token",
       EXISTS
  (SELECT %s AS "a"
   FROM "surveys_campaignfigures" "U0"
   WHERE ("U0"."campaign_id" = ("surveys_collectionlink"."campaign_id")
          AND "U0"."closes_on" = ("surveys_campaign"."closes_on"))
   LIMIT 1) AS "figures_ready",
       "surveys_campaign"."id",
       "surveys_campaign"."code",
       "surveys_campaign"."title",
       "surveys_campaign"."questionnaire_id",
       "surveys_campaign"."audience",
       "surveys_campaign"."owner_id",
       "surveys_campaign"."opens_on",
       "surveys_campaign"."closes_on",
       "surveys_campaign"."previous_id"
FROM "surveys_collectionlink"
INNER JOIN "surveys_campaign" ON ("surveys_collectionlink"."campaign_id" = "surveys_campaign"."id")
WHERE ("surveys_campaign"."closes_on" >= %s
       AND "surveys_campaign"."opens_on" <= %s
       AND "surveys_collectionlink"."site_id" IS NULL
       AND "surveys_collectionlink"."structure_id" = %s)
ORDER BY "surveys_campaign"."closes_on" ASC,
         "surveys_campaign"."code" ASC;

SELECT COUNT(*) AS "__count"
FROM "training_session"
INNER JOIN "training_trainingaction" ON ("training_session"."action_id" = "training_trainingaction"."id")
WHERE ("training_trainingaction"."structure_id" = %s
       AND "training_session"."starts_on" >= %s
       AND EXISTS
         (SELECT %s AS "a"
          FROM "training_registration" "U0"
          WHERE ("U0"."convened_at" IS NULL
                 AND "U0"."session_id" = ("training_session"."id")
                 AND "U0"."status" IN (...))
          LIMIT 1));

SELECT COUNT(*) AS "__count"
FROM "training_session"
INNER JOIN "training_trainingaction" ON ("training_session"."action_id" = "training_trainingaction"."id")
WHERE ("training_trainingaction"."structure_id" = %s
       AND "training_session"."ends_on" >= %s
       AND "training_session"."ends_on" < %s
       AND EXISTS
         (SELECT %s AS "a"
          FROM "training_registration" "U0"
          WHERE ("U0"."session_id" = ("training_session"."id")
                 AND "U0"."status" IN (...))
          LIMIT 1)
       AND NOT (EXISTS
                  (SELECT %s AS "a"
                   FROM "training_attendance" "U0"
                   INNER JOIN "training_registration" "U1" ON ("U0"."registration_id" = "U1"."id")
                   WHERE "U1"."session_id" = ("training_session"."id")
                   LIMIT 1)));

SELECT %s AS "a"
FROM "training_trainingaction"
WHERE ("training_trainingaction"."structure_id" = %s
       AND "training_trainingaction"."year" = %s)
LIMIT 1;

SELECT "activity_reports_activityreport"."id",
       "activity_reports_activityreport"."structure_id",
       "activity_reports_activityreport"."year",
       "activity_reports_activityreport"."edition",
       "activity_reports_activityreport"."state",
       "activity_reports_activityreport"."created_by_id",
       "activity_reports_activityreport"."created_at",
       "activity_reports_activityreport"."updated_at",
       "activity_reports_activityreport"."submitted_by_id",
       "activity_reports_activityreport"."submitted_at",
       "activity_reports_activityreport"."proofread_by_id",
       "activity_reports_activityreport"."proofread_at",
       "activity_reports_activityreport"."published_by_id",
       "activity_reports_activityreport"."published_at",
       "activity_reports_activityreport"."frozen",
       "activity_reports_activityreport"."pdf",
       "activity_reports_activityreport"."pdf_built_at",
       "activity_reports_activityreport"."pdf_error",
       "activity_reports_activityreport"."version",
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
FROM "activity_reports_activityreport"
INNER JOIN "network_structure" ON ("activity_reports_activityreport"."structure_id" = "network_structure"."id")
LEFT OUTER JOIN "accounts_user" ON ("activity_reports_activityreport"."submitted_by_id" = "accounts_user"."id")
WHERE ("activity_reports_activityreport"."structure_id" = %s
       AND NOT ("activity_reports_activityreport"."state" = %s))
ORDER BY "activity_reports_activityreport"."year" ASC,
         "activity_reports_activityreport"."edition" ASC
LIMIT 5;

SELECT %s AS "a"
FROM "activity_reports_activityreport"
WHERE ("activity_reports_activityreport"."structure_id" = %s
       AND "activity_reports_activityreport"."year" = %s)
LIMIT 1;

SELECT COUNT(*) AS "__count"
FROM "accounts_invitation"
WHERE ("accounts_invitation"."accepted_at" IS NULL
       AND "accounts_invitation"."expires_at" > %s
       AND "accounts_invitation"."revoked_at" IS NULL);

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
