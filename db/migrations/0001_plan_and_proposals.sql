CREATE TABLE `comments` (
	`id` text PRIMARY KEY NOT NULL,
	`engagement_id` text NOT NULL,
	`target_type` text NOT NULL,
	`target_id` text NOT NULL,
	`user_id` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`engagement_id`) REFERENCES `engagements`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `comments_target_idx` ON `comments` (`engagement_id`,`target_type`,`target_id`);--> statement-breakpoint
CREATE TABLE `milestones` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`engagement_id` text NOT NULL,
	`kind` text NOT NULL,
	`overall_score` real,
	`area_scores` text NOT NULL,
	`hours_p50` real,
	`hours_p90` real,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`engagement_id`) REFERENCES `engagements`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `milestones_engagement_idx` ON `milestones` (`engagement_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `plan_item_dependencies` (
	`item_id` text NOT NULL,
	`depends_on_id` text NOT NULL,
	PRIMARY KEY(`item_id`, `depends_on_id`),
	FOREIGN KEY (`item_id`) REFERENCES `plan_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`depends_on_id`) REFERENCES `plan_items`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `plan_deps_target_idx` ON `plan_item_dependencies` (`depends_on_id`);--> statement-breakpoint
CREATE TABLE `plan_items` (
	`id` text PRIMARY KEY NOT NULL,
	`engagement_id` text NOT NULL,
	`task_id` text,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`area` text NOT NULL,
	`phase` text NOT NULL,
	`optimistic` real NOT NULL,
	`likely` real NOT NULL,
	`pessimistic` real NOT NULL,
	`estimate_reason` text,
	`estimate_edited` integer DEFAULT false NOT NULL,
	`phase_edited` integer DEFAULT false NOT NULL,
	`scope` text NOT NULL,
	`stale` integer DEFAULT false NOT NULL,
	`owner` text DEFAULT 'partner' NOT NULL,
	`status` text DEFAULT 'todo' NOT NULL,
	`actual_hours` real,
	`position` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`engagement_id`) REFERENCES `engagements`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `plan_items_engagement_idx` ON `plan_items` (`engagement_id`,`position`);--> statement-breakpoint
CREATE UNIQUE INDEX `plan_items_task_unique` ON `plan_items` (`engagement_id`,`task_id`);--> statement-breakpoint
CREATE TABLE `proposals` (
	`id` text PRIMARY KEY NOT NULL,
	`engagement_id` text NOT NULL,
	`number` integer NOT NULL,
	`snapshot` text NOT NULL,
	`snapshot_hash` text NOT NULL,
	`published_by` text NOT NULL,
	`published_at` integer NOT NULL,
	`accepted_by` text,
	`accepted_at` integer,
	FOREIGN KEY (`engagement_id`) REFERENCES `engagements`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`published_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`accepted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `proposals_number_unique` ON `proposals` (`engagement_id`,`number`);--> statement-breakpoint
ALTER TABLE `engagements` ADD `assumptions` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `engagements` ADD `exclusions` text DEFAULT '' NOT NULL;