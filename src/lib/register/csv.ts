/**
 * Reading an uploaded CSV file safely: the size limit, binary and encoding
 * checks, the header row, and each data row with the physical line number
 * it starts on, so every problem can be reported as "line N: reason".
 * Shared by every import (licensing register, face-to-face attendance).
 */
import { parse, type InfoRecord } from 'csv-parse/sync';
import { config } from '../config.ts';
import { withoutBidiControls } from '../names.ts';
import { formatCount } from '../format.ts';

/** The largest file any import accepts. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
/**
 * Checking stops after this many problems: a file with more is wrong throughout, and listing every one of a
 * hostile file's millions of bad rows cost minutes of the server's time (review F-6).
 */
export const MAX_IMPORT_PROBLEMS = 100;
/** The last problem reported when checking stopped early. */
export const PROBLEMS_STOPPED = `Checking stopped after ${MAX_IMPORT_PROBLEMS} problems. Correct these, then check the file again to find any more.`;

/**
 * True once `problems` holds `MAX_IMPORT_PROBLEMS`; the first time, also adds the "checking stopped" note on
 * `line`. Every checking loop asks this before each row.
 */
export function problemLimitReached(problems: ImportProblem[], line: number): boolean {
  const counted = problems.filter((p) => p.reason !== PROBLEMS_STOPPED).length;
  if (counted < MAX_IMPORT_PROBLEMS) return false;
  if (!problems.some((p) => p.reason === PROBLEMS_STOPPED)) problems.push({ line, reason: PROBLEMS_STOPPED });
  return true;
}

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
 * rows. Cells are trimmed and lose any bidi control characters (names are
 * stored from them); blank lines are skipped; a row with the wrong
 * number of cells is a problem on its line. Columns in `required` must all be
 * present; a missing one is reported by name on the header's line, and then
 * no rows are read.
 */
export function readCsv(bytes: Buffer, required: readonly string[]): CsvReadResult {
  const decoded = decodeCsvText(bytes);
  if ('fileError' in decoded) return { ok: false, fileError: decoded.fileError };

  const { starts, end } = scanRecords(decoded.text);
  // Counted before parsing, which is what costs: a header and at most the configured number of rows.
  if (starts.length > config.importMaxRows + 1) {
    return {
      ok: false,
      fileError: `The file has more than ${formatCount(config.importMaxRows)} rows, the most one import takes. Split it into smaller files and import each one.`,
    };
  }
  let records: { record: string[]; line: number }[];
  try {
    records = parseWithLines(decoded.text.slice(0, end), starts);
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
    if (problemLimitReached(rowProblems, line)) break;
    if (record.length !== columns.length) {
      rowProblems.push({ line, reason: `This row has ${record.length} cells but the header has ${columns.length}.` });
      continue;
    }
    const cells: Record<string, string> = {};
    columns.forEach((name, i) => {
      cells[name] = withoutBidiControls(record[i] ?? '');
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
function parseWithLines(text: string, starts: number[]): { record: string[]; line: number }[] {
  const options = { trim: true, relax_column_count: true, bom: true } as const;
  // csv-parse builds an error object for each row with the wrong number of cells; most of its cost is the
  // stack trace, which nothing reads.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return recordsWithLines(text, options, starts);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

function recordsWithLines(
  text: string,
  options: { trim: true; relax_column_count: true; bom: true },
  starts: number[],
): { record: string[]; line: number }[] {
  const records = parse(text, options);
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
 * no record after a final line break. The same pass counts each record's
 * cells (commas outside quotes) and stops after the record that makes more
 * than `MAX_IMPORT_PROBLEMS` with the wrong number: `end` is where the text
 * should be cut, so csv-parse, which costs far more per such record, never
 * sees the rest of a hostile file.
 */
function scanRecords(text: string): { starts: number[]; end: number } {
  const starts: number[] = [];
  let line = 1;
  let quoted = false;
  let recordStart = 1;
  let pending = false;
  let cells = 1;
  let blank = true;
  let width = -1;
  let wrong = 0;
  /** Ends the current record; true when it is one wrong-sized record too many. */
  const close = (): boolean => {
    starts.push(recordStart);
    const tooMany = !blank && width >= 0 && cells !== width && ++wrong > MAX_IMPORT_PROBLEMS;
    if (!blank && width < 0) width = cells;
    cells = 1;
    blank = true;
    return tooMany;
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) {
      if (c === 34) quoted = !quoted;
      else if (c === 44 && !quoted) cells += 1;
      // Spaces, tabs, commas, quotes and a byte-order mark alone make a blank record, which is skipped.
      if (c !== 32 && c !== 9 && c !== 44 && c !== 34 && c !== 0xfeff) blank = false;
      pending = true;
      continue;
    }
    if (c === 13 && text.charCodeAt(i + 1) === 10) i += 1;
    line += 1;
    if (!quoted) {
      if (close()) return { starts, end: i + 1 };
      recordStart = line;
      pending = false;
    }
  }
  if (pending) close();
  return { starts, end: text.length };
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
