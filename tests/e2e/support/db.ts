/**
 * Direct access to the e2e server's database, for arranging facts a journey
 * needs (a register row, a signed-in session) without walking other journeys.
 * The server runs SQLite in WAL mode, so a second connection is safe.
 */
import Database from 'better-sqlite3';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { BrowserContext } from '@playwright/test';
import { join } from 'node:path';

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

/** Inserts a register row and returns its id. */
export function insertDriver(
  db: Database.Database,
  row: {
    badgeNumber: string;
    surname: string;
    forenames: string;
    licenceType?: string;
    licenceExpiry?: string;
    dateOfBirth?: string | null;
  },
): number {
  const at = Date.now();
  const result = db
    .prepare(
      `insert into drivers (badge_number, surname, forenames, licence_type, licence_expiry, date_of_birth, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      row.badgeNumber,
      row.surname,
      row.forenames,
      row.licenceType ?? 'private_hire',
      row.licenceExpiry ?? '2030-01-01',
      row.dateOfBirth ?? null,
      at,
      at,
    );
  return Number(result.lastInsertRowid);
}

/** Inserts a user (no password: sign in with `signInAs`) and returns its id. */
export function insertUser(
  db: Database.Database,
  row: { email: string; role: 'driver' | 'officer' | 'admin'; driverId?: number | null; isApplicant?: boolean },
): number {
  const result = db
    .prepare(`insert into users (email, role, driver_id, is_applicant, created_at) values (?, ?, ?, ?, ?)`)
    .run(row.email, row.role, row.driverId ?? null, row.isApplicant ? 1 : 0, Date.now());
  return Number(result.lastInsertRowid);
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
  const random = () => encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(24)));
  const id = random();
  const secret = random();
  const at = Date.now();
  const role = db.prepare('select role from users where id = ?').pluck().get(userId);
  db.prepare(
    `insert into sessions (id, secret_hash, user_id, created_at, last_seen_at, second_factor_at)
     values (?, ?, ?, ?, ?, ?)`,
  ).run(id, Buffer.from(sha256(new TextEncoder().encode(secret))), userId, at, at, role === 'driver' ? null : at);
  const token = `${id}.${secret}`;
  await context.addCookies([{ name: 'session', value: token, url: baseURL, httpOnly: true, sameSite: 'Lax' }]);
  return token;
}
