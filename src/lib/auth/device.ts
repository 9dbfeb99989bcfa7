/**
 * The OWASP "device cookie": a browser that has signed in to an account gets a long-lived random token, kept
 * in the `known_devices` table as a SHA-256 hash. Failures from a known browser count against that browser
 * only, and a known browser with the right password always signs in, so strangers guessing at an account
 * cannot lock its holder out (review F-3).
 */
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { AstroCookies } from 'astro';
import { and, desc, eq, lt, ne, notInArray } from 'drizzle-orm';
import { type Executor } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import { knownDevices } from '../../../db/schema.ts';
import { now } from '../clock.ts';
import { secureCookies } from './session.ts';
import { hashToken } from './one-time-tokens.ts';

/** How long a browser stays known without signing in again. */
export const DEVICE_LIFETIME_MS = 365 * 24 * 60 * 60_000;
/** The most browsers remembered per account; the least recently used is forgotten first. */
export const MAX_DEVICES_PER_USER = 10;

/** The cookie name, `__Host-` prefixed on HTTPS like the session cookie. */
export function deviceCookieName(): string {
  return secureCookies() ? '__Host-device' : 'device';
}

/** The device token the browser sent, if any. */
export function deviceToken(cookies: AstroCookies): string | undefined {
  return cookies.get(deviceCookieName())?.value;
}

/** Whether `token` is a known browser of `userId`, not expired. */
export function isKnownDevice(userId: number, token: string | undefined, db: Executor = getDb()): boolean {
  if (!token || !/^[a-z2-7]{32,64}$/.test(token)) return false;
  const row = db
    .select({ userId: knownDevices.userId, lastUsedAt: knownDevices.lastUsedAt })
    .from(knownDevices)
    .where(eq(knownDevices.tokenHash, hashToken(token)))
    .get();
  return row?.userId === userId && row.lastUsedAt > now().getTime() - DEVICE_LIFETIME_MS;
}

/**
 * After a successful sign-in: refreshes the browser's device token if it is already known for this user,
 * else issues a new one and sets the cookie. Keeps at most `MAX_DEVICES_PER_USER` per account and drops
 * expired ones, so the table stays bounded.
 */
export function rememberDevice(cookies: AstroCookies, userId: number, db: Executor = getDb()): void {
  const at = now().getTime();
  const existing = deviceToken(cookies);
  let token: string;
  if (existing && isKnownDevice(userId, existing, db)) {
    token = existing;
    db.update(knownDevices)
      .set({ lastUsedAt: at })
      .where(eq(knownDevices.tokenHash, hashToken(token)))
      .run();
  } else {
    token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(24)));
    db.insert(knownDevices)
      .values({ tokenHash: hashToken(token), userId, createdAt: at, lastUsedAt: at })
      .run();
  }
  const keep = db
    .select({ tokenHash: knownDevices.tokenHash })
    .from(knownDevices)
    .where(eq(knownDevices.userId, userId))
    .orderBy(desc(knownDevices.lastUsedAt))
    .limit(MAX_DEVICES_PER_USER)
    .all()
    .map((r) => r.tokenHash);
  db.delete(knownDevices)
    .where(and(eq(knownDevices.userId, userId), notInArray(knownDevices.tokenHash, keep)))
    .run();
  db.delete(knownDevices)
    .where(lt(knownDevices.lastUsedAt, at - DEVICE_LIFETIME_MS))
    .run();
  cookies.set(deviceCookieName(), token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookies(),
    path: '/',
    maxAge: Math.floor(DEVICE_LIFETIME_MS / 1000),
  });
}

/**
 * Forgets the browsers an account knows, inside the caller's transaction. After a password reset or change a
 * device cookie issued before it must not keep counting (the browser may be the one whose holder lost control of
 * the account): every browser starts again as a stranger until it signs in with the new password. A change made
 * while signed in keeps `keepToken`, the browser it was made from, as the session there stays too.
 */
export function forgetDevices(userId: number, db: Executor = getDb(), keepToken?: string): void {
  const others = keepToken ? [ne(knownDevices.tokenHash, hashToken(keepToken))] : [];
  db.delete(knownDevices)
    .where(and(eq(knownDevices.userId, userId), ...others))
    .run();
}

/** Removes the device cookie from this browser; its record is gone, so the cookie would be no use anyway. */
export function clearDeviceCookie(cookies: AstroCookies): void {
  cookies.delete(deviceCookieName(), { path: '/', secure: secureCookies(), httpOnly: true, sameSite: 'lax' });
}
