ALTER TABLE `driver_training_facts` ADD `licence_type` text;--> statement-breakpoint
-- Every register row now has a facts row carrying its licence type, so the officer dashboard counts
-- from driver_training_facts alone (no join per driver). Backfill the existing rows, then keep them in
-- step: a new register row gets its (empty) facts row, a changed licence type is copied across.
INSERT INTO driver_training_facts (driver_id, licence_type)
  SELECT id, licence_type FROM drivers WHERE true
  ON CONFLICT (driver_id) DO UPDATE SET licence_type = excluded.licence_type;--> statement-breakpoint
CREATE TRIGGER `drivers_facts_insert` AFTER INSERT ON drivers
BEGIN
  INSERT INTO driver_training_facts (driver_id, licence_type) VALUES (NEW.id, NEW.licence_type)
    ON CONFLICT (driver_id) DO UPDATE SET licence_type = excluded.licence_type;
END;--> statement-breakpoint
CREATE TRIGGER `drivers_facts_licence_update` AFTER UPDATE OF licence_type ON drivers
BEGIN
  UPDATE driver_training_facts SET licence_type = NEW.licence_type WHERE driver_id = NEW.id;
END;--> statement-breakpoint
CREATE INDEX `facts_status_idx` ON `driver_training_facts` (`licence_type`,`online_on`,`face_to_face_on`,`has_started`);--> statement-breakpoint
CREATE INDEX `drivers_name_nocase_idx` ON `drivers` ("surname" COLLATE NOCASE,"forenames" COLLATE NOCASE);
