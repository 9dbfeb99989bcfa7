/**
 * Importing the licensing register from CSV. The CLI and the officer page
 * both call these two functions, so a file is judged the same way wherever
 * it is uploaded. Every row is checked before anything changes; a file with
 * any invalid row changes nothing; re-importing a file changes nothing.
 */
import { z } from 'zod';
import { type Db } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import { LICENCE_TYPES, type LicenceType } from '../../../db/schema.ts';
import { audit } from '../audit.ts';
import { now, today } from '../clock.ts';
import { readCsv, type CsvRow, type ImportProblem } from './csv.ts';
import { firstIssue, requiredDate, requiredText } from './fields.ts';
import { countProblemLines, zeroCounts, type ImportOutcome, type ImportPreview } from './import-report.ts';

/** Columns every register file must have. */
export const REGISTER_REQUIRED_COLUMNS = [
  'badge_number',
  'surname',
  'forenames',
  'licence_type',
  'licence_expiry',
] as const;
/** Columns a register file may have; when one is absent the stored value is kept. */
export const REGISTER_OPTIONAL_COLUMNS = ['date_of_birth', 'email'] as const;

/** One register row as it will be stored. `undefined` optional fields mean "the file has no such column". */
interface RegisterRecord {
  badgeNumber: string;
  surname: string;
  forenames: string;
  licenceType: LicenceType;
  licenceExpiry: string;
  dateOfBirth: string | null | undefined;
  email: string | null | undefined;
}

interface StoredDriver {
  id: number;
  badgeNumber: string;
  surname: string;
  forenames: string;
  licenceType: string;
  licenceExpiry: string;
  dateOfBirth: string | null;
  email: string | null;
}

interface RegisterPlan {
  preview: ImportPreview;
  inserts: RegisterRecord[];
  updates: { id: number; record: RegisterRecord }[];
}

const BADGE = /^[A-Za-z0-9][A-Za-z0-9/-]*$/;
const optionalColumns: ReadonlySet<string> = new Set(REGISTER_OPTIONAL_COLUMNS);

const RULES: Record<string, z.ZodType<unknown>> = {
  badge_number: requiredText('badge_number', 20).regex(
    BADGE,
    'badge_number may contain only letters, digits, "-" and "/".',
  ),
  surname: requiredText('surname', 100),
  forenames: requiredText('forenames', 100),
  licence_type: z.enum(LICENCE_TYPES, {
    errorMap: (_issue, ctx) => ({
      message:
        ctx.data === ''
          ? 'licence_type is empty.'
          : `licence_type "{value}" is not one of ${LICENCE_TYPES.join(', ')}.`,
    }),
  }),
  licence_expiry: requiredDate('licence_expiry'),
  date_of_birth: requiredDate('date_of_birth'),
  email: z.string().max(254, 'email is longer than 254 characters.').email('email is not a valid e-mail address.'),
};

/** Checks every row, reporting each problem once per cell, and turns valid rows into records. */
function validateRows(
  rows: CsvRow[],
  columns: readonly string[],
  problems: ImportProblem[],
): { line: number; record: RegisterRecord }[] {
  const todayIso = today();
  const checked = [...REGISTER_REQUIRED_COLUMNS, ...REGISTER_OPTIONAL_COLUMNS].filter((c) => columns.includes(c));
  const firstLineOfBadge = new Map<string, number>();
  const valid: { line: number; record: RegisterRecord }[] = [];
  for (const { line, cells } of rows) {
    const found: ImportProblem[] = [];
    for (const column of checked) {
      const value = cells[column] ?? '';
      // An empty optional cell means "not known"; the rules apply only to what is written.
      if (value === '' && optionalColumns.has(column)) continue;
      // Licence types are matched whatever their case, and stored in lower case.
      const issue = firstIssue(RULES[column]!, column === 'licence_type' ? value.toLowerCase() : value, value);
      if (issue) found.push({ line, column, reason: issue });
      else if (column === 'date_of_birth' && value >= todayIso)
        found.push({ line, column, reason: 'date_of_birth must be in the past.' });
    }
    const badge = cells.badge_number ?? '';
    const earlier = firstLineOfBadge.get(badge);
    if (badge !== '' && earlier !== undefined)
      found.push({ line, column: 'badge_number', reason: `badge_number ${badge} is also on line ${earlier}.` });
    else if (badge !== '') firstLineOfBadge.set(badge, line);
    if (found.length > 0) {
      problems.push(...found);
      continue;
    }
    const optional = (column: string): string | null | undefined =>
      columns.includes(column) ? cells[column] || null : undefined;
    valid.push({
      line,
      record: {
        badgeNumber: badge,
        surname: cells.surname!,
        forenames: cells.forenames!,
        licenceType: cells.licence_type!.toLowerCase() as LicenceType,
        licenceExpiry: cells.licence_expiry!,
        dateOfBirth: optional('date_of_birth'),
        email: optional('email'),
      },
    });
  }
  return valid;
}

function differs(stored: StoredDriver, record: RegisterRecord): boolean {
  return (
    stored.surname !== record.surname ||
    stored.forenames !== record.forenames ||
    stored.licenceType !== record.licenceType ||
    stored.licenceExpiry !== record.licenceExpiry ||
    (record.dateOfBirth !== undefined && stored.dateOfBirth !== record.dateOfBirth) ||
    (record.email !== undefined && stored.email !== record.email)
  );
}

function planRegisterImport(bytes: Buffer, db: Db): RegisterPlan {
  const read = readCsv(bytes, REGISTER_REQUIRED_COLUMNS);
  if (!read.ok)
    return { preview: { counts: zeroCounts(), problems: [], fileError: read.fileError }, inserts: [], updates: [] };
  const rowProblems = [...read.rowProblems];
  const valid = validateRows(read.rows, read.columns, rowProblems);
  const problems = [...read.headerProblems, ...rowProblems].sort((a, b) => a.line - b.line);

  const stored = new Map<string, StoredDriver>();
  const all = db.$client
    .prepare(
      `select id, badge_number as badgeNumber, surname, forenames, licence_type as licenceType,
              licence_expiry as licenceExpiry, date_of_birth as dateOfBirth, email from drivers`,
    )
    .all() as StoredDriver[];
  for (const row of all) stored.set(row.badgeNumber, row);

  const counts = zeroCounts();
  counts.invalid = countProblemLines(rowProblems);
  const inserts: RegisterRecord[] = [];
  const updates: { id: number; record: RegisterRecord }[] = [];
  for (const { record } of valid) {
    const existing = stored.get(record.badgeNumber);
    if (!existing) {
      counts.new += 1;
      inserts.push(record);
    } else if (differs(existing, record)) {
      counts.updated += 1;
      updates.push({ id: existing.id, record });
    } else {
      counts.unchanged += 1;
    }
  }
  return { preview: { counts, problems, fileError: null }, inserts, updates };
}

/** Checks a register file against the database and reports what applying it would do. Changes nothing. */
export function previewRegisterImport(bytes: Buffer, db: Db = getDb()): ImportPreview {
  return planRegisterImport(bytes, db).preview;
}

/**
 * Checks the file again and, only if no row is invalid, applies every new
 * and changed row in one transaction, with an audit entry (counts only).
 * `actorUserId` is the officer, or null for the command line.
 */
export function applyRegisterImport(bytes: Buffer, actorUserId: number | null, db: Db = getDb()): ImportOutcome {
  const sqlite = db.$client;
  const insert = sqlite.prepare(
    `insert into drivers (badge_number, surname, forenames, licence_type, licence_expiry, date_of_birth, email, created_at, updated_at)
     values (@badgeNumber, @surname, @forenames, @licenceType, @licenceExpiry, @dateOfBirth, @email, @at, @at)`,
  );
  const update = sqlite.prepare(
    `update drivers set surname = @surname, forenames = @forenames, licence_type = @licenceType, licence_expiry = @licenceExpiry,
       date_of_birth = coalesce(@dateOfBirth, case when @keepDateOfBirth then date_of_birth end),
       email = coalesce(@email, case when @keepEmail then email end), updated_at = @at
     where id = @id`,
  );
  // IMMEDIATE takes the write lock before reading, so the plan cannot go stale before it is written.
  const run = sqlite.transaction((): ImportOutcome => {
    const plan = planRegisterImport(bytes, db);
    if (plan.preview.fileError !== null || plan.preview.problems.length > 0) return { ...plan.preview, applied: false };
    const at = now().getTime();
    for (const r of plan.inserts) insert.run({ ...r, dateOfBirth: r.dateOfBirth ?? null, email: r.email ?? null, at });
    for (const { id, record: r } of plan.updates) {
      update.run({
        ...r,
        id,
        at,
        dateOfBirth: r.dateOfBirth ?? null,
        keepDateOfBirth: r.dateOfBirth === undefined ? 1 : 0,
        email: r.email ?? null,
        keepEmail: r.email === undefined ? 1 : 0,
      });
    }
    const { counts } = plan.preview;
    audit(
      {
        actorUserId,
        action: 'register_import',
        detail: { new: counts.new, updated: counts.updated, unchanged: counts.unchanged },
      },
      db,
    );
    return { ...plan.preview, applied: true };
  });
  return run.immediate();
}
