-- GET core:home (COMMISSION_MEMBER)
-- 10 requêtes
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

SELECT "label_commissionsession"."id",
       "label_commissionsession"."title",
       "label_commissionsession"."date",
       "label_commissionsession"."status",
       "label_commissionsession"."created_by_id",
       "label_commissionsession"."created_at",
       "label_commissionsession"."closed_at",
       "label_commissionsession"."closed_by_id",
       COUNT("label_agendaitem"."id") AS "files"
FROM "label_commissionsession"
INNER JOIN "label_commissionsession_members" ON ("label_commissionsession"."id" = "label_commissionsession_members"."commissionsession_id")
LEFT OUTER JOIN "label_agendaitem" ON ("label_commissionsession"."id" = "label_agendaitem"."session_id")
WHERE ("label_commissionsession_members"."user_id" = %s
       AND "label_commissionsession"."status" = %s)
GROUP BY "label_commissionsession"."id"
ORDER BY "label_commissionsession"."date" ASC
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

(SELECT "label_labelfile"."structure_id" AS "file__structure_id"
   FROM "label_agendaitem"
   INNER JOIN "label_commissionsession" ON ("label_agendaitem"."session_id" = "label_commissionsession"."id")
   INNER JOIN "label_commissionsession_members" ON ("label_commissionsession"."id" = "label_commissionsession_members"."commissionsession_id")
   INNER JOIN "label_labelfile" ON ("label_agendaitem"."file_id" = "label_labelfile"."id")
   WHERE ("label_commissionsession_members"."user_id" = %s
          AND "label_commissionsession"."status" IN (...)))
UNION
  (SELECT "label_labelfile"."structure_id" AS "file__structure_id"
   FROM "label_decision"
   INNER JOIN "label_commissionsession" ON ("label_decision"."session_id" = "label_commissionsession"."id")
   INNER JOIN "label_commissionsession_members" ON ("label_commissionsession"."id" = "label_commissionsession_members"."commissionsession_id")
   INNER JOIN "label_labelfile" ON ("label_decision"."file_id" = "label_labelfile"."id")
   WHERE ("label_decision"."agenda_item_id" IS NULL
          AND "label_commissionsession_members"."user_id" = %s));

(SELECT "label_labelfile"."structure_id" AS "file__structure_id"
   FROM "label_agendaitem"
   INNER JOIN "label_commissionsession" ON ("label_agendaitem"."session_id" = "label_commissionsession"."id")
   INNER JOIN "label_commissionsession_members" ON ("label_commissionsession"."id" = "label_commissionsession_members"."commissionsession_id")
   INNER JOIN "label_labelfile" ON ("label_agendaitem"."file_id" = "label_labelfile"."id")
   WHERE ("label_commissionsession_members"."user_id" = %s
          AND "label_commissionsession"."status" IN (...)))
UNION
  (SELECT "label_labelfile"."structure_id" AS "file__structure_id"
   FROM "label_decision"
   INNER JOIN "label_commissionsession" ON ("label_decision"."session_id" = "label_commissionsession"."id")
   INNER JOIN "label_commissionsession_members" ON ("label_commissionsession"."id" = "label_commissionsession_members"."commissionsession_id")
   INNER JOIN "label_labelfile" ON ("label_decision"."file_id" = "label_labelfile"."id")
   WHERE ("label_decision"."agenda_item_id" IS NULL
          AND "label_commissionsession_members"."user_id" = %s));

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
