/**
 * `npm run bench:upload`: how long another visitor waits while an officer uploads a hostile register file
 * (the header, then one-cell rows: the review's F-6 case). Starts the built server on a throwaway database,
 * signs an officer in, posts the file, and meanwhile asks for /login (an on-demand page) every 50 ms,
 * timing each answer. Prints a Markdown table: the upload's own time, then the other visitor's median and
 * worst wait during it, against the same page's median with nothing else happening.
 *
 * Usage: npm run bench:upload [-- [--root DIR] SIZE_KB ...]   (default sizes 200 and 5120 KB)
 * `--root` points at another checkout with a built `dist/` (e.g. an older commit, for a before/after).
 */
import Database from 'better-sqlite3';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2).filter((a) => a !== '--');
const rootAt = args.indexOf('--root');
const ROOT = resolve(rootAt >= 0 ? args.splice(rootAt, 2)[1]! : process.cwd());
const sizes = args.map(Number).filter((n) => Number.isInteger(n) && n > 0);
const SIZES_KB = sizes.length ? sizes : [200, 5_120];
const PORT = Number(process.env.PORT || 4504);
const BASE = `http://127.0.0.1:${PORT}`;
const HEADER = 'badge_number,surname,forenames,licence_type,licence_expiry';

function hostileFile(kb: number): Buffer {
  const rows = Math.floor((kb * 1024 - HEADER.length - 1) / 2);
  return Buffer.from(`${HEADER}\n${'a\n'.repeat(rows)}`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function timedGet(path: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${BASE}${path}`);
  await response.arrayBuffer();
  return performance.now() - started;
}

async function startServer(dir: string): Promise<() => void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(PORT),
      SKIP_BUILD: '1',
      DATABASE_PATH: join(dir, 'portal.db'),
      MAIL_OUTBOX_DIR: join(dir, 'outbox'),
      PUBLIC_BASE_URL: BASE,
      PORTAL_LOG: 'silent',
    },
  });
  await new Promise<void>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Serving on')) ok();
    });
    child.once('exit', (code) => fail(new Error(`server exited with ${code}: ${out}`)));
  });
  return () => {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
  };
}

/** An officer session made directly in the database, as the e2e tests do. */
function officerCookie(dir: string): string {
  const db = new Database(join(dir, 'portal.db'));
  const at = Date.now();
  const user = db
    .prepare(`insert into users (email, role, created_at) values ('bench@example.test', 'officer', ?)`)
    .run(at).lastInsertRowid;
  const random = () => encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(24)));
  const [id, secret] = [random(), random()];
  db.prepare('insert into sessions (id, secret_hash, user_id, created_at, last_seen_at) values (?, ?, ?, ?, ?)').run(
    id,
    Buffer.from(sha256(new TextEncoder().encode(secret))),
    user,
    at,
    at,
  );
  db.close();
  return `session=${id}.${secret}`;
}

async function measure(kb: number, cookie: string): Promise<string> {
  const idle: number[] = [];
  for (let i = 0; i < 20; i += 1) idle.push(await timedGet('/login'));
  const form = new FormData();
  form.set('kind', 'register');
  form.set('file', new Blob([new Uint8Array(hostileFile(kb))], { type: 'text/csv' }), 'hostile.csv');
  const waits: number[] = [];
  let uploading = true;
  const started = performance.now();
  const upload = fetch(`${BASE}/officer/import/`, {
    method: 'POST',
    body: form,
    headers: { Cookie: cookie, Origin: BASE },
  }).then(async (r) => {
    await r.arrayBuffer();
    uploading = false;
    return r.status;
  });
  while (uploading) {
    waits.push(await timedGet('/login'));
    await new Promise((ok) => setTimeout(ok, 50));
  }
  const status = await upload;
  const took = performance.now() - started;
  const ms = (n: number) => `${Math.round(n).toLocaleString('en-GB')} ms`;
  return `| ${kb.toLocaleString('en-GB')} KB | ${status} | ${ms(took)} | ${ms(median(idle))} | ${ms(median(waits))} | ${ms(Math.max(...waits))} |`;
}

const dir = mkdtempSync(join(tmpdir(), 'portal-bench-upload-'));
const stop = await startServer(dir);
try {
  const cookie = officerCookie(dir);
  console.log(`Server from ${ROOT}`);
  console.log('| hostile file | answer | upload took | /login idle (median) | /login during upload (median) | worst |');
  console.log('|---|---|---|---|---|---|');
  for (const kb of SIZES_KB) console.log(await measure(kb, cookie));
} finally {
  stop();
  rmSync(dir, { recursive: true, force: true });
}
