-- Builder and stage are asked once, in the intake (intake.builder, intake.stage). What the
-- new-engagement form stored moves there for engagements that have no intake answer yet, so nothing
-- already saved is lost; then the columns go. Stage ids are intake option ids already.
INSERT INTO `answers` (`engagement_id`, `question_id`, `value`, `content_version`, `answered_by`, `answered_at`)
SELECT `id`, 'intake.builder', json_quote(`built_with`), `content_version`, `created_by`, `created_at`
FROM `engagements`
WHERE `built_with` IS NOT NULL AND `built_with` <> ''
  AND NOT EXISTS (SELECT 1 FROM `answers` a WHERE a.`engagement_id` = `engagements`.`id` AND a.`question_id` = 'intake.builder');
--> statement-breakpoint
INSERT INTO `answers` (`engagement_id`, `question_id`, `value`, `content_version`, `answered_by`, `answered_at`)
SELECT `id`, 'intake.stage', json_quote(`stage`), `content_version`, `created_by`, `created_at`
FROM `engagements`
WHERE `stage` IS NOT NULL AND `stage` <> ''
  AND NOT EXISTS (SELECT 1 FROM `answers` a WHERE a.`engagement_id` = `engagements`.`id` AND a.`question_id` = 'intake.stage');
--> statement-breakpoint
ALTER TABLE `engagements` DROP COLUMN `built_with`;--> statement-breakpoint
ALTER TABLE `engagements` DROP COLUMN `stage`;
