/**
 * Importing face-to-face training attendance from CSV: one row per driver
 * per session, matched to the register by badge number. The same rules as
 * the register import: every row checked first, nothing changes if any row
 * is invalid, re-importing the same file changes nothing.
 */
import { type Db } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import { issueFaceToFaceCertificate } from '../certificates/issue.ts';
import { today } from '../clock.ts';
import { problemLimitReached, readCsv, type CsvReadResult, type CsvRow, type ImportProblem } from './csv.ts';
import { firstIssue, requiredDate, requiredText } from './fields.ts';
import { applyPlan, planChanges, unreadablePlan, type ImportPlan } from './import-plan.ts';
import type { ImportOutcome, ImportPreview } from './import-report.ts';

/** Columns every attendance file must have. */
export const FACE_TO_FACE_COLUMNS = ['badge_number', 'session_date', 'trainer', 'venue'] as const;

interface AttendanceRecord {
  driverId: number;
  sessionDate: string;
  trainer: string;
  venue: string;
}

interface StoredSession {
  id: number;
  driverId: number;
  sessionDate: string;
  trainer: string;
  venue: string;
}

function validateRows(rows: CsvRow[], driverIds: Map<string, number>, problems: ImportProblem[]): AttendanceRecord[] {
  const todayIso = today();
  const rules = {
    badge_number: requiredText('badge_number', 20),
    session_date: requiredDate('session_date'),
    trainer: requiredText('trainer', 200),
    venue: requiredText('venue', 200),
  };
  const firstLineOf = new Map<string, number>();
  const valid: AttendanceRecord[] = [];
  for (const { line, cells } of rows) {
    if (problemLimitReached(problems, line)) break;
    let ok = true;
    for (const column of FACE_TO_FACE_COLUMNS) {
      const value = cells[column] ?? '';
      const issue =
        firstIssue(rules[column], value) ??
        (column === 'session_date' && value > todayIso ? 'session_date is in the future.' : null);
      if (issue) {
        problems.push({ line, column, reason: issue });
        ok = false;
      }
    }
    const badge = cells.badge_number ?? '';
    const driverId = driverIds.get(badge);
    if (badge !== '' && driverId === undefined) {
      problems.push({
        line,
        column: 'badge_number',
        reason: `badge_number ${badge} is not in the licensing register.`,
      });
      ok = false;
    }
    const key = `${badge}\u0000${cells.session_date ?? ''}`;
    const earlier = firstLineOf.get(key);
    if (earlier !== undefined) {
      problems.push({
        line,
        reason: `badge_number ${badge} already has a session on ${cells.session_date} on line ${earlier}.`,
      });
      ok = false;
    } else {
      firstLineOf.set(key, line);
    }
    if (ok && driverId !== undefined) {
      valid.push({ driverId, sessionDate: cells.session_date!, trainer: cells.trainer!, venue: cells.venue! });
    }
  }
  return valid;
}

function planFaceToFaceImport(read: CsvReadResult, db: Db): ImportPlan<AttendanceRecord> {
  if (!read.ok) return unreadablePlan(read);
  const sqlite = db.$client;
  const driverIds = new Map<string, number>();
  for (const row of sqlite.prepare('select id, badge_number as badge from drivers').all() as {
    id: number;
    badge: string;
  }[]) {
    driverIds.set(row.badge, row.id);
  }
  const rowProblems = [...read.rowProblems];
  const valid = validateRows(read.rows, driverIds, rowProblems);
  const stored = new Map<string, StoredSession>();
  const sessions = sqlite
    .prepare('select id, driver_id as driverId, session_date as sessionDate, trainer, venue from face_to_face_sessions')
    .all() as StoredSession[];
  for (const s of sessions) stored.set(`${s.driverId} ${s.sessionDate}`, s);
  return planChanges(
    read,
    rowProblems,
    valid,
    (record) => stored.get(`${record.driverId} ${record.sessionDate}`),
    (existing, record) => existing.trainer !== record.trainer || existing.venue !== record.venue,
  );
}

/** Checks an attendance file against the register and recorded sessions. Changes nothing. */
export function previewFaceToFaceImport(bytes: Buffer, db: Db = getDb()): ImportPreview {
  return planFaceToFaceImport(readCsv(bytes, FACE_TO_FACE_COLUMNS), db).preview;
}

/**
 * Checks the file again and, only if no row is invalid, records every new
 * session with its face-to-face certificate and corrects changed trainer or
 * venue in one transaction, with an audit entry (counts only). `actorUserId` is the officer, or null for the CLI.
 */
export function applyFaceToFaceImport(bytes: Buffer, actorUserId: number | null, db: Db = getDb()): ImportOutcome {
  const read = readCsv(bytes, FACE_TO_FACE_COLUMNS);
  const sqlite = db.$client;
  const insert = sqlite.prepare(
    `insert into face_to_face_sessions (driver_id, session_date, trainer, venue, recorded_by, created_at)
     values (@driverId, @sessionDate, @trainer, @venue, @recordedBy, @at)`,
  );
  const update = sqlite.prepare('update face_to_face_sessions set trainer = @trainer, venue = @venue where id = @id');
  return applyPlan(
    db,
    { action: 'face_to_face_import', actorUserId },
    () => planFaceToFaceImport(read, db),
    (plan, at) => {
      for (const r of plan.inserts) {
        const { lastInsertRowid } = insert.run({ ...r, recordedBy: actorUserId, at });
        // Face-to-face completions get the same certificate as online ones.
        issueFaceToFaceCertificate(db, { faceToFaceSessionId: Number(lastInsertRowid) });
      }
      for (const { id, record } of plan.updates) update.run({ id, trainer: record.trainer, venue: record.venue });
    },
  );
}
