/**
 * Signed-in pages against the prerendered home page, in one run: autocannon, 10 connections, against
 * the production server on loopback with the demo register (1,757 drivers). Each round measures
 * every page once, home first, so each ratio compares pages under the same load on the machine.
 * Prints the Markdown results (median and range over the rounds).
 *
 * Usage: npm run bench:signed-in   (BENCH_ROUNDS=3, BENCH_SECONDS=5, BENCH_PORT=4601)
 */
import autocannon from 'autocannon';
import { existsSync, readFileSync } from 'node:fs';
import { formatCode } from '../../src/lib/certificates/code.ts';
import { BENCH_PASSWORD, DRIVER, signIn, signInOfficer } from './support/accounts.ts';
import { addDriverAccounts, withDemoServer, type BenchDatabase } from './support/demo-database.ts';
import { ensureBuilt, request } from './support/server.ts';
import { median, medianAndRange } from './support/statistics.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const PORT = Number(process.env.BENCH_PORT ?? 4601);
const CONNECTIONS = 10;
/** Target: each signed-in page at least half the home page's requests per second, p99 under 50 ms. */
const RATIO_TARGET = 0.5;
const P99_TARGET = 50;

/**
 * The CPU time (ms) the server process has used, from /proc (Linux; clock ticks of 10 ms); null elsewhere.
 * CPU per request is steadier than requests per second on a shared machine, where the server waits its turn.
 */
function cpuMs(pid: number): number | null {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return null;
  const fields = readFileSync(stat, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * Before the server starts: a driver who has finished every module, to take the assessment, and a certificate
 * code for the public check.
 */
async function candidateAndCode(bench: BenchDatabase): Promise<{ assessmentEmail: string; code: string }> {
  const [assessmentEmail] = await addDriverAccounts(bench, 'ratio', 1, 'all-modules');
  const code = (
    bench.db.$client.prepare(`select code from certificates where revoked_at is null limit 1`).get() as { code: string }
  ).code;
  return { assessmentEmail: assessmentEmail!, code };
}

ensureBuilt();
await withDemoServer({ port: PORT, prepare: candidateAndCode }, async (server, bench, { assessmentEmail, code }) => {
  const { url } = server;
  const driver = await signIn(url, DRIVER.email, DRIVER.password);
  const candidate = await signIn(url, assessmentEmail, BENCH_PASSWORD);
  const officer = await signInOfficer(url, bench.path);
  await request(`${url}/training/assessment/`, { cookie: candidate, form: { action: 'start' } });
  const section = `/training/${bench.moduleSlugs[0]}/?section=1`;

  const pages: Array<{ name: string; path: string; cookie?: string }> = [
    { name: 'prerendered home', path: '/' },
    { name: '`/training/` (driver)', path: '/training/', cookie: driver },
    { name: 'module section', path: section, cookie: driver },
    { name: 'assessment (open attempt)', path: '/training/assessment/', cookie: candidate },
    { name: '`/verify/<code>`', path: `/verify/${formatCode(code)}` },
    { name: '`/officer/` dashboard', path: '/officer/', cookie: officer },
    // A status with more drivers than one page holds, so the list renders a full page. "Not started" would be
    // empty: the demo register's dates are 2016's, and by today's clock every driver is overdue or expired.
    { name: '`/officer/drivers/?status=overdue`', path: '/officer/drivers/?status=overdue', cookie: officer },
  ];
  for (const page of pages) {
    const reply = await request(url + page.path, { cookie: page.cookie });
    if (reply.status !== 200) throw new Error(`${page.path} answered ${reply.status}, not 200`);
  }
  const listRows = ((await request(url + pages.at(-1)!.path, { cookie: officer })).body.match(/<tr/g) ?? []).length;
  if (listRows < 51) throw new Error(`The filtered list shows ${listRows - 1} drivers, not a full page of 50`);

  const results = pages.map(
    () => [] as Array<{ rps: number; p50: number; p99: number; bad: number; cpu: number | null }>,
  );
  const pid = server.child.pid!;
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [i, page] of pages.entries()) {
      const headers: Record<string, string> = { 'Accept-Encoding': 'br, gzip' };
      if (page.cookie) headers.Cookie = page.cookie;
      const cpuBefore = cpuMs(pid);
      const r = await autocannon({ url: url + page.path, connections: CONNECTIONS, duration: SECONDS, headers });
      const cpuAfter = cpuMs(pid);
      const cpu = cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / r.requests.total;
      results[i]!.push({
        rps: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        bad: r.non2xx + r.errors,
        cpu,
      });
      console.error(
        `round ${round + 1} ${page.path}: ${Math.round(r.requests.average)} req/s, p99 ${r.latency.p99} ms`,
      );
    }
  }

  const home = results[0]!;
  const lines = [
    `${CONNECTIONS} connections, ${SECONDS} s per page per round, ${ROUNDS} rounds; median (range) over the rounds.`,
    'Ratio: the page’s requests per second over the home page’s in the same round. CPU: the server’s CPU time',
    'per request (user and system, from /proc), which depends less on what else the machine is running.',
    '',
    '| page | req/s | ratio to home | p50 ms | p99 ms | CPU ms per request | non-2xx | target (≥ 0.5×, p99 < 50 ms) |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  pages.forEach((page, i) => {
    const rs = results[i]!;
    const ratios = rs.map((r, round) => r.rps / home[round]!.rps);
    const p99 = rs.map((r) => r.p99);
    const cpus = rs.map((r) => r.cpu).filter((c): c is number => c !== null);
    const met = i === 0 ? '' : median(ratios) >= RATIO_TARGET && median(p99) < P99_TARGET ? 'met' : '**missed**';
    lines.push(
      `| ${page.name} | ${medianAndRange(rs.map((r) => r.rps))} | ${i === 0 ? '1' : medianAndRange(ratios, 2)} | ` +
        `${medianAndRange(rs.map((r) => r.p50))} | ${medianAndRange(p99)} | ${cpus.length ? medianAndRange(cpus, 2) : 'n/a'} | ` +
        `${rs.reduce((n, r) => n + r.bad, 0)} | ${met} |`,
    );
  });
  console.log(lines.join('\n'));
});
