/**
 * `npm run bench:officer`: server-side time for the officer dashboard's
 * aggregates and for filtered drivers-list pages, on generated registers of
 * 1,757, 10,000 and 100,000 drivers in a temporary database file.
 * Prints median and p95 over 30 runs (after 3 warm-up runs) as a Markdown table.
 *
 * Usage: npm run bench:officer [-- SIZE ...]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations, openDatabase, type Db } from '../../db/client.ts';
import { dashboardFigures } from '../../src/lib/officer/dashboard.ts';
import { listDrivers, parseDriverFilter } from '../../src/lib/officer/drivers-query.ts';
import { statusParams } from '../../src/lib/officer/status-sql.ts';
import { fill } from './support/register.ts';
import { measure } from './support/timing.ts';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
const SIZES = sizes.length ? sizes : [1_757, 10_000, 100_000];
const PARAMS = statusParams({ deadline: '2016-09-01', refresherMonths: 36 }, '2016-09-10');

const ms = (n: number) => n.toFixed(1);
const queries: Array<{ name: string; run: (db: Db) => unknown }> = [
  { name: 'dashboard (all aggregates + chart)', run: (db) => dashboardFigures(PARAMS, db) },
  {
    name: 'list: overdue, page 2, by name',
    run: (db) => listDrivers(parseDriverFilter(new URLSearchParams('status=overdue&page=2')), PARAMS, db),
  },
  {
    name: 'list: all, sorted by status, page 1',
    run: (db) => listDrivers(parseDriverFilter(new URLSearchParams('sort=status')), PARAMS, db),
  },
  {
    name: 'list: search "Surname12"',
    run: (db) => listDrivers(parseDriverFilter(new URLSearchParams('q=Surname12')), PARAMS, db),
  },
];

console.log(`| drivers | query | median ms | p95 ms |\n|---:|---|---:|---:|`);
for (const size of SIZES) {
  const dir = mkdtempSync(join(tmpdir(), 'officer-bench-'));
  const db = openDatabase(join(dir, 'bench.db'));
  applyMigrations(db);
  fill(db, size);
  for (const q of queries) {
    const { median, p95 } = measure(() => q.run(db));
    console.log(`| ${size.toLocaleString('en-GB')} | ${q.name} | ${ms(median)} | ${ms(p95)} |`);
  }
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
}
