/**
 * Direct access to the e2e server's database, for arranging facts a journey
 * needs (a register row, a signed-in session) without walking other journeys.
 * The server runs SQLite in WAL mode, so a second connection is safe.
 */
import Database from 'better-sqlite3';
import type { BrowserContext } from '@playwright/test';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from '../../../db/schema.ts';
import { createSession, sessionCookieName } from '../../../src/lib/auth/session.ts';
import { join } from 'node:path';
import { insertDriver, insertUser as insertUserRow, type DriverFacts, type UserFacts } from '../../support/factory.ts';
export { insertDriver };

/** Opens the database the e2e web server uses. */
export function e2eDb(): Database.Database {
  const dir = process.env.E2E_DATA_DIR;
  if (!dir) throw new Error('E2E_DATA_DIR is not set: run through tests/playwright.config.ts');
  const db = new Database(join(dir, 'portal.db'));
  db.pragma('busy_timeout = 5000');
  return db;
}

let counter = 0;
/** A badge number no other test uses. */
export function uniqueBadge(prefix = 'T'): string {
  counter += 1;
  return `${prefix}${process.pid}${Date.now().toString(36)}${counter}`.toUpperCase();
}

/** A register row under a badge number no other test uses, as a driver about to register would have. */
export function driverOnRegister(
  db: Database.Database,
  facts: Omit<DriverFacts, 'badgeNumber'>,
): { badge: string; driverId: number } {
  const badge = uniqueBadge();
  return { badge, driverId: insertDriver(db, { badgeNumber: badge, ...facts }) };
}

/**
 * Inserts an account (no password unless given: sign in with `signInAs`) created now, and returns its id. Now,
 * not the factory's 0: the server's retention rule and applicants list read when an account was created.
 */
export function insertUser(db: Database.Database, facts: UserFacts): number {
  return insertUserRow(db, { createdAt: Date.now(), ...facts });
}

/**
 * Creates a server-side session for a user and puts its cookie in the browser context. An officer's session is
 * created as having passed the second factor (that journey has its own test, tests/e2e/second-factor.spec.ts).
 */
export async function signInAs(
  context: BrowserContext,
  db: Database.Database,
  userId: number,
  baseURL: string,
): Promise<string> {
  // The portal's own session code, on this connection: the e2e server reads the same database. Officers
  // arrive as if they had passed the second factor (second-factor.spec.ts walks that step itself).
  const { token, session } = createSession(userId, drizzle(db, { schema }));
  const role = db.prepare('select role from users where id = ?').pluck().get(userId);
  if (role !== 'driver')
    db.prepare('update sessions set second_factor_at = ? where id = ?').run(Date.now(), session.id);
  await context.addCookies([
    { name: sessionCookieName(), value: token, url: baseURL, httpOnly: true, sameSite: 'Lax' },
  ]);
  return token;
}
