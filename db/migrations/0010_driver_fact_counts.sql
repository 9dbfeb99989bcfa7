-- The officer dashboard and the drivers list's per-status totals counted every driver on each request (a walk of
-- facts_status_idx, one entry per driver: 0.5 s at 300,000 drivers). This table keeps the group sizes themselves:
-- how many register rows share each combination of the facts a status depends on. A status depends on today's
-- date too (overdue after the deadline, expired after the refresher period), so the table holds dated facts, not
-- statuses: the status SQL still works out each group's status at read time, and the counts stay exact on every
-- day without a nightly job. Kept by triggers on driver_training_facts, the one place every fact change lands, so
-- every writer (the server, the CLI, imports, erasure) keeps it in step. Never written by the application.
-- Column comparisons use IS, since NULL is a value here (no completion yet).
CREATE TABLE `driver_fact_counts` (
	`licence_type` text,
	`online_on` text,
	`face_to_face_on` text,
	`has_started` integer NOT NULL,
	`first_completed_on` text,
	`n` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `fact_counts_key_idx` ON `driver_fact_counts`
  (`licence_type`,`online_on`,`face_to_face_on`,`has_started`,`first_completed_on`);
--> statement-breakpoint
INSERT INTO driver_fact_counts (licence_type, online_on, face_to_face_on, has_started, first_completed_on, n)
  SELECT licence_type, online_on, face_to_face_on, has_started, first_completed_on, count(*)
  FROM driver_training_facts GROUP BY licence_type, online_on, face_to_face_on, has_started, first_completed_on;
--> statement-breakpoint
-- One place applies a change of n drivers to a group (inserting it when new, dropping it when empty): the three
-- triggers below insert their changes into this view.
CREATE VIEW `driver_fact_count_changes` AS
  SELECT licence_type, online_on, face_to_face_on, has_started, first_completed_on, n FROM driver_fact_counts WHERE 0;
--> statement-breakpoint
CREATE TRIGGER `fact_count_change` INSTEAD OF INSERT ON driver_fact_count_changes
BEGIN
  INSERT INTO driver_fact_counts (licence_type, online_on, face_to_face_on, has_started, first_completed_on, n)
    SELECT NEW.licence_type, NEW.online_on, NEW.face_to_face_on, NEW.has_started, NEW.first_completed_on, 0
    WHERE NOT EXISTS (SELECT 1 FROM driver_fact_counts WHERE licence_type IS NEW.licence_type
    AND online_on IS NEW.online_on AND face_to_face_on IS NEW.face_to_face_on
    AND has_started IS NEW.has_started AND first_completed_on IS NEW.first_completed_on);
  UPDATE driver_fact_counts SET n = n + NEW.n WHERE licence_type IS NEW.licence_type
    AND online_on IS NEW.online_on AND face_to_face_on IS NEW.face_to_face_on
    AND has_started IS NEW.has_started AND first_completed_on IS NEW.first_completed_on;
  DELETE FROM driver_fact_counts WHERE n = 0 AND licence_type IS NEW.licence_type
    AND online_on IS NEW.online_on AND face_to_face_on IS NEW.face_to_face_on
    AND has_started IS NEW.has_started AND first_completed_on IS NEW.first_completed_on;
END;
--> statement-breakpoint
CREATE TRIGGER `fact_counts_insert` AFTER INSERT ON driver_training_facts
BEGIN
  INSERT INTO driver_fact_count_changes VALUES
    (NEW.licence_type, NEW.online_on, NEW.face_to_face_on, NEW.has_started, NEW.first_completed_on, 1);
END;
--> statement-breakpoint
CREATE TRIGGER `fact_counts_delete` AFTER DELETE ON driver_training_facts
BEGIN
  INSERT INTO driver_fact_count_changes VALUES
    (OLD.licence_type, OLD.online_on, OLD.face_to_face_on, OLD.has_started, OLD.first_completed_on, -1);
END;
--> statement-breakpoint
CREATE TRIGGER `fact_counts_update` AFTER UPDATE ON driver_training_facts
WHEN OLD.licence_type IS NOT NEW.licence_type OR OLD.online_on IS NOT NEW.online_on
  OR OLD.face_to_face_on IS NOT NEW.face_to_face_on OR OLD.has_started IS NOT NEW.has_started
  OR OLD.first_completed_on IS NOT NEW.first_completed_on
BEGIN
  INSERT INTO driver_fact_count_changes VALUES
    (OLD.licence_type, OLD.online_on, OLD.face_to_face_on, OLD.has_started, OLD.first_completed_on, -1);
  INSERT INTO driver_fact_count_changes VALUES
    (NEW.licence_type, NEW.online_on, NEW.face_to_face_on, NEW.has_started, NEW.first_completed_on, 1);
END;
