import { describe, expect, it } from 'vitest';
import { memoryDb, type Db } from '../../db/client.ts';
import {
  expiryThreshold,
  driverStatusSelect,
  groupedStatusSelect,
  statusParams,
} from '../../src/lib/officer/status-sql.ts';
import { completionExpiresOn, deriveStatus, type StatusSettings } from '../../src/lib/training/status.ts';
import { insertDriver, insertUser } from '../support/factory.ts';

/** One combination of facts about a register row. */
interface Case {
  account: 'none' | 'idle' | 'module' | 'attempt';
  onlineCert: { on: string; holder: 'driver' | 'user'; revoked: boolean } | null;
  faceToFace: string | null;
}

const COMPLETION_DATES = ['2016-08-31', '2016-09-01', '2016-02-29'];
const accounts: Case['account'][] = ['none', 'idle', 'module', 'attempt'];

function cases(): Case[] {
  const out: Case[] = [];
  const certs: Case['onlineCert'][] = [null];
  for (const on of COMPLETION_DATES) {
    for (const holder of ['driver', 'user'] as const) {
      for (const revoked of [false, true]) certs.push({ on, holder, revoked });
    }
  }
  for (const account of accounts) {
    for (const onlineCert of certs) {
      if (onlineCert?.holder === 'user' && account === 'none') continue;
      for (const faceToFace of [null, ...COMPLETION_DATES, '2015-06-30']) out.push({ account, onlineCert, faceToFace });
    }
  }
  return out;
}

function insertCase(db: Db, c: Case, n: number): number {
  const sqlite = db.$client;
  const driverId = insertDriver(sqlite, {
    badgeNumber: `B${n}`,
    surname: 'Test',
    forenames: 'Case',
    licenceType: 'dual',
  });
  let userId: number | null = null;
  if (c.account !== 'none') {
    userId = insertUser(sqlite, { email: `d${n}@example.test`, driverId });
    if (c.account === 'module')
      sqlite
        .prepare(`insert into module_progress (user_id, module_slug, started_at) values (?, 'why-drivers', 0)`)
        .run(userId);
    if (c.account === 'attempt')
      sqlite
        .prepare(`insert into assessment_attempts (user_id, question_ids, started_at) values (?, '[]', 0)`)
        .run(userId);
  }
  if (c.onlineCert) {
    sqlite
      .prepare(
        `insert into certificates (code, kind, user_id, driver_id, holder_name, completed_on, issued_at, revoked_at) values (?, 'online', ?, ?, 'Case Test', ?, 0, ?)`,
      )
      .run(
        `C${n}`,
        c.onlineCert.holder === 'user' ? userId : null,
        c.onlineCert.holder === 'driver' ? driverId : null,
        c.onlineCert.on,
        c.onlineCert.revoked ? 1 : null,
      );
  }
  if (c.faceToFace) {
    sqlite
      .prepare(
        `insert into face_to_face_sessions (driver_id, session_date, trainer, venue, created_at) values (?, ?, 'T', 'V', 0)`,
      )
      .run(driverId, c.faceToFace);
  }
  return driverId;
}

/** The facts as deriveStatus sees them, worked out from the case independently of the SQL. */
function expectedStatus(c: Case, settings: StatusSettings, today: string) {
  const completions = [c.onlineCert && !c.onlineCert.revoked ? c.onlineCert.on : null, c.faceToFace]
    .filter((d): d is string => d !== null)
    .sort();
  return deriveStatus(
    {
      isApplicant: false,
      lastCompletedOn: completions.at(-1) ?? null,
      hasStarted: c.account === 'module' || c.account === 'attempt',
    },
    settings,
    today,
  );
}

describe('status in SQL', () => {
  const db = memoryDb();
  const all = cases();
  const ids = all.map((c, i) => insertCase(db, c, i));

  const settingsList: StatusSettings[] = [
    { deadline: '2016-09-01', refresherMonths: 36 },
    { deadline: '2016-09-01', refresherMonths: 6 },
    { deadline: '2016-09-01', refresherMonths: 0 },
  ];
  const todays = [
    '2016-08-31',
    '2016-09-01',
    '2016-09-02',
    '2017-02-27',
    '2017-02-28',
    '2017-03-01',
    '2017-03-02',
    '2019-08-30',
    '2019-08-31',
    '2019-09-01',
    '2019-09-02',
    '2019-02-28',
    '2019-03-01',
    '2020-02-29',
  ];

  for (const settings of settingsList) {
    for (const today of todays) {
      it(`agrees with deriveStatus for every fact combination (${settings.refresherMonths} months, today ${today})`, () => {
        const rows = db.all<{ id: number; status: string }>(driverStatusSelect(statusParams(settings, today)));
        const byId = new Map(rows.map((r) => [r.id, r.status]));
        const mismatches = all
          .map((c, i) => ({ c, sqlStatus: byId.get(ids[i]!), want: expectedStatus(c, settings, today) }))
          .filter((m) => m.sqlStatus !== m.want);
        expect(mismatches).toEqual([]);
        expect(rows).toHaveLength(all.length);
      });
    }
  }

  it('gives the same counts from the grouped facts as from each driver (the dashboard and list totals)', () => {
    for (const settings of settingsList) {
      for (const today of todays) {
        const params = statusParams(settings, today);
        const perDriver = new Map<string, number>();
        for (const r of db.all<{ status: string; method: string | null }>(driverStatusSelect(params))) {
          const key = `${r.status} ${r.method}`;
          perDriver.set(key, (perDriver.get(key) ?? 0) + 1);
        }
        const grouped = new Map<string, number>();
        for (const r of db.all<{ status: string; method: string | null; n: number; licence_type: string }>(
          groupedStatusSelect(params),
        )) {
          expect(r.licence_type).toBe('dual');
          const key = `${r.status} ${r.method}`;
          grouped.set(key, (grouped.get(key) ?? 0) + r.n);
        }
        expect(grouped).toEqual(perDriver);
      }
    }
  });

  it('covers every status in the matrix', () => {
    const seen = new Set<string>();
    for (const settings of settingsList) {
      for (const today of todays) {
        for (const r of db.all<{ status: string }>(driverStatusSelect(statusParams(settings, today))))
          seen.add(r.status);
      }
    }
    expect([...seen].sort()).toEqual(['completed', 'expired', 'in_progress', 'not_started', 'overdue']);
  });
});

describe('status in SQL after later changes', () => {
  const settings = { deadline: '2016-09-01', refresherMonths: 36 };
  const statusOf = (db: Db, id: number) =>
    db
      .all<{ id: number; status: string }>(driverStatusSelect(statusParams(settings, '2016-09-10')))
      .find((r) => r.id === id)?.status;

  it('follows a revoked certificate, a deleted session and an account linked afterwards', () => {
    const db = memoryDb();
    const sqlite = db.$client;
    const driverId = insertCase(
      db,
      {
        account: 'attempt',
        onlineCert: { on: '2016-08-31', holder: 'user', revoked: false },
        faceToFace: '2016-08-01',
      },
      9001,
    );
    expect(statusOf(db, driverId)).toBe('completed');
    sqlite.prepare('update certificates set revoked_at = 1 where code = ?').run('C9001');
    expect(statusOf(db, driverId)).toBe('completed');
    sqlite.prepare('delete from face_to_face_sessions where driver_id = ?').run(driverId);
    expect(statusOf(db, driverId)).toBe('overdue');

    const later = insertCase(db, { account: 'none', onlineCert: null, faceToFace: null }, 9002);
    const userId = insertUser(sqlite, { email: 'late@example.test', isApplicant: true });
    sqlite
      .prepare(
        `insert into certificates (code, kind, user_id, holder_name, completed_on, issued_at) values ('LATE', 'online', ?, 'Late', '2016-08-15', 0)`,
      )
      .run(userId);
    expect(statusOf(db, later)).toBe('overdue');
    sqlite.prepare('update users set driver_id = ?, is_applicant = 0 where id = ?').run(later, userId);
    expect(statusOf(db, later)).toBe('completed');
    sqlite.prepare('update users set driver_id = null where id = ?').run(userId);
    expect(statusOf(db, later)).toBe('overdue');
  });
});

describe('licence type in the facts', () => {
  it('follows every register row from its insert and every change of licence type', () => {
    const db = memoryDb();
    const params = statusParams({ deadline: '2016-09-01', refresherMonths: 36 }, '2016-09-10');
    const driverId = insertCase(db, { account: 'none', onlineCert: null, faceToFace: null }, 1);
    const countFor = (licence: string) =>
      db
        .all<{ n: number; licence_type: string }>(groupedStatusSelect(params))
        .filter((r) => r.licence_type === licence)
        .reduce((sum, r) => sum + r.n, 0);
    expect(countFor('dual')).toBe(1);
    db.$client.prepare(`update drivers set licence_type = 'private_hire' where id = ?`).run(driverId);
    expect(countFor('dual')).toBe(0);
    expect(countFor('private_hire')).toBe(1);
    db.$client.prepare('delete from drivers where id = ?').run(driverId);
    expect(countFor('private_hire')).toBe(0);
  });
});

describe('expiryThreshold', () => {
  it('is the last completion date that has expired by today, month ends included', () => {
    for (const months of [1, 6, 12, 36]) {
      for (const today of ['2017-02-28', '2017-03-01', '2019-08-31', '2020-02-29', '2020-03-31']) {
        const threshold = expiryThreshold(today, months)!;
        expect(completionExpiresOn(threshold, months)! <= today).toBe(true);
        const nextDay = new Date(`${threshold}T00:00:00Z`);
        nextDay.setUTCDate(nextDay.getUTCDate() + 1);
        expect(completionExpiresOn(nextDay.toISOString().slice(0, 10), months)! > today).toBe(true);
      }
    }
  });

  it('is null when completions never expire', () => {
    expect(expiryThreshold('2020-01-01', 0)).toBeNull();
  });
});
