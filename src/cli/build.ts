/**
 * Building when needed, shared by `npm start` (its first step, `src/cli/build-if-needed.ts`), `npm run demo`
 * and the benchmarks: `npm run build` when any source is newer than the last build, or when a part of the
 * build is missing.
 */
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const STAMP = 'dist/.built-at';
const SOURCES = ['src', 'content', 'db', 'public', 'astro.config.mjs', 'package-lock.json'];
/** The compiled server `npm start` runs (written by the build's last step) and the Astro bundle it serves. */
export const COMPILED_SERVER = 'dist/cli/start.mjs';
const OUTPUTS = ['dist/server/entry.mjs', COMPILED_SERVER];

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
  const complete = existsSync(STAMP) && OUTPUTS.every((path) => existsSync(path));
  const built = complete ? statSync(STAMP).mtimeMs : 0;
  const changed = Math.max(...SOURCES.map(newestMtime));
  if (built >= changed) return;
  console.error('Building the site (first start or sources changed)…');
  execSync('npm run build', { stdio: ['inherit', process.stderr, 'inherit'] });
  writeFileSync(STAMP, new Date().toISOString());
}
