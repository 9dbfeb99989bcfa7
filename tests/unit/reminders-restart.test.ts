import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations, openDatabase, type Db } from '../../db/client.ts';
import { setClock } from '../../src/lib/clock.ts';
import { statusParams } from '../../src/lib/officer/status-sql.ts';
import { createCampaign } from '../../src/lib/reminders/audience.ts';
import { insertDriver } from '../support/factory.ts';

const DRIVERS = 300;
const TODAY = '2016-07-01';

function startWorker(dir: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'tests/unit/support/reminder-worker-child.ts'], {
    stdio: 'ignore',
    env: {
      ...process.env,
      DATABASE_PATH: join(dir, 'portal.db'),
      MAIL_OUTBOX_DIR: join(dir, 'outbox'),
      REMINDER_LETTERS_DIR: join(dir, 'letters'),
      REMINDER_SEND_PER_SECOND: '60',
      TRAINING_DEADLINE: '2016-09-01',
      PORTAL_NOW: `${TODAY}T12:00:00Z`,
      PORTAL_LOG: 'silent',
    },
  });
}

function states(db: Db): Record<string, number> {
  const rows = db.$client.prepare('select state, count(*) as n from reminder_messages group by state').all() as Array<{
    state: string;
    n: number;
  }>;
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('reminder worker killed mid-campaign', () => {
  let child: ChildProcess | null = null;
  afterEach(() => {
    child?.kill('SIGKILL');
    setClock(null);
  });

  it('finishes the campaign after a restart, sending each driver exactly one e-mail', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reminders-restart-'));
    const db = openDatabase(join(dir, 'portal.db'));
    applyMigrations(db);
    for (let i = 1; i <= DRIVERS; i += 1) {
      insertDriver(db.$client, {
        badgeNumber: `K${i}`,
        surname: 'Driver',
        forenames: 'Sam',
        licenceType: 'dual',
        email: `driver${i}@example.org`,
      });
    }
    setClock(() => new Date(`${TODAY}T12:00:00Z`));
    createCampaign(
      { reason: 'not_started', withinDays: null },
      null,
      statusParams({ deadline: '2016-09-01', refresherMonths: 36 }, TODAY),
      db,
    );

    child = startWorker(dir);
    await until(() => (states(db).sent ?? 0) >= 40, 40_000);
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    const atKill = states(db);
    expect(atKill.sent).toBeLessThan(DRIVERS);

    child = startWorker(dir);
    await until(() => states(db).sent === DRIVERS, 60_000);
    child.kill('SIGKILL');

    const outbox = join(dir, 'outbox');
    const recipients = readdirSync(outbox).map((f) => JSON.parse(readFileSync(join(outbox, f), 'utf8')).to as string);
    expect(recipients).toHaveLength(DRIVERS);
    expect(new Set(recipients).size).toBe(DRIVERS);
  }, 120_000);
});
