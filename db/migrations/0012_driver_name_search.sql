-- The drivers list's search scanned every register row (`LIKE '%…%'` on the joined name: 0.3 s at 300,000 drivers).
-- A badge number's start is now a range on this index, without case as before.
CREATE INDEX `drivers_badge_nocase_idx` ON `drivers` ("badge_number" COLLATE NOCASE);
--> statement-breakpoint
-- Names are found through a full-text index of each register row's "forenames surname": a search matches the start
-- of a word, and of the words after it in order ("anna ma" finds Anna Maria Jones), ignoring case and accents ("zoe"
-- finds Zoë). Contentless, so the names are not stored a second time; secure-delete, so a name changed or erased
-- leaves nothing behind in the index. Kept by the triggers below, so every writer (the server, the CLI, imports,
-- erasure) keeps it in step. Never written by the application.
CREATE VIRTUAL TABLE `driver_name_search` USING fts5(
  name, content = '', contentless_delete = 1, prefix = '2 3', tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO driver_name_search (driver_name_search, rank) VALUES ('secure-delete', 1);
--> statement-breakpoint
INSERT INTO driver_name_search (rowid, name) SELECT id, forenames || ' ' || surname FROM drivers;
--> statement-breakpoint
CREATE TRIGGER `driver_name_search_insert` AFTER INSERT ON drivers
BEGIN
  INSERT INTO driver_name_search (rowid, name) VALUES (NEW.id, NEW.forenames || ' ' || NEW.surname);
END;
--> statement-breakpoint
CREATE TRIGGER `driver_name_search_update` AFTER UPDATE OF forenames, surname ON drivers
BEGIN
  DELETE FROM driver_name_search WHERE rowid = OLD.id;
  INSERT INTO driver_name_search (rowid, name) VALUES (NEW.id, NEW.forenames || ' ' || NEW.surname);
END;
--> statement-breakpoint
CREATE TRIGGER `driver_name_search_delete` AFTER DELETE ON drivers
BEGIN
  DELETE FROM driver_name_search WHERE rowid = OLD.id;
END;
