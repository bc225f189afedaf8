CREATE TABLE `time_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`engagement_id` text NOT NULL,
	`item_id` text NOT NULL,
	`user_id` text NOT NULL,
	`day` text NOT NULL,
	`hours` real NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`rate` real NOT NULL,
	`currency` text NOT NULL,
	`billable` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`engagement_id`) REFERENCES `engagements`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`item_id`) REFERENCES `plan_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `time_entries_engagement_day_idx` ON `time_entries` (`engagement_id`,`day`);--> statement-breakpoint
CREATE INDEX `time_entries_item_idx` ON `time_entries` (`item_id`);--> statement-breakpoint
-- Hours logged before dated entries (one overwritable number per item) become one entry each, on
-- the day the item last changed, by whoever last set its status with hours (else the engagement's
-- creator), so an item's total stays the sum of its entries. Each is billed at the rate and currency
-- of the newest accepted version (else the settings'), and is unpriced on the founder's team's items
-- (decision 042).
INSERT INTO `time_entries` (`id`, `engagement_id`, `item_id`, `user_id`, `day`, `hours`, `note`, `rate`, `currency`, `billable`, `created_at`)
SELECT
	lower(hex(randomblob(9))),
	p.`engagement_id`,
	p.`id`,
	coalesce(
		(SELECT a.`user_id` FROM `activity` a
		 WHERE a.`engagement_id` = p.`engagement_id` AND a.`kind` = 'plan.status'
		   AND json_extract(a.`detail`, '$.itemId') = p.`id`
		   AND json_extract(a.`detail`, '$.actualHours') IS NOT NULL
		   AND a.`user_id` IS NOT NULL
		 ORDER BY a.`id` DESC LIMIT 1),
		e.`created_by`
	),
	strftime('%Y-%m-%d', p.`updated_at` / 1000, 'unixepoch'),
	p.`actual_hours`,
	'Logged before dated entries',
	coalesce(
		(SELECT json_extract(pr.`snapshot`, '$.settings.hourlyRate') FROM `proposals` pr
		 WHERE pr.`engagement_id` = p.`engagement_id` AND pr.`accepted_at` IS NOT NULL
		 ORDER BY pr.`number` DESC LIMIT 1),
		e.`hourly_rate`
	),
	coalesce(
		(SELECT json_extract(pr.`snapshot`, '$.settings.currency') FROM `proposals` pr
		 WHERE pr.`engagement_id` = p.`engagement_id` AND pr.`accepted_at` IS NOT NULL
		 ORDER BY pr.`number` DESC LIMIT 1),
		e.`currency`
	),
	p.`owner` != 'founder',
	p.`updated_at`
FROM `plan_items` p JOIN `engagements` e ON e.`id` = p.`engagement_id`
WHERE p.`actual_hours` > 0;
