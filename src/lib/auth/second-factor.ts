/**
 * Officers' second factor (ASVS 6.3.3): TOTP as RFC 6238 defines it (30-second steps, 6 digits, HMAC-SHA1, the
 * settings every authenticator app reads from an `otpauth://` link), enrolled at the first sign-in, plus ten
 * single-use recovery codes stored as SHA-256 hashes. The TOTP key is kept encrypted with AES-256-GCM under a key
 * in a separate file, so a copy of the database alone does not give anyone an officer's codes. A code is accepted
 * once: the last time step used is remembered, so a code seen over a shoulder cannot be replayed.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32UpperCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp';
import { and, eq, isNull } from 'drizzle-orm';
import QRCode from 'qrcode';
import { type Executor } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import { recoveryCodes, sessions, users, type Role } from '../../../db/schema.ts';
import { audit } from '../audit.ts';
import { now } from '../clock.ts';
import { config, secondFactorKeyFile } from '../config.ts';
import { logEvent } from '../log.ts';
import { TokenBucket } from './rate-limit.ts';
import { invalidateUserSessions } from './session.ts';

const STEP_SECONDS = 30;
const DIGITS = 6;
/** One step either side, for a phone clock a little out and the seconds it takes to type. */
const WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;
/** Five guesses at once per officer, then one every 30 seconds: a 6-digit code cannot be brute-forced. */
const attempts = new TokenBucket('second-factor', 5, 30_000);

/** Whether accounts of this role must pass a second factor before any officer page. */
export function needsSecondFactor(role: Role): boolean {
  return role === 'officer' || role === 'admin';
}

let cachedKey: Buffer | null = null;

/** The encryption key for TOTP keys at rest: read from its file, or created there (0600) on first use. */
function storageKey(): Buffer {
  if (cachedKey) return cachedKey;
  const file = secondFactorKeyFile();
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process created it between the check and the write: use theirs.
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
    }
    chmodSync(file, 0o600);
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  if (key.length !== 32) throw new Error(`${file} must hold 64 hexadecimal characters`);
  cachedKey = key;
  return key;
}

function seal(plain: Uint8Array): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', storageKey(), iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function unseal(sealed: Buffer): Uint8Array {
  const decipher = createDecipheriv('aes-256-gcm', storageKey(), sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return new Uint8Array(Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]));
}

function currentStep(): number {
  return Math.floor(now().getTime() / 1000 / STEP_SECONDS);
}

function hashRecoveryCode(code: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(normaliseRecoveryCode(code))));
}

/** Recovery codes are typed as people copy them: case, spaces and dashes do not matter. */
function normaliseRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

function newRecoveryCode(): string {
  const raw = encodeBase32UpperCaseNoPadding(randomBytes(10));
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}-${raw.slice(12, 16)}`;
}

type OfficerRow = typeof users.$inferSelect;

function officer(db: Executor, userId: number): OfficerRow {
  const row = db.select().from(users).where(eq(users.id, userId)).get();
  if (!row || !needsSecondFactor(row.role)) throw new Error(`User ${userId} is not an officer`);
  return row;
}

/** Whether an officer has a confirmed second factor (false while only enrolling). */
export function hasSecondFactor(userId: number, db: Executor = getDb()): boolean {
  return officer(db, userId).totpConfirmedAt !== null;
}

export interface Enrolment {
  /** The key as base32 text, for typing into an app that cannot scan. */
  secret: string;
  /** The `otpauth://` link the QR code holds. */
  uri: string;
  /** The QR code as an SVG document, rendered here on the server. */
  qrSvg: string;
}

/**
 * Starts (or resumes) enrolment for an officer with no confirmed second factor: a new random key is stored,
 * encrypted, and shown until a code from it is typed back.
 */
export async function beginEnrolment(userId: number): Promise<Enrolment> {
  const db = getDb();
  const row = officer(db, userId);
  if (row.totpConfirmedAt !== null) throw new Error('The second factor is already set up');
  let key: Uint8Array;
  if (row.totpKey) {
    key = unseal(row.totpKey);
  } else {
    key = new Uint8Array(randomBytes(20));
    db.update(users)
      .set({ totpKey: seal(key), totpLastStep: null })
      .where(eq(users.id, userId))
      .run();
  }
  const uri = createTOTPKeyURI(config.siteName, row.email, key, STEP_SECONDS, DIGITS);
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret: encodeBase32UpperCaseNoPadding(key), uri, qrSvg };
}

/** The matching time step for a code from this key, later than any used before; null if none. */
function matchingStep(key: Uint8Array, code: string, lastStep: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const step = currentStep();
  for (let s = step - WINDOW; s <= step + WINDOW; s += 1) {
    if (lastStep !== null && s <= lastStep) continue;
    if (generateHOTP(key, BigInt(s), DIGITS) === code) return s;
  }
  return null;
}

export type SecondFactorResult =
  | { ok: true; method: 'totp' | 'recovery_code'; remainingRecoveryCodes: number }
  | { ok: false; reason: 'invalid' | 'throttled' };

function remainingCodes(db: Executor, userId: number): number {
  return db
    .select({ id: recoveryCodes.id })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
    .all().length;
}

/**
 * Confirms enrolment with a code from the new key: the second factor becomes active, ten recovery codes are
 * made (shown once, returned here) and the session is marked as having passed it.
 */
export function confirmEnrolment(
  userId: number,
  code: string,
  sessionId: string,
): { ok: true; recoveryCodes: string[] } | { ok: false; reason: 'invalid' | 'throttled' } {
  if (!attempts.consume(String(userId))) return { ok: false, reason: 'throttled' };
  const db = getDb();
  const row = officer(db, userId);
  if (row.totpConfirmedAt !== null || !row.totpKey) return { ok: false, reason: 'invalid' };
  const step = matchingStep(unseal(row.totpKey), code.trim(), row.totpLastStep);
  if (step === null) return { ok: false, reason: 'invalid' };
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  db.transaction((tx) => {
    tx.update(users).set({ totpConfirmedAt: now().getTime(), totpLastStep: step }).where(eq(users.id, userId)).run();
    tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
    tx.insert(recoveryCodes)
      .values(codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })))
      .run();
    markSessionPassed(tx, sessionId);
    audit({ actorUserId: userId, action: 'second_factor_enrolled' }, tx);
  });
  attempts.reset(String(userId));
  return { ok: true, recoveryCodes: codes };
}

/**
 * Checks a TOTP code or an unused recovery code for an officer with a confirmed second factor. A recovery
 * code is spent in the same transaction that accepts it, so it works once only.
 */
export function checkSecondFactor(userId: number, code: string, db: Executor = getDb()): SecondFactorResult {
  if (!attempts.consume(String(userId))) {
    logEvent('second_factor_throttled', { userId });
    return { ok: false, reason: 'throttled' };
  }
  const row = officer(db, userId);
  if (row.totpConfirmedAt === null || !row.totpKey) return { ok: false, reason: 'invalid' };
  const typed = code.trim();
  const step = matchingStep(unseal(row.totpKey), typed.replace(/\s/g, ''), row.totpLastStep);
  if (step !== null) {
    db.update(users).set({ totpLastStep: step }).where(eq(users.id, userId)).run();
    attempts.reset(String(userId));
    return { ok: true, method: 'totp', remainingRecoveryCodes: remainingCodes(db, userId) };
  }
  const spent = db
    .update(recoveryCodes)
    .set({ usedAt: now().getTime() })
    .where(
      and(
        eq(recoveryCodes.userId, userId),
        eq(recoveryCodes.codeHash, hashRecoveryCode(typed)),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ id: recoveryCodes.id })
    .get();
  if (!spent) {
    audit({ actorUserId: userId, action: 'second_factor_failed' }, db);
    return { ok: false, reason: 'invalid' };
  }
  const remaining = remainingCodes(db, userId);
  audit({ actorUserId: userId, action: 'recovery_code_used', detail: { remaining } }, db);
  attempts.reset(String(userId));
  return { ok: true, method: 'recovery_code', remainingRecoveryCodes: remaining };
}

function markSessionPassed(db: Executor, sessionId: string): void {
  db.update(sessions).set({ secondFactorAt: now().getTime() }).where(eq(sessions.id, sessionId)).run();
}

/** Checks a code at sign-in and, when it is right, marks the session as having passed the second factor. */
export function passSecondFactor(userId: number, code: string, sessionId: string): SecondFactorResult {
  return getDb().transaction((tx) => {
    const result = checkSecondFactor(userId, code, tx);
    if (result.ok) {
      markSessionPassed(tx, sessionId);
      audit({ actorUserId: userId, action: 'second_factor_passed', detail: { method: result.method } }, tx);
    }
    return result;
  });
}

/**
 * An admin clears another officer's second factor (lost phone and codes): the officer enrols again at their
 * next sign-in, and every session they had ends now.
 */
export function resetSecondFactor(actorUserId: number, targetUserId: number): boolean {
  if (actorUserId === targetUserId) return false;
  const db = getDb();
  return db.transaction((tx) => {
    const target = tx.select().from(users).where(eq(users.id, targetUserId)).get();
    if (!target || !needsSecondFactor(target.role)) return false;
    tx.update(users)
      .set({ totpKey: null, totpConfirmedAt: null, totpLastStep: null })
      .where(eq(users.id, targetUserId))
      .run();
    tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, targetUserId)).run();
    invalidateUserSessions(targetUserId, undefined, tx);
    audit({ actorUserId, action: 'second_factor_reset', detail: { userId: targetUserId } }, tx);
    return true;
  });
}
