/**
 * The production server for the HTTP benchmarks: a seeded database in a temporary folder, the built
 * site served by the compiled `src/cli/start.ts` (`dist/cli/start.mjs`, what `npm start` runs) in a child process on loopback, and
 * sign-ins through the real login form.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash } from '@node-rs/argon2';
import { applyMigrations, openDatabase, type Db } from '../../../db/client.ts';
import { ARGON2_OPTIONS } from '../../../src/lib/auth/password.ts';
import { COMPILED_SERVER, buildIfNeeded } from '../../../src/cli/build.ts';
import { readCourseModules, readQuestionBank } from '../../../src/lib/content/course-files.ts';
import { seedDemo } from '../../../src/lib/demo/seed.ts';

export const DRIVER = { email: 'demo.driver@example.org', password: 'amber-lantern-taxi-rank-2016' };
export const OFFICER = { email: 'demo.officer@example.org', password: 'quayside-ledger-kestrel-2016' };
/** Every extra account the benchmarks create shares this password (its hash is computed once). */
export const BENCH_PASSWORD = 'bench-lantern-quayside-kestrel';
/** Today for the seeded data: a month before the default deadline, as in the run-up. */
export const BENCH_TODAY = '2016-08-01';

/** Builds the site unless the build is newer than every source (the same rule as `npm start`). */
export function ensureBuilt(): void {
  buildIfNeeded();
}

export interface BenchDatabase {
  dir: string;
  path: string;
  db: Db;
  moduleSlugs: string[];
}

/** A migrated database in a temporary folder, holding the demo register of 1,757 drivers. */
export async function demoDatabase(): Promise<BenchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'portal-bench-'));
  const path = join(dir, 'portal.db');
  const db = openDatabase(path);
  applyMigrations(db);
  const moduleSlugs = readCourseModules().map((m) => m.slug);
  await seedDemo(db, {
    seed: 2016,
    today: BENCH_TODAY,
    moduleSlugs,
    questions: readQuestionBank(),
    driver: DRIVER,
    officer: OFFICER,
    hashPassword: (p) => hash(p, ARGON2_OPTIONS),
  });
  return { dir, path, db, moduleSlugs };
}

/**
 * Gives `count` register drivers without an account a driver account (`bench-<prefix>-<n>@example.test`,
 * password BENCH_PASSWORD). `last-module`: every module is complete but the last, whose last section is
 * reached, so the driver can read it, answer its scenario and then take the assessment. `all-modules`:
 * every module is complete.
 */
export async function addDriverAccounts(
  bench: BenchDatabase,
  prefix: string,
  count: number,
  progressTo: 'none' | 'last-module' | 'all-modules',
): Promise<string[]> {
  const sqlite = bench.db.$client;
  const passwordHash = await hash(BENCH_PASSWORD, ARGON2_OPTIONS);
  const free = sqlite
    .prepare(`select id from drivers where id not in (select driver_id from users where driver_id is not null) limit ?`)
    .all(count) as { id: number }[];
  if (free.length < count) throw new Error(`Only ${free.length} drivers have no account; ${count} needed`);
  const user = sqlite.prepare(
    `insert into users (email, password_hash, role, driver_id, created_at) values (?, ?, 'driver', ?, 0)`,
  );
  const progress = sqlite.prepare(
    `insert into module_progress (user_id, module_slug, furthest_section, started_at, completed_at) values (?, ?, ?, 0, ?)`,
  );
  const emails: string[] = [];
  sqlite.transaction(() => {
    free.forEach(({ id }, n) => {
      const email = `bench-${prefix}-${n}@example.test`;
      const userId = Number(user.run(email, passwordHash, id).lastInsertRowid);
      if (progressTo !== 'none') {
        bench.moduleSlugs.forEach((slug, m) => {
          const open = progressTo === 'last-module' && m === bench.moduleSlugs.length - 1;
          progress.run(userId, slug, 99, open ? null : 0);
        });
      }
      emails.push(email);
    });
  })();
  return emails;
}

export interface RunningServer {
  url: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the compiled server (`dist/cli/start.mjs`) on 127.0.0.1:`port` against the database, with rate limits
 * raised and the event-loop statistics endpoint on. `nodeArgs` go to Node (e.g. `--cpu-prof`). `root` is the
 * checkout whose built server runs (another one, e.g. an older commit's, for a before and after).
 */
export async function startServer(
  databasePath: string,
  port: number,
  nodeArgs: string[] = [],
  env: Record<string, string> = {},
  root: string = process.cwd(),
): Promise<RunningServer> {
  // An older checkout (a before-and-after run) may predate the compiled server: it then runs from source.
  const entry = existsSync(join(root, COMPILED_SERVER)) ? [COMPILED_SERVER] : ['--import', 'tsx', 'src/cli/start.ts'];
  const child = spawn(process.execPath, [...nodeArgs, ...entry], {
    cwd: root,
    env: {
      ...process.env,
      SKIP_BUILD: '1',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_PATH: databasePath,
      RATE_LIMIT_MULTIPLIER: '100000',
      BENCH_STATS: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  // The server must not outlive the benchmark, however it ends.
  process.once('exit', () => child.kill());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(1));
  await new Promise<void>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Serving on')) ok();
    });
    child.once('exit', (code) => fail(new Error(`The server exited (${code}) before listening:\n${out}`)));
  });
  child.stdout!.resume();
  return {
    url,
    port,
    child,
    stop: () =>
      new Promise<void>((ok) => {
        child.once('exit', () => ok());
        child.kill('SIGINT');
      }),
  };
}

/** Removes a benchmark database folder. */
export function removeDatabase(bench: BenchDatabase): void {
  bench.db.$client.close();
  rmSync(bench.dir, { recursive: true, force: true });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as it crossed the wire (compressed if the server compressed it). */
  bytes: Buffer;
  body: string;
  ms: number;
}

/** One HTTP request on a keep-alive connection; the body is read in full. */
export function request(
  url: string,
  options: { method?: string; cookie?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const started = performance.now();
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  const target = new URL(url);
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie) headers.Cookie = options.cookie;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    headers['Content-Length'] = String(Buffer.byteLength(body));
    headers.Origin = target.origin;
  }
  return new Promise((ok, fail) => {
    const req = http.request(target, { method: options.method ?? (body ? 'POST' : 'GET'), headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        ok({
          status: res.statusCode ?? 0,
          headers: res.headers,
          bytes,
          body: bytes.toString(),
          ms: performance.now() - started,
        });
      });
      res.on('error', fail);
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`No answer in 30 s: ${url}`)));
    req.on('error', fail);
    req.end(body);
  });
}

/** Signs in through the login form; returns the session cookie (`name=value`). */
export async function signIn(url: string, email: string, password: string): Promise<string> {
  const reply = await request(`${url}/login`, { form: { email, password } });
  const cookie = [reply.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('session='));
  if (reply.status !== 303 || !cookie) throw new Error(`Sign-in as ${email} failed with ${reply.status}`);
  return cookie.split(';')[0]!;
}

/**
 * Signs an officer (the demo data's, unless another is given) in and marks their sessions as past the second
 * factor, straight in the database: the benchmarks measure the officer pages, not a TOTP prompt (tests/e2e
 * covers that journey).
 */
export async function signInOfficer(
  url: string,
  dbPath: string,
  { email, password }: { email: string; password: string } = OFFICER,
): Promise<string> {
  const cookie = await signIn(url, email, password);
  const db = openDatabase(dbPath);
  try {
    db.$client
      .prepare(`update sessions set second_factor_at = ? where user_id = (select id from users where email = ?)`)
      .run(Date.now(), email);
  } finally {
    db.$client.close();
  }
  return cookie;
}

/** The server's event-loop delay, CPU time (every thread) and memory since the last reset (BENCH_STATS). */
export async function serverStats(
  url: string,
  reset = false,
): Promise<{
  eventLoopDelay: { p50: number; p99: number; max: number };
  cpuSeconds: number;
  memory: NodeJS.MemoryUsage;
}> {
  const reply = await request(`${url}/_bench/stats${reset ? '?reset=1' : ''}`);
  return JSON.parse(reply.body);
}

/** Median of a list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** "median (lowest–highest)" of the figures from each round, as the docs' tables print them. */
export function medianAndRange(values: readonly number[], digits = 0): string {
  const [low, high] = [Math.min(...values), Math.max(...values)];
  return `${median(values).toFixed(digits)} (${low.toFixed(digits)}–${high.toFixed(digits)})`;
}

/** The q-quantile (0..1) of a list of numbers, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}
