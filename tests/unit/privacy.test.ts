import { afterEach, describe, expect, it } from 'vitest';
import { memoryDb, type Db } from '../../db/client.ts';
import { useDb } from '../../src/lib/db.ts';
import { setClock } from '../../src/lib/clock.ts';
import { createSession, validateSessionToken } from '../../src/lib/auth/session.ts';
import { dashboardFigures } from '../../src/lib/officer/dashboard.ts';
import { statusParams } from '../../src/lib/officer/status-sql.ts';
import { driverIdByBadge, eraseDriver } from '../../src/lib/privacy/erasure.ts';
import { applyRetention } from '../../src/lib/privacy/retention.ts';
import { addAccount, addDriver, addFaceToFace, addOnlineCertificate, addProgress } from './officer-fixtures.ts';

const params = statusParams({ deadline: '2016-09-01', refresherMonths: 36 }, '2016-09-10');

afterEach(() => {
  useDb(null);
  setClock(null);
});

/** A small register with every kind of driver the dashboard counts, and one driver who will ask to be erased. */
function register(db: Db) {
  const erased = addDriver(db, { surname: 'Private', forenames: 'Person', badge: 'ERASE1' });
  db.$client
    .prepare(
      `update drivers set date_of_birth = '1970-01-01', email = 'p@example.test', address_line_1 = '12 Quarry Lane',
       address_line_2 = 'Flat 3', town = 'Brandon', postcode = 'DH7 8QQ', mobile = '07700900123' where id = ?`,
    )
    .run(erased);
  const account = addAccount(db, erased);
  db.$client
    .prepare(
      `insert into pending_registrations (token_hash, email, password_hash, driver_id, surname, created_at, expires_at)
       values ('h', 'claimant@example.test', 'x', ?, 'Private', 0, 1)`,
    )
    .run(erased);
  addProgress(db, account);
  addOnlineCertificate(db, account, '2016-08-20');
  db.$client
    .prepare(`update certificates set driver_id = ?, holder_name = 'Person Private', badge_number = 'ERASE1'`)
    .run(erased);
  addFaceToFace(db, erased, '2016-03-01');
  addFaceToFace(db, addDriver(db, { licenceType: 'hackney_carriage' }), '2016-04-15');
  addProgress(db, addAccount(db, addDriver(db, { licenceType: 'dual' })));
  addDriver(db);
  return { erased, account };
}

describe('erasing a driver on request', () => {
  it('leaves the dashboard totals unchanged and no personal data behind', () => {
    const db = memoryDb();
    useDb(db);
    setClock(() => new Date('2016-09-10T12:00:00Z'));
    const { erased, account } = register(db);
    const { token } = createSession(account);
    const before = dashboardFigures(params, db);

    expect(driverIdByBadge('erase1', db)).toBe(erased);
    expect(eraseDriver(erased, null, 'request', db)).toEqual({ ok: true, driverId: erased });

    expect(dashboardFigures(params, db)).toEqual(before);
    const dump = JSON.stringify([
      db.$client.prepare('select * from drivers where id = ?').get(erased),
      db.$client.prepare('select * from users where id = ?').get(account),
      db.$client.prepare('select * from certificates').all(),
      db.$client.prepare('select * from module_progress').all(),
      db.$client.prepare('select * from audit_log').all(),
      db.$client.prepare('select * from pending_registrations').all(),
    ]);
    const personalData = ['Private', 'Person', 'ERASE1', '1970-01-01', 'p@example.test', '@example.test'];
    const addressData = ['Quarry Lane', 'Flat 3', 'Brandon', 'DH7 8QQ', '07700900123'];
    for (const personal of [...personalData, ...addressData]) {
      expect(dump).not.toContain(personal);
    }
    expect(validateSessionToken(token)).toBeNull();
    expect(db.$client.prepare(`select driver_id, detail from audit_log where action = 'driver_erased'`).get()).toEqual({
      driver_id: erased,
      detail: JSON.stringify({ reason: 'request', accounts: 1 }),
    });
    expect(eraseDriver(erased, null, 'request', db)).toEqual({ ok: false, reason: 'already_erased' });
  });
});

describe('retention', () => {
  it('erases drivers 6 years off the register and accounts 6 years inactive, and prunes links, sessions and logs', () => {
    const db = memoryDb();
    useDb(db);
    const at = new Date('2026-12-02T12:00:00Z');
    setClock(() => at);
    const gone = addDriver(db, { surname: 'Gone', badge: 'OLD1' });
    db.$client.prepare(`update drivers set licence_expiry = '2020-11-30' where id = ?`).run(gone);
    const recent = addDriver(db, { surname: 'Recent', badge: 'NEW1' });
    db.$client.prepare(`update drivers set licence_expiry = '2021-01-30' where id = ?`).run(recent);
    const idle = addAccount(db, null, { applicant: true, surname: 'Idle' });
    const active = addAccount(db, null, { applicant: true, surname: 'Active' });
    const ms = at.getTime();
    const year = 365.25 * 24 * 3600_000;
    db.$client
      .prepare('update users set created_at = ?, last_sign_in_at = ? where id = ?')
      .run(0, ms - 6.1 * year, idle);
    db.$client
      .prepare('update users set created_at = ?, last_sign_in_at = ? where id = ?')
      .run(0, ms - 5 * year, active);
    db.$client
      .prepare(
        `insert into one_time_tokens (token_hash, user_id, purpose, expires_at, created_at) values (?, ?, ?, ?, 0)`,
      )
      .run('expired', active, 'password_reset', ms - 1);
    db.$client
      .prepare(
        `insert into one_time_tokens (token_hash, user_id, purpose, expires_at, created_at) values (?, ?, ?, ?, 0)`,
      )
      .run('live', active, 'password_reset', ms + 60_000);
    db.$client
      .prepare(
        `insert into pending_registrations (token_hash, email, password_hash, driver_id, surname, created_at, expires_at)
         values (?, ?, 'x', ?, 'Recent', 0, ?)`,
      )
      .run('unconfirmed', 'late@example.test', recent, ms - 1);
    db.$client
      .prepare(
        `insert into pending_registrations (token_hash, email, password_hash, surname, date_of_birth, created_at, expires_at)
         values (?, ?, 'x', 'New', '1990-01-01', 0, ?)`,
      )
      .run('waiting', 'new@example.test', ms + 60_000);
    db.$client
      .prepare(
        `insert into sessions (id, secret_hash, user_id, created_at, last_seen_at) values ('old', x'00', ?, 0, 0)`,
      )
      .run(active);
    db.$client
      .prepare(`insert into verification_log (at, outcome) values (?, 'valid'), (?, 'valid')`)
      .run(0, ms - 1000);

    expect(applyRetention(db)).toEqual({
      driversErased: 1,
      accountsErased: 1,
      sessionsDeleted: 1,
      linksDeleted: 2,
      verificationsDeleted: 1,
    });
    expect(db.$client.prepare('select token_hash from pending_registrations').pluck().all()).toEqual(['waiting']);
    const surnames = db.$client.prepare('select surname from drivers order by id').pluck().all();
    expect(surnames).toEqual(['Erased', 'Recent']);
    const users = db.$client.prepare('select surname from users order by id').pluck().all();
    expect(users).toEqual([null, 'Active']);
    expect(applyRetention(db)).toEqual({
      driversErased: 0,
      accountsErased: 0,
      sessionsDeleted: 0,
      linksDeleted: 0,
      verificationsDeleted: 0,
    });
  });
});
