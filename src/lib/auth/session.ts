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
import { and, eq, ne, sql } from 'drizzle-orm';
import type { AstroCookies } from 'astro';
import { type Executor } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import { sessions, users, type Role } from '../../../db/schema.ts';
import { now } from '../clock.ts';
import { config } from '../config.ts';
import { preparedOnce } from '../prepared.ts';

const MINUTE = 60_000;
/** Inactivity timeout and absolute lifetime by role, in milliseconds. */
export const SESSION_LIMITS: Record<Role, { idle: number; absolute: number }> = {
  driver: { idle: 7 * 24 * 60 * MINUTE, absolute: 30 * 24 * 60 * MINUTE },
  officer: { idle: 30 * MINUTE, absolute: 12 * 60 * MINUTE },
  admin: { idle: 30 * MINUTE, absolute: 12 * 60 * MINUTE },
};

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
export function createSession(userId: number, db: Executor = getDb()): { token: string; session: Session } {
  const id = randomSecret();
  const secret = randomSecret();
  const at = now().getTime();
  db.insert(sessions)
    .values({ id, secretHash: hashSecret(secret), userId, createdAt: at, lastSeenAt: at })
    .run();
  return {
    token: `${id}.${secret}`,
    session: { id, userId, createdAt: at, lastSeenAt: at, secondFactorAt: null },
  };
}

const sessionWithUser = preparedOnce((db) =>
  db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder('id')))
    .prepare(),
);

const touchSession = preparedOnce((db) =>
  db
    .update(sessions)
    .set({ lastSeenAt: sql`${sql.placeholder('at')}` })
    .where(eq(sessions.id, sql.placeholder('id')))
    .prepare(),
);

/**
 * Checks a cookie token; returns the session and user, or null if invalid, expired or disabled.
 * As the Lucia guide does, last-seen is written only once half the inactivity timeout has passed,
 * so most requests only read; `fresh` says it was, and the cookie should be sent again.
 */
export function validateSessionToken(token: string): { session: Session; user: SessionUser; fresh: boolean } | null {
  const [id, secret, extra] = token.split('.');
  if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return null;
  const db = getDb();
  const row = sessionWithUser(db).get({ id });
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
  const fresh = at - row.session.lastSeenAt >= limits.idle / 2;
  if (fresh) {
    touchSession(db).run({ id, at });
    row.session.lastSeenAt = at;
  }
  const { secretHash: _omit, ...session } = row.session;
  return {
    fresh,
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

/**
 * Whether cookies are Secure and `__Host-` prefixed. Decided by the configured public address, never by the
 * request: behind a proxy that sends no `X-Forwarded-Proto` every request looks like plain HTTP (review F-10).
 */
export function secureCookies(): boolean {
  return config.baseUrl.startsWith('https:');
}

/** The cookie name: `__Host-` prefixed when served over HTTPS, as the browser then enforces Secure and Path=/. */
export function sessionCookieName(): string {
  return secureCookies() ? '__Host-session' : 'session';
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Path=/, Secure over HTTPS. */
export function setSessionCookie(cookies: AstroCookies, token: string, role: Role): void {
  cookies.set(sessionCookieName(), token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookies(),
    path: '/',
    maxAge: Math.floor(SESSION_LIMITS[role].absolute / 1000),
  });
}

/** Removes the session cookie. */
export function deleteSessionCookie(cookies: AstroCookies): void {
  cookies.delete(sessionCookieName(), { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies() });
}

/**
 * Signs a user in: ends the session the browser already had (a new session
 * at every sign-in defeats session fixation), starts a new one and sets its
 * cookie.
 */
export function startSession(cookies: AstroCookies, user: { id: number; role: Role }, previous: Session | null): void {
  if (previous) invalidateSession(previous.id);
  const { token } = createSession(user.id);
  getDb().update(users).set({ lastSignInAt: now().getTime() }).where(eq(users.id, user.id)).run();
  setSessionCookie(cookies, token, user.role);
}
