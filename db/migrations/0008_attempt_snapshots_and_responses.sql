CREATE TABLE `attempt_responses` (
	`attempt_id` integer NOT NULL,
	`position` integer NOT NULL,
	`question_id` text NOT NULL,
	`module_slug` text NOT NULL,
	`correct` integer NOT NULL,
	`attempt_score` integer NOT NULL,
	`attempt_questions` integer NOT NULL,
	`attempt_passed` integer NOT NULL,
	PRIMARY KEY(`attempt_id`, `position`),
	FOREIGN KEY (`attempt_id`) REFERENCES `assessment_attempts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `responses_question_idx` ON `attempt_responses` (`question_id`,`correct`,`attempt_score`);--> statement-breakpoint
CREATE INDEX `responses_module_failed_idx` ON `attempt_responses` (`module_slug`,`attempt_id`) WHERE "attempt_responses"."correct" = 0 AND "attempt_responses"."attempt_passed" = 0;--> statement-breakpoint
ALTER TABLE `assessment_attempts` ADD `questions_seen` text;--> statement-breakpoint
ALTER TABLE `module_progress` ADD `opened_after_attempt` integer;