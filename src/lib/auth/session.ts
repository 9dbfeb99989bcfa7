/**
 * Sessions as the Lucia guide describes them (lucia-auth.com), written with
 * @oslojs: the cookie holds `<id>.<secret>`; the database keeps only the id
 * and a SHA-256 hash of the secret, compared in constant time. Sessions end
 * after a period of inactivity or an absolute lifetime, both shorter for
 * officers than for drivers.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { and, eq, ne } from 'drizzle-orm';
import type { AstroCookies } from 'astro';
import { getDb, type Executor } from '../../../db/client.ts';
import { sessions, users, type Role } from '../../../db/schema.ts';
import { now } from '../clock.ts';

const MINUTE = 60_000;
/** Inactivity timeout and absolute lifetime by role, in milliseconds. */
export const SESSION_LIMITS: Record<Role, { idle: number; absolute: number }> = {
  driver: { idle: 7 * 24 * 60 * MINUTE, absolute: 30 * 24 * 60 * MINUTE },
  officer: { idle: 30 * MINUTE, absolute: 12 * 60 * MINUTE },
  admin: { idle: 30 * MINUTE, absolute: 12 * 60 * MINUTE },
};
/** Refresh last-seen at most this often, so reads do not write on every request. */
const TOUCH_INTERVAL = MINUTE;

export interface SessionUser {
  id: number;
  email: string;
  role: Role;
  driverId: number | null;
  isApplicant: boolean;
}

export interface Session {
  id: string;
  userId: number;
  createdAt: number;
  lastSeenAt: number;
  /** When the session passed the officer's second factor; null until then (and always for drivers). */
  secondFactorAt: number | null;
}

function randomSecret(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

function hashSecret(secret: string): Buffer {
  return Buffer.from(sha256(new TextEncoder().encode(secret)));
}

/** Creates a session for a user and returns the token for the cookie (never stored). */
export function createSession(userId: number): { token: string; session: Session } {
  const id = randomSecret();
  const secret = randomSecret();
  const at = now().getTime();
  getDb()
    .insert(sessions)
    .values({ id, secretHash: hashSecret(secret), userId, createdAt: at, lastSeenAt: at })
    .run();
  return {
    token: `${id}.${secret}`,
    session: { id, userId, createdAt: at, lastSeenAt: at, secondFactorAt: null },
  };
}

/** Checks a cookie token; returns the session and user, or null if invalid, expired or disabled. */
export function validateSessionToken(token: string): { session: Session; user: SessionUser } | null {
  const [id, secret, extra] = token.split('.');
  if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return null;
  const db = getDb();
  const row = db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id))
    .get();
  if (!row) return null;
  if (!constantTimeEqual(new Uint8Array(row.session.secretHash), new Uint8Array(hashSecret(secret)))) return null;
  const at = now().getTime();
  const limits = SESSION_LIMITS[row.user.role];
  if (
    row.user.disabledAt !== null ||
    at - row.session.lastSeenAt >= limits.idle ||
    at - row.session.createdAt >= limits.absolute
  ) {
    db.delete(sessions).where(eq(sessions.id, id)).run();
    return null;
  }
  if (at - row.session.lastSeenAt >= TOUCH_INTERVAL) {
    db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id)).run();
    row.session.lastSeenAt = at;
  }
  const { secretHash: _omit, ...session } = row.session;
  return {
    session,
    user: {
      id: row.user.id,
      email: row.user.email,
      role: row.user.role,
      driverId: row.user.driverId,
      isApplicant: row.user.isApplicant,
    },
  };
}

/** Ends one session (sign-out). */
export function invalidateSession(sessionId: string): void {
  getDb().delete(sessions).where(eq(sessions.id, sessionId)).run();
}

/**
 * Ends every session a user has (password reset, account disabled), or every
 * one but `exceptSessionId` (password changed from that session). Joins the
 * caller's transaction when given one.
 */
export function invalidateUserSessions(userId: number, exceptSessionId?: string, db: Executor = getDb()): void {
  const which = exceptSessionId
    ? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId))
    : eq(sessions.userId, userId);
  db.delete(sessions).where(which).run();
}

/** The cookie name: `__Host-` prefixed when served over HTTPS, as the browser then enforces Secure and Path=/. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-session' : 'session';
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Path=/, Secure over HTTPS. */
export function setSessionCookie(cookies: AstroCookies, token: string, secure: boolean, role: Role): void {
  cookies.set(sessionCookieName(secure), token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: Math.floor(SESSION_LIMITS[role].absolute / 1000),
  });
}

/** Removes the session cookie. */
export function deleteSessionCookie(cookies: AstroCookies, secure: boolean): void {
  cookies.delete(sessionCookieName(secure), { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

/**
 * Signs a user in: ends the session the browser already had (a new session
 * at every sign-in defeats session fixation), starts a new one and sets its
 * cookie.
 */
export function startSession(
  cookies: AstroCookies,
  user: { id: number; role: Role },
  secure: boolean,
  previous: Session | null,
): void {
  if (previous) invalidateSession(previous.id);
  const { token } = createSession(user.id);
  getDb().update(users).set({ lastSignInAt: now().getTime() }).where(eq(users.id, user.id)).run();
  setSessionCookie(cookies, token, secure, user.role);
}
