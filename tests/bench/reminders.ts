/**
 * Reminders benchmark: the time to queue a campaign of 10,000 e-mails (one
 * transaction) and to send them all to the file outbox (the worker's own
 * `sendDue`, with no rate limit), and the time and peak memory to render
 * 1,000 letters into one streamed PDF.
 *
 *   npm run bench:reminders             (BENCH_EMAILS=… BENCH_LETTERS=… to change the sizes)
 *
 * Wall-clock times depend on what else the machine is doing.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryDb } from '../../db/client.ts';
import { useDb } from '../../src/lib/db.ts';
import { setClock } from '../../src/lib/clock.ts';
import { config } from '../../src/lib/config.ts';
import { statusParams } from '../../src/lib/officer/status-sql.ts';
import { createCampaign } from '../../src/lib/reminders/audience.ts';
import { writeLettersPdf, type Letter } from '../../src/lib/reminders/letters.ts';
import { reminderText } from '../../src/lib/reminders/texts.ts';
import { sendDue } from '../../src/lib/reminders/worker.ts';
import { insertDriver } from '../support/factory.ts';

// The worker logs one line per e-mail; the benchmark measures sending, not the terminal.
process.env.PORTAL_LOG = 'silent';
const EMAILS = Number(process.env.BENCH_EMAILS || 10_000);
const LETTERS = Number(process.env.BENCH_LETTERS || 1_000);
const TODAY = '2016-07-01';

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
/** CPU time (user + system) of this process since `since`, steadier than wall clock on a shared machine. */
const cpu = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return `${((used.user + used.system) / 1e6).toFixed(2)} s CPU`;
};
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function emails(dir: string): Promise<void> {
  const db = memoryDb();
  useDb(db);
  config.mail = { ...config.mail, smtpUrl: null, outboxDir: join(dir, 'outbox') };
  db.$client.transaction(() => {
    for (let i = 1; i <= EMAILS; i += 1) {
      insertDriver(db.$client, {
        badgeNumber: `B${i}`,
        surname: `Driver${i}`,
        forenames: 'Sam',
        licenceType: 'dual',
        email: `driver${i}@example.org`,
      });
    }
  })();
  const params = statusParams({ deadline: config.deadline, refresherMonths: config.refresherMonths }, TODAY);

  let started = performance.now();
  const { preview } = createCampaign({ reason: 'not_started', withinDays: null }, null, params, db);
  const queueMs = performance.now() - started;

  started = performance.now();
  const sendCpu = process.cpuUsage();
  let sent = 0;
  while (sent < preview.email) sent += await sendDue(1_000, db);
  const sendMs = performance.now() - started;
  const sendCpuText = cpu(sendCpu);
  const files = readdirSync(config.mail.outboxDir).length;
  console.log(`| queue ${EMAILS.toLocaleString('en-GB')} e-mails (one transaction) | ${seconds(queueMs)} | |`);
  console.log(
    `| send ${files.toLocaleString('en-GB')} e-mails to the outbox | ${seconds(sendMs)} | ${sendCpuText}; ${Math.round((files / sendMs) * 1000)} a second |`,
  );
}

async function letters(dir: string): Promise<void> {
  const text = reminderText('not_started', { forenames: 'Sam', surname: 'Driver', badgeNumber: 'B1', expiresOn: null });
  function* all(): Generator<Letter> {
    for (let i = 1; i <= LETTERS; i += 1) {
      yield {
        name: `Sam Driver${i}`,
        address: [`${i} Front Street`, 'Durham', 'DH1 5UQ'],
        badgeNumber: `B${i}`,
        status: 'not_started',
        expiresOn: null,
        text: { ...text, body: text.body.replace('B1', `B${i}`) },
      };
    }
  }
  const path = join(dir, 'letters.pdf');
  let peak = process.memoryUsage().rss;
  const started = performance.now();
  const renderCpu = process.cpuUsage();
  const pages = await writeLettersPdf(all(), path, () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  });
  const ms = performance.now() - started;
  console.log(
    `| render ${pages.toLocaleString('en-GB')} letters to one PDF (${mb(statSync(path).size)}) | ${seconds(ms)} | ${cpu(renderCpu)}; peak RSS ${mb(peak)} |`,
  );
}

async function main(): Promise<void> {
  setClock(() => new Date(`${TODAY}T12:00:00Z`));
  const dir = mkdtempSync(join(tmpdir(), 'bench-reminders-'));
  try {
    console.log('| measure | time | note |');
    console.log('|---|---|---|');
    await emails(dir);
    await letters(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
