/**
 * Reading an uploaded CSV file safely: the size limit, binary and encoding
 * checks, the header row, and each data row with the physical line number
 * it starts on, so every problem can be reported as "line N: reason".
 * Shared by every import (licensing register, face-to-face attendance).
 */
import { parse, type InfoRecord } from 'csv-parse/sync';

/** The largest file any import accepts. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** One problem found in a file: a line (the header is line 1), the column if known, and why. */
export interface ImportProblem {
  line: number;
  column?: string;
  reason: string;
}

/** A data row: its line number in the file and its trimmed cells by column name. */
export interface CsvRow {
  line: number;
  cells: Record<string, string>;
}

/** A file read as far as its rows, or stopped by a problem that makes the rows unreadable. */
export type CsvReadResult =
  | { ok: true; columns: string[]; rows: CsvRow[]; headerProblems: ImportProblem[]; rowProblems: ImportProblem[] }
  | { ok: false; fileError: string };

/** "20.0 MB": a byte count in megabytes (1 MB = 1,048,576 bytes) to one decimal place. */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The message shown when a file is over the limit, whether found from its length or while reading it. */
export function tooLargeMessage(bytes: number): string {
  return `The file is ${formatMegabytes(bytes)}; the limit is ${MAX_IMPORT_BYTES / (1024 * 1024)} MB. Split it into smaller files and import each one.`;
}

/**
 * Checks the bytes are a text file in UTF-8 and returns the text without a
 * byte-order mark, or the message to show instead.
 */
export function decodeCsvText(bytes: Buffer): { text: string } | { fileError: string } {
  if (bytes.length > MAX_IMPORT_BYTES) return { fileError: tooLargeMessage(bytes.length) };
  if (bytes.length === 0)
    return { fileError: 'The file is empty. Choose a CSV file with a header row and at least one row of data.' };
  // A NUL byte never appears in a CSV text file but is in almost every binary format (spreadsheets, images, archives).
  if (bytes.includes(0)) {
    return {
      fileError:
        'The file is not a CSV file: it contains binary data. If it is a spreadsheet, save it as "CSV UTF-8" and upload that.',
    };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { fileError: 'The file is not UTF-8 text. Save it as "CSV UTF-8 (comma delimited)" and upload it again.' };
  }
  // Control characters other than tab, CR and LF mean the file is not text a spreadsheet exported.
  if (/[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text)) {
    return {
      fileError:
        'The file is not a CSV file: it contains control characters. Save it as "CSV UTF-8" and upload it again.',
    };
  }
  return { text };
}

/**
 * Parses CSV text: a header row naming the columns (any order), then data
 * rows. Cells are trimmed; blank lines are skipped; a row with the wrong
 * number of cells is a problem on its line. Columns in `required` must all be
 * present; a missing one is reported by name on the header's line, and then
 * no rows are read.
 */
export function readCsv(bytes: Buffer, required: readonly string[]): CsvReadResult {
  const decoded = decodeCsvText(bytes);
  if ('fileError' in decoded) return { ok: false, fileError: decoded.fileError };

  let records: { record: string[]; line: number }[];
  try {
    records = parseWithLines(decoded.text);
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return {
      ok: false,
      fileError: `The file could not be read as CSV${line ? ` (line ${line})` : ''}: check that every quoted cell has a closing quote.`,
    };
  }
  const [header, ...data] = records;
  if (!header || header.record.every((cell) => cell === '')) {
    return {
      ok: false,
      fileError: 'The file has no header row. The first line must name the columns, for example badge_number,surname,…',
    };
  }

  const columns = header.record.map((name) => name.toLowerCase());
  const headerProblems: ImportProblem[] = [];
  const seen = new Set<string>();
  for (const name of columns) {
    if (name !== '' && seen.has(name))
      headerProblems.push({ line: header.line, column: name, reason: `The header names the column "${name}" twice.` });
    seen.add(name);
  }
  for (const name of required) {
    if (!seen.has(name))
      headerProblems.push({ line: header.line, column: name, reason: `The header row has no "${name}" column.` });
  }
  if (headerProblems.length > 0) return { ok: true, columns, rows: [], headerProblems, rowProblems: [] };
  if (data.length === 0) return { ok: false, fileError: 'The file has a header row but no rows of data.' };

  const rowProblems: ImportProblem[] = [];
  const rows: CsvRow[] = [];
  for (const { record, line } of data) {
    if (record.length !== columns.length) {
      rowProblems.push({ line, reason: `This row has ${record.length} cells but the header has ${columns.length}.` });
      continue;
    }
    const cells: Record<string, string> = {};
    columns.forEach((name, i) => {
      cells[name] = record[i] ?? '';
    });
    rows.push({ line, cells });
  }
  return { ok: true, columns, rows, headerProblems, rowProblems };
}

/**
 * Parses CSV text into non-blank records, each with the physical line it
 * starts on. csv-parse's per-record `info` costs several times the parse
 * itself, so record starts are found by a scan that follows the quoting
 * (a line break inside quotes does not start a record); if the scan and the
 * parser ever disagree on the number of records, the parser's own line
 * counts are used instead.
 */
function parseWithLines(text: string): { record: string[]; line: number }[] {
  const options = { trim: true, relax_column_count: true, bom: true } as const;
  const records = parse(text, options);
  const starts = recordStartLines(text);
  const withLines =
    starts.length === records.length
      ? records.map((record, i) => ({ record, line: starts[i]! }))
      : // csv-parse's types do not model `info: true`, which wraps each record with where it was found.
        (parse(text, { ...options, info: true, raw: true }) as unknown as { record: string[]; info: InfoRecord }[]).map(
          ({ record, info }) => ({
            record,
            line: endToStartLine(info),
          }),
        );
  return withLines.filter(({ record }) => record.some((cell) => cell !== ''));
}

/**
 * The line each record starts on, as csv-parse splits records: at every
 * line break outside quotes (a blank line is a record of one empty cell), and
 * no record after a final line break.
 */
function recordStartLines(text: string): number[] {
  const starts: number[] = [];
  let line = 1;
  let quoted = false;
  let recordStart = 1;
  let pending = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) {
      if (c === 34) quoted = !quoted;
      pending = true;
      continue;
    }
    if (c === 13 && text.charCodeAt(i + 1) === 10) i += 1;
    line += 1;
    if (!quoted) {
      starts.push(recordStart);
      recordStart = line;
      pending = false;
    }
  }
  if (pending) starts.push(recordStart);
  return starts;
}

/**
 * The line a record starts on from csv-parse's info, which counts the line a
 * record ends on: step back over the line breaks inside the record's raw
 * text (not counting the one that ends it).
 */
function endToStartLine(info: InfoRecord): number {
  const raw = (info.raw ?? '').replace(/\r?\n$|\r$/, '');
  const breaks = raw.match(/\r\n|\n|\r/g)?.length ?? 0;
  return info.lines - breaks;
}
