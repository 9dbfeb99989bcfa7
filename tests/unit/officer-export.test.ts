import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { memoryDb } from '../../db/client.ts';
import { allFilteredDrivers, parseDriverFilter } from '../../src/lib/officer/drivers-query.ts';
import { driversCsv, driversCsvStream, EXPORT_HEADER, neutraliseCell } from '../../src/lib/officer/export.ts';
import { statusParams } from '../../src/lib/officer/status-sql.ts';
import { addDriver } from './officer-fixtures.ts';

describe('CSV neutralisation', () => {
  it('prefixes cells that a spreadsheet would run as a formula', () => {
    for (const danger of ['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) {
      expect(neutraliseCell(danger)).toBe(`'${danger}`);
    }
  });

  it('prefixes full-width and other look-alike formula characters', () => {
    for (const danger of ['＝HYPERLINK("http://x")', '＋1', '－2+3', '＠SUM(A1)', '﹦1', '﹢1', '﹣1', '﹫A1', '−1']) {
      expect(neutraliseCell(danger), danger).toBe(`'${danger}`);
    }
  });

  it('leaves ordinary text alone', () => {
    for (const safe of ['Smith', "O'Brien", 'Anne-Marie', '2016-09-01', '', ' =1'])
      expect(neutraliseCell(safe)).toBe(safe);
  });
});

describe('drivers export', () => {
  it('writes a header row and the filtered drivers, with malicious names neutralised and stored literally', () => {
    const db = memoryDb();
    addDriver(db, { surname: '=HYPERLINK("http://x")', forenames: '<script>alert(1)</script>', badge: 'X1' });
    addDriver(db, { surname: 'Plain', forenames: '@home', badge: 'X2' });
    const params = statusParams({ deadline: '2016-09-01', refresherMonths: 36 }, '2016-09-10');
    const csv = driversCsv(
      allFilteredDrivers(parseDriverFilter(new URLSearchParams('status=overdue&sort=badge')), params, db),
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = parse(csv, { bom: true }) as string[][];
    expect(rows[0]).toEqual([...EXPORT_HEADER]);
    expect(rows.slice(1).map((r) => r.slice(0, 3))).toEqual([
      ['X1', `'=HYPERLINK("http://x")`, '<script>alert(1)</script>'],
      ['X2', 'Plain', "'@home"],
    ]);
    expect(rows[1]?.[5]).toBe('Overdue');
    expect(db.$client.prepare('select surname from drivers where badge_number = ?').pluck().get('X1')).toBe(
      '=HYPERLINK("http://x")',
    );
  });
});

describe('streamed export', () => {
  it('sends the same CSV as the whole-file export, in batches, and reports the rows sent', async () => {
    const db = memoryDb();
    for (let i = 0; i < 2500; i += 1) addDriver(db, { surname: `Surname${i}`, forenames: 'Pat', badge: `S${i}` });
    const params = statusParams({ deadline: '2016-09-01', refresherMonths: 36 }, '2016-09-10');
    const filter = parseDriverFilter(new URLSearchParams('sort=badge'));
    const rows = allFilteredDrivers(filter, params, db);
    let report: [number, boolean] | null = null;
    const stream = driversCsvStream(rows[Symbol.iterator](), (sent, complete) => (report = [sent, complete]));
    // Response.text() would drop the byte-order mark; decode so that it stays and is compared too.
    const bytes = await new Response(stream).arrayBuffer();
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe(driversCsv(rows));
    expect(report).toEqual([2500, true]);
  });
});
