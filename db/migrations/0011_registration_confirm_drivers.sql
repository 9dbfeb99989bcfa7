-- Licensed drivers' registrations now wait for their e-mail address to be confirmed too, as applicants' do
-- (review F-7): a pending row may name the register row a driver matched, and a driver's has no forenames (they
-- come from the register) and may have no date of birth. SQLite cannot relax NOT NULL in place, so the table is
-- rebuilt; links already sent stay valid (as applicants').
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_pending_registrations` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`password_hash` text NOT NULL,
	`driver_id` integer,
	`forenames` text,
	`surname` text NOT NULL,
	`date_of_birth` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`driver_id`) REFERENCES `drivers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_pending_registrations`("token_hash", "email", "password_hash", "driver_id", "forenames", "surname", "date_of_birth", "created_at", "expires_at") SELECT "token_hash", "email", "password_hash", NULL, "forenames", "surname", "date_of_birth", "created_at", "expires_at" FROM `pending_registrations`;--> statement-breakpoint
DROP TABLE `pending_registrations`;--> statement-breakpoint
ALTER TABLE `__new_pending_registrations` RENAME TO `pending_registrations`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `pending_registrations_email_idx` ON `pending_registrations` (`email`);--> statement-breakpoint
CREATE INDEX `pending_registrations_expires_idx` ON `pending_registrations` (`expires_at`);