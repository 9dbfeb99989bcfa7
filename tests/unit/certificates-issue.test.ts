import { and, eq } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyMigrations, memoryDb, openDatabase, type Db } from '../../db/client.ts';
import { useDb } from '../../src/lib/db.ts';
import { auditLog, certificates } from '../../db/schema.ts';
import {
  currentCertificateForUser,
  issueFaceToFaceCertificate,
  issueOnlineCertificate,
} from '../../src/lib/certificates/issue.ts';
import { reissueCertificate, revokeCertificate } from '../../src/lib/certificates/revoke.ts';
import { config } from '../../src/lib/config.ts';
import { applicant, attempt, driverWithAccount, faceToFace, officer } from './certificates-fixtures.ts';

let db: Db;
beforeEach(() => {
  db = memoryDb();
  useDb(db);
});
afterEach(() => {
  useDb(null);
  vi.restoreAllMocks();
});

/** The online certificate for a passing attempt of `userId`'s, completed on 20 August 2016. */
function certifiedOnline(userId: number) {
  return issueOnlineCertificate(db, { userId, attemptId: attempt(db, userId).id, completedOn: '2016-08-20' });
}

describe('issuing an online certificate', () => {
  it('copies the holder details from the register and sets expiry from the refresher period', () => {
    const { driver, user } = driverWithAccount(db);
    const pass = attempt(db, user.id);
    const issued = db.transaction((tx) =>
      issueOnlineCertificate(tx, { userId: user.id, attemptId: pass.id, completedOn: '2016-08-20' }),
    );
    expect(issued.code).toMatch(/^[23456789A-HJ-NP-Z]{12}$/);
    const row = db.select().from(certificates).where(eq(certificates.id, issued.id)).get();
    expect(row).toMatchObject({
      kind: 'online',
      userId: user.id,
      driverId: driver.id,
      attemptId: pass.id,
      holderName: 'Zoë Ó Súilleabháin-Łukasiewicz',
      badgeNumber: driver.badgeNumber,
      licenceType: 'dual',
      completedOn: '2016-08-20',
      expiresOn: '2019-08-20',
      revokedAt: null,
    });
  });

  it('uses the applicant’s own names when there is no register row', () => {
    const user = applicant(db);
    const pass = attempt(db, user.id);
    const issued = issueOnlineCertificate(db, { userId: user.id, attemptId: pass.id, completedOn: '2016-08-20' });
    const row = db.select().from(certificates).where(eq(certificates.id, issued.id)).get();
    expect(row).toMatchObject({ holderName: 'Amira Haddad', badgeNumber: null, licenceType: null, driverId: null });
  });

  it('gives no expiry date when the refresher period is 0', () => {
    const saved = config.refresherMonths;
    config.refresherMonths = 0;
    try {
      const { user } = driverWithAccount(db);
      const issued = certifiedOnline(user.id);
      expect(db.select().from(certificates).where(eq(certificates.id, issued.id)).get()?.expiresOn).toBeNull();
    } finally {
      config.refresherMonths = saved;
    }
  });

  it('is idempotent: ten concurrent submissions of one pass make exactly one certificate', async () => {
    const { user } = driverWithAccount(db);
    const pass = attempt(db, user.id);
    const results = await Promise.all(
      Array.from({ length: 10 }, async () =>
        db.transaction((tx) =>
          issueOnlineCertificate(tx, { userId: user.id, attemptId: pass.id, completedOn: '2016-08-20' }),
        ),
      ),
    );
    expect(new Set(results.map((r) => r.code)).size).toBe(1);
    expect(db.select().from(certificates).where(eq(certificates.attemptId, pass.id)).all()).toHaveLength(1);
  });

  it('stays single when a second connection (another server process) issues for the same attempt', () => {
    const dir = mkdtempSync(join(tmpdir(), 'certs-'));
    try {
      const first = openDatabase(join(dir, 'portal.db'));
      applyMigrations(first);
      const second = openDatabase(join(dir, 'portal.db'));
      const { user } = driverWithAccount(first);
      const pass = attempt(first, user.id);
      const input = { userId: user.id, attemptId: pass.id, completedOn: '2016-08-20' };
      const a = first.transaction((tx) => issueOnlineCertificate(tx, input), { behavior: 'immediate' });
      const b = second.transaction((tx) => issueOnlineCertificate(tx, input), { behavior: 'immediate' });
      expect(b).toEqual(a);
      expect(second.select().from(certificates).all()).toHaveLength(1);
      first.$client.close();
      second.$client.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the database itself refuses a second certificate for one attempt', () => {
    const { user } = driverWithAccount(db);
    const pass = attempt(db, user.id);
    const first = issueOnlineCertificate(db, { userId: user.id, attemptId: pass.id, completedOn: '2016-08-20' });
    const row = db.select().from(certificates).where(eq(certificates.id, first.id)).get()!;
    expect(() =>
      db
        .insert(certificates)
        .values({ ...row, id: undefined, code: 'ABCDEFGHJKLM' })
        .run(),
    ).toThrow(/UNIQUE/);
  });

  it('refuses to certify an attempt that did not pass or is someone else’s', () => {
    const { user } = driverWithAccount(db);
    const other = driverWithAccount(db, { forenames: 'Sam', surname: 'Jones' });
    const failed = attempt(db, user.id, false);
    expect(() =>
      issueOnlineCertificate(db, { userId: user.id, attemptId: failed.id, completedOn: '2016-08-20' }),
    ).toThrow(/not a pass/);
    const othersPass = attempt(db, other.user.id);
    expect(() =>
      issueOnlineCertificate(db, { userId: user.id, attemptId: othersPass.id, completedOn: '2016-08-20' }),
    ).toThrow(/not a pass/);
    expect(db.select().from(certificates).all()).toHaveLength(0);
  });

  it('tries a fresh code when a new code collides with an existing one', () => {
    const { user } = driverWithAccount(db);
    const earlier = certifiedOnline(user.id);
    db.update(certificates).set({ code: '222222222222' }).where(eq(certificates.id, earlier.id)).run();
    const real = crypto.getRandomValues.bind(crypto);
    const random = vi
      .spyOn(crypto, 'getRandomValues')
      .mockImplementationOnce(<T extends ArrayBufferView | null>(array: T): T => {
        new Uint8Array((array as Uint8Array).buffer).fill(0);
        return array;
      })
      .mockImplementation(real);
    const later = issueOnlineCertificate(db, {
      userId: user.id,
      attemptId: attempt(db, user.id).id,
      completedOn: '2019-08-01',
    });
    expect(random).toHaveBeenCalledTimes(2);
    expect(later.code).not.toBe('222222222222');
    expect(db.select().from(certificates).all()).toHaveLength(2);
  });
});

describe('face-to-face certificates', () => {
  it('certifies a recorded session for the driver, once, marked face to face', () => {
    const { driver, user } = driverWithAccount(db);
    const session = faceToFace(db, driver.id, '2016-03-14');
    const first = issueFaceToFaceCertificate(db, { faceToFaceSessionId: session.id });
    const again = issueFaceToFaceCertificate(db, { faceToFaceSessionId: session.id });
    expect(again).toEqual(first);
    const rows = db.select().from(certificates).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'face_to_face',
      driverId: driver.id,
      userId: user.id,
      completedOn: '2016-03-14',
      expiresOn: '2019-03-14',
      badgeNumber: driver.badgeNumber,
    });
    expect(currentCertificateForUser(user.id)?.id).toBe(first.id);
  });
});

describe('the current certificate for download', () => {
  it('is the newest one not revoked, and none once every one is revoked', () => {
    const { user } = driverWithAccount(db);
    const staff = officer(db);
    const old = certifiedOnline(user.id);
    const renewed = issueOnlineCertificate(db, {
      userId: user.id,
      attemptId: attempt(db, user.id).id,
      completedOn: '2019-08-01',
    });
    expect(currentCertificateForUser(user.id)?.id).toBe(renewed.id);
    revokeCertificate({
      certificateId: renewed.id,
      officerUserId: staff.id,
      reason: 'Assessment taken by someone else',
    });
    expect(currentCertificateForUser(user.id)?.id).toBe(old.id);
    revokeCertificate({ certificateId: old.id, officerUserId: staff.id, reason: 'Assessment taken by someone else' });
    expect(currentCertificateForUser(user.id)).toBeNull();
  });

  it('never returns another driver’s certificate', () => {
    const a = driverWithAccount(db);
    const b = driverWithAccount(db, { forenames: 'Sam', surname: 'Jones' });
    certifiedOnline(a.user.id);
    issueFaceToFaceCertificate(db, { faceToFaceSessionId: faceToFace(db, a.driver.id).id });
    expect(currentCertificateForUser(b.user.id)).toBeNull();
  });
});

describe('revoking and reissuing', () => {
  it('revokes with date, officer and reason, and audits it against the driver', () => {
    const { driver, user } = driverWithAccount(db);
    const staff = officer(db);
    const cert = certifiedOnline(user.id);
    expect(
      revokeCertificate({ certificateId: cert.id, officerUserId: staff.id, reason: '  Identity not confirmed ' }),
    ).toEqual({ ok: true });
    const row = db.select().from(certificates).where(eq(certificates.id, cert.id)).get();
    expect(row?.revokedAt).toBeTypeOf('number');
    expect(row).toMatchObject({ revokedBy: staff.id, revokedReason: 'Identity not confirmed' });
    const entry = db.select().from(auditLog).where(eq(auditLog.action, 'certificate_revoked')).get();
    expect(entry).toMatchObject({ actorUserId: staff.id, driverId: driver.id });
    expect(JSON.parse(entry!.detail)).toEqual({ certificateId: cert.id });
    expect(revokeCertificate({ certificateId: cert.id, officerUserId: staff.id, reason: 'Again' })).toEqual({
      ok: false,
      problem: 'already_revoked',
    });
    expect(revokeCertificate({ certificateId: 9999, officerUserId: staff.id, reason: 'Gone' })).toEqual({
      ok: false,
      problem: 'not_found',
    });
  });

  it('requires a reason', () => {
    const { user } = driverWithAccount(db);
    const cert = certifiedOnline(user.id);
    expect(() => revokeCertificate({ certificateId: cert.id, officerUserId: officer(db).id, reason: '   ' })).toThrow(
      /reason/,
    );
    expect(db.select().from(certificates).where(eq(certificates.id, cert.id)).get()?.revokedAt).toBeNull();
  });

  it('reissues under a new code for the same completion, revoking the old one as "Reissued"', () => {
    const { driver, user } = driverWithAccount(db);
    const staff = officer(db);
    const pass = attempt(db, user.id);
    const old = issueOnlineCertificate(db, { userId: user.id, attemptId: pass.id, completedOn: '2016-08-20' });
    const result = reissueCertificate({ certificateId: old.id, officerUserId: staff.id });
    if (!result.ok) throw new Error(result.problem);
    expect(result.code).not.toBe(old.code);
    const [oldRow, newRow] = [old.id, result.id].map((id) =>
      db.select().from(certificates).where(eq(certificates.id, id)).get()!,
    );
    expect(oldRow).toMatchObject({ revokedReason: 'Reissued', revokedBy: staff.id });
    expect(newRow).toMatchObject({
      kind: 'online',
      userId: user.id,
      driverId: driver.id,
      attemptId: pass.id,
      completedOn: '2016-08-20',
      expiresOn: '2019-08-20',
      revokedAt: null,
    });
    expect(issueOnlineCertificate(db, { userId: user.id, attemptId: pass.id, completedOn: '2016-08-20' })).toEqual({
      id: result.id,
      code: result.code,
    });
    expect(currentCertificateForUser(user.id)?.id).toBe(result.id);
    const entry = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'certificate_reissued'), eq(auditLog.driverId, driver.id)))
      .get();
    expect(JSON.parse(entry!.detail)).toEqual({ certificateId: old.id, newCertificateId: result.id });
    expect(reissueCertificate({ certificateId: old.id, officerUserId: staff.id })).toEqual({
      ok: false,
      problem: 'already_revoked',
    });
  });

  it('reissues a face-to-face certificate with the register’s current spelling', () => {
    const { driver } = driverWithAccount(db, { forenames: 'Zoe', surname: 'Osullivan' });
    const old = issueFaceToFaceCertificate(db, { faceToFaceSessionId: faceToFace(db, driver.id).id });
    db.$client
      .prepare('update drivers set forenames = ?, surname = ? where id = ?')
      .run('Zoë', 'Ó Súilleabháin', driver.id);
    const result = reissueCertificate({ certificateId: old.id, officerUserId: officer(db).id });
    if (!result.ok) throw new Error(result.problem);
    expect(db.select().from(certificates).where(eq(certificates.id, result.id)).get()).toMatchObject({
      kind: 'face_to_face',
      holderName: 'Zoë Ó Súilleabháin',
    });
  });
});
