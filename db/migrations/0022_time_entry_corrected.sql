ALTER TABLE `time_entries` ADD `corrected_by` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `time_entries` ADD `corrected_at` integer;