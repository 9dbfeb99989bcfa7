import { afterEach, describe, expect, it } from 'vitest';
import { memoryDb } from '../../db/client.ts';
import { config } from '../../src/lib/config.ts';
import { MAX_IMPORT_PROBLEMS, PROBLEMS_STOPPED, readCsv } from '../../src/lib/register/csv.ts';
import { previewFaceToFaceImport } from '../../src/lib/register/face-to-face-import.ts';
import { previewRegisterImport, REGISTER_REQUIRED_COLUMNS } from '../../src/lib/register/register-import.ts';

const HEADER = 'badge_number,surname,forenames,licence_type,licence_expiry';
const maxRows = config.importMaxRows;
afterEach(() => {
  config.importMaxRows = maxRows;
});

/** A hostile file: the header, then `rows` lines of one cell each. */
function oneCellRows(rows: number): Buffer {
  return Buffer.from(`${HEADER}\n${'a\n'.repeat(rows)}`);
}

describe('imports are bounded', () => {
  it('stop checking after 100 problems, and say so', () => {
    const preview = previewRegisterImport(oneCellRows(5_000), memoryDb());
    expect(preview.problems).toHaveLength(MAX_IMPORT_PROBLEMS + 1);
    expect(preview.problems.at(-1)).toEqual({ line: MAX_IMPORT_PROBLEMS + 2, reason: PROBLEMS_STOPPED });
    expect(preview.problems[0]).toEqual({ line: 2, reason: 'This row has 1 cells but the header has 5.' });
  });

  it('count problems in cells too, in both imports', () => {
    const badDates = Array.from({ length: 300 }, (_, i) => `B${i},Smith,Jo,private_hire,2030-02-30`);
    const register = previewRegisterImport(Buffer.from([HEADER, ...badDates].join('\n')), memoryDb());
    expect(register.problems).toHaveLength(MAX_IMPORT_PROBLEMS + 1);
    const sessions = Array.from({ length: 300 }, (_, i) => `X${i},2016-01-01,Jo,Hall`);
    const attendance = previewFaceToFaceImport(
      Buffer.from(['badge_number,session_date,trainer,venue', ...sessions].join('\n')),
      memoryDb(),
    );
    expect(attendance.problems.at(-1)?.reason).toBe(PROBLEMS_STOPPED);
    expect(attendance.problems).toHaveLength(MAX_IMPORT_PROBLEMS + 1);
  });

  it('refuse a file with more rows than IMPORT_MAX_ROWS before parsing it', () => {
    config.importMaxRows = 1_000;
    const rows = (n: number) => Buffer.from(`${HEADER}\n${'a,b,c,d,e\n'.repeat(n)}`);
    expect(readCsv(rows(1_001), REGISTER_REQUIRED_COLUMNS)).toEqual({
      ok: false,
      fileError: expect.stringContaining('more than 1,000 rows'),
    });
    expect(readCsv(rows(1_000), REGISTER_REQUIRED_COLUMNS).ok).toBe(true);
  });

  it('refuse a 5 MB file of 500,000 rows with the default limit of 200,000', () => {
    const read = readCsv(Buffer.from(`${HEADER}\n${'a,b,c,d,e\n'.repeat(500_000)}`), REGISTER_REQUIRED_COLUMNS);
    expect(read).toEqual({ ok: false, fileError: expect.stringContaining('more than 200,000 rows') });
  });

  it('stop the review’s 5 MB file of one-cell rows after 100 problems', () => {
    const read = readCsv(oneCellRows(2_621_360), REGISTER_REQUIRED_COLUMNS);
    if (!read.ok) throw new Error(read.fileError);
    expect(read.rowProblems).toHaveLength(MAX_IMPORT_PROBLEMS + 1);
    expect(read.rowProblems.at(-1)?.reason).toBe(PROBLEMS_STOPPED);
  });
});
