CREATE TABLE `code_scans` (
	`id` text PRIMARY KEY NOT NULL,
	`engagement_id` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`source` text NOT NULL,
	`label` text NOT NULL,
	`rules_version` text NOT NULL,
	`stats` text NOT NULL,
	`findings` text NOT NULL,
	FOREIGN KEY (`engagement_id`) REFERENCES `engagements`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `code_scans_engagement_idx` ON `code_scans` (`engagement_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `evidence_suggestions` (
	`id` text PRIMARY KEY NOT NULL,
	`engagement_id` text NOT NULL,
	`scan_id` text NOT NULL,
	`question_id` text NOT NULL,
	`option_id` text NOT NULL,
	`confidence` text NOT NULL,
	`evidence` text NOT NULL,
	`evidence_count` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`engagement_id`) REFERENCES `engagements`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`scan_id`) REFERENCES `code_scans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evidence_suggestions_question_idx` ON `evidence_suggestions` (`engagement_id`,`question_id`,`status`);