-- GET label:audit_list (AUDITOR)
-- 12 requêtes
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

SELECT COUNT(*)
FROM
  (SELECT CASE
              WHEN ("label_audit"."external_auditor_id" = %s
                    OR "label_audit"."network_auditor_id" = %s) THEN true
              ELSE false
          END AS "in_pair"
   FROM "label_audit"
   LEFT OUTER JOIN "label_evidencerequest" ON ("label_audit"."id" = "label_evidencerequest"."audit_id")
   GROUP BY "label_audit"."id",
            1) subquery;

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
       CASE
           WHEN ("label_audit"."external_auditor_id" = %s
                 OR "label_audit"."network_auditor_id" = %s) THEN true
           ELSE false
       END AS "in_pair",
       COUNT("label_evidencerequest"."id") FILTER (
                                                   WHERE "label_evidencerequest"."status" = %s) AS "requests_open",
       COUNT("label_evidencerequest"."id") FILTER (
                                                   WHERE "label_evidencerequest"."status" = %s) AS "requests_answered",
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
       "network_structure"."version",
       "T7"."id",
       "T7"."code",
       "T7"."type",
       "T7"."name",
       "T7"."sort_name",
       "T7"."parent_id",
       "T7"."region",
       "T7"."department",
       "T7"."legal_status",
       "T7"."address",
       "T7"."phone",
       "T7"."email",
       "T7"."website",
       "T7"."president_name",
       "T7"."president_mandate",
       "T7"."director_name",
       "T7"."governance_notes",
       "T7"."is_demo",
       "T7"."closed_on",
       "T7"."created_at",
       "T7"."updated_at",
       "T7"."version",
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
       "T3"."id",
       "T3"."password",
       "T3"."last_login",
       "T3"."is_superuser",
       "T3"."email",
       "T3"."first_name",
       "T3"."last_name",
       "T3"."job_title",
       "T3"."phone",
       "T3"."is_active",
       "T3"."is_staff",
       "T3"."date_joined",
       "T3"."current_membership_id"
FROM "label_audit"
INNER JOIN "accounts_user" ON ("label_audit"."external_auditor_id" = "accounts_user"."id")
INNER JOIN "accounts_user" "T3" ON ("label_audit"."network_auditor_id" = "T3"."id")
LEFT OUTER JOIN "label_evidencerequest" ON ("label_audit"."id" = "label_evidencerequest"."audit_id")
INNER JOIN "label_labelfile" ON ("label_audit"."file_id" = "label_labelfile"."id")
INNER JOIN "network_structure" ON ("label_labelfile"."structure_id" = "network_structure"."id")
LEFT OUTER JOIN "network_structure" "T7" ON ("network_structure"."parent_id" = "T7"."id")
GROUP BY "label_audit"."id",
         22,
         "label_labelfile"."id",
         "network_structure"."id",
         "T7"."id",
         "accounts_user"."id",
         "T3"."id"
ORDER BY "label_audit"."starts_on" DESC,
         "label_audit"."id" DESC
LIMIT 1;
