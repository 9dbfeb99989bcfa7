CREATE TABLE `reminder_campaigns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reason` text NOT NULL,
	`within_days` integer,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`already_reminded` integer DEFAULT 0 NOT NULL,
	`unreachable` integer DEFAULT 0 NOT NULL,
	`letters_made` integer DEFAULT 0 NOT NULL,
	`letters_ready_at` integer,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `reminder_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`driver_id` integer NOT NULL,
	`reason` text NOT NULL,
	`period` text NOT NULL,
	`channel` text NOT NULL,
	`state` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`campaign_id`) REFERENCES `reminder_campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`driver_id`) REFERENCES `drivers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reminder_once_unique` ON `reminder_messages` (`driver_id`,`reason`,`period`);--> statement-breakpoint
CREATE INDEX `reminder_campaign_idx` ON `reminder_messages` (`campaign_id`,`state`);--> statement-breakpoint
CREATE INDEX `reminder_queue_idx` ON `reminder_messages` (`state`,`next_attempt_at`);--> statement-breakpoint
ALTER TABLE `drivers` ADD `address_line_1` text;--> statement-breakpoint
ALTER TABLE `drivers` ADD `address_line_2` text;--> statement-breakpoint
ALTER TABLE `drivers` ADD `town` text;--> statement-breakpoint
ALTER TABLE `drivers` ADD `postcode` text;--> statement-breakpoint
ALTER TABLE `drivers` ADD `mobile` text;