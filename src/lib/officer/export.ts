/**
 * The drivers list as CSV. Spreadsheet programs run a cell that starts with
 * `=`, `+`, `-` or `@` (or a tab or carriage return before one) as a formula,
 * so such cells are prefixed with `'` (OWASP "CSV injection").
 */
import { spreadsheetCsv } from '../csv-write.ts';
import type { DriverListRow } from './drivers-query.ts';
import { licenceLabel, METHOD_LABELS, STATUS_LABELS } from '../format.ts';

const FORMULA_START = /^[=+\-@\t\r]/;

/** Makes a cell safe to open in a spreadsheet: formula-like text gets a leading `'`. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export const EXPORT_HEADER = [
  'Badge number',
  'Surname',
  'Forenames',
  'Licence type',
  'Licence expiry',
  'Status',
  'Last completed',
  'Completed by',
  'Account email',
] as const;

/** The CSV text (byte-order mark, then the header row) for the given rows. */
export function driversCsv(rows: DriverListRow[]): string {
  const records = rows.map((r) => [
    r.badge_number,
    r.surname,
    r.forenames,
    licenceLabel(r.licence_type),
    r.licence_expiry,
    STATUS_LABELS[r.status],
    r.last_completed_on ?? '',
    r.method ? (METHOD_LABELS[r.method] ?? r.method) : '',
    r.email ?? '',
  ]);
  return spreadsheetCsv([[...EXPORT_HEADER], ...records.map((cells) => cells.map(neutraliseCell))]);
}
