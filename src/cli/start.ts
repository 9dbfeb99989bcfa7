/**
 * `npm start`: builds if the sources are newer than the last build, applies
 * migrations, then serves on HOST:PORT (default 127.0.0.1:4321).
 */
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyMigrations, getDb } from '../../db/client.ts';
import { firstAdminSetupLink } from '../lib/officer/officers.ts';
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

function buildIfNeeded(): void {
  const built = existsSync(STAMP) && existsSync('dist/server/entry.mjs') ? statSync(STAMP).mtimeMs : 0;
  const changed = Math.max(...SOURCES.map(newestMtime));
  if (built >= changed) return;
  console.log('Building the site (first start or sources changed)…');
  execSync('npm run build', { stdio: 'inherit' });
  writeFileSync(STAMP, new Date().toISOString());
}

if (process.env.SKIP_BUILD !== '1') buildIfNeeded();
applyMigrations(getDb());
// No default accounts: until an officer exists, each start prints a fresh one-time link that creates the first admin.
const setupLink = firstAdminSetupLink();
const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 4321);
await serve(host, port);
console.log(`Serving on http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`);
if (setupLink) console.log(`No officer account exists yet. Set up the first admin (link works once, for 24 hours):\n${setupLink}`);
