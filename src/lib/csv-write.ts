/**
 * The one way the portal writes CSV: through csv-stringify, which quotes what needs quoting (RFC 4180).
 */
import { stringify } from 'csv-stringify/sync';

/**
 * The UTF-8 byte-order mark. Excel reads a CSV without one as Windows-1252, so "Zoë Ó Súilleabháin"
 * would arrive garbled; with it, Excel and every other reader takes the file as UTF-8.
 */
export const UTF8_BOM = '\uFEFF';

/** A CSV file for people to open (exports): byte-order mark, then Windows line endings, which Excel expects. */
export function spreadsheetCsv(records: readonly (readonly string[])[]): string {
  return UTF8_BOM + spreadsheetRows(records);
}

/** Rows of such a file without the byte-order mark: the later parts of a streamed export. */
export function spreadsheetRows(records: readonly (readonly string[])[]): string {
  return stringify(records as string[][], { record_delimiter: 'windows' });
}

/** A CSV file for the portal's own imports (demo data): plain UTF-8, `\n` line endings. */
export function importCsv(records: readonly (readonly string[])[]): string {
  return stringify(records as string[][]);
}
