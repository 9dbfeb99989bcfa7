-- One definition of a driver's training facts, by the rules of src/lib/training/status.ts: live (not revoked)
-- certificates held by the register row or its account, face-to-face sessions, and any module or attempt by the
-- linked account ('~' sorts after every date). Migration 0003 pasted this body into fifteen triggers; they now
-- all read it from this view, so a change to the rule is made once. Behaviour is unchanged.
CREATE VIEW `driver_training_facts_source` (driver_id, online_on, face_to_face_on, first_completed_on, has_started) AS
  SELECT d.id,
    nullif(max(
      coalesce((SELECT max(completed_on) FROM certificates WHERE driver_id = d.id AND revoked_at IS NULL AND kind = 'online'), ''),
      coalesce((SELECT max(c.completed_on) FROM users u JOIN certificates c ON c.user_id = u.id
                WHERE u.driver_id = d.id AND c.revoked_at IS NULL AND c.kind = 'online'), '')), ''),
    nullif(max(
      coalesce((SELECT max(session_date) FROM face_to_face_sessions WHERE driver_id = d.id), ''),
      coalesce((SELECT max(completed_on) FROM certificates WHERE driver_id = d.id AND revoked_at IS NULL AND kind = 'face_to_face'), ''),
      coalesce((SELECT max(c.completed_on) FROM users u JOIN certificates c ON c.user_id = u.id
                WHERE u.driver_id = d.id AND c.revoked_at IS NULL AND c.kind = 'face_to_face'), '')), ''),
    nullif(min(
      coalesce((SELECT min(session_date) FROM face_to_face_sessions WHERE driver_id = d.id), '~'),
      coalesce((SELECT min(completed_on) FROM certificates WHERE driver_id = d.id AND revoked_at IS NULL), '~'),
      coalesce((SELECT min(c.completed_on) FROM users u JOIN certificates c ON c.user_id = u.id
                WHERE u.driver_id = d.id AND c.revoked_at IS NULL), '~')), '~'),
    EXISTS (SELECT 1 FROM users u WHERE u.driver_id = d.id AND (
      EXISTS (SELECT 1 FROM module_progress WHERE user_id = u.id)
      OR EXISTS (SELECT 1 FROM assessment_attempts WHERE user_id = u.id)))
  FROM drivers d;
--> statement-breakpoint
DROP TRIGGER `certificates_facts_insert`;
--> statement-breakpoint
CREATE TRIGGER `certificates_facts_insert` AFTER INSERT ON certificates
BEGIN
  INSERT INTO driver_training_facts (driver_id, online_on, face_to_face_on, first_completed_on, has_started)
    SELECT driver_id, online_on, face_to_face_on, first_completed_on, has_started
    FROM driver_training_facts_source WHERE driver_id IN (NEW.driver_id, (SELECT driver_id FROM users WHERE id = NEW.user_id))
    ON CONFLICT (driver_id) DO UPDATE SET
      online_on = excluded.online_on, face_to_face_on = excluded.face_to_face_on,
      first_completed_on = excluded.first_completed_on, has_started = excluded.has_started;
END;
--> statement-breakpoint
DROP TRIGGER `certificates_facts_update`;
--> statement-breakpoint
CREATE TRIGGER `certificates_facts_update` AFTER UPDATE ON certificates
BEGIN
  INSERT INTO driver_training_facts (driver_id, online_on, face_to_face_on, first_completed_on, has_started)
    SELECT driver_id, online_on, face_to_face_on, first_completed_on, has_started
    FROM driver_training_facts_source WHERE driver_id IN (NEW.driver_id, OLD.driver_id, (SELECT driver_id FROM users WHERE id = NEW.user_id), (SELECT driver_id FROM users WHERE id = OLD.user_id))
    ON CONFLICT (driver_id) DO UPDATE SET
      online_on = excluded.online_on, face_to_face_on = excluded.face_to_face_on,
      first_completed_on = excluded.first_completed_on, has_started = excluded.has_started;
END;
--> statement-breakpoint
DROP TRIGGER `certificates_facts_delete`;
--> statement-breakpoint
CREATE TRIGGER `certificates_facts_delete` AFTER DELETE ON certificates
BEGIN
  INSERT INTO driver_training_facts (driver_id, online_on, face_to_face_on, first_completed_on, has_started)
    SELECT driver_id, online_on, face_to_face_on, first_completed_on, has_started
    FROM driver_training_facts_source WHERE driver_id IN (OLD.driver_id, (SELECT driver_id FROM users WHERE id = OLD.user_id))
    ON CONFLICT (driver_id) DO UPDATE SET
      online_on = excluded.online_on, face_to_face_on = excluded.face_to_face_on,
      first_completed_on = excluded.first_completed_on, has_started = excluded.has_started;
END;
--> statement-breakpoint
DROP TRIGGER `face_to_face_facts_insert`;
--> statement-breakpoint
CREATE TRIGGER `face_to_face_facts_insert` AFTER INSERT ON face_to_face_sessions
BEGIN
  INSERT INTO driver_training_facts (driver_id, online_on, face_to_face_on, first_completed_on, has_started)
    SELECT driver_id, online_on, face_to_face_on, first_completed_on, has_started
    FROM driver_training_facts_source WHERE driver_id = NEW.driver_id
    ON CONFLICT (driver_id) DO UPDATE SET
      online_on = excluded.online_on, face_to_face_on = excluded.face_to_face_on,
      first_completed_on = excluded.first_completed_on, has_started = excluded.has_started;
END;
--> statement-breakpoint
DROP TRIGGER `face_to_face_facts_update`;
--> statement-breakpoint
CREATE TRIGGER `face_to_face_facts_update` AFTER UPDATE ON face_to_face_sessions
BEGIN
  INSERT INTO driver_training_facts (driver_id, online_on, face_to_face_on, first_completed_on, has_started)
    SELECT driver_id, online_on, face_to_face_on, first_completed_on, has_started
    FROM driver_training_facts_source WHERE driver_id IN (NEW.driver_id, OLD.driver_id)
    ON CONFLICT (driver_id) DO UPDATE SET
      online_on = excluded.online_on, face_to_face_on = excluded.face_to_face_on,
      first_completed_on = excluded.first_completed_on, has_started = excluded.has_started;
END;
--> statement-breakpoint
DROP TRIGGER `face_to_face_facts_delete`;
--> statement-breakpoint
CREATE TRIGGER `face_to_face_facts_delete` AFTER DELETE ON face_to_face_sessions
BEGIN
  INSERT INTO driver_training_facts (driver_id, online_on, face_to_face_on, first_completed_on, has_started)
    SELECT driver_id, online_on, face_to_face_on, first_completed_on, has_started
    FROM driver_training_facts_source WHERE driver_id = OLD.driver_id
    ON CONFLICT (driver_id) DO UPDATE SET
      online_on = excluded.online_on, face_to_face_on = excluded.face_to_face_on,
      first_completed_on = excluded.first_completed_on, has_started = excluded.has_started;
END;
--> statement-breakpoint
DROP TRIGGER `module_progress_facts_insert`;
--> statement-breakpoint
CREATE TRIGGER `module_progress_facts_insert` AFTER INSERT ON module_progress
BEGIN
  INSERT INTO driver_training_facts (driver_id, online_on, face_to_face_on, first_completed_on, has_started)
    SELECT driver_id, online_on, face_to_face_on, first_completed_on, has_started
    FROM driver_training_facts_source WHERE driver_id = (SELECT driver_id FROM users WHERE id = NEW.user_id)
    ON CONFLICT (driver_id) DO UPDATE SET
      online_on = excluded.online_on, face_to_face_on = excluded.face_to_face_on,
      first_completed_on = excluded.first_completed_on, has_started = excluded.has_started;
END;
--> statement-breakpoint
DROP TRIGGER `module_progress_facts_update`;
--> statement-breakpoint
CREATE TRIGGER `module_progress_facts_update` AFTER UPDATE OF user_id ON module_progress
BEGIN
  INSERT INTO driver_training_facts (driver_id, online_on, face_to_face_on, first_completed_on, has_started)
    SELECT driver_id, online_on, face_to_face_on, first_completed_on, has_started
    FROM driver_training_facts_source WHERE driver_id IN ((SELECT driver_id FROM users WHERE id = NEW.user_id), (SELECT driver_id FROM users WHERE id = OLD.user_id))
    ON CONFLICT (driver_id) DO UPDATE SET
      online_on = excluded.online_on, face_to_face_on = excluded.face_to_face_on,
      first_completed_on = excluded.first_completed_on, has_started = excluded.has_started;
END;
--> statement-breakpoint
DROP TRIGGER `module_progress_facts_delete`;
--> statement-breakpoint
CREATE TRIGGER `module_progress_facts_delete` AFTER DELETE ON module_progress
BEGIN
  INSERT INTO driver_training_facts (driver_id, online_on, face_to_face_on, first_completed_on, has_started)
    SELECT driver_id, online_on, face_to_face_on, first_completed_on, has_started
    FROM driver_training_facts_source WHERE driver_id = (SELECT driver_id FROM users WHERE id = OLD.user_id)
    ON CONFLICT (driver_id) DO UPDATE SET
      online_on = excluded.online_on, face_to_face_on = excluded.face_to_face_on,
      first_completed_on = excluded.first_completed_on, has_started = excluded.has_started;
END;
--> statement-breakpoint
DROP TRIGGER `attempts_facts_insert`;
--> statement-breakpoint
CREATE TRIGGER `attempts_facts_insert` AFTER INSERT ON assessment_attempts
BEGIN
  INSERT INTO driver_training_facts (driver_id, online_on, face_to_face_on, first_completed_on, has_started)
    SELECT driver_id, online_on, face_to_face_on, first_completed_on, has_started
    FROM driver_training_facts_source WHERE driver_id = (SELECT driver_id FROM users WHERE id = NEW.user_id)
    ON CONFLICT (driver_id) DO UPDATE SET
      online_on = excluded.online_on, face_to_face_on = excluded.face_to_face_on,
      first_completed_on = excluded.first_completed_on, has_started = excluded.has_started;
END;
--> statement-breakpoint
DROP TRIGGER `attempts_facts_update`;
--> statement-breakpoint
CREATE TRIGGER `attempts_facts_update` AFTER UPDATE OF user_id ON assessment_attempts
BEGIN
  INSERT INTO driver_training_facts (driver_id, online_on, face_to_face_on, first_completed_on, has_started)
    SELECT driver_id, online_on, face_to_face_on, first_completed_on, has_started
    FROM driver_training_facts_source WHERE driver_id IN ((SELECT driver_id FROM users WHERE id = NEW.user_id), (SELECT driver_id FROM users WHERE id = OLD.user_id))
    ON CONFLICT (driver_id) DO UPDATE SET
      online_on = excluded.online_on, face_to_face_on = excluded.face_to_face_on,
      first_completed_on = excluded.first_completed_on, has_started = excluded.has_started;
END;
--> statement-breakpoint
DROP TRIGGER `attempts_facts_delete`;
--> statement-breakpoint
CREATE TRIGGER `attempts_facts_delete` AFTER DELETE ON assessment_attempts
BEGIN
  INSERT INTO driver_training_facts (driver_id, online_on, face_to_face_on, first_completed_on, has_started)
    SELECT driver_id, online_on, face_to_face_on, first_completed_on, has_started
    FROM driver_training_facts_source WHERE driver_id = (SELECT driver_id FROM users WHERE id = OLD.user_id)
    ON CONFLICT (driver_id) DO UPDATE SET
      online_on = excluded.online_on, face_to_face_on = excluded.face_to_face_on,
      first_completed_on = excluded.first_completed_on, has_started = excluded.has_started;
END;
--> statement-breakpoint
DROP TRIGGER `users_facts_insert`;
--> statement-breakpoint
CREATE TRIGGER `users_facts_insert` AFTER INSERT ON users
BEGIN
  INSERT INTO driver_training_facts (driver_id, online_on, face_to_face_on, first_completed_on, has_started)
    SELECT driver_id, online_on, face_to_face_on, first_completed_on, has_started
    FROM driver_training_facts_source WHERE driver_id = NEW.driver_id
    ON CONFLICT (driver_id) DO UPDATE SET
      online_on = excluded.online_on, face_to_face_on = excluded.face_to_face_on,
      first_completed_on = excluded.first_completed_on, has_started = excluded.has_started;
END;
--> statement-breakpoint
DROP TRIGGER `users_facts_update`;
--> statement-breakpoint
CREATE TRIGGER `users_facts_update` AFTER UPDATE OF driver_id ON users
BEGIN
  INSERT INTO driver_training_facts (driver_id, online_on, face_to_face_on, first_completed_on, has_started)
    SELECT driver_id, online_on, face_to_face_on, first_completed_on, has_started
    FROM driver_training_facts_source WHERE driver_id IN (NEW.driver_id, OLD.driver_id)
    ON CONFLICT (driver_id) DO UPDATE SET
      online_on = excluded.online_on, face_to_face_on = excluded.face_to_face_on,
      first_completed_on = excluded.first_completed_on, has_started = excluded.has_started;
END;
--> statement-breakpoint
DROP TRIGGER `users_facts_delete`;
--> statement-breakpoint
CREATE TRIGGER `users_facts_delete` AFTER DELETE ON users
BEGIN
  INSERT INTO driver_training_facts (driver_id, online_on, face_to_face_on, first_completed_on, has_started)
    SELECT driver_id, online_on, face_to_face_on, first_completed_on, has_started
    FROM driver_training_facts_source WHERE driver_id = OLD.driver_id
    ON CONFLICT (driver_id) DO UPDATE SET
      online_on = excluded.online_on, face_to_face_on = excluded.face_to_face_on,
      first_completed_on = excluded.first_completed_on, has_started = excluded.has_started;
END;
