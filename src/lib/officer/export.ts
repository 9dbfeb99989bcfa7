/**
 * The drivers list as CSV. Spreadsheet programs run a cell that starts with
 * `=`, `+`, `-` or `@` (or a tab or carriage return before one) as a formula,
 * so such cells are prefixed with `'` (OWASP "CSV injection"). Look-alikes count too: some spreadsheet set-ups
 * (CJK input) read a full-width `＝` as `=`, so the test runs on the NFKC form, which folds full-width and small
 * forms (`＝ ＋ － ＠ ﹦ ﹢ ﹣ ﹫`) to ASCII, and the minus sign `−` is added by hand.
 */
import { stringify } from 'csv-stringify/sync';
import { STATUS_LABELS } from '../training/status.ts';
import type { DriverListRow } from './drivers-query.ts';
import { LICENCE_TYPE_LABELS, METHOD_LABELS } from './format.ts';

const FORMULA_START = /^[=+\-@\t\r\u2212]/;

/** Makes a cell safe to open in a spreadsheet: formula-like text, or its look-alike, gets a leading `'`. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value.normalize('NFKC')) ? `'${value}` : value;
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

/** The CSV text (header row first) for the given rows. */
export function driversCsv(rows: DriverListRow[]): string {
  const records = rows.map((r) => [
    r.badge_number,
    r.surname,
    r.forenames,
    LICENCE_TYPE_LABELS[r.licence_type] ?? r.licence_type,
    r.licence_expiry,
    STATUS_LABELS[r.status],
    r.last_completed_on ?? '',
    r.method ? (METHOD_LABELS[r.method] ?? r.method) : '',
    r.email ?? '',
  ]);
  return stringify([[...EXPORT_HEADER], ...records.map((cells) => cells.map(neutraliseCell))], {
    record_delimiter: 'windows',
  });
}
