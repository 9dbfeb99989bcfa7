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
import { today } from '../clock.ts';
import { problemLimitReached, readCsv, type CsvReadResult, type CsvRow, type ImportProblem } from './csv.ts';
import { firstIssue, requiredDate, requiredText } from './fields.ts';
import { applyPlan, planChanges, unreadablePlan, type ImportPlan } from './import-plan.ts';
import type { ImportOutcome, ImportPreview } from './import-report.ts';

/** Columns every register file must have. */
export const REGISTER_REQUIRED_COLUMNS = [
  'badge_number',
  'surname',
  'forenames',
  'licence_type',
  'licence_expiry',
] as const;
/** Columns a register file may have; when one is absent the stored value is kept. */
export const REGISTER_OPTIONAL_COLUMNS = [
  'date_of_birth',
  'email',
  'address_line_1',
  'address_line_2',
  'town',
  'postcode',
  'mobile',
] as const;

/** The optional columns that are plain contact details, with their record field names. */
const CONTACT_FIELDS = {
  email: 'email',
  address_line_1: 'addressLine1',
  address_line_2: 'addressLine2',
  town: 'town',
  postcode: 'postcode',
  mobile: 'mobile',
} as const;
type ContactField = (typeof CONTACT_FIELDS)[keyof typeof CONTACT_FIELDS];

/** One register row as it will be stored. `undefined` optional fields mean "the file has no such column". */
interface RegisterRecord {
  badgeNumber: string;
  surname: string;
  forenames: string;
  licenceType: LicenceType;
  licenceExpiry: string;
  dateOfBirth: string | null | undefined;
  email: string | null | undefined;
  addressLine1: string | null | undefined;
  addressLine2: string | null | undefined;
  town: string | null | undefined;
  postcode: string | null | undefined;
  mobile: string | null | undefined;
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
  addressLine1: string | null;
  addressLine2: string | null;
  town: string | null;
  postcode: string | null;
  mobile: string | null;
}

const BADGE = /^[A-Za-z0-9][A-Za-z0-9/-]*$/;
/** A UK postcode (upper case, spaces removed), e.g. DH13UQ, SW1A1AA, M11AE; also GIR0AA. */
const POSTCODE = /^(?:[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}|GIR0AA)$/;
/** A UK mobile (spaces, dashes and brackets removed): 07 or +447 then nine digits. */
const MOBILE = /^(?:07|\+447)[0-9]{9}$/;

/** A postcode as Royal Mail prints it: upper case, one space before the inward code. */
export function normalisePostcode(written: string): string {
  const compact = written.replace(/\s+/g, '').toUpperCase();
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

/** A mobile number with separators removed, e.g. "07700 900123" becomes "07700900123". */
export function normaliseMobile(written: string): string {
  return written.replace(/[\s()-]/g, '');
}

/** The form a cell is checked in: licence types in lower case, postcodes and mobiles without separators. */
function checkedForm(column: string, value: string): string {
  if (column === 'licence_type') return value.toLowerCase();
  if (column === 'postcode') return value.replace(/\s+/g, '').toUpperCase();
  if (column === 'mobile') return normaliseMobile(value);
  return value;
}
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
  address_line_1: z.string().max(100, 'address_line_1 is longer than 100 characters.'),
  address_line_2: z.string().max(100, 'address_line_2 is longer than 100 characters.'),
  town: z.string().max(60, 'town is longer than 60 characters.'),
  postcode: z.string().regex(POSTCODE, 'postcode "{value}" is not a UK postcode, like DH1 5UQ.'),
  mobile: z.string().regex(MOBILE, 'mobile "{value}" is not a UK mobile number, like 07700 900123.'),
};

/** Checks every row, reporting each problem once per cell, and turns valid rows into records. */
function validateRows(rows: CsvRow[], columns: readonly string[], problems: ImportProblem[]): RegisterRecord[] {
  const todayIso = today();
  const checked = [...REGISTER_REQUIRED_COLUMNS, ...REGISTER_OPTIONAL_COLUMNS].filter((c) => columns.includes(c));
  const firstLineOfBadge = new Map<string, number>();
  const valid: RegisterRecord[] = [];
  for (const { line, cells } of rows) {
    if (problemLimitReached(problems, line)) break;
    const found: ImportProblem[] = [];
    for (const column of checked) {
      const value = cells[column] ?? '';
      // An empty optional cell means "not known"; the rules apply only to what is written.
      if (value === '' && optionalColumns.has(column)) continue;
      // Licence types are matched whatever their case, and stored in lower case.
      const issue = firstIssue(RULES[column]!, checkedForm(column, value), value);
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
      badgeNumber: badge,
      surname: cells.surname!,
      forenames: cells.forenames!,
      licenceType: cells.licence_type!.toLowerCase() as LicenceType,
      licenceExpiry: cells.licence_expiry!,
      dateOfBirth: optional('date_of_birth'),
      email: optional('email'),
      addressLine1: optional('address_line_1'),
      addressLine2: optional('address_line_2'),
      town: optional('town'),
      postcode: optional('postcode') && normalisePostcode(cells.postcode!),
      mobile: optional('mobile') && normaliseMobile(cells.mobile!),
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
    Object.values(CONTACT_FIELDS).some((f) => record[f] !== undefined && stored[f] !== record[f])
  );
}

function planRegisterImport(read: CsvReadResult, db: Db): ImportPlan<RegisterRecord> {
  if (!read.ok) return unreadablePlan(read);
  const rowProblems = [...read.rowProblems];
  const valid = validateRows(read.rows, read.columns, rowProblems);
  const stored = new Map<string, StoredDriver>();
  const all = db.$client
    .prepare(
      `select id, badge_number as badgeNumber, surname, forenames, licence_type as licenceType,
              licence_expiry as licenceExpiry, date_of_birth as dateOfBirth, email, address_line_1 as addressLine1,
              address_line_2 as addressLine2, town, postcode, mobile from drivers`,
    )
    .all() as StoredDriver[];
  for (const row of all) stored.set(row.badgeNumber, row);
  return planChanges(read, rowProblems, valid, (record) => stored.get(record.badgeNumber), differs);
}

/** Checks a register file against the database and reports what applying it would do. Changes nothing. */
export function previewRegisterImport(bytes: Buffer, db: Db = getDb()): ImportPreview {
  return planRegisterImport(readCsv(bytes, REGISTER_REQUIRED_COLUMNS), db).preview;
}

/**
 * Checks the file again and, only if no row is invalid, applies every new
 * and changed row in one transaction, with an audit entry (counts only).
 * `actorUserId` is the officer, or null for the command line.
 */
export function applyRegisterImport(bytes: Buffer, actorUserId: number | null, db: Db = getDb()): ImportOutcome {
  const read = readCsv(bytes, REGISTER_REQUIRED_COLUMNS);
  const sqlite = db.$client;
  const insert = sqlite.prepare(
    `insert into drivers (badge_number, surname, forenames, licence_type, licence_expiry, date_of_birth, email,
       address_line_1, address_line_2, town, postcode, mobile, created_at, updated_at)
     values (@badgeNumber, @surname, @forenames, @licenceType, @licenceExpiry, @dateOfBirth, @email,
       @addressLine1, @addressLine2, @town, @postcode, @mobile, @at, @at)`,
  );
  // A column the file does not have keeps its stored value; an empty cell clears it.
  const kept = (column: string, field: string) =>
    `${column} = coalesce(@${field}, case when @keep_${field} then ${column} end)`;
  const update = sqlite.prepare(
    `update drivers set surname = @surname, forenames = @forenames, licence_type = @licenceType, licence_expiry = @licenceExpiry,
       ${kept('date_of_birth', 'dateOfBirth')},
       ${Object.entries(CONTACT_FIELDS)
         .map(([column, field]) => kept(column, field))
         .join(', ')},
       updated_at = @at
     where id = @id`,
  );
  const optionalValues = (r: RegisterRecord) => {
    const values: Record<string, string | number | null> = {
      dateOfBirth: r.dateOfBirth ?? null,
      keep_dateOfBirth: r.dateOfBirth === undefined ? 1 : 0,
    };
    for (const field of Object.values(CONTACT_FIELDS) as ContactField[]) {
      values[field] = r[field] ?? null;
      values[`keep_${field}`] = r[field] === undefined ? 1 : 0;
    }
    return values;
  };
  return applyPlan(
    db,
    { action: 'register_import', actorUserId },
    () => planRegisterImport(read, db),
    (plan, at) => {
      for (const r of plan.inserts) insert.run({ ...r, ...optionalValues(r), at });
      for (const { id, record: r } of plan.updates) update.run({ ...r, ...optionalValues(r), id, at });
    },
  );
}
