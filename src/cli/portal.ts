/**
 * Starting the portal, shared by `npm start` and `npm run demo`: build if the
 * sources are newer than the last build, apply migrations to the database at
 * DATABASE_PATH, then serve on HOST:PORT (default 127.0.0.1:4321).
 */
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyMigrations } from '../../db/client.ts';
import { warmCertificatePdfWorkers } from '../lib/certificates/pdf-pool.ts';
import { listenAddress, skipBuild } from '../lib/config.ts';
import { getDb } from '../lib/db.ts';
import { startReminderWorker } from '../lib/reminders/worker.ts';
import { serve } from './serve.ts';

const STAMP = 'dist/.built-at';
const SOURCES = ['src', 'content', 'db', 'public', 'astro.config.mjs', 'package-lock.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/**
 * Runs `npm run build` when any source is newer than the last build (or there is none). The build's
 * output goes to stderr, so a command whose stdout is its result (the benchmarks) stays clean.
 */
export function buildIfNeeded(): void {
  const built = existsSync(STAMP) && existsSync('dist/server/entry.mjs') ? statSync(STAMP).mtimeMs : 0;
  const changed = Math.max(...SOURCES.map(newestMtime));
  if (built >= changed) return;
  console.error('Building the site (first start or sources changed)…');
  execSync('npm run build', { stdio: ['inherit', process.stderr, 'inherit'] });
  writeFileSync(STAMP, new Date().toISOString());
}

/**
 * Builds if needed (unless SKIP_BUILD=1), migrates, serves and starts the
 * reminder worker and a certificate PDF worker; resolves to the address it serves on.
 */
export async function startPortal(): Promise<string> {
  if (!skipBuild()) buildIfNeeded();
  applyMigrations(getDb());
  const { host, port } = listenAddress();
  await serve(host, port);
  // Reminders are sent from the server process: the queue lives in the same database.
  startReminderWorker();
  warmCertificatePdfWorkers();
  return `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
}
