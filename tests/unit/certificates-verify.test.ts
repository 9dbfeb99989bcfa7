import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryDb, type Db } from '../../db/client.ts';
import { useDb } from '../../src/lib/db.ts';
import { verificationLog } from '../../db/schema.ts';
import { issueOnlineCertificate } from '../../src/lib/certificates/issue.ts';
import { revokeCertificate } from '../../src/lib/certificates/revoke.ts';
import {
  certificateState,
  checkCertificate,
  pruneVerificationLog,
  VERIFICATION_LOG_KEEP_MS,
  VERIFICATION_LOG_MAX_ROWS,
  VERIFY_BURST,
  verifyCode,
} from '../../src/lib/certificates/verify.ts';
import { setClock } from '../../src/lib/clock.ts';
import { attempt, driverWithAccount, officer } from './certificates-fixtures.ts';

let db: Db;
beforeEach(() => {
  db = memoryDb();
  useDb(db);
  setClock(() => new Date('2018-06-01T12:00:00Z'));
});
afterEach(() => {
  setClock(null);
  useDb(null);
});

function issue(completedOn: string): { id: number; code: string; driver: { badgeNumber: string } } {
  const { driver, user } = driverWithAccount(db);
  return {
    ...issueOnlineCertificate(db, { userId: user.id, attemptId: attempt(db, user.id).id, completedOn }),
    driver,
  };
}

function outcomesLogged(): string[] {
  return db
    .select({ outcome: verificationLog.outcome })
    .from(verificationLog)
    .all()
    .map((r) => r.outcome);
}

describe('certificate state', () => {
  it('expires on its expiry date, and revocation wins over everything', () => {
    expect(certificateState({ revokedAt: null, expiresOn: '2019-08-20' }, '2019-08-19')).toBe('valid');
    expect(certificateState({ revokedAt: null, expiresOn: '2019-08-20' }, '2019-08-20')).toBe('expired');
    expect(certificateState({ revokedAt: null, expiresOn: null }, '2099-01-01')).toBe('valid');
    expect(certificateState({ revokedAt: 1, expiresOn: '2099-01-01' }, '2018-01-01')).toBe('revoked');
  });
});

describe('verifying a code', () => {
  it('shows a current certificate as valid with the details printed on it', () => {
    const cert = issue('2016-08-20');
    const result = verifyCode(cert.code.toLowerCase());
    expect(result).toEqual({
      outcome: 'valid',
      certificate: {
        code: `${cert.code.slice(0, 4)}-${cert.code.slice(4, 8)}-${cert.code.slice(8)}`,
        holderName: 'Zoë Ó Súilleabháin-Łukasiewicz',
        badgeNumber: cert.driver.badgeNumber,
        kind: 'online',
        completedOn: '2016-08-20',
        expiresOn: '2019-08-20',
        revokedOn: null,
      },
    });
  });

  it('shows expired from the expiry date on the pinned clock', () => {
    const cert = issue('2015-06-01');
    expect(verifyCode(cert.code).outcome).toBe('expired');
    setClock(() => new Date('2018-05-31T12:00:00Z'));
    expect(verifyCode(cert.code).outcome).toBe('valid');
  });

  it('shows revoked with the date, never the reason', () => {
    const cert = issue('2016-08-20');
    setClock(() => new Date('2017-02-03T10:00:00Z'));
    revokeCertificate({ certificateId: cert.id, officerUserId: officer(db).id, reason: 'Confidential reason' });
    setClock(() => new Date('2018-06-01T12:00:00Z'));
    const result = verifyCode(cert.code);
    expect(result.outcome).toBe('revoked');
    expect('certificate' in result && result.certificate.revokedOn).toBe('2017-02-03');
    expect(JSON.stringify(result)).not.toContain('Confidential');
  });

  it('tells not found from malformed, whatever the case and dashes', () => {
    expect(verifyCode('zzzz-zzzz-zzzz').outcome).toBe('not_found');
    expect(verifyCode('ZZZZ-ZZZZ-ZZZ0').outcome).toBe('malformed');
    expect(verifyCode('').outcome).toBe('malformed');
  });

  it('logs every check with its outcome only', () => {
    const cert = issue('2016-08-20');
    verifyCode(cert.code);
    verifyCode('zzzzzzzzzzzz');
    verifyCode('nonsense');
    expect(outcomesLogged()).toEqual(['valid', 'not_found', 'malformed']);
    const columns = Object.keys(db.select().from(verificationLog).get()!);
    expect(columns.sort()).toEqual(['at', 'id', 'outcome']);
  });
});

describe('rate limiting look-ups', () => {
  it('refuses a client after its share of checks, without looking up or logging, and leaves others alone', () => {
    const cert = issue('2016-08-20');
    for (let i = 0; i < VERIFY_BURST; i += 1) expect(checkCertificate(cert.code, '203.0.113.7').outcome).toBe('valid');
    expect(checkCertificate(cert.code, '203.0.113.7').outcome).toBe('rate_limited');
    expect(checkCertificate(cert.code, '198.51.100.2').outcome).toBe('valid');
    expect(outcomesLogged()).toHaveLength(VERIFY_BURST + 1);
    setClock(() => new Date('2018-06-01T12:00:02Z'));
    expect(checkCertificate(cert.code, '203.0.113.7').outcome).toBe('valid');
  });
});

describe('verification log', () => {
  it('stays bounded: old look-ups are pruned and the row count is capped', () => {
    const insert = db.$client.prepare('insert into verification_log (at, outcome) values (?, ?)');
    const at = new Date('2018-06-01T12:00:00Z').getTime();
    db.$client.transaction(() => {
      for (let i = 0; i < 500; i += 1) insert.run(at - VERIFICATION_LOG_KEEP_MS - 1, 'valid');
      for (let i = 0; i < VERIFICATION_LOG_MAX_ROWS + 200; i += 1) insert.run(at, 'not_found');
    })();
    pruneVerificationLog(db, at);
    expect(db.$client.prepare('select count(*) from verification_log').pluck().get()).toBe(VERIFICATION_LOG_MAX_ROWS);
    expect(db.$client.prepare('select min(at) from verification_log').pluck().get()).toBe(at);
  });

  it('prunes as look-ups arrive, without a separate job', () => {
    const insert = db.$client.prepare('insert into verification_log (at, outcome) values (?, ?)');
    db.$client.transaction(() => {
      for (let i = 0; i < 999; i += 1) insert.run(0, 'valid');
    })();
    verifyCode('not a code', db);
    expect(outcomesLogged()).toEqual(['malformed']);
  });
});
