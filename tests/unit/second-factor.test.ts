import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryDb, type Db } from '../../db/client.ts';
import type { Role } from '../../db/schema.ts';
import { insertUser } from '../support/factory.ts';
import { useDb } from '../../src/lib/db.ts';
import { setClock } from '../../src/lib/clock.ts';
import { resetNeedsSecondFactor } from '../../src/lib/auth/password-reset.ts';
import {
  beginEnrolment,
  confirmEnrolment,
  hasSecondFactor,
  passSecondFactor,
  resetSecondFactor,
} from '../../src/lib/auth/second-factor.ts';
import { createSession, validateSessionToken } from '../../src/lib/auth/session.ts';

const AT = new Date('2026-12-02T10:00:00Z');
const STEP = Math.floor(AT.getTime() / 30_000);

afterEach(() => {
  useDb(null);
  setClock(null);
});

function officer(db: Db, email = 'officer@example.test', role: Role = 'officer'): number {
  return insertUser(db.$client, { email, role, passwordHash: 'x' });
}

async function enrolled(db: Db) {
  useDb(db);
  setClock(() => AT);
  const userId = officer(db);
  const { secret, uri, qrSvg } = await beginEnrolment(userId);
  const key = decodeBase32IgnorePadding(secret);
  const { session, token } = createSession(userId);
  const result = confirmEnrolment(userId, generateHOTP(key, BigInt(STEP), 6), session.id);
  if (!result.ok) throw new Error('enrolment failed');
  return { userId, key, uri, qrSvg, token, codes: result.recoveryCodes };
}

describe('officer second factor', () => {
  it('enrols with a QR code and a typed code, keeps the key encrypted and marks the session', async () => {
    const db = memoryDb();
    const { userId, key, uri, qrSvg, token, codes } = await enrolled(db);
    expect(uri).toMatch(/^otpauth:\/\/totp\/.*period=30/);
    expect(qrSvg).toMatch(/^<svg/);
    expect(hasSecondFactor(userId)).toBe(true);
    expect(codes).toHaveLength(10);
    const stored = db.$client.prepare('select totp_key from users where id = ?').pluck().get(userId) as Buffer;
    expect(Buffer.from(stored).includes(Buffer.from(key))).toBe(false);
    const hashes = db.$client.prepare('select code_hash from recovery_codes where user_id = ?').pluck().all(userId);
    expect(hashes).toHaveLength(10);
    for (const code of codes) expect(hashes).not.toContain(code);
    expect(validateSessionToken(token)?.session.secondFactorAt).toBe(AT.getTime());
  });

  it('accepts each TOTP code once and refuses a code from another time', async () => {
    const db = memoryDb();
    const { userId, key } = await enrolled(db);
    const { session } = createSession(userId);
    expect(passSecondFactor(userId, generateHOTP(key, BigInt(STEP), 6), session.id)).toMatchObject({ ok: false });
    expect(passSecondFactor(userId, generateHOTP(key, BigInt(STEP + 5), 6), session.id)).toMatchObject({ ok: false });
    expect(passSecondFactor(userId, generateHOTP(key, BigInt(STEP + 1), 6), session.id)).toMatchObject({
      ok: true,
      method: 'totp',
    });
  });

  it('refuses a recovery code the second time', async () => {
    const db = memoryDb();
    const { userId, codes } = await enrolled(db);
    const { session } = createSession(userId);
    expect(passSecondFactor(userId, codes[3]!, session.id)).toMatchObject({ ok: true, remainingRecoveryCodes: 9 });
    expect(passSecondFactor(userId, codes[3]!, session.id)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('makes an officer password reset need the second factor', async () => {
    const db = memoryDb();
    const { userId } = await enrolled(db);
    expect(resetNeedsSecondFactor(userId)).toBe(true);
  });

  it('lets an admin reset another officer (audited, sessions ended), never their own', async () => {
    const db = memoryDb();
    const { userId, token } = await enrolled(db);
    const admin = officer(db, 'admin@example.test', 'admin');
    expect(resetSecondFactor(userId, userId)).toBe(false);
    expect(resetSecondFactor(admin, userId)).toBe(true);
    expect(hasSecondFactor(userId)).toBe(false);
    expect(validateSessionToken(token)).toBeNull();
    const audit = db.$client
      .prepare(`select actor_user_id, detail from audit_log where action = ?`)
      .get('second_factor_reset');
    expect(audit).toEqual({ actor_user_id: admin, detail: JSON.stringify({ userId }) });
  });
});
