CREATE TABLE `assessment_totals` (
	`id` integer PRIMARY KEY NOT NULL,
	`attempts` integer NOT NULL,
	`failed_attempts` integer NOT NULL
);
--> statement-breakpoint
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
CREATE INDEX `responses_attempt_module_idx` ON `attempt_responses` (`attempt_id`,`module_slug`,`correct`);--> statement-breakpoint
CREATE TABLE `module_statistics` (
	`module_slug` text PRIMARY KEY NOT NULL,
	`failed_attempts_named` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `question_statistics` (
	`question_id` text PRIMARY KEY NOT NULL,
	`module_slug` text NOT NULL,
	`drawn` integer NOT NULL,
	`answered_right` integer NOT NULL,
	`sum_score` integer NOT NULL,
	`sum_score_right` integer NOT NULL,
	`sum_score_squared` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `assessment_attempts` ADD `questions_seen` text;--> statement-breakpoint
ALTER TABLE `module_progress` ADD `opened_after_attempt` integer;--> statement-breakpoint
CREATE TRIGGER `responses_question_statistics` AFTER INSERT ON attempt_responses
BEGIN
  INSERT INTO question_statistics
      (question_id, module_slug, drawn, answered_right, sum_score, sum_score_right, sum_score_squared)
    VALUES (NEW.question_id, NEW.module_slug, 1, NEW.correct, NEW.attempt_score, NEW.attempt_score * NEW.correct,
      NEW.attempt_score * NEW.attempt_score)
    ON CONFLICT (question_id) DO UPDATE SET
      module_slug = excluded.module_slug,
      drawn = drawn + 1,
      answered_right = answered_right + excluded.answered_right,
      sum_score = sum_score + excluded.sum_score,
      sum_score_right = sum_score_right + excluded.sum_score_right,
      sum_score_squared = sum_score_squared + excluded.sum_score_squared;
END;
--> statement-breakpoint
CREATE TRIGGER `responses_module_statistics` AFTER INSERT ON attempt_responses
WHEN NEW.correct = 0 AND NEW.attempt_passed = 0 AND NOT EXISTS (
  SELECT 1 FROM attempt_responses r
  WHERE r.attempt_id = NEW.attempt_id AND r.module_slug = NEW.module_slug AND r.correct = 0 AND r.rowid < NEW.rowid)
BEGIN
  INSERT INTO module_statistics (module_slug, failed_attempts_named) VALUES (NEW.module_slug, 1)
    ON CONFLICT (module_slug) DO UPDATE SET failed_attempts_named = failed_attempts_named + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `responses_assessment_totals` AFTER INSERT ON attempt_responses WHEN NEW.position = 0
BEGIN
  INSERT INTO assessment_totals (id, attempts, failed_attempts) VALUES (1, 1, 1 - NEW.attempt_passed)
    ON CONFLICT (id) DO UPDATE SET
      attempts = attempts + 1,
      failed_attempts = failed_attempts + excluded.failed_attempts;
END;
