/**
 * A fresh server of the built site on its own empty database, for officer
 * journeys that need exact whole-register counts (the shared e2e server's
 * register also holds other specs' drivers) and the setup link that `npm
 * start` prints on a database with no officer; and the officer's second-factor enrolment, with codes computed
 * here as an authenticator app would.
 */
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import { expect, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (this file is in tests/e2e/). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface FreshServer {
  baseURL: string;
  /** The line `npm start` printed with the first-admin setup link. */
  setupLink: string;
  db: Database.Database;
  /** The server's data folder: the database, `outbox/` and `letters/`. */
  dataDir: string;
  stop(): void;
}

/** Extra settings for a fresh server; a spec that runs beside another fresh server needs its own port offset. */
export interface FreshServerOptions {
  env?: Record<string, string>;
  /** Added to E2E_PORT; 100 unless given. */
  portOffset?: number;
}

/** Starts `src/cli/start.ts` on an empty database with the clock pinned to `now`; resolves once it serves. */
export async function startFreshServer(now: string, options: FreshServerOptions = {}): Promise<FreshServer> {
  const port = Number(process.env.E2E_PORT || 4399) + (options.portOffset ?? 100);
  const baseURL = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'portal-officer-'));
  const child: ChildProcess = spawn('npx', ['tsx', 'src/cli/start.ts'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      SKIP_BUILD: '1',
      DATABASE_PATH: join(dir, 'portal.db'),
      MAIL_OUTBOX_DIR: join(dir, 'outbox'),
      REMINDER_LETTERS_DIR: join(dir, 'letters'),
      PUBLIC_BASE_URL: baseURL,
      PORTAL_NOW: now,
      PORTAL_LOG: 'silent',
      ...options.env,
    },
  });
  const stop = () => {
    if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
  };
  const setupLink = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const link = out.match(/https?:\/\/\S+\/officer\/setup\/\S+/);
      if (link && out.includes('Serving on')) {
        clearTimeout(timer);
        resolve(link[0]);
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  }).catch((e: unknown) => {
    stop();
    throw e;
  });
  const db = new Database(join(dir, 'portal.db'));
  db.pragma('busy_timeout = 5000');
  return { baseURL, setupLink, db, dataDir: dir, stop };
}

/** The TOTP code (RFC 6238: 30-second steps, 6 digits) for a base32 key at a time step. */
export function totpCode(secret: string, step: number): string {
  return generateHOTP(decodeBase32IgnorePadding(secret), BigInt(step), 6);
}

/** The RFC 6238 time step of an instant (the server's pinned clock, or now). */
export function totpStep(at: Date | string = new Date()): number {
  return Math.floor(new Date(at).getTime() / 30_000);
}

export interface Enrolled {
  secret: string;
  /** The time step whose code enrolled the key: the server accepts only later steps from now on. */
  step: number;
  recoveryCodes: string[];
}

/**
 * Completes the second-factor enrolment an officer meets at first sign-in, as the officer would: reads the key
 * shown as text, types the code an authenticator app would show for the server's time (`at`), keeps the
 * recovery codes and continues to where they were going.
 */
export async function enrolSecondFactor(page: Page, at: Date | string = new Date()): Promise<Enrolled> {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Set up your security code');
  const secret = (await page.locator('#totp-secret').textContent())!.trim();
  const step = totpStep(at);
  await page.getByLabel('Code from your app').fill(totpCode(secret, step));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Save your recovery codes');
  const recoveryCodes = (
    await page.getByRole('list', { name: 'Recovery codes' }).locator('code').allTextContents()
  ).map((c) => c.trim());
  await page.getByRole('link', { name: 'Continue' }).click();
  return { secret, step, recoveryCodes };
}
