CREATE TABLE `trusted_devices` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`last_used_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `trusted_devices_user_idx` ON `trusted_devices` (`user_id`);--> statement-breakpoint
ALTER TABLE `proposals` ADD `imported` text;--> statement-breakpoint
-- Proposals imported before this migration were stored as if the importer had published and
-- accepted them. They are the proposals of an imported engagement that were never published in it
-- (no "proposal.published" activity for their number). Mark them imported; the importer (who was
-- stored as publisher) is kept as who imported, and an acceptance stops naming the importer
-- unless it really was accepted here afterwards (a "proposal.accepted" activity).
UPDATE `proposals` SET `imported` = json_object(
	'at', (SELECT `created_at` FROM `engagements` WHERE `engagements`.`id` = `proposals`.`engagement_id`),
	'by', `published_by`,
	'publishedBy', coalesce(CASE WHEN json_valid(`snapshot`) THEN json_extract(`snapshot`, '$.preparedBy.email') END, ''),
	'acceptedBy', NULL
)
WHERE `imported` IS NULL
	AND EXISTS (SELECT 1 FROM `activity` a WHERE a.`engagement_id` = `proposals`.`engagement_id` AND a.`kind` = 'engagement.imported')
	AND NOT EXISTS (SELECT 1 FROM `activity` a WHERE a.`engagement_id` = `proposals`.`engagement_id` AND a.`kind` = 'proposal.published' AND json_valid(a.`detail`) AND json_extract(a.`detail`, '$.number') = `proposals`.`number`);
--> statement-breakpoint
UPDATE `proposals` SET `accepted_by` = NULL
WHERE `imported` IS NOT NULL
	AND NOT EXISTS (SELECT 1 FROM `activity` a WHERE a.`engagement_id` = `proposals`.`engagement_id` AND a.`kind` = 'proposal.accepted' AND json_valid(a.`detail`) AND json_extract(a.`detail`, '$.number') = `proposals`.`number`);
