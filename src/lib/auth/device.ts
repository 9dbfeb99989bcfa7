/**
 * The OWASP "device cookie": a browser that has signed in to an account gets a long-lived random token, kept
 * in the `known_devices` table as a SHA-256 hash. Failures from a known browser count against that browser
 * only, and a known browser with the right password always signs in, so strangers guessing at an account
 * cannot lock its holder out (review F-3).
 */
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { AstroCookies } from 'astro';
import { and, desc, eq, lt, ne, notInArray, sql } from 'drizzle-orm';
import { type Executor } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import { knownDevices } from '../../../db/schema.ts';
import { now } from '../clock.ts';
import { secureCookies } from './session.ts';
import { hashToken } from './one-time-tokens.ts';
import { preparedOnce } from '../prepared.ts';

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

const deviceRow = preparedOnce((db: Executor) =>
  db
    .select({ userId: knownDevices.userId, lastUsedAt: knownDevices.lastUsedAt })
    .from(knownDevices)
    .where(eq(knownDevices.tokenHash, sql.placeholder('tokenHash')))
    .prepare(),
);

/** Whether `token` is a known browser of `userId`, not expired. */
export function isKnownDevice(userId: number, token: string | undefined, db: Executor = getDb()): boolean {
  if (!token || !/^[a-z2-7]{32,64}$/.test(token)) return false;
  const row = deviceRow(db).get({ tokenHash: hashToken(token) });
  return row?.userId === userId && row.lastUsedAt > now().getTime() - DEVICE_LIFETIME_MS;
}

/** Every sign-in runs these: prepared once rather than built by drizzle each time. */
const touchDevice = preparedOnce((db: Executor) =>
  db
    .update(knownDevices)
    .set({ lastUsedAt: sql`${sql.placeholder('at')}` })
    .where(eq(knownDevices.tokenHash, sql.placeholder('tokenHash')))
    .prepare(),
);

const addDevice = preparedOnce((db: Executor) =>
  db
    .insert(knownDevices)
    .values({
      tokenHash: sql.placeholder('tokenHash'),
      userId: sql.placeholder('userId'),
      createdAt: sql.placeholder('at'),
      lastUsedAt: sql.placeholder('at'),
    })
    .prepare(),
);

/** Keeps the account's `MAX_DEVICES_PER_USER` most recently used browsers. */
const trimDevices = preparedOnce((db: Executor) =>
  db
    .delete(knownDevices)
    .where(
      and(
        eq(knownDevices.userId, sql.placeholder('userId')),
        notInArray(
          knownDevices.tokenHash,
          db
            .select({ tokenHash: knownDevices.tokenHash })
            .from(knownDevices)
            .where(eq(knownDevices.userId, sql.placeholder('userId')))
            .orderBy(desc(knownDevices.lastUsedAt))
            .limit(MAX_DEVICES_PER_USER),
        ),
      ),
    )
    .prepare(),
);

const dropExpiredDevices = preparedOnce((db: Executor) =>
  db
    .delete(knownDevices)
    .where(lt(knownDevices.lastUsedAt, sql.placeholder('before')))
    .prepare(),
);

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
    touchDevice(db).run({ at, tokenHash: hashToken(token) });
  } else {
    token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(24)));
    addDevice(db).run({ tokenHash: hashToken(token), userId, at });
  }
  trimDevices(db).run({ userId });
  dropExpiredDevices(db).run({ before: at - DEVICE_LIFETIME_MS });
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
