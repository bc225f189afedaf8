ALTER TABLE `proposals` ADD `withdrawn_at` integer;--> statement-breakpoint
ALTER TABLE `proposals` ADD `withdrawn_by` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `proposals` ADD `withdraw_reason` text;