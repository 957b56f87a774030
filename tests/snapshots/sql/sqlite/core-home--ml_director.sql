-- GET core:home (ML_DIRECTOR)
-- 28 requêtes
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
WHERE "network_structure"."id" = %s
LIMIT 21;

SELECT %s AS "a"
FROM "accounts_membership"
WHERE ("accounts_membership"."structure_id" = %s
       AND "accounts_membership"."is_active" = %s
       AND "accounts_membership"."role" = %s)
LIMIT 1;

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
       COUNT("label_evidencerequest"."id") FILTER (
                                                   WHERE "label_evidencerequest"."status" = %s) AS "open_requests"
FROM "label_audit"
LEFT OUTER JOIN "label_evidencerequest" ON ("label_audit"."id" = "label_evidencerequest"."audit_id")
WHERE ("label_audit"."file_id" = %s
       AND NOT ("label_audit"."status" = %s))
GROUP BY "label_audit"."id",
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
ORDER BY "label_audit"."assigned_at" DESC,
         "label_audit"."id" DESC
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
WHERE "label_agendaitem"."file_id" = %s
ORDER BY "label_commissionsession"."date" DESC
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

SELECT "assessments_answer"."assessment_id" AS "assessment_id",
       "frameworks_requirement"."commitment_id" AS "requirement__commitment_id",
       SUM("assessments_answer"."level") AS "level_sum",
       COUNT("assessments_answer"."id") FILTER (
                                                WHERE "assessments_answer"."level" IS NOT NULL) AS "rated",
       COUNT("assessments_answer"."id") FILTER (
                                                WHERE "assessments_answer"."not_applicable" = %s) AS "not_applicable"
FROM "assessments_answer"
INNER JOIN "frameworks_requirement" ON ("assessments_answer"."requirement_id" = "frameworks_requirement"."id")
WHERE "assessments_answer"."assessment_id" IN (...)
GROUP BY 1,
         2;

SELECT "frameworks_requirement"."version_id" AS "version_id",
       "frameworks_requirement"."addressee" AS "addressee",
       COUNT("frameworks_requirement"."id") AS "n"
FROM "frameworks_requirement"
WHERE "frameworks_requirement"."version_id" IN (...)
GROUP BY 1,
         2;

SELECT "frameworks_commitment"."id" AS "pk",
       "frameworks_commitment"."part_id" AS "part_id"
FROM "frameworks_commitment"
INNER JOIN "frameworks_part" ON ("frameworks_commitment"."part_id" = "frameworks_part"."id")
WHERE "frameworks_part"."version_id" IN (...);

SELECT COUNT(*) AS "__count"
FROM "improvement_improvementaction"
WHERE ("improvement_improvementaction"."structure_id" = %s
       AND "improvement_improvementaction"."status" IN (...)
       AND "improvement_improvementaction"."due_on" < %s);

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
       AND "improvement_improvementaction"."status" IN (...)
       AND "improvement_improvementaction"."due_on" < %s)
ORDER BY "improvement_improvementaction"."due_on" ASC,
         "improvement_improvementaction"."id" ASC
LIMIT 3;

SELECT COUNT(*) AS "__count"
FROM "improvement_improvementaction"
WHERE ("improvement_improvementaction"."structure_id" = %s
       AND "improvement_improvementaction"."status" IN (...)
       AND "improvement_improvementaction"."due_on" < %s
       AND "improvement_improvementaction"."owner_id" = %s);

SELECT COUNT(*) AS "__count"
FROM "improvement_improvementaction"
WHERE ("improvement_improvementaction"."structure_id" = %s
       AND NOT ("improvement_improvementaction"."to_decide" = %s));

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

SELECT COUNT(*)
FROM
  (SELECT "training_session"."id" AS "col1"
   FROM "training_session"
   INNER JOIN "training_trainingaction" ON ("training_session"."action_id" = "training_trainingaction"."id")
   LEFT OUTER JOIN "training_registration" ON ("training_session"."id" = "training_registration"."session_id")
   WHERE ("training_trainingaction"."structure_id" = %s
          AND "training_session"."starts_on" > %s)
   GROUP BY 1,
            "training_session"."capacity"
   HAVING COUNT("training_registration"."id") FILTER (
                                                      WHERE ("training_registration"."status" IN (...))) < ("training_session"."capacity")) subquery;

SELECT "training_needscollection"."id",
       "training_needscollection"."structure_id",
       "training_needscollection"."year",
       "training_needscollection"."closes_on",
       "training_needscollection"."opened_at",
       "training_needscollection"."closed_at",
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
FROM "training_needscollection"
INNER JOIN "network_structure" ON ("training_needscollection"."structure_id" = "network_structure"."id")
WHERE ("training_needscollection"."closed_at" IS NULL
       AND "training_needscollection"."structure_id" = %s
       AND NOT (EXISTS
                  (SELECT %s AS "a"
                   FROM "training_need" "U0"
                   WHERE ("U0"."collection_id" = ("training_needscollection"."id")
                          AND "U0"."structure_id" = %s)
                   LIMIT 1)))
ORDER BY "training_needscollection"."year" DESC,
         "training_needscollection"."id" ASC
LIMIT 1;

SELECT COUNT(*) AS "__count"
FROM "training_registration"
INNER JOIN "training_session" ON ("training_registration"."session_id" = "training_session"."id")
WHERE ("training_registration"."convened_at" IS NOT NULL
       AND "training_session"."starts_on" >= %s
       AND "training_session"."starts_on" <= %s
       AND "training_registration"."status" IN (...)
       AND "training_registration"."structure_id" = %s);

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
