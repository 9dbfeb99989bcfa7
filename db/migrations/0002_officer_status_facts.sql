CREATE TABLE `driver_training_facts` (
	`driver_id` integer PRIMARY KEY NOT NULL,
	`online_on` text,
	`face_to_face_on` text,
	`first_completed_on` text,
	`has_started` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`driver_id`) REFERENCES `drivers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `facts_first_completed_idx` ON `driver_training_facts` (`first_completed_on`);--> statement-breakpoint
CREATE INDEX `certificates_live_driver_idx` ON `certificates` (`driver_id`,`kind`,`completed_on`) WHERE "certificates"."driver_id" IS NOT NULL AND "certificates"."revoked_at" IS NULL;--> statement-breakpoint
CREATE INDEX `certificates_live_user_idx` ON `certificates` (`user_id`,`kind`,`completed_on`) WHERE "certificates"."user_id" IS NOT NULL AND "certificates"."revoked_at" IS NULL;