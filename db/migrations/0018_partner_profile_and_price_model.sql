CREATE TABLE `partner_profiles` (
	`user_id` text PRIMARY KEY NOT NULL,
	`company` text DEFAULT '' NOT NULL,
	`website` text DEFAULT '' NOT NULL,
	`address_line` text DEFAULT '' NOT NULL,
	`tax_note` text DEFAULT '' NOT NULL,
	`default_terms` text DEFAULT '' NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `engagements` ADD `price_model` text DEFAULT 'range' NOT NULL;--> statement-breakpoint
ALTER TABLE `engagements` ADD `price_amount` integer;