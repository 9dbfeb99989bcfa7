/**
 * The drivers list as CSV. Spreadsheet programs run a cell that starts with
 * `=`, `+`, `-` or `@` (or a tab or carriage return before one) as a formula,
 * so such cells are prefixed with `'` (OWASP "CSV injection"). Look-alikes count too: some spreadsheet set-ups
 * (CJK input) read a full-width `＝` as `=`, so the test runs on the NFKC form, which folds full-width and small
 * forms (`＝ ＋ － ＠ ﹦ ﹢ ﹣ ﹫`) to ASCII, and the minus sign `−` is added by hand.
 */
import { openReader } from '../../../db/client.ts';
import { audit } from '../audit.ts';
import { spreadsheetCsv, spreadsheetRows, UTF8_BOM } from '../csv-write.ts';
import { getDb } from '../db.ts';
import { licenceLabel, METHOD_LABELS, STATUS_LABELS } from '../format.ts';
import { allFilteredDrivers, iterateFilteredDrivers, type DriverFilter, type DriverListRow } from './drivers-query.ts';
import type { StatusParams } from './status-sql.ts';

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

const toRecord = (r: DriverListRow): string[] =>
  [
    r.badge_number,
    r.surname,
    r.forenames,
    licenceLabel(r.licence_type),
    r.licence_expiry,
    STATUS_LABELS[r.status],
    r.last_completed_on ?? '',
    r.method ? (METHOD_LABELS[r.method] ?? r.method) : '',
    r.email ?? '',
  ].map(neutraliseCell);

/** The CSV text (byte-order mark, then the header row) for the given rows. */
export function driversCsv(rows: Iterable<DriverListRow>): string {
  return spreadsheetCsv([[...EXPORT_HEADER], ...[...rows].map(toRecord)]);
}

const BATCH = 1000;

/**
 * The CSV as a stream, pulling `BATCH` rows at a time from `rows` only as fast as the client takes
 * them, so an export of any size holds about one batch in memory. `done` runs once, with the number
 * of rows sent, when the last is sent or the client goes away.
 */
export function driversCsvStream(
  rows: Iterator<DriverListRow>,
  done: (sent: number, complete: boolean) => void,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let sent = 0;
  let finished = false;
  const finish = (complete: boolean) => {
    if (finished) return;
    finished = true;
    rows.return?.();
    done(sent, complete);
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(UTF8_BOM + spreadsheetRows([[...EXPORT_HEADER]])));
    },
    pull(controller) {
      const batch: string[][] = [];
      for (let next = rows.next(); !next.done; next = rows.next()) {
        batch.push(toRecord(next.value));
        if (batch.length === BATCH) break;
      }
      sent += batch.length;
      if (batch.length > 0) controller.enqueue(encoder.encode(spreadsheetRows(batch)));
      if (batch.length < BATCH) {
        controller.close();
        finish(true);
      }
    },
    cancel() {
      finish(false);
    },
  });
}

/**
 * The officer's export of the drivers a filter matches, streamed from a read-only connection of its
 * own (one consistent snapshot, and the shared connection stays free for other requests). Audited
 * once it ends, with the number of rows sent and whether the download was complete.
 */
export function exportDrivers(
  filter: DriverFilter,
  params: StatusParams,
  actorUserId: number | null,
): ReadableStream<Uint8Array> {
  const shared = getDb();
  const reader = openReader(shared);
  const rows = reader
    ? iterateFilteredDrivers(filter, params, reader)
    : allFilteredDrivers(filter, params)[Symbol.iterator]();
  return driversCsvStream(rows, (sent, complete) => {
    reader?.$client.close();
    audit({
      actorUserId,
      action: 'export',
      detail: {
        q: filter.q ?? null,
        status: filter.status ?? null,
        licence: filter.licence ?? null,
        method: filter.method ?? null,
        sort: filter.sort,
        rows: sent,
        complete,
      },
    });
  });
}
