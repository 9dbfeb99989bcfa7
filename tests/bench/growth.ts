/**
 * Growth: the officer's dashboard, a filtered list page, a name search and the CSV export over HTTP
 * from the production server, on generated registers of 1,757 / 10,000 / 100,000 / 300,000 drivers.
 * Each page is requested one at a time (BENCH_REQUESTS times, fewer at the largest size); the export
 * once, with the server's memory (RSS) before and after. Prints a table and an ASCII chart.
 *
 * Usage: npm run bench:growth [-- SIZE ...]   (BENCH_REQUESTS=15, BENCH_PORT=4604)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash } from '@node-rs/argon2';
import { applyMigrations, openDatabase } from '../../db/client.ts';
import { ARGON2_OPTIONS } from '../../src/lib/auth/password.ts';
import { insertUser } from '../support/factory.ts';
import { fill } from './support/register.ts';
import { signInOfficer } from './support/accounts.ts';
import { ensureBuilt, request, serverStats, startServer } from './support/server.ts';
import { median, quantile } from './support/statistics.ts';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
const SIZES = sizes.length ? sizes : [1_757, 10_000, 100_000, 300_000];
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 15);
const PORT = Number(process.env.BENCH_PORT ?? 4604);
const OFFICER = { email: 'growth.officer@example.test', password: 'growth-ledger-kestrel-quayside' };
const PAGES = [
  { name: 'dashboard', path: '/officer/' },
  { name: 'filtered list (overdue, page 2)', path: '/officer/drivers/?status=overdue&page=2' },
  { name: 'name search "Surname12"', path: '/officer/drivers/?q=Surname12' },
];

interface Row {
  size: number;
  pages: Array<{ median: number; p95: number }>;
  exportMs: number;
  exportMb: number;
  rssBeforeMb: number;
  rssAfterMb: number;
}

ensureBuilt();
const rows: Row[] = [];
for (const size of SIZES) {
  const dir = mkdtempSync(join(tmpdir(), 'growth-bench-'));
  const path = join(dir, 'portal.db');
  const db = openDatabase(path);
  applyMigrations(db);
  fill(db, size);
  insertUser(db.$client, {
    email: OFFICER.email,
    passwordHash: await hash(OFFICER.password, ARGON2_OPTIONS),
    role: 'admin',
  });
  db.$client.close();
  const server = await startServer(path, PORT);
  try {
    const cookie = await signInOfficer(server.url, path, OFFICER);
    const headers = { 'Accept-Encoding': 'gzip, br' };
    const count = size >= 300_000 ? Math.max(3, Math.floor(REQUESTS / 3)) : REQUESTS;
    const pages = [];
    for (const page of PAGES) {
      await request(server.url + page.path, { cookie, headers });
      const times: number[] = [];
      for (let i = 0; i < count; i += 1) {
        const reply = await request(server.url + page.path, { cookie, headers });
        if (reply.status !== 200) throw new Error(`${page.path} answered ${reply.status}`);
        times.push(reply.ms);
      }
      pages.push({ median: median(times), p95: quantile(times, 0.95) });
    }
    const before = await serverStats(server.url);
    const exported = await request(`${server.url}/officer/export.csv`, { cookie, headers });
    if (exported.status !== 200) throw new Error(`export answered ${exported.status}`);
    const after = await serverStats(server.url);
    rows.push({
      size,
      pages,
      exportMs: exported.ms,
      exportMb: exported.bytes.length / 2 ** 20,
      rssBeforeMb: before.memory.rss / 2 ** 20,
      rssAfterMb: after.memory.rss / 2 ** 20,
    });
    console.error(`${size}: done`);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (n: number) => n.toFixed(0);
const lines = [
  `Requests one at a time over loopback, gzip accepted; ${REQUESTS} per page (a third of that at 300,000).`,
  '',
  `| drivers | ${PAGES.map((p) => `${p.name}: median / p95 ms`).join(' | ')} | CSV export: ms, MB on the wire | server RSS before → after export, MB |`,
  `|---:|${PAGES.map(() => '---:').join('|')}|---:|---:|`,
  ...rows.map(
    (r) =>
      `| ${r.size.toLocaleString('en-GB')} | ${r.pages.map((p) => `${ms(p.median)} / ${ms(p.p95)}`).join(' | ')} | ` +
      `${ms(r.exportMs)}, ${r.exportMb.toFixed(2)} | ${ms(r.rssBeforeMb)} → ${ms(r.rssAfterMb)} |`,
  ),
  '',
  'Median response time, ms (each series to its own scale: the shape shows how it grows):',
  '',
  '```',
];
const series = [
  ...PAGES.map((p, i) => ({ name: p.name, at: (r: Row) => r.pages[i]!.median })),
  { name: 'CSV export', at: (r: Row) => r.exportMs },
];
for (const s of series) {
  const widest = Math.max(...rows.map(s.at));
  lines.push(s.name);
  for (const r of rows) {
    const bar = '#'.repeat(Math.max(1, Math.round((s.at(r) / widest) * 50)));
    lines.push(`  ${r.size.toLocaleString('en-GB').padStart(7)} ${bar} ${ms(s.at(r))}`);
  }
}
lines.push('```');
console.log(lines.join('\n'));
